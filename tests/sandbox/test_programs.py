"""Programs: uniqueness across workspaces, channels, tags, costs, clone, approval, delete."""

from __future__ import annotations

import pytest

from marketo_ops.sandbox import SeedCampaign, SeedEmail, SeedProgram, SeedToken

from .conftest import EMAIL_TEMPLATES, MA_DEFAULT, MA_PARTNER, TEMPLATE_HTML, Api, folder_ref

A = "/rest/asset/v1"


def test_create_program_shape(api: Api) -> None:
    program = api.program("Shape", description="A program")
    assert program["type"] == "Default"
    assert program["channel"] == "Operational"
    assert program["status"] == ""
    assert program["workspace"] == "Default"
    assert program["folder"]["type"] == "Folder"
    assert program["folder"]["value"] == api.folder(MA_DEFAULT)
    assert program["folder"]["folderName"] == "Default"
    assert program["tags"] is None
    assert program["costs"] is None
    assert program["url"].endswith(f"#PG{program['id']}A1")
    assert (
        api.get(f"{A}/folder/{program['id']}.json", type="Program")[0]["folderType"]
        == "Marketing Program"
    )


@pytest.mark.marketo_verified
def test_program_names_are_unique_across_workspaces(api: Api) -> None:
    api.program("Global Name")
    code, message = api.error(
        "POST",
        f"{A}/programs.json",
        data={
            "name": "global name",
            "folder": folder_ref(api.folder(MA_PARTNER)),
            "type": "Default",
            "channel": "Operational",
        },
    )
    assert code == "709"
    assert "already exists" in message


def test_channel_must_exist_and_fit_the_program_type(api: Api) -> None:
    base = {"folder": folder_ref(api.folder(MA_DEFAULT)), "type": "Default"}
    assert (
        api.error(
            "POST", f"{A}/programs.json", data={**base, "name": "P1", "channel": "Carrier Pigeon"}
        )[0]
        == "709"
    )
    code, message = api.error(
        "POST", f"{A}/programs.json", data={**base, "name": "P2", "channel": "Webinar"}
    )
    assert code == "709"
    assert "Webinar" in message
    webinar = api.program(
        "P3",
        type_="Event with Webinar",
        channel="Webinar",
        tags='[{"tagType":"Event Format","tagValue":"Virtual"}]',
    )
    assert webinar["type"] == "Event with Webinar"
    assert (
        api.error(
            "POST",
            f"{A}/programs.json",
            data={**base, "name": "P4", "channel": "Operational", "type": "Mystery"},
        )[0]
        == "709"
    )


def test_tags_are_validated_against_tag_types(api: Api) -> None:
    base = {
        "folder": folder_ref(api.folder(MA_DEFAULT)),
        "type": "Default",
        "channel": "Operational",
    }
    assert (
        api.error(
            "POST",
            f"{A}/programs.json",
            data={**base, "name": "T1", "tags": '[{"tagType":"Planet","tagValue":"Mars"}]'},
        )[0]
        == "709"
    )
    code, message = api.error(
        "POST",
        f"{A}/programs.json",
        data={**base, "name": "T2", "tags": '[{"tagType":"Region","tagValue":"Moon"}]'},
    )
    assert code == "709"
    assert "AMER" in message
    # a required tag type for event programs
    event = {"folder": base["folder"], "type": "Event", "channel": "Live Event"}
    code, message = api.error("POST", f"{A}/programs.json", data={**event, "name": "T3"})
    assert code == "709"
    assert "Event Format" in message
    # a Python repr of a list of dicts, as popular clients send it
    tags = str(
        [
            {"tagType": "Region", "tagValue": "emea"},
            {"tagType": "Event Format", "tagValue": "Hybrid"},
        ]
    )
    created = api.post(f"{A}/programs.json", data={**event, "name": "T4", "tags": tags})[0]
    assert created["tags"] == [
        {"tagType": "Region", "tagValue": "EMEA"},
        {"tagType": "Event Format", "tagValue": "Hybrid"},
    ]
    assert [
        p["name"] for p in api.get(f"{A}/program/byTag.json", tagType="Region", tagValue="EMEA")
    ] == ["T4"]


