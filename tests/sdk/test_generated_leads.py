"""Generated lead-database, bulk, user-management and identity methods on the wire.

JSON bodies with the spec's property names, per-record outcomes returned (never raised), token
paging, POST ``_method=GET`` lookups, downloads as bytes, plain-JSON APIs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from marketo_ops import AsyncMarketo, ManualClock, Marketo, NotFoundError
from marketo_ops.errors import APIError
from marketo_ops.types.leads import (
    Activity,
    CustomObject,
    ExportJob,
    Lead,
    LeadImportJob,
    ListOperationOutputData,
)
from marketo_ops.types.users import User, UserSummary

pytestmark = pytest.mark.anyio

BASE_URL = "https://123-ABC-456.mktorest.com"
TOKEN = {"access_token": "tok", "token_type": "bearer", "expires_in": 3599, "scope": "x"}


def ok(*result: dict[str, Any], **extra: Any) -> httpx.Response:
    body = {"requestId": "a1#b2", "success": True, "result": list(result), **extra}
    return httpx.Response(200, json=body)


def sent_json(request: httpx.Request) -> Any:
    assert request.headers["Content-Type"] == "application/json"
    return json.loads(request.content)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.get("/identity/oauth/token").mock(return_value=httpx.Response(200, json=TOKEN))
        yield router


@pytest.fixture
def client(api: respx.MockRouter) -> Iterator[Marketo]:
    with Marketo(
        base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock()
    ) as c:
        yield c


@pytest.fixture
async def aclient(api: respx.MockRouter) -> AsyncIterator[AsyncMarketo]:
    async with AsyncMarketo(
        base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock()
    ) as c:
        yield c


SYNC_RESULT = (
    {"id": 50, "status": "created"},
    {"id": 51, "status": "updated"},
    {"status": "skipped", "reasons": [{"code": "1005", "message": "Lead already exists"}]},
)


# --- leads ---------------------------------------------------------------------------------


def test_sync_leads_sends_json_and_returns_every_record_outcome(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.post("/rest/v1/leads.json").mock(return_value=ok(*SYNC_RESULT))

    results = client.leads.sync(
        action="createOnly",
        lookup_field="email",
        input=[
            {"email": "ada@example.com", "firstName": "Ada"},
            Lead.model_validate({"email": "bob@example.com"}),
            {"email": "cy@example.com", "company": None},
        ],
    )

    assert sent_json(route.calls.last.request) == {
        "input": [
            {"email": "ada@example.com", "firstName": "Ada"},
            {"email": "bob@example.com"},
            {"email": "cy@example.com"},
        ],
        "action": "createOnly",
        "lookupField": "email",
    }
    assert [r.status for r in results] == ["created", "updated", "skipped"]
    skipped = results[2]
    assert skipped.reasons is not None
    assert skipped.reasons[0].code == "1005"


async def test_async_sync_leads(api: respx.MockRouter, aclient: AsyncMarketo) -> None:
    route = api.post("/rest/v1/leads.json").mock(return_value=ok(*SYNC_RESULT))

    results = await aclient.leads.sync(input=[{"email": "ada@example.com"}])

    assert sent_json(route.calls.last.request) == {"input": [{"email": "ada@example.com"}]}
    assert len(results) == 3
    assert all(isinstance(r, Lead) for r in results)


def test_get_lead_comma_joins_fields_and_keeps_field_values(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.get("/rest/v1/lead/50.json").mock(
        return_value=ok({"id": 50, "email": "ada@example.com", "score": 12})
    )

    lead = client.leads.get(50, fields=["email", "score"])

    assert route.calls.last.request.url.params["fields"] == "email,score"
    assert lead.id == 50
    assert lead.model_extra == {"email": "ada@example.com", "score": 12}


def test_lead_not_found_is_raised_for_702(api: respx.MockRouter, client: Marketo) -> None:
    api.get("/rest/v1/lead/9.json").mock(
        return_value=httpx.Response(
            200,
            json={"requestId": "x", "success": True, "result": [], "warnings": []},
        )
    )
    with pytest.raises(NotFoundError):
        client.leads.get(9)


def test_remove_leads_from_list_is_a_json_delete(api: respx.MockRouter, client: Marketo) -> None:
    route = api.delete("/rest/v1/lists/7/leads.json").mock(
        return_value=ok(
            {"id": 50, "status": "removed"},
            {
                "id": 51,
                "status": "skipped",
                "reasons": [{"code": "1004", "message": "Lead not found"}],
            },
        )
    )

    outcomes = client.lists.remove_leads(7, input=[{"id": 50}, {"id": 51}])

    request = route.calls.last.request
    assert request.method == "DELETE"
    assert sent_json(request) == {"input": [{"id": 50}, {"id": 51}]}
    assert [type(o) for o in outcomes] == [ListOperationOutputData] * 2
    assert outcomes[1].status == "skipped"


def test_add_leads_by_id_uses_the_query(api: respx.MockRouter, client: Marketo) -> None:
    route = api.post("/rest/v1/lists/7/leads.json").mock(
        return_value=ok({"id": 1, "status": "added"})
    )

    client.lists.add_leads(7, ids=[1, 2, 3])

    request = route.calls.last.request
    assert request.url.params["id"] == "1,2,3"
    assert request.content == b""


# --- activities: token paging --------------------------------------------------------------


def test_activities_page_with_tokens_from_a_date(api: respx.MockRouter, client: Marketo) -> None:
    token_route = api.get("/rest/v1/activities/pagingtoken.json").mock(
        return_value=httpx.Response(
            200, json={"requestId": "r", "success": True, "nextPageToken": "TOK0"}
        )
    )
    activity = {
        "id": 1,
        "leadId": 50,
        "activityDate": "2024-05-01T10:00:00Z",
        "activityTypeId": 12,
        "primaryAttributeValue": "Form",
        "attributes": [{"name": "Source", "value": "Web"}],
        "marketoGUID": "1",
    }
    route = api.get("/rest/v1/activities.json").mock(
        side_effect=[
            ok(activity, {**activity, "id": 2}, nextPageToken="TOK1", moreResult=True),
            ok(nextPageToken="TOK2", moreResult=True),  # activities may page through empty pages
            ok({**activity, "id": 3}, nextPageToken="TOK3", moreResult=False),
        ]
    )

    token = client.activities.paging_token(since_datetime=datetime(2024, 5, 1, tzinfo=UTC))
    found = list(client.activities.list(start_token=token, activity_type_ids=[1, 12], page_size=2))

    assert token_route.calls.last.request.url.params["sinceDatetime"] == "2024-05-01T00:00:00+00:00"
    assert [a.id for a in found] == [1, 2, 3]
    assert isinstance(found[0], Activity)
    assert found[0].activity_date == datetime(2024, 5, 1, 10, tzinfo=UTC)
    params = [call.request.url.params for call in route.calls]
    assert [p["nextPageToken"] for p in params] == ["TOK0", "TOK1", "TOK2"]
    assert params[0]["activityTypeIds"] == "1,12"
    assert params[0]["batchSize"] == "2"


async def test_async_token_paginator(api: respx.MockRouter, aclient: AsyncMarketo) -> None:
    route = api.get("/rest/v1/lists.json").mock(
        side_effect=[
            ok({"id": 1, "name": "A"}, nextPageToken="N1"),
            ok({"id": 2, "name": "B"}, nextPageToken="N2"),
            ok(),  # no token, no records: done
        ]
    )

    names = [item.name async for item in aclient.lists.list(names=["A", "B"], limit=5)]

    assert names == ["A", "B"]
    assert route.calls[0].request.url.params["name"] == "A,B"
    assert route.calls[1].request.url.params["nextPageToken"] == "N1"


# --- custom objects: GET, or POST ?_method=GET for compound keys ---------------------------


def test_custom_objects_by_field_is_a_get(api: respx.MockRouter, client: Marketo) -> None:
    route = api.get("/rest/v1/customobjects/car_c.json").mock(
        return_value=ok({"seq": 0, "marketoGUID": "g1", "vin": "V1"})
    )

    cars = list(client.custom_objects.list("car_c", filter_type="vin", filter_values=["V1", "V2"]))

    params = route.calls.last.request.url.params
    assert (params["filterType"], params["filterValues"], params["batchSize"]) == (
        "vin",
        "V1,V2",
        "300",
    )
    assert isinstance(cars[0], CustomObject)
    assert cars[0].model_extra == {"vin": "V1"}


def test_custom_objects_by_compound_key_posts_with_method_get(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.post("/rest/v1/customobjects/car_c.json").mock(return_value=ok({"seq": 0}))

    list(
        client.custom_objects.list(
            "car_c",
            filter_type="dedupeFields",
            fields=["vin", "color"],
            input=[{"make": "Ford", "model": "T"}],
        )
    )

    request = route.calls.last.request
    assert request.url.params["_method"] == "GET"
    assert request.url.params["batchSize"] == "300"
    assert sent_json(request) == {
        "filterType": "dedupeFields",
        "fields": ["vin", "color"],
        "input": [{"make": "Ford", "model": "T"}],
    }


# --- bulk ----------------------------------------------------------------------------------


EXPORT = {
    "exportId": "ce45a7a1-f19d-4ce2-882c-a3c795940a7d",
    "format": "CSV",
    "status": "Created",
    "createdAt": "2024-05-01T10:00:00Z",
}


def test_bulk_lead_export_create_sends_json(api: respx.MockRouter, client: Marketo) -> None:
    route = api.post("/bulk/v1/leads/export/create.json").mock(return_value=ok(EXPORT))

    job = client.bulk.leads.exports.create(
        fields=["id", "email"],
        filter={
            "createdAt": {
                "startAt": datetime(2024, 5, 1, tzinfo=UTC),
                "endAt": "2024-05-31T00:00:00Z",
            }
        },
        format="CSV",
        column_header_names={"email": "Email Address"},
    )

    assert sent_json(route.calls.last.request) == {
        "fields": ["id", "email"],
        "filter": {
            "createdAt": {"startAt": "2024-05-01T00:00:00+00:00", "endAt": "2024-05-31T00:00:00Z"}
        },
        "columnHeaderNames": {"email": "Email Address"},
        "format": "CSV",
    }
    assert isinstance(job, ExportJob)
    assert job.status == "Created"
    assert job.created_at == datetime(2024, 5, 1, 10, tzinfo=UTC)


async def test_async_bulk_export_enqueue_and_status(
    api: respx.MockRouter, aclient: AsyncMarketo
) -> None:
    export_id = EXPORT["exportId"]
    enqueue = api.post(f"/bulk/v1/activities/export/{export_id}/enqueue.json").mock(
        return_value=ok({**EXPORT, "status": "Queued"})
    )
    api.get(f"/bulk/v1/activities/export/{export_id}/status.json").mock(
        return_value=ok({**EXPORT, "status": "Completed", "fileSize": 123, "numberOfRecords": 2})
    )

    queued = await aclient.bulk.activities.exports.enqueue(export_id)
    done = await aclient.bulk.activities.exports.status(export_id)

    assert enqueue.calls.last.request.content == b""
    assert (queued.status, done.status, done.file_size) == ("Queued", "Completed", 123)


def test_bulk_export_file_is_downloaded_as_bytes_with_a_range(
    api: respx.MockRouter, client: Marketo
) -> None:
    csv = b"id,email\n1,ada@example.com\n"
    route = api.get("/bulk/v1/leads/export/e1/file.json").mock(
        return_value=httpx.Response(200, content=csv, headers={"Content-Type": "text/csv"})
    )

    assert client.bulk.leads.exports.file("e1", byte_range="bytes=0-99") == csv
    assert route.calls.last.request.headers["Range"] == "bytes=0-99"
    assert client.bulk.leads.exports.file("e1") == csv
    assert "Range" not in route.calls.last.request.headers


def test_bulk_export_file_not_ready_raises_the_marketo_error(
    api: respx.MockRouter, client: Marketo
) -> None:
    api.get("/bulk/v1/leads/export/e1/file.json").mock(
        return_value=httpx.Response(
            200,
            json={
                "requestId": "r",
                "success": False,
                "errors": [{"code": "1003", "message": "Export is not completed"}],
            },
        )
    )
    with pytest.raises(APIError, match="Export is not completed"):
        client.bulk.leads.exports.file("e1")


def test_bulk_lead_import_uploads_a_csv_part(api: respx.MockRouter, client: Marketo) -> None:
    route = api.post("/bulk/v1/leads.json").mock(
        return_value=ok({"batchId": 1023, "status": "Queued", "importId": "1023"})
    )

    job = client.bulk.leads.imports.create(
        file=b"email\nada@example.com\n", format="csv", list_id=7
    )

    request = route.calls.last.request
    assert request.url.params["format"] == "csv"
    assert request.url.params["listId"] == "7"
    body = request.read()
    assert b'name="file"; filename="import.csv"' in body
    assert b"Content-Type: text/csv" in body
    assert b"ada@example.com" in body
    assert isinstance(job, LeadImportJob)
    assert job.batch_id == 1023


# --- user management and identity: plain JSON ----------------------------------------------


def test_users_answer_plain_json(api: respx.MockRouter, client: Marketo) -> None:
    api.get("/userservice/management/v1/users/allusers.json").mock(
        return_value=httpx.Response(
            200, json=[{"userid": "ada@example.com", "id": 7, "firstName": "Ada", "apiOnly": False}]
        )
    )
    api.get("/userservice/management/v1/users/ada%40example.com/user.json").mock(
        return_value=httpx.Response(
            200,
            json={
                "userid": "ada@example.com",
                "id": 7,
                "isLocked": False,
                "userRoleWorkspaces": [
                    {"accessRoleId": 1, "workspaceId": 1, "workspaceName": "Default"}
                ],
            },
        )
    )

    (summary,) = client.users.list(page_size=10)
    user = client.users.get("ada@example.com")

    assert isinstance(summary, UserSummary)
    assert summary.first_name == "Ada"
    assert isinstance(user, User)
    assert user.user_role_workspaces is not None
    assert user.user_role_workspaces[0].workspace_name == "Default"


def test_user_errors_are_mapped(api: respx.MockRouter, client: Marketo) -> None:
    api.get("/userservice/management/v1/users/nobody/user.json").mock(
        return_value=httpx.Response(
            200, json={"errors": [{"code": "1013", "message": "User not found"}]}
        )
    )
    with pytest.raises(APIError, match="User not found") as raised:
        client.users.get("nobody")
    assert raised.value.code == 1013


async def test_identity_token_is_requested_without_a_bearer_token(
    api: respx.MockRouter, aclient: AsyncMarketo
) -> None:
    token = await aclient.identity.token(client_id="other", client_secret="s3cret")

    request = api.calls.last.request
    assert "Authorization" not in request.headers
    assert request.url.params["grant_type"] == "client_credentials"
    assert token.access_token == "tok"
    assert token.expires_in == 3599
    assert "access_token" not in repr(token)
    assert "'tok'" not in repr(token)
