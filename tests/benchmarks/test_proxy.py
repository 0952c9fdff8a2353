"""The benchmarks' counting proxy counts what crossed it: REST, token and MCP calls, 606s."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from benchmarks.proxy import CountingProxy, error_codes
from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.config import Settings
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.server import serve_in_thread


@pytest.fixture
def proxy() -> Iterator[tuple[Sandbox, CountingProxy]]:
    # A window of 3 calls on a clock that never moves: the 4th API call is refused with 606.
    box = Sandbox(":memory:", SandboxConfig(rate_limit=(3, 20.0)), clock=ManualClock())
    with serve_in_thread(box) as url, CountingProxy(url) as counting:
        yield box, counting
    box.close()


def test_rest_and_token_calls_and_606s_are_counted_apart(
    proxy: tuple[Sandbox, CountingProxy],
) -> None:
    box, counting = proxy
    with httpx.Client(base_url=counting.url) as http:
        token = http.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": box.client_id,
                "client_secret": box.client_secret,
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        answers = [
            http.get("/rest/asset/v1/folders.json", headers=headers).json() for _ in range(4)
        ]
    assert [a["success"] for a in answers] == [True, True, True, False]
    assert answers[3]["errors"][0]["code"] == "606"
    counts = counting.counts()
    assert (counts.api, counts.token, counts.mcp_http, counts.other) == (4, 1, 0, 0)
    assert (counts.refused_606, counts.refused_615) == (1, 0)
    assert counts.api_operations == {"GET /rest/asset/v1/folders.json": 4}


def test_mcp_requests_and_tool_calls_are_counted(
    proxy: tuple[Sandbox, CountingProxy], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, counting = proxy
    monkeypatch.setenv("MARKETO_MUNCHKIN_ID", "000-SBX-000")  # the proxy's URL does not show it
    settings = Settings(
        base_url=counting.url,
        client_id=box.client_id,
        client_secret=box.client_secret,
        mcp_url=f"{counting.url}/mcp",
    )
    with Marketo(settings=settings) as client:
        before = counting.counts()
        client.mcp.list_tools()
        client.mcp.get_smart_campaign_flow_step_types()
        assert client.stats.calls == 1  # the SDK counts the tool call, not the listing
    counts = counting.counts() - before
    assert counts.mcp_tools == 1
    assert counts.mcp_methods["tools/list"] == 1
    assert counts.mcp_methods["tools/call"] == 1
    assert counts.mcp_http >= 2
    assert counts.api == 0


def test_refusals_are_read_from_mcp_tool_results_sent_as_events() -> None:
    envelope = {"requestId": "1", "success": False, "errors": [{"code": "615", "message": "x"}]}
    message = {
        "jsonrpc": "2.0",
        "id": 3,
        "result": {"content": [], "structuredContent": envelope, "isError": True},
    }
    body = f"event: message\ndata: {json.dumps(message)}\n\n".encode()
    assert error_codes(body, "text/event-stream") == ["615"]
    assert error_codes(json.dumps(envelope).encode(), "application/json") == ["615"]
