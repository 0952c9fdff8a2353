"""The exit-code contract, one test per row of the README's table.

0 success · 1 error · 2 changes present · 3 verification failed · 64 usage error · 130
interrupted. No error may be read as a result: a CI gate running ``plan --detailed-exitcode``
must never take a usage error for "changes".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.application import (
    EXIT_CHANGES,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    EXIT_VERIFY_FAILED,
)
from cli.main import cli

TEMPLATE = "op-lead-management"
BROKEN = Path(__file__).resolve().parents[1] / "templates" / "broken"


@pytest.fixture(autouse=True)
def no_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "MARKETO_BASE_URL",
        "MARKETO_MUNCHKIN_ID",
        "MARKETO_CLIENT_ID",
        "MARKETO_CLIENT_SECRET",
        "MARKETO_PROFILE",
        "MARKETO_OPS_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MARKETO_OPS_SANDBOX_DB", str(tmp_path / "sandbox.sqlite3"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("MARKETO_OPS_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_the_constants_are_the_contract() -> None:
    codes = (EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_VERIFY_FAILED, EXIT_USAGE, EXIT_INTERRUPTED)
    assert codes == (0, 1, 2, 3, 64, 130)


def test_0_success() -> None:
    result = run("validate", TEMPLATE)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.endswith("1 template checked: no problems found.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", str(BROKEN / "missing-field")],
            "emails[0].template: missing required field 'template'",
        ),
        (["plan", TEMPLATE, "--profile", "prod"], "Error: unknown profile 'prod'"),
    ],
    ids=["invalid-template", "library-error"],
)
def test_1_error(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_ERROR, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_1_unreachable_instance_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """``plan --base-url http://127.0.0.1:9`` (nothing listens there): a clear error, at once.

    Fast is shown by what is waited, not by a stopwatch: one retry of the token request one
    second later, no retries of the call around it (formerly ~30 s of silent retries).
    """
    import time

    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setenv("MARKETO_CLIENT_ID", "id")
    monkeypatch.setenv("MARKETO_CLIENT_SECRET", "secret")
    result = run("plan", TEMPLATE, "--base-url", "http://127.0.0.1:9")
    assert result.exit_code == EXIT_ERROR, result.output
    assert result.stderr.endswith(
        "Error: cannot connect to Marketo at http://127.0.0.1:9: connection refused (is the base "
        "URL right, and the instance reachable from this machine?) (operation=identityUsingGET)\n"
    )
    assert slept == [1.0]


def test_2_changes_present() -> None:
    result = run("plan", TEMPLATE, "--detailed-exitcode")
    assert result.exit_code == EXIT_CHANGES, result.output
    assert "Plan: 13 to add, 0 to change, 0 to destroy." in result.stdout


def test_3_verification_failed() -> None:
    result = run("verify", TEMPLATE)
    assert result.exit_code == EXIT_VERIFY_FAILED, result.output
    assert "Verification failed: 13 differences." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["plan", TEMPLATE, "--rule", "images=bogus", "--detailed-exitcode"],
            "Error: rule images takes keep-both or replace, not 'bogus'",
        ),
        (["validate", "--bogus"], "Error: No such option '--bogus'."),
        (["validate"], "Error: Missing argument 'PATH...'."),
        (
            ["validate", TEMPLATE, "--format", "xml"],
            "Error: Invalid value for '--format': 'xml' is not one of",
        ),
        (["no-such-command"], "Error: No such command 'no-such-command'."),
        (
            ["plan", TEMPLATE, "--base-url", "not a url"],
            "Error: Invalid value for '--base-url': 'not a url' is neither a base URL like "
            "https://123-ABC-456.mktorest.com nor a munchkin id like 123-ABC-456 (it contains "
            "spaces)",
        ),
        (["validate", "no/such/template"], "no/such/template"),
    ],
    ids=[
        "bad-rule",
        "unknown-option",
        "missing-argument",
        "bad-choice",
        "command",
        "base-url",
        "path",
    ],
)
def test_64_usage_error(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_130_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    import marketo_ops.templates as templates

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(templates, "validate_paths", interrupted)
    result = run("validate", TEMPLATE)
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stderr == "Error: Interrupted.\n"


def test_130_says_what_the_command_left_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that starts half-done work sets ``app.interrupt_hint`` (apply: how to resume)."""
    import click

    from cli.application import App

    @cli.command("slow-step", hidden=True)
    @click.pass_obj
    def slow_step(app: App) -> None:
        app.interrupt_hint = "Resume with the journal journal.json."
        raise KeyboardInterrupt

    try:
        result = run("slow-step")
    finally:
        cli.commands.pop("slow-step")
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stderr == "Error: Interrupted. Resume with the journal journal.json.\n"


def test_an_unexpected_exception_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import marketo_ops.templates as templates

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(templates, "validate_paths", broken)
    result = run("validate", TEMPLATE)
    assert result.exit_code == EXIT_ERROR
    assert result.stderr == (
        "Error: RuntimeError: something unforeseen (run with --debug for details)\n"
    )
