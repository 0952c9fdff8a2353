"""Identity: client-credentials token, cached, Bearer only, refreshed once on 601/602."""

from __future__ import annotations

import httpx
import pytest
import respx

from marketo_ops import AuthenticationError, ManualClock, Marketo
from tests.sdk.mock_marketo import (
    BASE_URL,
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN,
    envelope,
    failure,
    token_body,
)

pytestmark = pytest.mark.anyio


def test_token_is_fetched_once_and_sent_only_as_bearer(api: respx.MockRouter, client: Marketo):
    route = api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(200, json=envelope([{"id": 1, "name": "Webinar"}]))
    )
    for _ in range(3):
        client.request("GET", "/rest/asset/v1/channels.json")

    assert api["token"].call_count == 1
    token_request = api["token"].calls[0].request
    assert token_request.url.params["grant_type"] == "client_credentials"
    assert token_request.url.params["client_id"] == CLIENT_ID
    assert token_request.url.params["client_secret"] == CLIENT_SECRET
    for call in route.calls:
        assert call.request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert "access_token" not in call.request.url.params


def test_token_is_refetched_when_it_expires(
    api: respx.MockRouter, client: Marketo, clock: ManualClock
):
    api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    client.request("GET", "/rest/asset/v1/channels.json")
    clock.advance(3000)
    client.request("GET", "/rest/asset/v1/channels.json")
    assert api["token"].call_count == 1
    clock.advance(599)  # within the refresh margin before expiry
    client.request("GET", "/rest/asset/v1/channels.json")
    assert api["token"].call_count == 2


@pytest.mark.parametrize(
    ("code", "message"), [(601, "Access token invalid"), (602, "Access token expired")]
)
def test_refresh_and_replay_once_on_601_602(
    api: respx.MockRouter, client: Marketo, code: int, message: str
):
    api["token"].side_effect = [
        httpx.Response(200, json=token_body("old-token")),
        httpx.Response(200, json=token_body("new-token")),
    ]
    route = api.get("/rest/asset/v1/program/7.json").mock(
        side_effect=[
            httpx.Response(200, json=failure(code, message)),
            httpx.Response(200, json=envelope([{"id": 7, "name": "P"}])),
        ]
    )
    response = client.request("GET", "/rest/asset/v1/program/7.json")

    assert response.result == [{"id": 7, "name": "P"}]
    assert [c.request.headers["Authorization"] for c in route.calls] == [
        "Bearer old-token",
        "Bearer new-token",
    ]


def test_a_second_601_after_refresh_raises(api: respx.MockRouter, client: Marketo):
    api.get("/rest/asset/v1/program/7.json").mock(
        return_value=httpx.Response(200, json=failure(601, "Access token invalid"))
    )
    with pytest.raises(AuthenticationError) as info:
        client.request("GET", "/rest/asset/v1/program/7.json")
    assert info.value.code == 601
    assert api["token"].call_count == 2


def test_bad_credentials_give_a_clear_error_without_the_secret(
    api: respx.MockRouter, client: Marketo
):
    api["token"].mock(
        return_value=httpx.Response(
            401, json={"error": "invalid_client", "error_description": "Bad client credentials"}
        )
    )
    with pytest.raises(AuthenticationError) as info:
        client.request("GET", "/rest/asset/v1/channels.json")
    text = str(info.value) + repr(info.value)
    assert "Bad client credentials" in text
    assert "LaunchPoint" in text
    assert CLIENT_SECRET not in text


def test_nearly_expired_token_is_waited_out(api: respx.MockRouter, clock: ManualClock):
    api["token"].side_effect = [
        httpx.Response(200, json=token_body("dying", expires_in=1)),
        httpx.Response(200, json=token_body("fresh", expires_in=3599)),
    ]
    route = api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    with Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock) as c:
        c.request("GET", "/rest/asset/v1/channels.json")
    assert route.calls[0].request.headers["Authorization"] == "Bearer fresh"
    assert clock.slept == [2.0]


async def test_async_client_refreshes_and_replays(api: respx.MockRouter, clock: ManualClock):
    from marketo_ops import AsyncMarketo

    api["token"].side_effect = [
        httpx.Response(200, json=token_body("old-token")),
        httpx.Response(200, json=token_body("new-token")),
    ]
    api.get("/rest/asset/v1/program/7.json").mock(
        side_effect=[
            httpx.Response(200, json=failure(602, "Access token expired")),
            httpx.Response(200, json=envelope([{"id": 7}])),
        ]
    )
    async with AsyncMarketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock) as c:
        response = await c.request("GET", "/rest/asset/v1/program/7.json")
    assert response.result == [{"id": 7}]
    assert api["token"].call_count == 2
