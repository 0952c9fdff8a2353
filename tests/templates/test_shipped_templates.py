"""The built-in templates: they validate clean and say what the issue asks of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops.templates import (
    ProgramTemplate,
    TemplateNotFoundError,
    builtin_templates_dir,
    list_builtin_templates,
    resolve_template,
    validate_paths,
    validate_template,
)

BUILTIN_NAMES = ["lead-lifecycle", "lead-scoring", "op-lead-management"]


@pytest.fixture
def op_lead() -> ProgramTemplate:
    return ProgramTemplate.load(resolve_template("op-lead-management"))


def test_builtin_dir_is_the_repository_folder_in_a_checkout(builtin_dir: Path) -> None:
    assert builtin_templates_dir() == builtin_dir


def test_list_builtin_templates_names_and_describes_each() -> None:
    templates = list_builtin_templates()
    assert [t.name for t in templates] == BUILTIN_NAMES
    by_name = {t.name: t for t in templates}
    assert by_name["op-lead-management"].description == (
        "Operational lead management: sync new people to the CRM and alert sales when a "
        "person's score reaches the MQL threshold."
    )
    assert all(t.description and "\n" not in t.description for t in templates)


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_shipped_template_validates_without_any_finding(name: str, builtin_dir: Path) -> None:
    report = validate_template(builtin_dir / name)
    assert report.findings == []
    assert report.ok(strict=True)


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_shipped_template_has_a_readme(name: str, builtin_dir: Path) -> None:
    readme = (builtin_dir / name / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ")


def test_the_whole_folder_validates(builtin_dir: Path) -> None:
    reports = validate_paths([builtin_dir])
    assert [Path(r.path).name for r in reports] == BUILTIN_NAMES
    assert all(r.findings == [] for r in reports)


def test_resolve_template_by_short_name_and_by_path(builtin_dir: Path, tmp_path: Path) -> None:
    assert resolve_template("op-lead-management") == builtin_dir / "op-lead-management"
    local = tmp_path / "op-lead-management"
    local.mkdir()
    assert resolve_template(local) == local  # an existing path wins over the built-in name
    with pytest.raises(TemplateNotFoundError) as caught:
        resolve_template("op-lead-managment")
    assert str(caught.value) == (
        "'op-lead-managment' is neither a template folder nor a built-in template "
        "(built-in: lead-lifecycle, lead-scoring, op-lead-management)"
    )


def test_op_lead_management_program(op_lead: ProgramTemplate) -> None:
    program = op_lead.program
    assert (program.name, program.type, program.channel) == (
        "OP-Lead Management",
        "Default",
        "Operational",
    )
    assert program.statuses == ("Not in Program", "Member")
    assert op_lead.folder_paths() == ["Campaigns", "Email Alert"]
    assert [(t.name, t.type, op_lead.token_value(t)) for t in program.tokens] == [
        ("MQL Score Threshold", "number", "100"),
        ("MQL Alert Recipients", "text", "sales-leads@example.com"),
        ("Alert From Name", "text", "Marketing Operations"),
        ("Alert From Email", "text", "marketing-ops@example.com"),
        ("Sales Follow-up SLA Hours", "number", "24"),
    ]
    rules = op_lead.rules
    assert (rules.tags, rules.lp_templates, rules.images, rules.email_templates) == (
        "create",
        "copy",
        "keep-both",
        "keep-both",
    )


def test_op_lead_management_campaigns(op_lead: ProgramTemplate) -> None:
    assert [(c.name, c.folder) for c in op_lead.smart_campaigns] == [
        ("01 - Sync New People to CRM", "Campaigns"),
        ("02 - Marketing Qualified", "Campaigns"),
    ]
    assert op_lead.smart_list_api("01 - Sync New People to CRM") == {
        "filterMatchType": "All",
        "triggers": ["Person is Created"],
        "filters": [],
    }
    assert op_lead.manual_steps() == {
        "01 - Sync New People to CRM": [
            "Smart List: add trigger Person is Created",
            "Flow: step 1: Sync Person to SFDC: Assign to = Use Auto-Assignment Rules",
            "Schedule: Smart Campaign Settings: each person can run through the flow once",
            "Schedule: Activate",
        ],
        "02 - Marketing Qualified": [
            "Smart List: add trigger Score is Changed: Score Name is Person Score; "
            "New Score at least {{my.MQL Score Threshold}}",
            "Flow: step 1: Change Program Status: Program = OP-Lead Management, "
            "New Status = Operational - Member",
            "Flow: step 2: Send Alert: Email = 01 - Email - ALERT - MQL, Send To = None, "
            "To Other Emails = {{my.MQL Alert Recipients}}",
            "Flow: step 3: Sync Person to SFDC: Assign to = Use Auto-Assignment Rules",
            "Schedule: Smart Campaign Settings: each person can run through the flow once",
            "Schedule: Activate",
        ],
    }


def test_op_lead_management_email_and_design_studio_assets(op_lead: ProgramTemplate) -> None:
    [email] = op_lead.emails
    assert (email.name, email.folder, email.template, email.approve) == (
        "01 - Email - ALERT - MQL",
        "Email Alert",
        "Quick Start Email Template",
        True,
    )
    assert email.from_email == "{{my.Alert From Email}}"
    content = op_lead.email_content(email)
    assert sorted(content) == ["body", "footer", "headline"]
    assert "{{my.MQL Score Threshold}}" in content["body"]

    html = op_lead.email_template_html("Quick Start Email Template")
    assert 'class="mktoText" id="body"' in html
    assert "{{image:Quick Start Logo}}" in html

    [logo] = op_lead.files
    data = op_lead.file_bytes(logo)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 500
    assert op_lead.mime_type(logo) == "image/png"


def test_lead_lifecycle_has_landing_pages_and_images(builtin_dir: Path) -> None:
    template = ProgramTemplate.load(builtin_dir / "lead-lifecycle")
    assert template.name == "Global - Lead Lifecycle"
    assert [t.name for t in template.landing_page_templates] == ["Lifecycle Landing Page Template"]
    [page] = template.landing_pages
    assert (page.name, page.template, page.folder) == (
        "Talk to Sales",
        "Lifecycle Landing Page Template",
        "Assets",
    )
    assert 'class="mktoImg" id="hero"' in template.landing_page_template_html(page.template)
    assert [template.mime_type(f) for f in template.files] == ["image/png", "image/png"]
    assert template.folder_paths() == [
        "Status Changes",
        "Service Level",
        "Recycle",
        "Assets",
        "Assets/Alerts",
    ]
    assert template.with_vars(region="EMEA").name == "EMEA - Lead Lifecycle"
