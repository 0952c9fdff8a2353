"""End to end through the SDK against the in-process sandbox: the activity log (paged from a
date, empty pages followed), lead changes, custom activities, and campaigns requested with
token overrides or scheduled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from marketo_ops import ManualClock, Marketo
from marketo_ops.errors import APIError, InvalidRequestError
from marketo_ops.sandbox import SandboxConfig, SeedCampaign, SeedProgram, SeedToken


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def mk(clock: ManualClock) -> Iterator[Marketo]:
    with Marketo.sandbox(clock=clock, config=SandboxConfig(validate_responses=True)) as client:
        yield client


def now(clock: ManualClock) -> datetime:
    return datetime.fromtimestamp(clock.time(), UTC)


def test_activities_since_a_date_follow_empty_pages(mk: Marketo, clock: ManualClock) -> None:
    old = mk.leads.sync_all([{"email": "old@example.com"}]).ids
    clock.advance(86_400)
    since = now(clock)
    clock.advance(60)
    ids = mk.leads.sync_all([{"email": f"n{index}@example.com"} for index in range(45)]).ids
    mk.leads.sync_all([{"email": "n44@example.com", "firstName": "Changed"}])
    calls_before = mk.stats.by_operation["getLeadActivitiesUsingGET"]
    changes = list(mk.activities.since(since, activity_type_ids=[13], page_size=10))
    assert [(item.lead_id, item.activity_type_id) for item in changes] == [(ids[44], 13)]
    assert changes[0].primary_attribute_value == "First Name"
    pages = mk.stats.by_operation["getLeadActivitiesUsingGET"] - calls_before
    assert pages == 5  # 46 activities scanned 10 at a time: empty pages with moreResult true
    new_leads = list(mk.activities.since(since, activity_type_ids=[12, 13]))
    assert {item.lead_id for item in new_leads} == set(ids)
    assert old[0] not in {item.lead_id for item in new_leads}

    lead_changes = list(mk.activities.lead_changes_since(since, fields=["firstName"]))
    assert len(lead_changes) == 46
    changed = [item for item in lead_changes if item.activity_type_id == 13]
    assert changed[0].fields
    assert changed[0].fields[0].new_value == "Changed"

    with pytest.raises(InvalidRequestError):
        list(mk.activities.since(since, activity_type_ids=[99999]))
    types = {item.id: item.name for item in mk.activities.types()}
    assert types[12] == "New Lead"
    assert types[104] == "Change Status in Progression"


def test_custom_activities(mk: Marketo) -> None:
    ids = mk.leads.sync_all([{"email": "c@example.com"}]).ids
    mk.custom_activity_types.create(
        api_name="demoBooked",
        name="Demo Booked",
        trigger_name="Books Demo",
        filter_name="Booked Demo",
        primary_attribute={"apiName": "product", "name": "Product", "dataType": "string"},
    )
    mk.custom_activity_types.create_attributes(
        "demoBooked", attributes=[{"apiName": "seats", "name": "Seats", "dataType": "integer"}]
    )
    approved = mk.custom_activity_types.approve("demoBooked")
    assert approved.status == "approved"
    added = mk.activities.add_custom(
        input=[
            {
                "leadId": ids[0],
                "activityTypeId": approved.id,
                "primaryAttributeValue": "Cloud",
                "attributes": [{"apiName": "seats", "value": 5}],
            },
            {"leadId": 1, "activityTypeId": approved.id, "primaryAttributeValue": "x"},
        ]
    )
    assert [item.status for item in added] == ["added", "skipped"]
    found = list(mk.activities.since("2020-01-01", activity_type_ids=[int(approved.id or 0)]))
    assert found[0].primary_attribute_value == "Cloud"
    assert found[0].attributes
    assert found[0].attributes[0].value == 5


def campaigns_program(mk: Marketo) -> dict[str, int]:
    sandbox = mk.sandbox_instance
    assert sandbox is not None
    seeded = sandbox.admin.seed_program(
        SeedProgram(
            "Campaign Program",
            channel="Online Advertising",
            tokens=[SeedToken("Title", "Reader")],
            campaigns=[
                SeedCampaign(
                    "Requested",
                    triggers=["Campaign is Requested"],
                    flow=[
                        {
                            "action": "Change Data Value",
                            "params": {"Attribute": "Job Title", "New Value": "{{my.Title}}"},
                        },
                        {
                            "action": "Change Program Status",
                            "params": {"New Status": "Online Advertising - Registered"},
                        },
                    ],
                    active=True,
                ),
                SeedCampaign(
                    "Inactive Trigger",
                    triggers=["Campaign is Requested"],
                    flow=[{"action": "Wait"}],
                ),
                SeedCampaign("Batch", filters=["Member of List"], flow=[{"action": "Wait"}]),
            ],
        )
    )
    return {**seeded.campaigns, "program": seeded.program_id}


def test_request_campaign_with_tokens_runs_its_flow(mk: Marketo) -> None:
    ids = [
        i
        for i in mk.leads.sync_all([{"email": "r1@example.com"}, {"email": "r2@example.com"}]).ids
        if i
    ]
    found = campaigns_program(mk)
    listed = {item.name: item for item in mk.campaigns.list(program_names=["Campaign Program"])}
    assert listed["Requested"].type == "trigger"
    assert listed["Requested"].active is True
    assert listed["Batch"].type == "batch"
    calls = mk.campaigns.request(found["Requested"], ids, tokens={"Title": "VP Marketing"})
    assert calls == 1
    lead = mk.leads.get(ids[0], fields=["title"])
    assert lead.model_extra["title"] == "VP Marketing"
    requested = list(mk.activities.since("2020-01-01", activity_type_ids=[47]))
    assert {item.lead_id for item in requested} == set(ids)
    assert requested[0].campaign_id == found["Requested"]
    statuses = mk.leads.program_membership(ids[0]).to_list()
    assert statuses[0].progression_status == "Registered"
    membership = mk.leads.smart_campaign_membership(ids[0]).to_list()
    assert membership[0].smart_campaign_id == found["Requested"]

    with pytest.raises(InvalidRequestError, match="cannot be requested"):
        mk.campaigns.request(found["Inactive Trigger"], ids)
    with pytest.raises(InvalidRequestError, match="not defined"):
        mk.campaigns.request(found["Requested"], ids, tokens={"Nope": "x"})
    assert mk.campaigns.request(found["Requested"], ids * 60) == 2  # 120 leads: 100 + 20


def test_schedule_batch_campaigns(mk: Marketo, clock: ManualClock) -> None:
    found = campaigns_program(mk)
    scheduled = mk.campaigns.schedule_batch(found["Batch"], tokens={"Title": "Later"})
    assert scheduled.id == found["Batch"]
    with pytest.raises(InvalidRequestError, match="trigger campaign"):
        mk.campaigns.schedule_batch(found["Requested"])
    with pytest.raises(APIError) as past:
        mk.campaigns.schedule_batch(found["Batch"], run_at="2001-01-01T00:00:00Z")
    assert past.value.code == 1042
    clone = mk.campaigns.schedule_batch(found["Batch"], clone_to_program_name="Campaign Program 2")
    assert clone.id != found["Batch"]
    assert mk.assets.programs.get_by_name(name="Campaign Program 2") is not None