def test_tag_types_are_not_creatable_through_the_api(api: Api) -> None:
    assert api.error("POST", f"{A}/tagTypes.json", data={"name": "New"})[0] == "605"
    assert api.error("POST", f"{A}/channels.json", data={"name": "New"})[0] == "605"


def test_update_name_tags_and_costs(api: Api) -> None:
    program = api.program("Updatable", costs='[{"startDate":"2026-01-01","cost":100,"note":"Ads"}]')
    pid = program["id"]
    assert program["costs"] == [{"startDate": "2026-01-01", "cost": 100, "note": "Ads"}]
    api.post(f"{A}/program/{pid}.json", data={"costs": '[{"startDate":"2026-02-01","cost":50}]'})
    assert len(api.get(f"{A}/program/{pid}.json")[0]["costs"]) == 2  # appended
    api.post(
        f"{A}/program/{pid}.json",
        data={"costs": '[{"startDate":"2026-03-01","cost":7}]', "costsDestructiveUpdate": "true"},
    )
    assert api.get(f"{A}/program/{pid}.json")[0]["costs"] == [
        {"startDate": "2026-03-01", "cost": 7}
    ]
    renamed = api.post(
        f"{A}/program/{pid}.json",
        data={"name": "Renamed", "tags": '[{"tagType":"Business Unit","tagValue":"SMB"}]'},
    )[0]
    assert renamed["name"] == "Renamed"
    assert renamed["tags"] == [{"tagType": "Business Unit", "tagValue": "SMB"}]
    api.program("Taken")
    assert api.error("POST", f"{A}/program/{pid}.json", data={"name": "Taken"})[0] == "709"
    assert (
        api.error(
            "POST", f"{A}/program/{pid}.json", data={"costs": '[{"startDate":"soon","cost":1}]'}
        )[0]
        == "704"
    )
    by_name = api.get(f"{A}/program/byName.json", name="Renamed")[0]
    assert by_name["tags"] is None  # tags only with includeTags=true
    assert api.get(
        f"{A}/program/byName.json", name="Renamed", includeTags="true", includeCosts="true"
    )[0]["costs"]


def test_browse_filters(api: Api, clock: object) -> None:
    first = api.program("Browse A")
    api.program("Browse B", folder=MA_PARTNER)
    ids = api.get(f"{A}/programs.json", filterType="id", filterValues=str(first["id"]))
    assert [item["name"] for item in ids] == ["Browse A"]
    partner = api.get(
        f"{A}/programs.json", filterType="workspace", filterValues="Partner Marketing"
    )
    assert [item["name"] for item in partner] == ["Browse B"]
    assert "tags" not in partner[0]  # browse never returns tags or costs
    assert api.get(
        f"{A}/programs.json",
        earliestUpdatedAt="2000-01-01T00:00:00Z",
        latestUpdatedAt="2100-01-01T00:00:00-05:00",
    )
    assert (
        api.error("GET", f"{A}/programs.json", params={"earliestUpdatedAt": "yesterday"})[0]
        == "704"
    )


def test_programs_only_in_marketing_activities(api: Api) -> None:
    code, _ = api.error(
        "POST",
        f"{A}/programs.json",
        data={
            "name": "In DS",
            "folder": folder_ref(api.folder(EMAIL_TEMPLATES)),
            "type": "Default",
            "channel": "Operational",
        },
    )
    assert code == "711"
    parent = api.program("Parent Default")
    nested = api.post(
        f"{A}/programs.json",
        data={
            "name": "Nested Email",
            "folder": folder_ref(parent["id"], "Program"),
            "type": "Email",
            "channel": "Email Send",
        },
    )[0]
    assert nested["folder"]["type"] == "Program"
    code, _ = api.error(
        "POST",
        f"{A}/programs.json",
        data={
            "name": "Nested Default",
            "folder": folder_ref(parent["id"], "Program"),
            "type": "Default",
            "channel": "Operational",
        },
    )
    assert code == "711"


