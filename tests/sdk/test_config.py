"""Settings from arguments, environment variables and TOML profiles; clear errors; no leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops import ConfigurationError, Marketo, resolve_settings

ENV = {
    "MARKETO_MUNCHKIN_ID": "123-abc-456",
    "MARKETO_CLIENT_ID": "env-id",
    "MARKETO_CLIENT_SECRET": "env-secret",
}


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_environment_with_munchkin_id(tmp_path: Path):
    s = resolve_settings(env=ENV, config_file=tmp_path / "none.toml")
    assert s.base_url == "https://123-ABC-456.mktorest.com"
    assert s.client_id == "env-id"
    assert s.client_secret.get_secret_value() == "env-secret"
    assert (s.rate_limit_calls, s.rate_limit_window, s.max_concurrency) == (50, 20.0, 5)


@pytest.mark.parametrize(
    "url",
    [
        "https://123-ABC-456.mktorest.com",
        "https://123-ABC-456.mktorest.com/",
        "https://123-ABC-456.mktorest.com/rest",
        "https://123-ABC-456.mktorest.com/identity",
        "123-ABC-456.mktorest.com",
        "123-ABC-456",
    ],
)
def test_base_url_forms_are_normalised(url: str, tmp_path: Path):
    s = resolve_settings(
        base_url=url, client_id="i", client_secret="s", env={}, config_file=tmp_path / "x"
    )
    assert s.base_url == "https://123-ABC-456.mktorest.com"


def test_arguments_beat_environment(tmp_path: Path):
    s = resolve_settings(
        base_url="https://x.mktorest.com", client_id="arg-id", env=ENV, config_file=tmp_path / "x"
    )
    assert (s.base_url, s.client_id, s.client_secret.get_secret_value()) == (
        "https://x.mktorest.com",
        "arg-id",
        "env-secret",
    )


def test_named_profile_beats_environment_and_reads_secret_from_env(tmp_path: Path):
    config = write_config(
        tmp_path,
        """
[profiles.prod]
munchkin_id = "999-XYZ-111"
client_id = "prod-id"
client_secret_env = "PROD_SECRET"
rate_limit_calls = 40
""",
    )
    s = resolve_settings(profile="prod", env={**ENV, "PROD_SECRET": "p-secret"}, config_file=config)
    assert s.base_url == "https://999-XYZ-111.mktorest.com"
    assert (s.client_id, s.client_secret.get_secret_value(), s.rate_limit_calls) == (
        "prod-id",
        "p-secret",
        40,
    )


def test_profile_from_environment_variable(tmp_path: Path):
    config = write_config(
        tmp_path,
        '[profiles.eu]\nbase_url = "https://eu.mktorest.com"\n'
        'client_id = "a"\nclient_secret = "b"\n',
    )
    s = resolve_settings(env={"MARKETO_PROFILE": "eu"}, config_file=config)
    assert s.base_url == "https://eu.mktorest.com"


def test_default_profile_fills_what_the_environment_lacks(tmp_path: Path):
    config = write_config(
        tmp_path,
        '[profiles.default]\nmunchkin_id = "111-AAA-222"\nclient_id = "d"\nclient_secret = "ds"\n',
    )
    s = resolve_settings(env={"MARKETO_CLIENT_ID": "env-id"}, config_file=config)
    assert (s.base_url, s.client_id) == ("https://111-AAA-222.mktorest.com", "env-id")


def test_unknown_profile(tmp_path: Path):
    config = write_config(tmp_path, '[profiles.prod]\nclient_id = "a"\n')
    with pytest.raises(
        ConfigurationError, match=r"unknown profile 'stage' \(known profiles: prod\)"
    ):
        resolve_settings(profile="stage", env={}, config_file=config)


def test_missing_settings_name_every_way_to_provide_them(tmp_path: Path):
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(env={"MARKETO_CLIENT_ID": "x"}, config_file=tmp_path / "x")
    assert str(info.value) == (
        "missing Marketo connection settings: base_url, client_secret. Set MARKETO_BASE_URL "
        "(or MARKETO_MUNCHKIN_ID), MARKETO_CLIENT_SECRET in the environment, or use a profile "
        f"of {tmp_path / 'x'} that holds them (MARKETO_PROFILE names it; the client secret can "
        "come from an environment variable with client_secret_env)"
    )
    assert "argument" not in str(info.value)  # the command line takes no secrets


def test_broken_config_file(tmp_path: Path):
    config = write_config(tmp_path, "[profiles.prod\nclient_id=")
    with pytest.raises(ConfigurationError, match="cannot read config file"):
        resolve_settings(profile="prod", env={}, config_file=config)


def test_bad_base_url(tmp_path: Path):
    with pytest.raises(ConfigurationError, match="base URL must start with https://"):
        resolve_settings(
            base_url="ftp://x", client_id="a", client_secret="b", env={}, config_file=tmp_path / "x"
        )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not a url", "it contains spaces"),
        ("https://", "there is no host name"),
        ("https://user:pw@123-ABC-456.mktorest.com", "credentials do not belong in the URL"),
        ("https://123-ABC-456.mktorest.com?x=1", "a base URL has no query string or fragment"),
        ("http://127.0.0.1:port", "the port is not a number"),
        ("https://under_score.example.com", "'under_score.example.com' is not a host name"),
    ],
)
def test_what_is_not_a_base_url_is_refused(url: str, problem: str, tmp_path: Path):
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(
            base_url=url, client_id="a", client_secret="b", env={}, config_file=tmp_path / "x"
        )
    assert str(info.value) == (
        f"invalid Marketo settings: base_url: {url!r} is neither a base URL like "
        f"https://123-ABC-456.mktorest.com nor a munchkin id like 123-ABC-456 ({problem})"
    )


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9", "https://[::1]:8443", "https://marketo.example.com/proxy"]
)
def test_loopback_ip_and_proxy_urls_are_base_urls(url: str, tmp_path: Path):
    s = resolve_settings(
        base_url=url, client_id="a", client_secret="b", env={}, config_file=tmp_path / "x"
    )
    assert s.base_url == url


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"max_concurrency": 500}, "max_concurrency: max_concurrency=500 exceeds the instance"),
        ({"timeout": -1}, "timeout: Input should be greater than 0"),
        ({"rate_limit_calls": 0}, "rate_limit_calls: Input should be greater than or equal to 1"),
    ],
)
def test_overrides_of_given_settings_are_validated(overrides, message: str, tmp_path: Path):
    s = resolve_settings(env=ENV, config_file=tmp_path / "x")
    with pytest.raises(ConfigurationError, match=f"^invalid Marketo settings: {message}"):
        Marketo(settings=s, **overrides)


def test_with_options_validates_too(tmp_path: Path):
    with Marketo(settings=resolve_settings(env=ENV, config_file=tmp_path / "x")) as client:
        with pytest.raises(ConfigurationError, match="timeout: Input should be greater than 0"):
            client.with_options(timeout=-1)
        with pytest.raises(ConfigurationError, match="max_retries: Input should be less than"):
            client.with_options(max_retries=1000)
        patient = client.with_options(timeout=120, max_retries=8)
        assert (patient.settings.timeout, patient.settings.max_retries) == (120, 8)
        assert patient.settings.client_secret.get_secret_value() == "env-secret"


def test_secret_never_in_reprs(tmp_path: Path):
    s = resolve_settings(env=ENV, config_file=tmp_path / "x")
    client = Marketo(settings=s)
    for text in (repr(s), str(s), repr(client), str(s.model_dump())):
        assert "env-secret" not in text
    client.close()
