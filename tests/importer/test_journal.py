"""An interrupted apply resumes without duplicates and rolls back to the instance as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.importer import Action, ApplyError, Journal
from marketo_ops.sandbox import Sandbox
from tests.importer.conftest import design_studio, programs

TEMPLATE = "op-lead-management"


def kill_at(key: str):
    def progress(event: str, action: Action) -> None:
        if event == "start" and action.key == key:
            raise RuntimeError("apply killed here")

    return progress


def test_killed_apply_resumes_without_duplicates_then_rolls_back(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    before = (design_studio(sandbox_client), programs(sandbox_client))
    journal = tmp_path / "journal.json"
    plan = sandbox_client.importer.plan(TEMPLATE)
    with pytest.raises(ApplyError) as info:
        plan.apply(journal=journal, progress=kill_at("email:01 - Email - ALERT - MQL"), workers=1)
    assert "apply killed here" in str(info.value)
    assert f"recorded in the journal {journal}" in str(info.value)
    assert info.value.journal == journal
    written = json.loads(journal.read_text())
    assert written["status"] == "failed"
    assert {e["key"] for e in written["entries"] if e["status"] == "done"} >= {
        "file:Quick Start Logo",
        "email_template:Quick Start Email Template",
        "program",
    }
    assert "sandbox-client-secret" not in journal.read_text()

    resumed_plan, loaded = sandbox_client.importer.resume(journal)
    adds = [a.key for a in resumed_plan.actions if a.writes]
    assert "program" not in adds
    assert "file:Quick Start Logo" not in adds
    assert "email:01 - Email - ALERT - MQL" in adds
    resumed_plan.apply(journal=loaded)

    assert Journal.load(journal).status == "applied"
    assert programs(sandbox_client).count("OP-Lead Management") == 1
    studio = design_studio(sandbox_client)
    assert studio["email_templates"].count("Quick Start Email Template") == 1
    assert studio["files"] == ["Quick Start Logo"]
    assert sandbox_client.importer.verify(TEMPLATE).ok

    result = sandbox_client.importer.rollback(journal)

    assert result.ok
    assert "program 'OP-Lead Management'" in result.deleted
    assert "email template 'Quick Start Email Template'" in result.deleted
    assert result.manual == [
        f"Delete the image/file 'Quick Start Logo' (id {_file_id(sandbox_client)}) in Design "
        "Studio: Marketo's REST API cannot delete files."
    ]
    after_studio, after_programs = design_studio(sandbox_client), programs(sandbox_client)
    assert after_programs == before[1]
    assert after_studio["email_templates"] == before[0]["email_templates"]
    assert after_studio["files"] == [*before[0]["files"], "Quick Start Logo"]
    assert Journal.load(journal).status == "rolled-back"


def _file_id(client: Marketo) -> int | None:
    found = client.assets.files.get_by_name(name="Quick Start Logo")
    return found.id if found else None


def test_rollback_restores_what_a_replace_overwrote(
    sandbox_client: Marketo, sandbox: Sandbox, tmp_path: Path
) -> None:
    their_html = "<html><body><div class='mktoText' id='x'>Theirs</div></body></html>"
    theirs = sandbox.admin.add_email_template("Quick Start Email Template", their_html)
    journal = tmp_path / "journal.json"
    sandbox_client.importer.plan(TEMPLATE, rules=["email-templates=replace"]).apply(journal=journal)
    assert sandbox_client.assets.email_templates.content(theirs).content != their_html

    result = sandbox_client.importer.rollback(journal)

    assert "email template 'Quick Start Email Template'" in result.restored
    assert sandbox_client.assets.email_templates.content(theirs).content == their_html
    assert sandbox_client.assets.email_templates.get(theirs).status == "approved"
    assert sandbox_client.assets.programs.get_by_name(name="OP-Lead Management") is None


def test_rollback_restores_a_changed_token(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    path = template_copy()
    result = sandbox_client.importer.plan(path).apply(journal=tmp_path / "first.json")

    def edit(data: dict) -> None:
        data["program"]["tokens"][0]["value"] = 150

    changed = template_copy(edit=edit)
    sandbox_client.importer.plan(changed).apply(journal=tmp_path / "second.json")
    sandbox_client.importer.rollback(tmp_path / "second.json")

    assert result.program_id is not None
    tokens = sandbox_client.assets.tokens.get(result.program_id, folder_type="Program").tokens or []
    assert {t.name: t.value for t in tokens}["MQL Score Threshold"] == "100"
    assert sandbox_client.assets.programs.get(result.program_id).name == "OP-Lead Management"


def test_a_journal_of_another_instance_is_refused(sandbox_client: Marketo, tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    sandbox_client.importer.plan(TEMPLATE).apply(journal=journal)
    data = json.loads(journal.read_text())
    data["target"]["instance"] = "https://123-ABC-456.mktorest.com"
    journal.write_text(json.dumps(data))
    from marketo_ops.importer import JournalError

    with pytest.raises(JournalError, match=r"was written for https://123-ABC-456\.mktorest\.com"):
        sandbox_client.importer.rollback(journal)
