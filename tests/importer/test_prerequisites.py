"""Prerequisites as data: every missing one reported at once; creatable fields created."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from marketo_ops import Marketo


def needs(data: dict[str, Any]) -> None:
    data["prerequisites"] = {
        "fields": [
            {"name": "mqlDate", "display_name": "MQL Date", "type": "date"},
            {"name": "salesNotes", "display_name": "Sales Notes", "type": "text"},
        ],
        "segmentations": ["Lifecycle Stage"],
    }
    data["emails"][0]["subject"] = "MQL on {{lead.MQL Date}}: {{lead.First Name}}"


def test_every_missing_prerequisite_is_listed_at_once_and_nothing_is_written(
    template_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = template_copy(edit=needs)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "sandbox.sqlite3"
    for name in ("MARKETO_BASE_URL", "MARKETO_CLIENT_ID", "MARKETO_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)

    result = CliRunner().invoke(
        cli, ["plan", str(path), "--sandbox-db", str(db), "--create-prerequisites"]
    )

    assert result.exit_code == 1, result.output
    out = result.output
    assert "+ lead field 'mqlDate': new date lead field 'MQL Date'" in out
    assert (
        "! Lead field 'Sales Notes' (salesNotes, text), a prerequisite of the template, does not "
        "exist in the destination." in out
    )
    assert "Create it in Admin > Field Management > New Custom Field (type text" in out
    assert "! Segmentation 'Lifecycle Stage', a prerequisite of the template, does not exist" in out
    assert out.rstrip().endswith("Not applied: 2 problems to fix first.")
    applied = CliRunner().invoke(
        cli, ["apply", str(path), "--sandbox-db", str(db), "--create-prerequisites"]
    )
    assert applied.exit_code == 1
    assert not list(tmp_path.glob("marketo-ops-journal-*.json"))  # nothing written


def test_creatable_fields_are_created_journaled_and_listed_by_rollback(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    def creatable(data: dict[str, Any]) -> None:
        needs(data)
        data["prerequisites"]["fields"].pop()
        data["prerequisites"]["segmentations"] = []

    path = template_copy(edit=creatable)
    without = sandbox_client.importer.plan(path)
    assert [p.code for p in without.problems] == ["prerequisite-field"]

    plan = sandbox_client.importer.plan(path, create_prerequisites=True)
    assert plan.applicable, [p.message for p in plan.problems]
    assert plan.writes[0].key == "lead_field:mqlDate"  # before anything that uses it
    journal = tmp_path / "j.json"
    plan.apply(journal=journal)

    field = sandbox_client.leads.get_field("mqlDate")
    assert (field.display_name, field.data_type) == ("MQL Date", "date")
    entries = json.loads(journal.read_text())["entries"]
    assert entries[0]["key"] == "lead_field:mqlDate"
    assert entries[0]["created"] is True
    again = sandbox_client.importer.plan(path, create_prerequisites=True)
    assert again.action("lead_field:mqlDate").op.value == "reuse"

    result = sandbox_client.importer.rollback(journal)
    assert result.ok
    assert (
        "Delete the lead field 'mqlDate' in Admin > Field Management if nothing uses it: "
        "Marketo's REST API cannot delete lead fields." in result.manual
    )