def _seed(api: Api, name: str = "Seed Program") -> int:
    api.template("Seed Template")
    seeded = api.sandbox.admin.seed_program(
        SeedProgram(
            name=name,
            folder=MA_DEFAULT,
            tags={"Region": "EMEA"},
            folders=["Emails", "Campaigns/Nurture"],
            tokens=[SeedToken("Event Name", "Summit"), SeedToken("Score", "10", "score")],
            emails=[
                SeedEmail(
                    "Invite",
                    "Seed Template",
                    folder="Emails",
                    subject="Join us",
                    sections={"main_text": "<p>Come</p>"},
                    approve=True,
                )
            ],
            campaigns=[
                SeedCampaign(
                    name="Send Invite",
                    folder="Campaigns",
                    filters=[
                        {
                            "name": "Member of Smart List",
                            "ruleTypeId": 1,
                            "ruleType": "Member of Smart List",
                            "operator": "in",
                            "conditions": [
                                {"activityAttributeName": "List", "values": ["Invitees"]}
                            ],
                        }
                    ],
                    flow=[{"step": 1, "type": "Send Email", "email": "Invite"}],
                ),
                SeedCampaign(
                    name="Opened",
                    folder="Campaigns/Nurture",
                    triggers=[
                        {
                            "name": "Opens Email",
                            "conditions": [
                                {"activityAttributeName": "Mailing", "values": ["Invite"]}
                            ],
                        }
                    ],
                    flow=[{"step": 1, "type": "Change Score", "value": "+5"}],
                ),
            ],
        )
    )
    return seeded.program_id


@pytest.mark.marketo_verified
def test_clone_carries_folders_tokens_assets_and_campaign_rules(api: Api) -> None:
    source = _seed(api)
    clone = api.post(
        f"{A}/program/{source}/clone.json",
        data={
            "name": "Cloned Program",
            "folder": folder_ref(api.folder(MA_DEFAULT)),
            "description": "copy",
        },
    )[0]
    cid = clone["id"]
    assert clone["description"] == "copy"
    assert clone["tags"] == [{"tagType": "Region", "tagValue": "EMEA"}]
    tokens = {
        t["name"]: t["value"]
        for t in api.get(f"{A}/folder/{cid}/tokens.json", folderType="Program")[0]["tokens"]
    }
    assert tokens == {"Event Name": "Summit", "Score": "10"}
    tree = api.get(f"{A}/folders.json", root=folder_ref(cid, "Program"), maxDepth=3)
    assert {folder["path"] for folder in tree} >= {
        "/Marketing Activities/Default/Cloned Program/Campaigns/Nurture"
    }
    emails = api.get(f"{A}/emails.json", folder=folder_ref(cid, "Program"))
    assert [email["name"] for email in emails] == ["Invite"]
    campaigns = {
        c["name"]: c for c in api.get(f"{A}/smartCampaigns.json", folder=folder_ref(cid, "Program"))
    }
    assert set(campaigns) == {"Send Invite", "Opened"}
    assert campaigns["Opened"]["type"] == "trigger"
    assert campaigns["Send Invite"]["type"] == "batch"
    assert all(c["parentProgramId"] == cid for c in campaigns.values())
    rules = api.get(
        f"{A}/smartCampaign/{campaigns['Opened']['id']}/smartList.json", includeRules="true"
    )[0]["rules"]
    assert rules["triggers"][0]["name"] == "Opens Email"
    assert rules["triggers"][0]["conditions"][0]["values"] == ["Invite"]
    # the source is untouched, and the clone's campaign has its own smart list
    original = {
        c["name"]: c
        for c in api.get(f"{A}/smartCampaigns.json", folder=folder_ref(source, "Program"))
    }
    assert original["Opened"]["smartListId"] != campaigns["Opened"]["smartListId"]
    assert api.post(f"{A}/smartCampaign/{campaigns['Opened']['id']}/activate.json")


