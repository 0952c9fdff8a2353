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
