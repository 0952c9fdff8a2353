"""Marketo Engage's 2026 lead-database changes, as the sandbox answers them.

- Merge Leads with more than 25 ids in ``leadIds`` fails with 1080 (August 2026 release).
- Get Lead Activities / Get Lead Changes with a ``listId`` whose static list holds 10,000 or more
  leads fail with 1003 ("Get Lead API Updates", effective 2026-09-30).
- Custom activity type attribute API names: letters, digits and underscores only.
- Campaign Run ID on activities is always a number, never a quoted string (August 2026 fix).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from marketo_ops.sandbox import SeedCampaign, SeedProgram

from .conftest import Api

V1 = "/rest/v1"


def _error(api: Api, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    body = api.call(method, path, **kwargs)
    assert body["success"] is False, body
    assert "result" not in body
    [error] = body["errors"]
    return dict(error)


def _leads(api: Api, count: int) -> list[int]:
    records = [{"email": f"m{index:03d}@example.com"} for index in range(count)]
    result = api.ok("POST", f"{V1}/leads.json", json={"input": records})
    return [int(item["id"]) for item in result]


def test_merge_takes_at_most_25_losing_ids(api: Api) -> None:
    ids = _leads(api, 28)
    winner, losers = ids[0], ids[1:27]
    assert len(losers) == 26
    error = _error(
        api,
        "POST",
        f"{V1}/leads/{winner}/merge.json",
        params={"leadIds": ",".join(map(str, losers))},
    )
    assert error == {
        "code": "1080",
        "message": "Too many leads to merge: 26 (at most 25 per call)",
    }
    # Nothing was merged: every losing lead is still there.
    found = api.ok(
        "GET",
        f"{V1}/leads.json",
        params={"filterType": "id", "filterValues": ",".join(map(str, losers))},
    )
    assert len(found) == 26
    # 25 is fine.
    api.ok(
        "POST",
        f"{V1}/leads/{winner}/merge.json",
        params={"leadIds": ",".join(map(str, losers[:25]))},
    )
    left = api.ok(
        "GET",
        f"{V1}/leads.json",
        params={"filterType": "id", "filterValues": ",".join(map(str, losers))},
    )
    assert [item["id"] for item in left] == [losers[25]]


@pytest.fixture
def big_list(api: Api) -> tuple[int, int]:
    """(static list with 10,000 members, lead id): members written straight to the store, as a
    10,000-lead list built through the API would take 34 calls of 300 and far longer."""
    seeded = api.sandbox.admin.seed_program(SeedProgram("Big List Program"))
    folder = json.dumps({"id": seeded.program_id, "type": "Program"})
    big = api.post("/rest/asset/v1/staticLists.json", data={"name": "Big", "folder": folder})[0]
    small = api.post("/rest/asset/v1/staticLists.json", data={"name": "Small", "folder": folder})[0]
    [lead] = _leads(api, 1)
    api.ok("POST", f"{V1}/lists/{small['id']}/leads.json", json={"input": [{"id": lead}]})
    api.sandbox.store.executemany(
        "INSERT INTO list_members (list_id, lead_id, added_at) VALUES (?, ?, 0)",
        [(int(big["id"]), 100_000 + index) for index in range(9_999)],
    )
    api.ok("POST", f"{V1}/lists/{big['id']}/leads.json", json={"input": [{"id": lead}]})
    return int(big["id"]), int(small["id"])


def test_activities_by_a_list_of_10000_members_are_refused(
    api: Api, big_list: tuple[int, int]
) -> None:
    big, small = big_list
    token = api.call(
        "GET", f"{V1}/activities/pagingtoken.json", params={"sinceDatetime": "2000-01-01"}
    )["nextPageToken"]
    for path, extra in (
        (f"{V1}/activities.json", {"activityTypeIds": "12,24"}),
        (f"{V1}/activities/leadchanges.json", {"fields": "email"}),
    ):
        error = _error(api, "GET", path, params={"nextPageToken": token, "listId": big, **extra})
        assert error["code"] == "1003"
        assert error["message"].startswith(f"Static list {big} has too many records: 10,000")
        fine = api.call("GET", path, params={"nextPageToken": token, "listId": small, **extra})
        assert fine["success"] is True, fine


def test_one_member_less_is_still_allowed(api: Api, big_list: tuple[int, int]) -> None:
    big, small = big_list
    api.sandbox.store.execute(
        "DELETE FROM list_members WHERE list_id = ? AND lead_id = ?", (big, 100_000)
    )
    token = api.call(
        "GET", f"{V1}/activities/pagingtoken.json", params={"sinceDatetime": "2000-01-01"}
    )["nextPageToken"]
    body = api.call(
        "GET",
        f"{V1}/activities.json",
        params={"nextPageToken": token, "listId": big, "activityTypeIds": "24"},
    )
    assert body["success"] is True, body
    # The lead is in both lists: its two Add to List activities pass the member filter.
    added_to = sorted(item["primaryAttributeValueId"] for item in body["result"])
    assert added_to == sorted([big, small])


@pytest.mark.parametrize("api_name", ["conference-date", "conference date", "conférence", "date!"])
def test_custom_activity_attribute_api_names_are_alphanumeric_or_underscore(
    api: Api, api_name: str
) -> None:
    api.ok(
        "POST",
        f"{V1}/activities/external/type.json",
        json={
            "apiName": "attendConference",
            "name": "Attend Conference",
            "triggerName": "Attends Conference",
            "filterName": "Attended Conference",
            "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"},
        },
    )
    path = f"{V1}/activities/external/type/attendConference/attributes/create.json"
    attribute = {"apiName": api_name, "name": "Conference Date", "dataType": "datetime"}
    error = _error(api, "POST", path, json={"attributes": [attribute]})
    assert error["code"] == "1001"
    assert api_name in error["message"]
    attribute["apiName"] = "conference_Date2"
    assert api.ok("POST", path, json={"attributes": [attribute]})[0]["attributes"][0][
        "apiName"
    ] == ("conference_Date2")


def test_campaign_run_id_is_a_number(api: Api) -> None:
    seeded = api.sandbox.admin.seed_program(
        SeedProgram(
            "Run Id Program",
            campaigns=[
                SeedCampaign(
                    "Requested",
                    triggers=["Campaign is Requested"],
                    flow=[
                        {
                            "action": "Change Data Value",
                            "params": {"Attribute": "Job Title", "New Value": "Engineer"},
                        }
                    ],
                    active=True,
                )
            ],
        )
    )
    campaign = seeded.campaigns["Requested"]
    ids = _leads(api, 2)
    token = api.call(
        "GET", f"{V1}/activities/pagingtoken.json", params={"sinceDatetime": "2000-01-01"}
    )["nextPageToken"]
    for _ in range(2):
        api.ok(
            "POST",
            f"{V1}/campaigns/{campaign}/trigger.json",
            json={"input": {"leads": [{"id": lead} for lead in ids]}},
        )
    found = api.ok(
        "GET",
        f"{V1}/activities.json",
        params={"nextPageToken": token, "activityTypeIds": "13,47"},
    )
    runs = {}
    for item in found:
        [run_id] = [a["value"] for a in item["attributes"] if a["name"] == "Campaign Run ID"]
        assert type(run_id) is int, item
        assert item["campaignId"] == campaign
        runs.setdefault(run_id, set()).add(item["activityTypeId"])
    # Two requests, two runs; the first also changed the job title (Change Data Value, 13),
    # the second found it already set.
    assert sorted(sorted(types) for types in runs.values()) == [[13, 47], [47]]
    described = api.ok("GET", f"{V1}/activities/types.json")
    request_campaign = next(item for item in described if item["id"] == 47)
    assert {"name": "Campaign Run ID", "dataType": "integer"} in request_campaign["attributes"]
