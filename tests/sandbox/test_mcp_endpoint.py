"""``/mcp`` on the wire: authentication, 403 without MCP, plain JSON-RPC clients, a server whose
tool schemas differ, and the tool table kept as data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from marketo_ops import ManualClock, Marketo
from marketo_ops._http import CallStats
from marketo_ops._limits import Limiter
from marketo_ops.config import Settings
from marketo_ops.errors import InvalidRequestError
from marketo_ops.mcp import MarketoMCP, MCPCredentials, MCPTarget
from marketo_ops.mcp.core import MCPCore
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.mcp.catalog import catalog
from marketo_ops.sandbox.mcp.schemas import tool_table
from marketo_ops.sandbox.mcp.tools import IMPLEMENTATIONS

LIST_TOOLS = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
ACCEPT = {"Accept": "application/json, text/event-stream"}


def marketo_headers(sandbox: Sandbox, **changes: str) -> dict[str, str]:
    headers = {
        "X-Marketo-Client-Id": sandbox.client_id,
        "X-Marketo-Client-Secret": sandbox.client_secret,
        "X-Marketo-Munchkin-Id": sandbox.munchkin_id,
        **ACCEPT,
    }
    headers.update(changes)
    return headers


@pytest.fixture
def token(http: httpx.Client) -> str:
    """A live access token of the sandbox (the ``http`` fixture fetched it)."""
    return http.headers["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def wire(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url) as client:
        yield client


def test_a_plain_json_rpc_client_lists_the_tools(wire: httpx.Client, sandbox: Sandbox) -> None:
    response = wire.post("/mcp", headers=marketo_headers(sandbox), json=LIST_TOOLS)
    assert response.status_code == 200
    names = [tool["name"] for tool in response.json()["result"]["tools"]]
    assert names == list(IMPLEMENTATIONS)
    assert wire.get("/mcp", headers=marketo_headers(sandbox)).status_code == 405


@pytest.mark.parametrize(
    "changes",
    [
        {"X-Marketo-Client-Secret": "wrong"},
        {"X-Marketo-Client-Id": "someone-else"},
        {"X-Marketo-Munchkin-Id": "123-ABC-456"},
        {"X-Marketo-Munchkin-Id": ""},
    ],
    ids=["secret", "client-id", "other-munchkin", "no-munchkin"],
)
def test_wrong_credentials_are_401(
    wire: httpx.Client, sandbox: Sandbox, changes: dict[str, str]
) -> None:
    response = wire.post("/mcp", headers=marketo_headers(sandbox, **changes), json=LIST_TOOLS)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert sandbox.client_secret not in response.text


def test_an_access_token_stands_in_for_an_ims_bearer_token(
    wire: httpx.Client, sandbox: Sandbox, clock: ManualClock, token: str
) -> None:
    headers = {
        "Authorization": f"Bearer {token}",
        "X-Marketo-Munchkin-Id": sandbox.munchkin_id,
        **ACCEPT,
    }
    assert wire.post("/mcp", headers=headers, json=LIST_TOOLS).status_code == 200
    clock.advance(3601)
    assert wire.post("/mcp", headers=headers, json=LIST_TOOLS).status_code == 401


def test_without_mcp_valid_credentials_get_403_and_wrong_ones_401(clock: ManualClock) -> None:
    box = Sandbox(":memory:", SandboxConfig(mcp=False), clock=clock)
    try:
        with httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as wire:
            refused = wire.post("/mcp", headers=marketo_headers(box), json=LIST_TOOLS)
            assert refused.status_code == 403
            assert refused.json() == {
                "error": "forbidden",
                "message": "The MCP server is not enabled for munchkin id 000-SBX-000",
            }
            wrong = marketo_headers(box, **{"X-Marketo-Client-Secret": "x"})
            assert wire.post("/mcp", headers=wrong, json=LIST_TOOLS).status_code == 401
    finally:
        box.close()


CHANGED_ADD_FLOW_STEP: dict[str, Any] = {
    "type": "object",
    "properties": {
        "campaignId": {"type": "integer"},
        "flowStep": {
            "type": "object",
            "properties": {"type": {"type": "string"}, "attributes": {"type": "array"}},
            "required": ["type"],
        },
    },
    "required": ["campaignId", "flowStep"],
    "additionalProperties": False,
}


@pytest.fixture
def changed_server(clock: ManualClock) -> Iterator[Sandbox]:
    overrides = {"add_flow_step": CHANGED_ADD_FLOW_STEP, "reorder_smart_list_rules": None}
    box = Sandbox(":memory:", SandboxConfig(mcp_schema_overrides=overrides), clock=clock)
    yield box
    box.close()


def test_a_server_whose_schema_differs_lists_it_and_holds_callers_to_it(
    changed_server: Sandbox,
) -> None:
    with Marketo.sandbox(changed_server) as client:
        mcp = client.mcp
        listed = {tool.name: tool for tool in mcp.list_tools()}
        assert "reorder_smart_list_rules" not in listed
        assert listed["add_flow_step"].input_schema == CHANGED_ADD_FLOW_STEP
        problems = mcp.validate_arguments(
            "add_flow_step", {"campaignId": 1, "step": {"action": "Wait"}}
        )
        assert problems == [
            "(arguments): 'flowStep' is a required property",
            "(arguments): Additional properties are not allowed ('step' was unexpected)",
        ]
        with pytest.raises(InvalidRequestError, match="'flowStep' is a required property"):
            mcp.add_flow_step(1, {"action": "Wait"})  # the server checks too: nothing written
        with pytest.raises(InvalidRequestError, match="Unknown tool: reorder_smart_list_rules"):
            mcp.reorder_smart_list_rules("filter", [1], campaign_id=1)


def test_an_override_of_an_unknown_tool_is_refused_at_once(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="unknown tool 'add_flow_stp'"):
        Sandbox(":memory:", SandboxConfig(mcp_schema_overrides={"add_flow_stp": None}), clock=clock)


def test_the_sdk_authenticates_with_a_bearer_token_too(
    sandbox: Sandbox, clock: ManualClock, token: str
) -> None:
    credentials = MCPCredentials(
        sandbox.munchkin_id, "", SecretStr(""), bearer_token=SecretStr(token)
    )
    target = MCPTarget(sandbox.mcp_url, credentials, transport=sandbox.mcp_transport())
    core = MCPCore(target, limiter=Limiter(50, 20.0, 5, clock), clock=clock)
    settings = Settings(base_url=sandbox.base_url, client_id="", client_secret="")
    try:
        mcp = MarketoMCP(core, stats=CallStats(), settings=settings)
        assert len(mcp.get_smart_campaign_flow_step_types()) == 38
    finally:
        core.close()


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {str(node["$ref"]).removeprefix("#/$defs/")} if "$ref" in node else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def test_the_tool_table_is_data_with_an_implementation_for_each_tool() -> None:
    table = tool_table()
    assert list(table) == list(IMPLEMENTATIONS)
    for definition in table.values():
        assert definition.description
        refs = _refs(definition.input_schema)
        assert refs <= set(definition.input_schema.get("$defs", {})), definition.name


def test_the_catalog_is_adobes_table_with_the_ui_names_as_aliases() -> None:
    found = catalog()
    assert len(found.flow_steps) == 38
    assert len(found.triggers) == 78
    assert len(found.filters) == 74 + 104
    assert found.flow_step("Change Program Status") == found.flow_step(
        "Change Status in Progression"
    )
    assert found.rule_type("filter", "Not Clicked Link in Email") is not None
    assert found.rule_type("trigger", "Not Clicks Link in Email") is None  # filters only
    ids = [t.id for t in (*found.flow_steps, *found.triggers, *found.filters)]
    assert len(ids) == len(set(ids))
