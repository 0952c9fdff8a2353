"""End-to-end imports into the sandbox through the real SDK: what lands in the instance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.importer import Op, PlanNotApplicableError
from tests.importer.conftest import design_studio, programs

TEMPLATE = "op-lead-management"


def test_clean_import_creates_exactly_what_the_template_describes(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE, use_mcp=False)  # the REST API alone
    assert plan.applicable
    assert {a.op for a in plan.actions} == {Op.CREATE}
    assert plan.summary.line() == "Plan: 13 to add, 0 to change, 0 to destroy."

    result = plan.apply(journal=tmp_path / "journal.json")

    assets = sandbox_client.assets
    program = assets.programs.get_by_name(name="OP-Lead Management")
    assert program is not None
    assert program.id == result.program_id
    assert (program.type, program.channel) == ("Default", "Operational")
    assert program.folder is not None
    assert assets.folders.get(program.folder.id).path == "/Marketing Activities/Default"
    tokens = {
        t.name: (t.type, t.value)
        for t in assets.tokens.get(program.id, folder_type="Program").tokens or []
    }
    assert tokens["MQL Score Threshold"] == ("number", "100")
    assert tokens["MQL Alert Recipients"] == ("text", "sales-leads@example.com")
    folders = {f.name: f for f in assets.folders.list(root={"id": program.id, "type": "Program"})}
    assert {"Campaigns", "Email Alert"} <= set(folders)

    email = assets.emails.get_by_name(
        name="01 - Email - ALERT - MQL", folder={"id": program.id, "type": "Program"}
    )
    assert email is not None
    assert email.folder is not None
    assert email.folder.id == folders["Email Alert"].id
    assert email.status == "approved"
    assert email.operational is True
    assert email.subject is not None
    assert (
        email.subject.value
        == "New MQL: {{lead.First Name}} {{lead.Last Name}} at {{company.Company Name}}"
    )
    template = assets.email_templates.get_by_name(name="Quick Start Email Template")
    assert template is not None
    assert email.template == template.id
    assert template.status == "approved"
    logo = assets.files.get_by_name(name="Quick Start Logo")
    assert logo is not None
    assert logo.url
    html = assets.email_templates.content(template.id).content or ""
    assert f'src="{logo.url}"' in html
    assert "{{image:" not in html
    sections = {s.html_id: s for s in assets.emails.content(email.id)}
    assert "New marketing-qualified lead" in str(sections["headline"].value)

    campaigns = {
        c.name: c for c in assets.smart_campaigns.list(folder={"id": program.id, "type": "Program"})
    }
    assert set(campaigns) == {"01 - Sync New People to CRM", "02 - Marketing Qualified"}
    assert all(c.status == "Never Run" and not c.is_active for c in campaigns.values())

    report = sandbox_client.importer.verify(TEMPLATE, use_mcp=False)
    assert report.ok
    assert set(report.manual_steps) == set(campaigns)
    assert (
        "Smart List: add trigger Person is Created"
        in report.manual_steps["01 - Sync New People to CRM"]
    )
    assert len(result.created) == 13
    assert result.calls == plan.client.stats.calls - 16 or result.calls > 0


def test_a_second_import_is_a_no_op(sandbox_client: Marketo, tmp_path: Path) -> None:
    sandbox_client.importer.plan(TEMPLATE).apply(journal=tmp_path / "first.json")
    before = (design_studio(sandbox_client), programs(sandbox_client))

    again = sandbox_client.importer.plan(TEMPLATE)

    assert not again.has_changes
    assert again.summary.line() == "No changes. The destination matches the template."
    assert {a.op for a in again.actions} == {Op.REUSE}
    assert (design_studio(sandbox_client), programs(sandbox_client)) == before


def test_a_changed_template_plans_only_the_differences(
    sandbox_client: Marketo, template_copy: Callable[..., Path], tmp_path: Path
) -> None:
    path = template_copy()
    sandbox_client.importer.plan(path).apply(journal=tmp_path / "first.json")

    def edit(data: dict) -> None:
        data["program"]["tokens"][0]["value"] = 120
        data["emails"][0]["subject"] = "MQL alert: {{lead.Email Address}}"

    changed = template_copy(edit=edit)
    plan = sandbox_client.importer.plan(changed)

    updates = [a for a in plan.actions if a.op is not Op.REUSE]
    assert [(a.key, a.op) for a in updates] == [
        ("token:MQL Score Threshold", Op.UPDATE),
        ("email:01 - Email - ALERT - MQL", Op.UPDATE),
    ]
    email_changes = {c.field: (c.before, c.after) for c in updates[1].changes}
    assert email_changes["subject"][1] == "MQL alert: {{lead.Email Address}}"
    assert plan.summary.line() == "Plan: 0 to add, 2 to change, 0 to destroy."
    plan.apply(journal=tmp_path / "second.json")
    assert sandbox_client.importer.verify(changed).ok
    assert not sandbox_client.importer.plan(changed).has_changes


def test_verify_detects_drift_made_by_hand(sandbox_client: Marketo, tmp_path: Path) -> None:
    result = sandbox_client.importer.plan(TEMPLATE).apply(journal=tmp_path / "j.json")
    assets = sandbox_client.assets
    email = assets.emails.get_by_name(name="01 - Email - ALERT - MQL")
    assert email is not None
    assert email.id is not None
    assets.emails.update_content(email.id, subject={"type": "Text", "value": "Changed by hand"})
    assert result.program_id is not None
    assets.tokens.upsert(
        result.program_id,
        folder_type="Program",
        name="MQL Score Threshold",
        type="number",
        value="5",
    )

    report = sandbox_client.importer.verify(TEMPLATE)

    assert not report.ok
    failed = {c.subject: c.detail for c in report.failures}
    assert "subject: 'Changed by hand' in Marketo" in failed["email '01 - Email - ALERT - MQL'"]
    assert (
        "status: 'draft' in Marketo, 'approved' in the template"
        in failed["email '01 - Email - ALERT - MQL'"]
    )
    assert (
        failed["token 'my.MQL Score Threshold'"] == "value: '5' in Marketo, '100' in the template"
    )


def test_an_existing_program_elsewhere_is_a_problem_not_an_overwrite(
    sandbox_client: Marketo, sandbox
) -> None:
    workspace_root = sandbox_client.assets.folders.get_by_path(
        "Marketing Activities/Partner Marketing"
    )
    assert workspace_root is not None
    sandbox_client.assets.programs.create(
        name="OP-Lead Management",
        folder={"id": workspace_root.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    plan = sandbox_client.importer.plan(TEMPLATE)
    assert [p.code for p in plan.problems] == ["program-elsewhere"]
    assert "unique across the whole subscription" in plan.problems[0].message
    assert "--name" in plan.problems[0].hint
    with pytest.raises(PlanNotApplicableError):
        plan.apply()
    renamed = sandbox_client.importer.plan(TEMPLATE, name="OP-Lead Management (Default)")
    assert renamed.applicable


@pytest.mark.parametrize(
    ("template", "variables"),
    [("op-lead-management", None), ("lead-scoring", None), ("lead-lifecycle", {"region": "EMEA"})],
)
def test_every_built_in_template_imports_and_verifies(
    sandbox_client: Marketo, tmp_path: Path, template: str, variables: dict[str, str] | None
) -> None:
    plan = sandbox_client.importer.plan(template, variables=variables)
    assert plan.applicable, [p.message for p in plan.problems]
    result = plan.apply(journal=tmp_path / "journal.json")
    assert result.program_id is not None
    assert sandbox_client.importer.verify(template, variables=variables).ok
    assert not sandbox_client.importer.plan(template, variables=variables).has_changes
