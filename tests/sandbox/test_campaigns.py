"""Smart campaigns and smart lists: empty shells through the API, rules only through seeding."""

from __future__ import annotations

import pytest

from marketo_ops.sandbox import SeedCampaign, SeedProgram

from .conftest import MA_DEFAULT, Api, folder_ref

A = "/rest/asset/v1"


def _seed(api: Api) -> dict[str, int]:
    seeded = api.sandbox.admin.seed_program(
        SeedProgram(
            name="Campaign Seed",
            folder=MA_DEFAULT,
            campaigns=[
                SeedCampaign(
                    "Trigger With Flow",
                    triggers=[
                        {
                            "name": "Fills Out Form",
                            "ruleTypeId": 2,
                            "ruleType": "Fills Out Form",
                            "operator": "is",
                        }
                    ],
                    filters=[
                        {"name": "Email Address", "ruleTypeId": 3, "operator": "is not empty"}
                    ],
                    filter_match_type="all",
                    flow=[{"type": "Send Alert"}],
                ),
                SeedCampaign("Trigger Without Flow", triggers=["Visits Web Page"]),
                SeedCampaign(
                    "Batch",
                    filters=[
                        {
                            "name": "Lead Score",
                            "operator": "greater than",
                            "conditions": [{"values": ["50"]}],
                        }
                    ],
                    flow=[{"type": "Wait"}],
                ),
            ],
        )
    )
    return {**seeded.campaigns, "program": seeded.program_id}


@pytest.mark.marketo_verified
def test_api_creates_empty_inactive_shells(api: Api) -> None:
    program = api.program("Shells")
    campaign = api.post(
        f"{A}/smartCampaigns.json",
        data={"name": "Shell", "folder": folder_ref(program["id"], "Program"), "description": "d"},
    )[0]
    assert campaign["status"] == "Never Run"
    assert campaign["isActive"] is False
    assert campaign["type"] == "default"
    assert campaign["smartListId"]
    assert campaign["flowId"]
    assert campaign["folder"] == {"id": program["id"], "type": "Program"}
    assert campaign["recurrence"]["weekdayOnly"] is False
    smart_list = api.get(f"{A}/smartCampaign/{campaign['id']}/smartList.json", includeRules="true")[
        0
    ]
    assert smart_list["rules"] == {"filterMatchType": "all", "triggers": [], "filters": []}
    assert "rules" not in api.get(f"{A}/smartCampaign/{campaign['id']}/smartList.json")[0]
    code, message = api.error("POST", f"{A}/smartCampaign/{campaign['id']}/activate.json")
    assert code == "709"
    assert "no trigger" in message
    # campaigns can live in plain Marketing Activities folders too
    folder = api.post(
        f"{A}/folders.json",
        data={"name": "Ops Campaigns", "parent": folder_ref(api.folder(MA_DEFAULT))},
    )[0]
    loose = api.post(
        f"{A}/smartCampaigns.json", data={"name": "Loose", "folder": folder_ref(folder["id"])}
    )[0]
    assert "parentProgramId" not in loose


@pytest.mark.marketo_verified
def test_activation_needs_a_trigger_and_a_flow_step(api: Api) -> None:
    ids = _seed(api)
    assert (
        "flow has no steps"
        in api.error("POST", f"{A}/smartCampaign/{ids['Trigger Without Flow']}/activate.json")[1]
    )
    assert "batch" in api.error("POST", f"{A}/smartCampaign/{ids['Batch']}/activate.json")[1]
    api.post(f"{A}/smartCampaign/{ids['Trigger With Flow']}/activate.json")
    active = api.get(f"{A}/smartCampaign/{ids['Trigger With Flow']}.json")[0]
    assert active["isActive"] is True
    assert active["status"] == "Active"
    assert active["type"] == "trigger"
    assert [c["name"] for c in api.get(f"{A}/smartCampaigns.json", isActive="true")] == [
        "Trigger With Flow"
    ]
    assert (
        api.error("POST", f"{A}/smartCampaign/{ids['Trigger With Flow']}/delete.json")[0] == "709"
    )
    api.post(f"{A}/smartCampaign/{ids['Trigger With Flow']}/deactivate.json")
    assert (
        api.error("POST", f"{A}/smartCampaign/{ids['Trigger With Flow']}/deactivate.json")[0]
        == "709"
    )
    api.post(f"{A}/smartCampaign/{ids['Trigger With Flow']}/delete.json")


