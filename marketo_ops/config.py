"""Connection settings: where the instance is, who we are, and how politely we call it.

Settings come from, in order of precedence: explicit arguments, a profile named explicitly
(argument or ``MARKETO_PROFILE``), the ``MARKETO_*`` environment variables, and finally the
``default`` profile of the config file. The config file is TOML in the user config dir
(``MARKETO_OPS_CONFIG`` overrides its path)::

    [profiles.prod]
    munchkin_id = "123-ABC-456"
    client_id = "..."
    client_secret_env = "MARKETO_PROD_SECRET"   # or client_secret = "..."
    rate_limit_calls = 40
    mcp_url = "https://marketo-mcp.adobe.io/mcp"   # Marketo's MCP server (optional)

The client secret is a ``SecretStr`` from the moment it is read, so it never shows in a repr, a
log line or an exception.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from .errors import ConfigurationError

#: Marketo's limits for a whole instance (shared by all its integrations).
INSTANCE_CALLS_PER_WINDOW: Final = 100
INSTANCE_WINDOW_SECONDS: Final = 20.0
INSTANCE_MAX_CONCURRENCY: Final = 10
#: Adobe's advice for one integration among others (the CRM sync also calls the API).
DEFAULT_CALLS_PER_WINDOW: Final = 50
DEFAULT_MAX_CONCURRENCY: Final = 5

ENV_BASE_URL: Final = "MARKETO_BASE_URL"
ENV_MUNCHKIN_ID: Final = "MARKETO_MUNCHKIN_ID"
ENV_CLIENT_ID: Final = "MARKETO_CLIENT_ID"
ENV_CLIENT_SECRET: Final = "MARKETO_CLIENT_SECRET"
ENV_MCP_URL: Final = "MARKETO_MCP_URL"
ENV_PROFILE: Final = "MARKETO_PROFILE"
ENV_CONFIG_FILE: Final = "MARKETO_OPS_CONFIG"

_MUNCHKIN = re.compile(r"^\d{3}-[A-Za-z]{3}-\d{3}$")
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$"
)
_API_SUFFIXES = ("/rest/asset/v1", "/rest/v1", "/rest", "/identity", "/bulk/v1", "/bulk")


class Settings(BaseModel):
    """Everything a client needs to reach one Marketo instance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str
    client_id: str = Field(repr=False)
    client_secret: SecretStr
    timeout: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    rate_limit_calls: int = Field(default=DEFAULT_CALLS_PER_WINDOW, ge=1)
    rate_limit_window: float = Field(default=INSTANCE_WINDOW_SECONDS, gt=0)
    max_concurrency: int = Field(default=DEFAULT_MAX_CONCURRENCY, ge=1)
    mcp_url: str | None = None
    """Marketo's MCP server (e.g. https://marketo-mcp.adobe.io/mcp); off unless configured."""

    @field_validator("base_url")
    @classmethod
    def _normalise_base_url(cls, value: str) -> str:
        return normalise_base_url(value)

    @field_validator("rate_limit_calls")
    @classmethod
    def _within_instance_rate(cls, value: int) -> int:
        if value > INSTANCE_CALLS_PER_WINDOW:
            raise ValueError(
                f"rate_limit_calls={value} exceeds the instance limit of "
                f"{INSTANCE_CALLS_PER_WINDOW} calls per 20 seconds"
            )
        return value

    @field_validator("max_concurrency")
    @classmethod
    def _within_instance_concurrency(cls, value: int) -> int:
        if value > INSTANCE_MAX_CONCURRENCY:
            raise ValueError(
                f"max_concurrency={value} exceeds the instance limit of "
                f"{INSTANCE_MAX_CONCURRENCY} calls in flight"
            )
        return value


def normalise_base_url(value: str) -> str:
    """Accept a munchkin id, a host, or a URL with an API suffix; return ``scheme://host``.

    Anything else is refused rather than guessed at: ``"not a url"`` is neither a host name nor
    a munchkin id, and sending a client secret to ``https://not a url`` helps nobody.
    """
    text = value.strip()
    if _MUNCHKIN.match(text.rstrip("/")):
        return munchkin_base_url(text.rstrip("/"))
    if "://" not in text:
        text = "https://" + text
    scheme = text.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"base URL must start with https:// (got {value!r})")
    problem = _url_problem(text)
    text = text.rstrip("/")
    if problem:
        raise ValueError(
            f"{value!r} is neither a base URL like https://123-ABC-456.mktorest.com nor a "
            f"munchkin id like 123-ABC-456 ({problem})"
        )
    for suffix in _API_SUFFIXES:
        if text.lower().endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.rstrip("/")


def _url_problem(url: str) -> str | None:
    """What is wrong with an http(s) URL as a base URL, or None."""
    if any(ch.isspace() for ch in url):
        return "it contains spaces"
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        return "a base URL has no query string or fragment"
    if parts.username is not None or parts.password is not None:
        return "credentials do not belong in the URL"
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "the port is not a number"
    host = parts.hostname or ""
    if not host:
        return "there is no host name"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOST_NAME.match(host):
            return f"{host!r} is not a host name"
    return None


