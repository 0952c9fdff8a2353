"""``marketo-ops templates list``: the built-in templates and what they are for."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_templates_list() -> None:
    result = CliRunner().invoke(cli, ["templates", "list"])
    assert result.exit_code == 0
    assert result.stdout == (
        "NAME                DESCRIPTION\n"
        "lead-lifecycle      Lead Status from New to MQL, a sales-acceptance SLA, recycling into "
        "nurture, and a Talk to Sales landing page that fast-tracks hand-raisers.\n"
        "lead-scoring        Behavioural and demographic lead scoring with a monthly decay; every "
        "point value is a My Token.\n"
        "op-lead-management  Operational lead management: sync new people to the CRM and alert "
        "sales when a person's score reaches the MQL threshold.\n"
    )


def test_templates_list_json() -> None:
    result = CliRunner().invoke(cli, ["templates", "list", "--json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [t["name"] for t in listed] == ["lead-lifecycle", "lead-scoring", "op-lead-management"]
    assert listed[2]["path"] == str(REPO_ROOT / "program_templates" / "op-lead-management")


def test_commands_have_help() -> None:
    for args in (["validate", "--help"], ["schema", "--help"], ["templates", "list", "--help"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0
        assert result.stdout.startswith("Usage: ")