def test_requested_campaigns_are_requestable_when_active(api: Api) -> None:
    seeded = api.sandbox.admin.seed_program(
        SeedProgram(
            name="Requestable",
            folder=MA_DEFAULT,
            campaigns=[
                SeedCampaign(
                    "API Requested",
                    triggers=["Campaign is Requested"],
                    flow=[{"type": "Add to List"}],
                    active=True,
                )
            ],
        )
    )
    campaign = api.get(f"{A}/smartCampaign/{seeded.campaigns['API Requested']}.json")[0]
    assert campaign["isActive"] is True
    assert campaign["isRequestable"] is True


@pytest.mark.marketo_verified
def test_clone_carries_rules_and_flow(api: Api) -> None:
    ids = _seed(api)
    target = api.program("Clone Target")
    clone = api.post(
        f"{A}/smartCampaign/{ids['Trigger With Flow']}/clone.json",
        data={"name": "Cloned Trigger", "folder": folder_ref(target["id"], "Program")},
    )[0]
    assert clone["type"] == "trigger"
    assert clone["isActive"] is False
    rules = api.get(f"{A}/smartCampaign/{clone['id']}/smartList.json", includeRules="true")[0][
        "rules"
    ]
    assert [t["name"] for t in rules["triggers"]] == ["Fills Out Form"]
    assert rules["filters"][0]["name"] == "Email Address"
    assert rules["filters"][0]["conditions"] == []
    api.post(f"{A}/smartCampaign/{clone['id']}/activate.json")  # the flow came along too


def test_update_rename_and_name_rules(api: Api) -> None:
    ids = _seed(api)
    program = folder_ref(ids["program"], "Program")
    renamed = api.post(
        f"{A}/smartCampaign/{ids['Batch']}.json",
        data={"name": "Batch Renamed", "description": "new"},
    )[0]
    assert renamed["name"] == "Batch Renamed"
    assert renamed["description"] == "new"
    assert (
        api.error(
            "POST", f"{A}/smartCampaigns.json", data={"name": "Batch Renamed", "folder": program}
        )[0]
        == "709"
    )
    assert (
        api.error(
            "POST", f"{A}/smartCampaign/{ids['Batch']}.json", data={"name": "Trigger Without Flow"}
        )[0]
        == "709"
    )
    assert api.error("POST", f"{A}/smartCampaign/999999.json", data={"name": "x"})[0] == "702"


def test_smart_lists_browse_clone_delete(api: Api) -> None:
    ids = _seed(api)
    campaign = api.get(f"{A}/smartCampaign/{ids['Batch']}.json")[0]
    # a campaign's own smart list is readable by id, but is not a standalone smart list
    assert api.get(f"{A}/smartList/{campaign['smartListId']}.json")[0]["name"] == "Batch"
    assert (
        api.call("GET", f"{A}/smartList/byName.json", params={"name": "Batch"}).get("result")
        is None
    )
    assert api.error("POST", f"{A}/smartList/{campaign['smartListId']}/delete.json")[0] == "709"
    copy = api.post(
        f"{A}/smartList/{campaign['smartListId']}/clone.json",
        data={"name": "High Scores", "folder": folder_ref(ids["program"], "Program")},
    )[0]
    rules = api.get(f"{A}/smartList/{copy['id']}.json", includeRules="true")[0]["rules"]
    assert rules["filters"][0]["conditions"][0]["values"] == ["50"]
    assert [
        item["name"]
        for item in api.get(f"{A}/smartLists.json", folder=folder_ref(ids["program"], "Program"))
    ] == ["High Scores"]
    assert api.get(f"{A}/smartList/byName.json", name="High Scores")[0]["id"] == copy["id"]
    assert (
        api.error(
            "POST",
            f"{A}/smartList/{campaign['smartListId']}/clone.json",
            data={"name": "High Scores", "folder": folder_ref(ids["program"], "Program")},
        )[0]
        == "709"
    )
    api.post(f"{A}/smartList/{copy['id']}/delete.json")
    assert api.call("GET", f"{A}/smartLists.json").get("result") is None