def munchkin_base_url(munchkin_id: str) -> str:
    if not _MUNCHKIN.match(munchkin_id.strip()):
        raise ValueError(f"munchkin id must look like 123-ABC-456 (got {munchkin_id!r})")
    return f"https://{munchkin_id.strip().upper()}.mktorest.com"


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("marketo-ops", appauthor=False)) / "config.toml"


def load_profiles(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Read ``[profiles.NAME]`` tables; a missing file means no profiles."""
    config_path = path or Path(os.environ.get(ENV_CONFIG_FILE) or default_config_path())
    if not config_path.exists():
        return {}
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read config file {config_path}: {exc}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(v, dict) for v in profiles.values()):
        raise ConfigurationError(f"{config_path}: 'profiles' must be tables like [profiles.prod]")
    return profiles


def _profile_values(
    profile: Mapping[str, Any], name: str, env: Mapping[str, str]
) -> dict[str, Any]:
    values = dict(profile)
    secret_env = values.pop("client_secret_env", None)
    if secret_env is not None:
        if secret_env not in env:
            raise ConfigurationError(
                f"profile {name!r} reads its client secret from ${secret_env}, which is not set"
            )
        values["client_secret"] = env[secret_env]
    munchkin = values.pop("munchkin_id", None)
    if munchkin and "base_url" not in values:
        values["base_url"] = munchkin
    return values


def _env_values(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if env.get(ENV_BASE_URL):
        values["base_url"] = env[ENV_BASE_URL]
    elif env.get(ENV_MUNCHKIN_ID):
        values["base_url"] = env[ENV_MUNCHKIN_ID]
    if env.get(ENV_CLIENT_ID):
        values["client_id"] = env[ENV_CLIENT_ID]
    if env.get(ENV_CLIENT_SECRET):
        values["client_secret"] = env[ENV_CLIENT_SECRET]
    if env.get(ENV_MCP_URL):
        values["mcp_url"] = env[ENV_MCP_URL]
    return values


def env_has_credentials(env: Mapping[str, str] | None = None) -> bool:
    """True when the environment alone names a real instance."""
    values = _env_values(os.environ if env is None else env)
    return {"base_url", "client_id", "client_secret"} <= values.keys()


def resolve_settings(
    *,
    base_url: str | None = None,
    munchkin_id: str | None = None,
    client_id: str | None = None,
    client_secret: str | SecretStr | None = None,
    profile: str | None = None,
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Build :class:`Settings` from arguments, a profile, the environment and the config file."""
    environ = os.environ if env is None else env
    explicit: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    if base_url:
        explicit["base_url"] = base_url
    elif munchkin_id:
        explicit["base_url"] = munchkin_base_url(munchkin_id)
    if client_id:
        explicit["client_id"] = client_id
    if client_secret:
        explicit["client_secret"] = client_secret

    profile_name = profile or environ.get(ENV_PROFILE)
    profiles = load_profiles(config_file)
    layers: list[dict[str, Any]] = []
    if profile_name:
        if profile_name not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigurationError(f"unknown profile {profile_name!r} (known profiles: {known})")
        layers.append(_profile_values(profiles[profile_name], profile_name, environ))
    layers.append(_env_values(environ))
    if not profile_name and "default" in profiles:
        layers.append(_profile_values(profiles["default"], "default", environ))

    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged.update(layer)
    merged.update(explicit)

    missing = [k for k in ("base_url", "client_id", "client_secret") if not merged.get(k)]
    if missing:
        raise ConfigurationError(missing_settings_message(missing, config_file))
    return _validated(merged)


#: where each setting comes from in the environment
_ENV_NAMES: Final = {
    "base_url": f"{ENV_BASE_URL} (or {ENV_MUNCHKIN_ID})",
    "client_id": ENV_CLIENT_ID,
    "client_secret": ENV_CLIENT_SECRET,
}


def missing_settings_message(missing: list[str], config_file: Path | None = None) -> str:
    """Name the environment variables and the profile file, the two ways every user has.

    (The client secret is never taken from a command line, where other users of the machine
    could read it, so the message does not suggest arguments.)
    """
    config_path = config_file or Path(os.environ.get(ENV_CONFIG_FILE) or default_config_path())
    variables = ", ".join(_ENV_NAMES[name] for name in missing)
    return (
        f"missing Marketo connection settings: {', '.join(missing)}. Set {variables} in the "
        f"environment, or use a profile of {config_path} that holds them ({ENV_PROFILE} names "
        "it; the client secret can come from an environment variable with client_secret_env)"
    )


def _validated(values: Mapping[str, Any]) -> Settings:
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        )
        raise ConfigurationError(f"invalid Marketo settings: {problems}") from None


def settings_with(settings: Settings, **overrides: Any) -> Settings:
    """A copy of ``settings`` with ``overrides`` (None: unchanged), validated like new settings.

    (pydantic's ``model_copy(update=...)`` skips validation: ``max_concurrency=500`` or
    ``timeout=-1`` would slip through.)
    """
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return settings
    unknown = sorted(set(changes) - set(Settings.model_fields))
    if unknown:
        raise ConfigurationError(f"unknown Marketo settings: {', '.join(unknown)}")
    values = {name: getattr(settings, name) for name in Settings.model_fields}
    values.update(changes)
    return _validated(values)
