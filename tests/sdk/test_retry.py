"""Retries: what is retried, how often, how long it waits, and never a duplicate create."""

from __future__ import annotations

import httpx
import pytest
import respx

from marketo_ops import ManualClock, Marketo
from marketo_ops import errors as e
from marketo_ops._http import RequestSpec
from tests.sdk.mock_marketo import envelope, failure

PATH = "/rest/asset/v1/program/7.json"
OK = httpx.Response(200, json=envelope([{"id": 7}]))


def _get(client: Marketo):
    return client.request("GET", PATH)


@pytest.mark.parametrize(
    "first",
    [
        httpx.Response(200, json=failure(606, "Max rate limit '100' exceeded with in '20' secs")),
        httpx.Response(200, json=failure(615, "Concurrent access limit reached")),
        httpx.Response(200, json=failure(604, "Request time-out")),
        httpx.Response(200, json=failure(608, "API Temporarily Unavailable")),
        httpx.Response(200, json=failure(713, "Transient Error")),
        httpx.Response(502, text="Bad Gateway"),
        httpx.Response(503, text="Service Unavailable"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
    ],
    ids=["606", "615", "604", "608", "713", "502", "503", "timeout", "connect", "dropped"],
)
def test_transient_failures_are_retried(
    api: respx.MockRouter, client: Marketo, clock: ManualClock, first
):
    route = api.get(PATH).mock(side_effect=[first, first, OK])
    assert _get(client).result == [{"id": 7}]
    assert route.call_count == 3
    assert len(clock.slept) == 2
    assert client.stats.retries == 2


def test_606_waits_for_the_window(api: respx.MockRouter, client: Marketo, clock: ManualClock):
    api.get(PATH).mock(side_effect=[httpx.Response(200, json=failure(606, "rate")), OK])
    _get(client)
    assert 2.5 <= clock.slept[0] <= 5.0


def test_backoff_grows_and_is_capped(api: respx.MockRouter, clock: ManualClock, client: Marketo):
    client = client.with_options(max_retries=8)
    api.get(PATH).mock(
        side_effect=[httpx.Response(200, json=failure(608, "unavailable"))] * 8 + [OK]
    )
    _get(client)
    assert len(clock.slept) == 8
    assert all(s <= 20 for s in clock.slept)
    assert clock.slept[-1] >= 10  # the cap's lower half once the exponent saturates


@pytest.mark.parametrize(
    ("body", "cls"),
    [
        (failure(709, "Program name already exists"), e.NameConflictError),
        (failure(607, "Daily quota reached"), e.DailyQuotaError),
        (failure(1003, "Invalid data"), e.InvalidRequestError),
        (failure(610, "Requested resource not found"), e.NotFoundError),
    ],
)
def test_final_errors_are_not_retried(
    api: respx.MockRouter, client: Marketo, clock: ManualClock, body, cls
):
    route = api.get(PATH).mock(return_value=httpx.Response(200, json=body))
    with pytest.raises(cls):
        _get(client)
    assert route.call_count == 1
    assert clock.slept == []


def test_611_is_retried_at_most_once(api: respx.MockRouter, client: Marketo):
    route = api.get(PATH).mock(return_value=httpx.Response(200, json=failure(611, "System error")))
    with pytest.raises(e.TransientError):
        _get(client)
    assert route.call_count == 2


SYSTEM_ERROR = httpx.Response(200, json=failure(611, "System error"))
PROGRAM = {"id": 7, "name": "OP-Lead Management", "type": "Default", "channel": "Operational"}


def test_a_single_611_on_a_read_does_not_fail_the_caller(api: respx.MockRouter, client: Marketo):
    route = api.get(PATH).mock(
        side_effect=[SYSTEM_ERROR, httpx.Response(200, json=envelope([PROGRAM]))]
    )
    assert client.assets.programs.get(7).name == "OP-Lead Management"
    assert route.call_count == 2
    assert client.stats.retries == 1


def test_a_single_611_on_a_page_of_a_listing_does_not_fail_it(
    api: respx.MockRouter, client: Marketo
):
    channel = {"id": 1, "name": "Operational", "applicableProgramType": "Default"}
    route = api.get("/rest/asset/v1/channels.json").mock(
        side_effect=[SYSTEM_ERROR, httpx.Response(200, json=envelope([channel]))]
    )
    assert [c.name for c in client.assets.channels.list()] == ["Operational"]
    assert route.call_count == 2


@pytest.mark.anyio
async def test_a_single_611_on_an_async_read_does_not_fail_the_caller(
    api: respx.MockRouter, aclient
):
    api.get(PATH).mock(side_effect=[SYSTEM_ERROR, httpx.Response(200, json=envelope([PROGRAM]))])
    assert (await aclient.assets.programs.get(7)).name == "OP-Lead Management"


def test_a_read_sent_as_post_with_method_get_is_retried_like_a_get(
    api: respx.MockRouter, client: Marketo
):
    route = api.post("/rest/v1/lists.json").mock(
        side_effect=[SYSTEM_ERROR, httpx.Response(200, json=envelope([]))]
    )
    client.request("POST", "/rest/v1/lists.json", query={"_method": "GET"}, body={"id": "1,2"})
    assert route.call_count == 2


def test_a_single_611_on_a_write_is_not_replayed_blindly(api: respx.MockRouter, client: Marketo):
    route = api.post("/rest/asset/v1/program/7.json").mock(side_effect=[SYSTEM_ERROR])
    with pytest.raises(e.TransientError):
        client.request("POST", "/rest/asset/v1/program/7.json", body={"description": "x"})
    assert route.call_count == 1


def test_retries_stop_after_max_retries(api: respx.MockRouter, client: Marketo):
    route = api.get(PATH).mock(
        return_value=httpx.Response(200, json=failure(615, "Concurrent access limit reached"))
    )
    with pytest.raises(e.ConcurrencyLimitError):
        client.with_options(max_retries=3).request("GET", PATH)
    assert route.call_count == 4


CREATE = RequestSpec(
    operation="createFolderUsingPOST",
    method="POST",
    path="/rest/asset/v1/folders.json",
    body={"name": "Campaigns", "parent": {"id": 42, "type": "Folder"}},
    encoding="form",
    idempotent=False,
)
LOOKUP = RequestSpec(
    operation="getFolderByNameUsingGET",
    method="GET",
    path="/rest/asset/v1/folder/byName.json",
    query={"name": "Campaigns", "root": {"id": 42, "type": "Folder"}},
)


def test_a_create_is_not_repeated_after_an_ambiguous_failure(
    api: respx.MockRouter, client: Marketo
):
    route = api.post("/rest/asset/v1/folders.json").mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(e.APITimeoutError):
        client._http.request(CREATE)
    assert route.call_count == 1


def test_a_create_is_retried_when_refused_before_any_work(api: respx.MockRouter, client: Marketo):
    route = api.post("/rest/asset/v1/folders.json").mock(
        side_effect=[
            httpx.Response(200, json=failure(615, "Concurrent access limit reached")),
            httpx.Response(200, json=envelope([{"id": 100}])),
        ]
    )
    assert client._http.request(CREATE).result == [{"id": 100}]
    assert route.call_count == 2


def test_recover_finds_the_asset_the_failed_attempt_made(api: respx.MockRouter, client: Marketo):
    create = api.post("/rest/asset/v1/folders.json").mock(
        side_effect=httpx.ReadTimeout("timed out")
    )
    lookup = api.get("/rest/asset/v1/folder/byName.json").mock(
        return_value=httpx.Response(200, json=envelope([{"id": 100, "name": "Campaigns"}]))
    )

    def recover():
        found = client._http.request(LOOKUP)
        return found if found.result else None

    response = client._http.request(CREATE, recover=recover)
    assert response.result == [{"id": 100, "name": "Campaigns"}]
    assert create.call_count == 1
    assert lookup.call_count == 1
    assert lookup.calls[0].request.url.params["root"] == '{"id":42,"type":"Folder"}'


def test_recover_retries_the_create_when_nothing_was_made(api: respx.MockRouter, client: Marketo):
    create = api.post("/rest/asset/v1/folders.json").mock(
        side_effect=[
            httpx.Response(502, text="Bad Gateway"),
            httpx.Response(200, json=envelope([{"id": 101}])),
        ]
    )
    api.get("/rest/asset/v1/folder/byName.json").mock(
        return_value=httpx.Response(
            200,
            json={
                "requestId": "x",
                "success": True,
                "warnings": ["No assets found for the given search criteria."],
            },
        )
    )

    def recover():
        found = client._http.request(LOOKUP)
        return found if found.result else None

    assert client._http.request(CREATE, recover=recover).result == [{"id": 101}]
    assert create.call_count == 2
