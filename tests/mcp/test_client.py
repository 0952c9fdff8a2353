"""The MCP client against a scripted server: results, errors, retries, counting, threads."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from pydantic import SecretStr

from marketo_ops import ManualClock
from marketo_ops._http import CallStats
from marketo_ops._limits import Limiter
from marketo_ops.config import Settings
from marketo_ops.errors import (
    APIError,
    AuthenticationError,
    BusinessRuleError,
    ConfigurationError,
    ConnectionFailedError,
    FeatureNotEnabledError,
    HTTPStatusError,
    InvalidRequestError,
    RateLimitError,
    TransientError,
)
from marketo_ops.mcp import (
    AsyncMarketoMCP,
    FlowStepType,
    MarketoMCP,
    MCPCredentials,
    MCPTarget,
    ToolInfo,
    calls,
)
from marketo_ops.mcp.core import MCPCore
from tests.mcp.conftest import MUNCHKIN, SECRET
from tests.mcp.scripted import URL, Refuse, ScriptedServer

RULES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"campaignId": {"type": "integer", "minimum": 1}},
    "required": ["campaignId"],
    "additionalProperties": False,
}


def test_tools_are_listed_with_their_schemas_once(mcp: MarketoMCP, server: ScriptedServer) -> None:
    server.answer("get_smart_campaign_rules", {}, RULES_SCHEMA)
    server.answer("add_flow_step", {})
    tools = mcp.list_tools()
    assert [tool.name for tool in tools] == ["get_smart_campaign_rules", "add_flow_step"]
    assert tools[0] == ToolInfo(
        "get_smart_campaign_rules", "get_smart_campaign_rules (scripted)", RULES_SCHEMA
    )
    assert mcp.tool("add_flow_step") is not None
    assert mcp.tool("nope") is None
    assert server.lists == 1  # cached
    mcp.list_tools(refresh=True)
    assert server.lists == 2


def test_a_call_returns_its_structured_result_and_counts_like_a_rest_call(
    mcp: MarketoMCP, server: ScriptedServer, stats: CallStats, limiter: Limiter
) -> None:
    server.answer("get_smart_campaign_flow_steps", {"campaignId": 7, "flowId": 9, "steps": []})
    result = mcp.call("get_smart_campaign_flow_steps", {"campaignId": 7})
    assert result.data == {"campaignId": 7, "flowId": 9, "steps": []}
    assert result.is_error is False
    assert server.calls_of("get_smart_campaign_flow_steps") == [{"campaignId": 7}]
    assert stats.calls == 1
    assert stats.by_operation["mcp:get_smart_campaign_flow_steps"] == 1
    assert limiter.stats.acquired == 1
    mcp.list_tools()
    assert stats.calls == 1  # listing tools runs no REST call: not counted


def test_the_credentials_travel_in_marketos_headers(
    mcp: MarketoMCP, server: ScriptedServer
) -> None:
    server.answer("get_smart_campaign_rules", {})
    mcp.call("get_smart_campaign_rules", {"campaignId": 1})
    sent = server.headers[-1]
    assert sent["x-marketo-client-id"] == "client-id-1"
    assert sent["x-marketo-client-secret"] == SECRET
    assert sent["x-marketo-munchkin-id"] == MUNCHKIN


def test_an_ims_bearer_token_replaces_the_client_credentials() -> None:
    credentials = MCPCredentials(
        MUNCHKIN,
        "id",
        SecretStr("x"),
        bearer_token=SecretStr("ims-token"),
        ims_org_id="ORG@AdobeOrg",
    )
    assert credentials.headers() == {
        "X-Marketo-Munchkin-Id": MUNCHKIN,
        "Authorization": "Bearer ims-token",
        "x-gw-ims-org-id": "ORG@AdobeOrg",
    }
    assert "ims-token" not in repr(credentials)


def test_a_tool_error_raises_the_sdk_error_of_its_marketo_code(
    mcp: MarketoMCP, server: ScriptedServer
) -> None:
    @server.tool("activate_smart_campaign")
    def refuse(_arguments: dict[str, Any]) -> dict[str, Any]:
        raise Refuse(709, "Smart campaign 'X' cannot be activated: it has no trigger")

    with pytest.raises(BusinessRuleError) as info:
        mcp.activate_smart_campaign(12)
    error = info.value
    assert error.code == 709
    assert error.message == "Smart campaign 'X' cannot be activated: it has no trigger"
    assert error.request_id == "abc#123"
    assert error.operation == "mcp:activate_smart_campaign"
    assert len(server.calls) == 1  # a business rule is never retried


def test_a_full_rate_window_is_waited_out_and_retried(
    mcp: MarketoMCP, server: ScriptedServer, stats: CallStats, clock: ManualClock
) -> None:
    answers = iter([Refuse(606, "Max rate limit '100' exceeded with in '20' secs"), None])

    @server.tool("add_flow_step")
    def flaky(_arguments: dict[str, Any]) -> dict[str, Any]:
        refusal = next(answers)
        if refusal is not None:
            raise refusal
        return {"campaignId": 3, "steps": [], "step": {"id": 5, "action": "Wait"}}

    written = mcp.add_flow_step(3, {"action": "Wait", "params": {"Duration": "2 days"}})
    assert written.step.id == 5
    assert len(server.calls) == 2  # 606 means nothing was done: safe to send again
    assert stats.calls == 2
    assert stats.retries == 1
    assert sum(clock.slept) >= 2.5  # waited for the window, on the clock


def test_an_ambiguous_failure_is_retried_only_for_idempotent_calls(
    mcp: MarketoMCP, server: ScriptedServer
) -> None:
    @server.tool("add_flow_step")
    def timeout(_arguments: dict[str, Any]) -> dict[str, Any]:
        raise Refuse(604, "Request time-out")

    with pytest.raises(TransientError) as info:
        mcp.add_flow_step(3, {"action": "Wait"})
    assert info.value.code == 604
    assert len(server.calls) == 1  # it may have been written: never sent twice

    server.tools["get_smart_campaign_rules"] = server.tools["add_flow_step"]
    with pytest.raises(TransientError):
        mcp.get_smart_campaign_rules(3)
    assert len(server.calls_of("get_smart_campaign_rules")) == 4  # 1 + max_retries


def test_rate_limit_error_after_the_last_retry(mcp: MarketoMCP, server: ScriptedServer) -> None:
    @server.tool("get_smart_campaign_rules")
    def full(_arguments: dict[str, Any]) -> dict[str, Any]:
        raise Refuse(606, "Max rate limit '100' exceeded with in '20' secs")

    with pytest.raises(RateLimitError):
        mcp.get_smart_campaign_rules(1)
    assert len(server.calls) == 4


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (401, {"message": "Invalid credentials"}, AuthenticationError, "refused the credentials"),
        (403, {"message": "MCP not enabled"}, FeatureNotEnabledError, "not enabled for munchkin"),
        (503, {"error": "busy"}, HTTPStatusError, "answered: busy"),
    ],
)
def test_http_errors_of_the_endpoint_keep_their_meaning(
    mcp: MarketoMCP,
    server: ScriptedServer,
    status: int,
    body: dict[str, Any],
    error: type[Exception],
    words: str,
) -> None:
    server.status, server.status_body = status, body
    with pytest.raises(error) as info:
        mcp.list_tools()
    assert words in str(info.value)
    assert SECRET not in str(info.value)
    assert server.calls == []


def test_available_is_false_for_an_instance_without_mcp(
    mcp: MarketoMCP, server: ScriptedServer
) -> None:
    server.status, server.status_body = 403, {"message": "MCP not enabled"}
    assert mcp.available() is False
    server.status = 401
    with pytest.raises(AuthenticationError):  # wrong credentials are an error, not "no MCP"
        mcp.available()
    server.status = None
    assert mcp.available() is True


def test_an_unknown_tool_is_an_invalid_request(mcp: MarketoMCP, server: ScriptedServer) -> None:
    with pytest.raises(InvalidRequestError) as info:
        mcp.call("get_smart_campaign_rules", {"campaignId": 1})
    assert "Unknown tool: get_smart_campaign_rules" in str(info.value)


def test_arguments_are_validated_against_the_live_schema(
    mcp: MarketoMCP, server: ScriptedServer, stats: CallStats
) -> None:
    server.answer("get_smart_campaign_rules", {}, RULES_SCHEMA)
    assert mcp.validate_arguments("get_smart_campaign_rules", {"campaignId": 4}) == []
    assert mcp.validate_arguments("get_smart_campaign_rules", {"campaignId": 0, "x": 1}) == [
        "(arguments): Additional properties are not allowed ('x' was unexpected)",
        "campaignId: 0 is less than the minimum of 1",
    ]
    assert mcp.validate_arguments("add_flow_step", {}) == [
        "the MCP server offers no tool 'add_flow_step'"
    ]
    call = calls.ToolCall("get_smart_campaign_rules", {"campaignId": "4"}, lambda r: r)
    with pytest.raises(InvalidRequestError) as info:
        mcp.run(call, validate=True)
    assert "campaignId: '4' is not of type 'integer'" in str(info.value)
    assert server.calls == []  # nothing sent
    assert stats.calls == 0


def test_a_result_of_an_unexpected_shape_is_an_api_error(
    mcp: MarketoMCP, server: ScriptedServer
) -> None:
    server.answer("get_smart_campaign_flow_step_type_by_name", {"aliases": "not a list"})
    with pytest.raises(APIError) as info:
        mcp.get_smart_campaign_flow_step_type_by_name("Wait")
    assert "answered in an unexpected shape" in str(info.value)


def test_typed_results(mcp: MarketoMCP, server: ScriptedServer) -> None:
    server.answer(
        "get_smart_campaign_flow_step_types",
        {
            "flowStepTypes": [
                {"id": 1, "name": "Sync Lead to SFDC", "aliases": ["Sync Person to SFDC"]}
            ]
        },
    )
    assert mcp.get_smart_campaign_flow_step_types() == [
        FlowStepType(id=1, name="Sync Lead to SFDC", aliases=["Sync Person to SFDC"])
    ]


def test_an_unreachable_server_is_a_connection_failure(
    settings: Settings, limiter: Limiter, clock: ManualClock
) -> None:
    import httpx2

    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connection refused", request=request)

    credentials = MCPCredentials(MUNCHKIN, settings.client_id, settings.client_secret)
    target = MCPTarget(URL, credentials, transport=httpx2.MockTransport(refuse))
    core = MCPCore(target, limiter=limiter, clock=clock)
    stats = CallStats()
    try:
        with pytest.raises(ConnectionFailedError) as info:
            MarketoMCP(core, stats=stats, settings=settings).get_smart_campaign_rules(1)
    finally:
        core.close()
    assert "cannot connect to Marketo's MCP server at https://mcp.test/mcp" in str(info.value)
    assert stats.retries == 3  # never reached the server: retried, then reported
    assert stats.calls == 0


def test_without_mcp_url_the_client_says_how_to_configure_it(
    settings: Settings, limiter: Limiter, clock: ManualClock
) -> None:
    core = MCPCore(None, limiter=limiter, clock=clock)
    mcp = MarketoMCP(core, stats=CallStats(), settings=settings)
    try:
        assert mcp.configured is False
        assert mcp.url is None
        assert mcp.available() is False
        with pytest.raises(ConfigurationError, match="set mcp_url in the profile"):
            mcp.list_tools()
    finally:
        core.close()


def test_many_threads_share_one_session_within_the_limits(
    mcp: MarketoMCP, server: ScriptedServer, stats: CallStats, limiter: Limiter
) -> None:
    server.answer("get_smart_campaign_rules", {"triggers": [], "filters": []})
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for campaign in range(1, 6):
                mcp.get_smart_campaign_rules(campaign)
        except BaseException as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert stats.calls == 40
    assert len(server.calls) == 40
    assert limiter.stats.max_in_flight <= 5


@pytest.mark.anyio
async def test_the_async_client_awaits_the_same_methods(
    amcp: AsyncMarketoMCP, server: ScriptedServer, stats: CallStats
) -> None:
    server.answer("get_smart_campaign_rules", {"campaignId": 2, "filterMatchType": "any"})
    rules = await amcp.get_smart_campaign_rules(2)
    assert rules.filter_match_type == "any"
    assert [tool.name for tool in await amcp.list_tools()] == ["get_smart_campaign_rules"]
    assert await amcp.validate_arguments("get_smart_campaign_rules", {}) == []
    assert await amcp.available() is True
    assert stats.calls == 1


def test_secrets_stay_out_of_reprs_and_logs(
    mcp: MarketoMCP, server: ScriptedServer, core: MCPCore, caplog: pytest.LogCaptureFixture
) -> None:
    server.answer("get_smart_campaign_rules", {})
    with caplog.at_level(logging.DEBUG):
        mcp.call("get_smart_campaign_rules", {"campaignId": 1})
        server.status = 401
        with pytest.raises(AuthenticationError):
            mcp.list_tools(refresh=True)
    shown = " ".join([repr(mcp), repr(core), repr(core.target), caplog.text])
    assert caplog.text  # the MCP package and httpx2 did log the exchanges
    assert SECRET not in shown
    assert "https://mcp.test/mcp" in repr(mcp)
