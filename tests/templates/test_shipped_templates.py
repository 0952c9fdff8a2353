"""The built-in templates: they validate clean, import into a fresh sandbox and verify, and
say what the issue asks of them (their Library source and what differs from it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.templates import (
    ProgramTemplate,
    TemplateNotFoundError,
    builtin_templates_dir,
    list_builtin_templates,
    resolve_template,
    validate_paths,
    validate_template,
)

BUILTIN_NAMES = [
    "em-single-email-send",
    "lead-lifecycle",
    "lead-scoring",
    "nur-simple-nurture",
    "op-acquisition-api",
    "op-data-management",
    "op-deliverability-management",
    "op-lead-management",
    "op-scoring-behavior",
    "op-scoring-demographic",
    "wbn-webinar",
]
OUR_OWN = {"lead-scoring", "lead-lifecycle"}
"""Templates of ours; the others are the Marketo Program Import Library's programs."""


@pytest.fixture
def op_lead() -> ProgramTemplate:
    return ProgramTemplate.load(resolve_template("op-lead-management"))


def test_builtin_dir_is_the_repository_folder_in_a_checkout(builtin_dir: Path) -> None:
    assert builtin_templates_dir() == builtin_dir


def test_list_builtin_templates_names_and_describes_each() -> None:
    templates = list_builtin_templates()
    assert [t.name for t in templates] == BUILTIN_NAMES
    assert len(templates) >= 11
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
def test_shipped_template_has_a_readme_naming_its_source(name: str, builtin_dir: Path) -> None:
    readme = (builtin_dir / name / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ")
    if name in OUR_OWN:
        assert "## Source\n\nOur own program, not one of the Marketo Program Import Library's" in (
            readme
        )
        return
    page = "https://experienceleague.adobe.com/en/docs/marketo/using/product-docs/"
    assert "**Source**: Marketo Program Import Library,\n[" in readme
    assert f"]({page}core-marketo-concepts/programs/program-library/" in readme
    assert "\n## What differs from the Library program\n" in readme


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
        f"(built-in: {', '.join(BUILTIN_NAMES)})"
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


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_shipped_template_imports_into_a_fresh_sandbox_and_verifies(
    name: str, sandbox_client: Marketo, tmp_path: Path
) -> None:
    template = ProgramTemplate.load(resolve_template(name))

    plan = sandbox_client.importer.plan(name, create_prerequisites=True)
    assert plan.applicable, [p.message for p in plan.problems]
    created_fields = [a.name for a in plan.actions if a.kind.value == "lead_field" and a.writes]
    declared = [f.name for f in template.prerequisites.fields]
    assert set(created_fields) <= set(declared)
    result = plan.apply(journal=tmp_path / "journal.json")

    program = sandbox_client.assets.programs.get_by_name(name=template.name)
    assert program is not None
    assert program.id == result.program_id
    assert (program.type, program.channel) == (template.program.type, template.program.channel)
    inside = {"id": program.id, "type": "Program"}
    campaigns = sandbox_client.assets.smart_campaigns.list(folder=inside)
    assert sorted(c.name for c in campaigns) == sorted(c.name for c in template.smart_campaigns)
    tokens = sandbox_client.assets.tokens.get(program.id, folder_type="Program").tokens or []
    assert sorted(str(t.name) for t in tokens) == sorted(t.name for t in template.program.tokens)

    report = sandbox_client.importer.verify(name)
    assert report.ok, [(c.subject, c.detail) for c in report.failures]
    assert set(report.manual_steps) == {c.name for c in template.smart_campaigns}
    assert not sandbox_client.importer.plan(name).has_changes


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_a_fresh_sandbox_has_each_templates_channel_and_statuses(
    name: str, sandbox_client: Marketo
) -> None:
    from marketo_ops.importer.kinds.program import applies_to

    program = ProgramTemplate.load(resolve_template(name)).program
    channel = sandbox_client.assets.channels.get_by_name(name=program.channel)
    assert channel is not None
    assert applies_to(channel.applicable_program_type, program.type)
    statuses = [s.name for s in channel.progression_statuses or []]
    assert set(program.statuses) <= set(statuses), statuses


def test_templates_that_need_fields_declare_them_as_the_library_says(builtin_dir: Path) -> None:
    declared = {
        name: [
            (f.name, f.display_name, f.type, f.creatable)
            for f in ProgramTemplate.load(builtin_dir / name).prerequisites.fields
        ]
        for name in BUILTIN_NAMES
    }
    assert {name: fields for name, fields in declared.items() if fields} == {
        "op-scoring-behavior": [("behaviorScore", "Behavior Score", "score", True)],
        "op-scoring-demographic": [("demographicScore", "Demographic Score", "score", True)],
        "op-deliverability-management": [
            ("marketingSuspendedReason", "Marketing Suspended Reason", "string", True)
        ],
        "op-data-management": [
            ("blackListed", "Blocklisted", "boolean", True),
            ("isPartner", "Is Partner", "boolean", True),
        ],
    }


def test_a_missing_prerequisite_field_stops_the_plan(sandbox_client: Marketo) -> None:
    plan = sandbox_client.importer.plan("op-scoring-behavior")
    assert not plan.applicable
    assert [(p.code, p.message, p.hint) for p in plan.problems] == [
        (
            "prerequisite-field",
            "Lead field 'Behavior Score' (behaviorScore, score), a prerequisite of the "
            "template, does not exist in the destination.",
            "Let the import create it (--create-prerequisites), or create it in Admin > Field "
            "Management.",
        )
    ]
    with pytest.raises(Exception, match="cannot be applied"):
        plan.apply()
    assert sandbox_client.assets.programs.get_by_name(name="OP-Scoring-Behavior") is None


def test_campaign_programs_use_their_program_types(builtin_dir: Path) -> None:
    kinds = {
        name: (template.program.type, template.program.channel, template.name)
        for name in ("em-single-email-send", "wbn-webinar", "nur-simple-nurture")
        for template in [ProgramTemplate.load(builtin_dir / name)]
    }
    assert kinds == {
        "em-single-email-send": ("Email", "Email Send", "EM-YYYY-MM-DD-Single Email Send"),
        "wbn-webinar": ("Event with Webinar", "Webinar", "WBN-YYYY-MM-DD-Webinar Program"),
        "nur-simple-nurture": ("Engagement", "Nurture", "NUR-YYYY-MM-Simple Nurture"),
    }
    webinar = ProgramTemplate.load(builtin_dir / "wbn-webinar").with_vars(event_date="2026-03-12")
    assert webinar.name == "WBN-2026-03-12-Webinar Program"
    assert webinar.errors() == []
    assert ProgramTemplate.load(builtin_dir / "wbn-webinar").with_vars(event_date="soon").errors()
