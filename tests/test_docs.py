"""The README stays true: its quick start is what CI runs, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.main import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_main_job_then_tests() -> None:
    main_job, tests = quick_start()
    assert main_job.endswith("marketo-ops import op-lead-management")
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, _, run_tests = quick_start()[1].rpartition(" && ")
    assert install in ci
    assert run_tests in ci


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


ALL_COMMANDS = _commands(cli)


@pytest.mark.parametrize(("name", "command"), ALL_COMMANDS, ids=[n for n, _ in ALL_COMMANDS])
def test_every_command_has_help_and_is_documented(name: str, command: click.Command) -> None:
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert (command.help or "").strip(), f"{name} has no help text"
    top = name.split(maxsplit=1)[0]
    assert f"marketo-ops {top}" in README, f"'marketo-ops {top}' is not in the README"


def test_registry_and_listing_agree() -> None:
    assert sorted(COMMANDS) == sorted(n for n, _ in ALL_COMMANDS if " " not in n)
