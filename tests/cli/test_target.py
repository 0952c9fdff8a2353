"""cli/target.py: the command line never waits for Marketo's rate limit in silence."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.target import say_waits
from marketo_ops import ManualClock, Marketo


def test_a_wait_for_the_rate_window_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]):
    clock = ManualClock()
    with Marketo.sandbox(clock=clock, rate_limit_calls=2) as client:
        stop = say_waits(client)
        for _ in range(3):
            client.request("GET", "/rest/asset/v1/channels.json")
        stop()
        client.request("GET", "/rest/asset/v1/channels.json")
    assert capsys.readouterr().err == "Waiting 20.0 s for Marketo's rate limit (2 calls per 20 s)\n"


def test_no_line_when_the_run_fits(capsys: pytest.CaptureFixture[str]):
    with Marketo.sandbox(clock=ManualClock()) as client:
        stop = say_waits(client)
        client.request("GET", "/rest/asset/v1/channels.json")
        stop()
    assert capsys.readouterr().err == ""


def test_the_wait_line_goes_through_the_terminal_inside_a_command():
    import click

    from cli.application import App, pass_app
    from cli.main import cli

    @cli.command("wait-once", hidden=True)
    @pass_app
    def wait_once(app: App) -> None:
        with Marketo.sandbox(clock=ManualClock(), rate_limit_calls=1) as client:
            say_waits(client)
            client.request("GET", "/rest/asset/v1/channels.json")
            client.request("GET", "/rest/asset/v1/channels.json")
        click.echo("done")

    try:
        result = CliRunner().invoke(cli, ["--no-color", "wait-once"])
    finally:
        cli.commands.pop("wait-once")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Waiting 20.0 s for Marketo's rate limit (1 calls per 20 s)\n"
    assert result.stdout == "done\n"


@pytest.fixture
def sandbox_env(tmp_path, monkeypatch: pytest.MonkeyPatch):
    for name in (
        "MARKETO_BASE_URL",
        "MARKETO_MUNCHKIN_ID",
        "MARKETO_CLIENT_ID",
        "MARKETO_CLIENT_SECRET",
        "MARKETO_PROFILE",
        "MARKETO_OPS_SANDBOX_DB",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_sandbox_db_that_is_not_a_database_names_the_path(sandbox_env):
    from cli.main import cli

    path = sandbox_env / "notes.txt"
    path.write_text("not a database")
    result = CliRunner().invoke(cli, ["plan", "op-lead-management", "--sandbox-db", str(path)])
    assert result.exit_code == 64
    assert result.stderr.endswith(
        "Error: Invalid value for '--sandbox-db' / MARKETO_OPS_SANDBOX_DB: "
        f"{path} is not a sandbox database (not a SQLite file)\n"
    )
    assert path.read_text() == "not a database"


def test_sandbox_db_in_a_missing_folder_is_refused_not_created(sandbox_env):
    from cli.main import cli

    path = sandbox_env / "typo" / "sandbox.sqlite3"
    result = CliRunner().invoke(cli, ["plan", "op-lead-management", "--sandbox-db", str(path)])
    assert result.exit_code == 64
    assert result.stderr.endswith(f"the folder of {path} does not exist (create it first)\n")
    assert not path.parent.exists()