def test_clone_refusals(api: Api) -> None:
    source = _seed(api)
    # the target must be a Folder, not a Program
    other = api.program("Other")
    code, _ = api.error(
        "POST",
        f"{A}/program/{source}/clone.json",
        data={"name": "C1", "folder": folder_ref(other["id"], "Program")},
    )
    assert code == "711"
    # ... in the same workspace
    code, message = api.error(
        "POST",
        f"{A}/program/{source}/clone.json",
        data={"name": "C2", "folder": folder_ref(api.folder(MA_PARTNER))},
    )
    assert code == "709"
    assert "workspace" in message
    # ... with a unique name
    assert (
        api.error(
            "POST",
            f"{A}/program/{source}/clone.json",
            data={"name": "Other", "folder": folder_ref(api.folder(MA_DEFAULT))},
        )[0]
        == "709"
    )
    # programs holding a report (or social, push, in-app) cannot be cloned
    api.sandbox.admin.add_program_asset(source, "report", "Email Performance")
    code, message = api.error(
        "POST",
        f"{A}/program/{source}/clone.json",
        data={"name": "C3", "folder": folder_ref(api.folder(MA_DEFAULT))},
    )
    assert code == "709"
    assert "report 'Email Performance'" in message


def test_delete_program_deletes_its_assets(api: Api) -> None:
    source = _seed(api)
    emails = api.get(f"{A}/emails.json", folder=folder_ref(source, "Program"))
    campaigns = api.get(f"{A}/smartCampaigns.json", folder=folder_ref(source, "Program"))
    api.post(f"{A}/program/{source}/delete.json")
    assert api.call("GET", f"{A}/program/{source}.json").get("result") is None
    for email in emails:
        assert api.call("GET", f"{A}/email/{email['id']}.json").get("result") is None
    for campaign in campaigns:
        assert api.call("GET", f"{A}/smartCampaign/{campaign['id']}.json").get("result") is None
        assert (
            api.call("GET", f"{A}/smartList/{campaign['smartListId']}.json").get("result") is None
        )
    assert (
        api.error("GET", f"{A}/folder/{source}/tokens.json", params={"folderType": "Program"})[0]
        == "710"
    )
    # the template is free again
    template = api.get(f"{A}/emailTemplate/byName.json", name="Seed Template")[0]
    api.post(f"{A}/emailTemplate/{template['id']}/delete.json")


@pytest.mark.marketo_verified
def test_only_email_and_engagement_programs_approve(api: Api) -> None:
    default = api.program("Not approvable")
    code, message = api.error("POST", f"{A}/program/{default['id']}/approve.json")
    assert code == "709"
    assert "Only Email and Engagement" in message
    engagement = api.program("Nurture Me", type_="Engagement", channel="Nurture")
    assert engagement["status"] == "off"
    api.post(f"{A}/program/{engagement['id']}/approve.json")
    assert api.get(f"{A}/program/{engagement['id']}.json")[0]["status"] == "on"
    email_program = api.program("Blast", type_="Email", channel="Email Send")
    assert email_program["status"] == "unlocked"
    assert "startDate" in api.error("POST", f"{A}/program/{email_program['id']}/approve.json")[1]
    api.post(
        f"{A}/program/{email_program['id']}.json",
        data={"startDate": "2026-06-01T10:00:00Z", "endDate": "2026-06-01T12:00:00Z"},
    )
    assert (
        "approved email" in api.error("POST", f"{A}/program/{email_program['id']}/approve.json")[1]
    )
    template = api.template("Blast Template", TEMPLATE_HTML)
    email = api.email("Blast Email", email_program["id"], template)
    api.post(f"{A}/email/{email['id']}/approveDraft.json")
    api.post(f"{A}/program/{email_program['id']}/approve.json")
    assert api.get(f"{A}/program/{email_program['id']}.json")[0]["status"] == "locked"
    assert api.error("GET", f"{A}/program/{default['id']}/smartList.json")[0] == "709"
    assert api.get(f"{A}/program/{email_program['id']}/smartList.json")[0]["name"] == "Blast"
