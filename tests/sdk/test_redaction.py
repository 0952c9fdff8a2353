"""Secrets never reach logs, debug output, exceptions or reprs."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from marketo_ops import APIConnectionError, Marketo
from marketo_ops._logging import redact
from tests.sdk.mock_marketo import CLIENT_SECRET, TOKEN, envelope


def test_debug_logs_of_a_session_hold_no_secret(
    api: respx.MockRouter, client: Marketo, caplog: pytest.LogCaptureFixture
):
    api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    with caplog.at_level(logging.DEBUG):
        client.request("GET", "/rest/asset/v1/channels.json")
        logging.getLogger("httpx").info(
            f"HTTP Request: GET https://x/identity/oauth/token?client_id=abc&client_secret={CLIENT_SECRET}"
        )
    text = caplog.text
    assert "client_secret=***" in text
    assert CLIENT_SECRET not in text
    assert TOKEN not in text


def test_transport_errors_do_not_carry_the_url(api: respx.MockRouter, client: Marketo):
    api["token"].mock(
        side_effect=httpx.ConnectError(
            f"failed for https://h/identity/oauth/token?client_secret={CLIENT_SECRET}"
        )
    )
    with pytest.raises(APIConnectionError) as info:
        client.with_options(max_retries=0).request("GET", "/rest/asset/v1/channels.json")
    assert CLIENT_SECRET not in str(info.value) + repr(info.value)


@pytest.mark.parametrize(
    "text",
    [
        f"client_secret={CLIENT_SECRET}&x=1",
        f"client_secret%3D{CLIENT_SECRET}",
        f'{{"client_secret": "{CLIENT_SECRET}"}}',
        f"Authorization: Bearer {TOKEN}",
        f"{{'Authorization': 'Bearer {TOKEN}'}}",
        f'{{"access_token":"{TOKEN}","expires_in":3599}}',
        f"?access_token={TOKEN}",
    ],
)
def test_redact_covers_urls_headers_and_json(text: str):
    cleaned = redact(text)
    assert CLIENT_SECRET not in cleaned
    assert TOKEN not in cleaned
    assert "***" in cleaned
