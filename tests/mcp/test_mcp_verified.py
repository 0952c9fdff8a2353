"""Marketo's MCP server as Adobe documents it, checked on the sandbox by default and on a real
instance with ``pytest --marketo-live -m marketo_verified`` when its settings name an MCP server
(``mcp_url`` in the profile or ``MARKETO_MCP_URL``) that is enabled for the instance; otherwise
the live run reports these tests as skipped, with the reason.

Safe on a real subscription: everything is written in a scratch program deleted afterwards, and
no campaign is activated (an active trigger campaign would act on real people).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from marketo_ops import Marketo
from marketo_ops.errors import BusinessRuleError, InvalidRequestError
from marketo_ops.mcp import MarketoMCP, find_type
from marketo_ops.mcp.schema import compile_schema
from marketo_ops.types.asset import Program

pytestmark = pytest.mark.marketo_verified

#: The smart-list and flow tools of Adobe's "Marketo Engage MCP operations" page.
DOCUMENTED_TOOLS = (
    "activate_smart_campaign",
    "add_flow_step",
    "add_smart_list_rule",
    "create_smart_list",
    "delete_all_smart_list_rules",
    "get_smart_campaign_flow_step_type_by_name",
    "get_smart_campaign_flow_step_types",
    "get_smart_campaign_flow_steps",
    "get_smart_campaign_rules",
    "get_smart_list_auto_suggest",
    "get_smart_list_rules",
    "reorder_smart_list_rules",
    "update_flow_step_choice",
    "update_smart_list_filter_logic",
    "update_smart_list_rule",
)


@pytest.fixture
def mcp(marketo: Marketo, request: pytest.FixtureRequest) -> MarketoMCP:
    server = marketo.mcp
    if request.config.getoption("--marketo-live"):
        if not server.configured:
            pytest.skip(
                "not run against the real instance: its settings name no MCP server"
                " (set mcp_url in the profile or MARKETO_MCP_URL)"
            )
        if not server.available():
            pytest.skip(
                "not run against the real instance: Marketo's MCP server is not enabled for"
                " its munchkin id (403)"
            )
    return server


@pytest.fixture
def program(marketo: Marketo) -> Iterator[Program]:
    root = marketo.assets.folders.get_by_path("Marketing Activities/Default")
    assert root is not None
    made = marketo.assets.programs.create(
        name=f"marketo-ops verified MCP {uuid.uuid4().hex[:8]}",
        folder={"id": root.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    yield made
    marketo.assets.programs.delete(made.id or 0)


def test_the_documented_smart_list_and_flow_tools_are_listed(mcp: MarketoMCP) -> None:
    listed = {tool.name: tool for tool in mcp.list_tools()}
    missing = [name for name in DOCUMENTED_TOOLS if name not in listed]
    assert missing == []
    for name in DOCUMENTED_TOOLS:
        assert listed[name].input_schema.get("type") == "object", name
        compile_schema(listed[name].input_schema)  # raises when it is not valid JSON Schema


def test_the_flow_step_types_are_adobes_38(mcp: MarketoMCP) -> None:
    types = mcp.get_smart_campaign_flow_step_types()
    assert len(types) == 38
    for name in ("Change Data Value", "Send Alert", "Send Email", "Wait", "Change Score"):
        assert find_type(types, name) is not None, name


def test_a_new_campaign_has_no_rules_and_no_flow(
    marketo: Marketo, mcp: MarketoMCP, program: Program
) -> None:
    campaign = marketo.assets.smart_campaigns.create(
        name="Shell", folder={"id": program.id, "type": "Program"}
    )
    rules = mcp.get_smart_campaign_rules(campaign.id or 0)
    assert (rules.triggers, rules.filters) == ([], [])
    assert mcp.get_smart_campaign_flow_steps(campaign.id or 0).steps == []


def test_a_trigger_written_over_mcp_is_read_back_over_rest(
    marketo: Marketo, mcp: MarketoMCP, program: Program
) -> None:
    campaign = marketo.assets.smart_campaigns.create(
        name="Trigger", folder={"id": program.id, "type": "Program"}
    )
    cid = campaign.id or 0
    mcp.add_smart_list_rule("trigger", {"name": "Person is Created"}, campaign_id=cid)
    smart_list = marketo.assets.smart_campaigns.smart_list(cid, include_rules=True)
    assert smart_list.rules is not None
    names = [t if isinstance(t, str) else t.name for t in smart_list.rules.triggers or []]
    assert [name.replace("Lead", "Person") for name in names if name] == ["Person is Created"]
    assert marketo.assets.smart_campaigns.get(cid).type == "trigger"


def test_activation_without_a_trigger_is_refused(
    marketo: Marketo, mcp: MarketoMCP, program: Program
) -> None:
    campaign = marketo.assets.smart_campaigns.create(
        name="Empty", folder={"id": program.id, "type": "Program"}
    )
    with pytest.raises(BusinessRuleError):
        mcp.activate_smart_campaign(campaign.id or 0)
    assert marketo.assets.smart_campaigns.get(campaign.id or 0).is_active is False


def test_an_unknown_tool_is_an_invalid_request(mcp: MarketoMCP) -> None:
    with pytest.raises(InvalidRequestError):
        mcp.call("marketo_ops_no_such_tool", {})
