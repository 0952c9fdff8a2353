"""``seed_template``: a template's program built in the store, then read through the real SDK.

The seed stands in for a program an admin imported once through Marketo's UI. What matters is
what an importer (or any API client) then sees: the program, folders, tokens, Design Studio
assets and emails as the template says, and smart campaigns whose smart lists come back with
``includeRules=true`` in the API's shape, matching ``template.smart_list_api(campaign)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import (
    Sandbox,
    SandboxAdminError,
    qualification_rule,
    seed_template,
)
from marketo_ops.sandbox.seeding import design_studio_path
from marketo_ops.templates import ProgramTemplate, TemplateError, resolve_template
from marketo_ops.types.asset import FolderRef

OP_LEAD = "op-lead-management"
SEED_NAME = "OP-Lead Management (seed)"


def load(name: str) -> ProgramTemplate:
    return ProgramTemplate.load(resolve_template(name))


def rules_of(client: Marketo, campaign_id: int) -> dict[str, Any]:
    """The smart list exactly as the wire carries it (``includeRules=true``)."""
    response = client.request(
        "GET",
        f"/rest/asset/v1/smartCampaign/{campaign_id}/smartList.json",
        query={"includeRules": True},
    )
    rules: dict[str, Any] = response.result[0]["rules"]
    return rules


def same_rule(expected: dict[str, Any] | str, actual: dict[str, Any]) -> bool:
    """Compare on what the template knows; ids and defaults the instance adds are ignored."""
    if isinstance(expected, str):
        return actual["name"] == expected
    for key, value in expected.items():
        if key == "conditions":
            if len(value) != len(actual["conditions"]):
                return False
            for want, got in zip(value, actual["conditions"], strict=True):
                if any(got.get(k) != v for k, v in want.items()):
                    return False
        elif actual.get(key) != value:
            return False
    return True


# --- what a seeded program looks like through the API --------------------------------------------
def test_op_lead_management_seed_reads_back_like_the_template(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    template = load(OP_LEAD)
    seeded = seed_template(sandbox, template, name=SEED_NAME)
    client = sandbox_client

    program = client.assets.programs.get(seeded.program_id)
    assert (program.name, program.type, program.channel) == (SEED_NAME, "Default", "Operational")
    assert program.description == template.program.description
    assert program.folder is not None
    assert program.folder.id == sandbox.admin.folder("Marketing Activities/Default").id

    ref = FolderRef(id=seeded.program_id, type="Program")
    inside = client.assets.folders.list(root=ref, max_depth=1)
    assert sorted(f.name for f in inside if f.name != SEED_NAME) == ["Campaigns", "Email Alert"]

    tokens = client.assets.tokens.get(seeded.program_id, folder_type="Program").tokens or []
    assert {t.name: t.value for t in tokens} == {
        t.name: template.token_value(t) for t in template.program.tokens
    }

    # Design Studio: the template approved, its image pointing at the uploaded file
    template_id = seeded.email_templates["Quick Start Email Template"]
    assert client.assets.email_templates.get(template_id).status == "approved"
    html = client.assets.email_templates.content(template_id).content or ""
    assert "{{image:" not in html
    logo = client.assets.files.get_by_name(name="Quick Start Logo")
    assert logo is not None
    assert logo.url in html
    assert logo.folder is not None
    with httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url) as web:
        served = web.get(httpx.URL(logo.url).path)
    assert served.content == template.file_bytes("Quick Start Logo")

    # the email: headers, sections, approval, its folder in the program
    email = client.assets.emails.get(seeded.emails["01 - Email - ALERT - MQL"])
    spec = template.email("01 - Email - ALERT - MQL")
    assert email.status == "approved"
    assert email.template == template_id
    assert email.folder is not None
    assert email.folder.id == seeded.folders["Email Alert"]
    assert email.subject is not None
    assert email.subject.value == spec.subject
    assert email.operational is True
    assert email.pre_header == spec.preheader
    sections = {s.html_id: s for s in client.assets.emails.content(email.id)}
    assert set(sections) == set(template.email_content(spec))

    # the campaigns: active, trigger type, in their folder
    for campaign in template.smart_campaigns:
        found = client.assets.smart_campaigns.get(seeded.campaigns[campaign.name])
        assert found.is_active is True
        assert found.status == "Active"
        assert found.type == "trigger"
        assert found.folder is not None
        assert found.folder.id == seeded.folders["Campaigns"]


def test_seeded_smart_lists_match_the_template_through_include_rules(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    for name in (OP_LEAD, "lead-scoring", "lead-lifecycle"):
        template = load(name)
        seeded = seed_template(sandbox, template)
        for campaign in template.smart_campaigns:
            expected = template.smart_list_api(campaign)
            actual = rules_of(sandbox_client, seeded.campaigns[campaign.name])
            assert actual["filterMatchType"].lower() == expected["filterMatchType"].lower()
            assert [t["name"] for t in actual["triggers"]] == expected["triggers"]
            assert len(actual["filters"]) == len(expected["filters"])
            for want, got in zip(expected["filters"], actual["filters"], strict=True):
                assert same_rule(want, got), (campaign.name, want, got)
            # triggers keep their constraints, in the filters' shape
            for want, got in zip(campaign.smart_list.triggers, actual["triggers"], strict=True):
                got_conditions = [
                    (c["activityAttributeName"], c["operator"], c["values"], c["isPrimary"])
                    for c in got["conditions"]
                ]
                assert got_conditions == [
                    (c.attribute, c.operator, list(c.values), c.primary) for c in want.conditions
                ]


def test_typed_smart_list_shows_trigger_constraints(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    seeded = seed_template(sandbox, load(OP_LEAD))
    smart_list = sandbox_client.assets.smart_campaigns.smart_list(
        seeded.campaigns["02 - Marketing Qualified"], include_rules=True
    )
    assert smart_list.rules is not None
    triggers = smart_list.rules.triggers or []
    assert len(triggers) == 1
    trigger = triggers[0]
    assert not isinstance(trigger, str)
    assert trigger.name == "Score is Changed"
    assert [(c.activity_attribute_name, c.values) for c in trigger.conditions or []] == [
        ("Score Name", ["Person Score"]),
        ("New Score", ["{{my.MQL Score Threshold}}"]),
    ]


def test_batch_campaigns_qualification_and_advanced_logic(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    seeded = seed_template(sandbox, load("lead-scoring"))
    decay = sandbox_client.assets.smart_campaigns.get(
        seeded.campaigns["05 - Decay - Inactive 30 Days"]
    )
    assert (decay.type, decay.is_active) == (
        "batch",
        False,
    )  # filters only: scheduled, never active
    assert decay.qualification_rule_type == "interval"
    rules = rules_of(sandbox_client, decay.id)
    assert rules["filterMatchType"] == "advanced"
    assert [f["operator"] for f in rules["filters"]] == ["", "does not occur", "does not occur"]
    two_triggers = rules_of(sandbox_client, seeded.campaigns["04 - Demographic - Senior Title"])
    assert [t["name"] for t in two_triggers["triggers"]] == [
        "Person is Created",
        "Data Value Changes",
    ]
    every_time = sandbox_client.assets.smart_campaigns.get(
        seeded.campaigns["02 - Behavior - Filled Out Form"]
    )
    assert every_time.qualification_rule_type == "any"


def test_flows_are_stored_as_data_and_follow_the_program_name(sandbox: Sandbox) -> None:
    seeded = seed_template(sandbox, load(OP_LEAD), name=SEED_NAME)
    # No API reads flows; the store is the only place to see what an admin would see in the UI.
    row = sandbox.store.get("smart_campaign", seeded.campaigns["02 - Marketing Qualified"])
    assert row is not None
    flow = row.data["flow"]
    assert [step["action"] for step in flow] == [
        "Change Program Status",
        "Send Alert",
        "Sync Person to SFDC",
    ]
    assert flow[0]["params"] == {"Program": SEED_NAME, "New Status": "Operational - Member"}
    assert row.data["origin"] == "sandbox-admin"


def test_cloning_the_seed_carries_rules_and_flows(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    """The importer's --seed path: Marketo's clone copies what the REST API cannot write."""
    seeded = seed_template(sandbox, load(OP_LEAD), name=SEED_NAME)
    target = sandbox.admin.folder("Marketing Activities/Default").id
    clone = sandbox_client.assets.programs.clone(
        seeded.program_id, name="OP-Lead Management", folder={"id": target, "type": "Folder"}
    )
    copies = [
        c for c in sandbox_client.assets.smart_campaigns.list() if c.parent_program_id == clone.id
    ]
    assert sorted(c.name for c in copies) == [
        "01 - Sync New People to CRM",
        "02 - Marketing Qualified",
    ]
    for copy in copies:
        original = rules_of(sandbox_client, seeded.campaigns[copy.name])
        assert rules_of(sandbox_client, copy.id) == original
        if copy.is_active:
            continue
        sandbox_client.assets.smart_campaigns.activate(copy.id)  # it has a trigger and a flow
        assert sandbox_client.assets.smart_campaigns.get(copy.id).is_active is True


# --- Design Studio names and workspaces -----------------------------------------------------------
def test_second_seed_keeps_both_design_studio_assets(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    first = seed_template(sandbox, load(OP_LEAD))
    second = seed_template(sandbox, load(OP_LEAD), name=SEED_NAME)
    assert first.renamed == {}
    assert second.renamed == {
        "Quick Start Email Template": "Quick Start Email Template - 1",
        "Quick Start Logo": "Quick Start Logo - 1",
    }
    renamed = sandbox_client.assets.email_templates.get(
        second.email_templates["Quick Start Email Template"]
    )
    assert renamed.name == "Quick Start Email Template - 1"
    email = sandbox_client.assets.emails.get(second.emails["01 - Email - ALERT - MQL"])
    assert email.template == renamed.id
    html = sandbox_client.assets.email_templates.content(renamed.id).content or ""
    assert "Quick%20Start%20Logo%20-%201" in html
    originals = sandbox_client.assets.email_templates.get(
        first.email_templates["Quick Start Email Template"]
    )
    assert originals.name == "Quick Start Email Template"


def test_variables_and_another_workspace(sandbox: Sandbox, sandbox_client: Marketo) -> None:
    template = load("lead-lifecycle").with_vars(region="EMEA")
    seeded = seed_template(sandbox, template, folder="Marketing Activities/Partner Marketing")
    program = sandbox_client.assets.programs.get(seeded.program_id)
    assert (program.name, program.workspace) == ("EMEA - Lead Lifecycle", "Partner Marketing")
    layout = sandbox_client.assets.email_templates.get(
        seeded.email_templates["Lifecycle Email Template"]
    )
    assert layout.workspace == "Partner Marketing"
    assert set(seeded.folders) == {
        "Status Changes",
        "Service Level",
        "Recycle",
        "Assets",
        "Assets/Alerts",
    }
    alert = sandbox_client.assets.emails.get(seeded.emails["02 - Email - ALERT - SLA Reminder"])
    assert alert.folder is not None
    assert alert.folder.id == seeded.folders["Assets/Alerts"]


def test_design_studio_paths_are_relative_to_the_workspace() -> None:
    assert design_studio_path("Emails/Templates", "Default") == (
        "Design Studio/Default/Emails/Templates"
    )
    assert design_studio_path("/Images and Files/", "Partner Marketing") == (
        "Design Studio/Partner Marketing/Images and Files"
    )


def test_missing_design_studio_subfolders_are_created(sandbox: Sandbox) -> None:
    made = sandbox.admin.ensure_folder("Design Studio/Default/Images and Files/Logos/2026")
    assert made.name == "2026"
    assert sandbox.admin.ensure_folder("Design Studio/Default/Images and Files/Logos/2026").id == (
        made.id
    )
    with pytest.raises(SandboxAdminError) as caught:
        sandbox.admin.ensure_folder("Nowhere/At All")
    assert caught.value.code == 710


# --- refusals: nothing is kept --------------------------------------------------------------------
def test_name_taken_is_refused_and_leaves_nothing(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    seed_template(sandbox, load(OP_LEAD))
    with pytest.raises(SandboxAdminError) as caught:
        seed_template(sandbox, load(OP_LEAD))
    assert caught.value.code == 709
    assert "already exists" in caught.value.message
    # no "- 1" Design Studio copies left behind by the refused seed
    assert [t.name for t in sandbox_client.assets.email_templates.list()] == [
        "Quick Start Email Template"
    ]
    assert sandbox_client.assets.files.get_by_name(name="Quick Start Logo - 1") is None
    assert len(list(sandbox_client.assets.programs.list())) == 1


@pytest.mark.parametrize(
    ("folder", "code"),
    [("Marketing Activities/No Such Folder", 710), ("Design Studio/Default/Snippets", 711)],
)
def test_wrong_destination_is_refused(
    sandbox: Sandbox, sandbox_client: Marketo, folder: str, code: int
) -> None:
    with pytest.raises(SandboxAdminError) as caught:
        seed_template(sandbox, load(OP_LEAD), folder=folder)
    assert caught.value.code == code
    assert list(sandbox_client.assets.programs.list()) == []
    assert list(sandbox_client.assets.email_templates.list()) == []


def test_template_with_errors_is_refused_before_anything_is_written(
    sandbox: Sandbox, sandbox_client: Marketo, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "program.yaml").write_text(
        "format_version: 1\n"
        "program: {name: Broken, channel: Operational}\n"
        "smart_campaigns:\n"
        "  - name: Alert\n"
        "    flow: [{action: Send Email, params: {Email: No Such Email}}]\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        seed_template(sandbox, ProgramTemplate.load(broken))
    assert caught.value.findings
    assert any("No Such Email" in str(f) for f in caught.value.findings)
    assert list(sandbox_client.assets.programs.list()) == []


def test_qualification_wording() -> None:
    assert qualification_rule("once") == {"qualificationRuleType": "once"}
    assert qualification_rule("Every Time") == {"qualificationRuleType": "any"}
    assert qualification_rule("once every 2 weeks") == {
        "qualificationRuleType": "interval",
        "qualificationRuleInterval": 2,
        "qualificationRuleUnit": "week",
    }
    with pytest.raises(SandboxAdminError):
        qualification_rule("twice a day")
