"""The non-Marketo admin surface: catalogs, workspaces, seeded programs."""

from __future__ import annotations

import pytest

from marketo_ops.sandbox import (
    SandboxAdminError,
    SeedCampaign,
    SeedEmail,
    SeedProgram,
    SeedToken,
    smart_list_rules,
)

from .conftest import MA_DEFAULT, TEMPLATE_HTML, Api, folder_ref

A = "/rest/asset/v1"


def test_add_tag_type_and_channel(api: Api) -> None:
    admin = api.sandbox.admin
    admin.add_tag_type(
        "Campaign Theme",
        ["Growth", "Retention"],
        required=True,
        applicable_program_types=["program"],
    )
    found = api.get(f"{A}/tagType/byName.json", name="Campaign Theme")[0]
    assert found == {
        "tagType": "Campaign Theme",
        "applicableProgramTypes": "[program]",
        "required": True,
        "allowableValues": "[Growth, Retention]",
    }
    # the new required tag now applies to Default programs
    code, message = api.error(
        "POST",
        f"{A}/programs.json",
        data={
            "name": "Needs Theme",
            "folder": folder_ref(api.folder(MA_DEFAULT)),
            "type": "Default",
            "channel": "Operational",
        },
    )
    assert code == "709"
    assert "Campaign Theme" in message
    channel_id = admin.add_channel(
        "Podcast", statuses=["Not in Program", "Listened", ("Subscribed", True)]
    )
    channel = api.get(f"{A}/channel/byName.json", name="Podcast")[0]
    assert channel["id"] == channel_id
    assert [(s["name"], s["success"]) for s in channel["progressionStatuses"]] == [
        ("Not in Program", False),
        ("Listened", False),
        ("Subscribed", True),
    ]


def test_add_workspace(api: Api) -> None:
    api.sandbox.admin.add_workspace("APAC Field")
    assert api.folder("Marketing Activities/APAC Field")
    assert api.folder("Design Studio/APAC Field/Emails/Templates")
    api.sandbox.admin.add_workspace("APAC Field")  # idempotent


def test_seed_program_reports_ids_and_rules(api: Api) -> None:
    admin = api.sandbox.admin
    template = admin.add_email_template("Admin Template", TEMPLATE_HTML)
    seeded = admin.seed_program(
        SeedProgram(
            name="Admin Seeded",
            folder=MA_DEFAULT,
            folders=["A/B"],
            tokens=[SeedToken("Owner", "Ops")],
            emails=[SeedEmail("Mail", template, folder="A/B", subject="Hi", approve=True)],
            campaigns=[
                SeedCampaign(
                    "Flow",
                    folder="A",
                    triggers=[{"name": "Clicks Link in Email"}],
                    flow=[{"type": "Send Email", "emailId": 1}],
                    active=True,
                )
            ],
        )
    )
    assert set(seeded.folders) == {"A", "A/B"}
    email = api.get(f"{A}/email/{seeded.emails['Mail']}.json")[0]
    assert email["status"] == "approved"
    assert email["folder"]["value"] == seeded.folders["A/B"]
    campaign = api.get(f"{A}/smartCampaign/{seeded.campaigns['Flow']}.json")[0]
    assert campaign["isActive"] is True
    assert campaign["folder"] == {
        "id": seeded.folders["A"],
        "type": "Folder",
    }
    # rule dicts are completed to the API's SmartListRules shape
    rules = smart_list_rules([{"name": "T"}], ["F"], "any")
    assert rules["filterMatchType"] == "any"
    assert set(rules["triggers"][0]) == {
        "id",
        "name",
        "ruleTypeId",
        "ruleType",
        "operator",
        "conditions",
    }
    assert rules["filters"][0]["name"] == "F"


def test_admin_calls_follow_marketo_rules(api: Api) -> None:
    admin = api.sandbox.admin
    admin.seed_program(SeedProgram(name="Once", folder=MA_DEFAULT))
    with pytest.raises(SandboxAdminError) as error:
        admin.seed_program(SeedProgram(name="Once", folder=MA_DEFAULT))
    assert error.value.code == 709
    with pytest.raises(SandboxAdminError) as error:
        admin.seed_program(SeedProgram(name="Broken", folder="Marketing Activities/Nowhere"))
    assert error.value.code == 710
    with pytest.raises(SandboxAdminError):
        admin.seed_program(
            SeedProgram(
                name="Bad Email", folder=MA_DEFAULT, emails=[SeedEmail("E", "Missing Template")]
            )
        )
    # a failed seed leaves nothing behind
    assert (
        api.call("GET", f"{A}/program/byName.json", params={"name": "Bad Email"}).get("result")
        is None
    )
    with pytest.raises(SandboxAdminError):
        admin.add_program_asset(424242, "report", "r")
