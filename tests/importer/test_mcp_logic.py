"""Campaign logic over Marketo's MCP server: written, read back both ways, or named and left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import Sandbox, SandboxConfig
from tests.importer.conftest import programs

TEMPLATE = "op-lead-management"


def campaigns(client: Marketo) -> dict[str, Any]:
    program = client.assets.programs.get_by_name(name="OP-Lead Management")
    assert program is not None
    where = {"id": program.id, "type": "Program"}
    return {c.name: c for c in client.assets.smart_campaigns.list(folder=where)}


def test_the_logic_arrives_and_reads_back_over_rest_and_mcp(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE)
    assert plan.manual_steps == {}
    result = plan.apply(journal=tmp_path / "j.json")

    found = campaigns(sandbox_client)
    assert all(c.is_active for c in found.values())
    qualified = found["02 - Marketing Qualified"]
    rules = sandbox_client.assets.smart_campaigns.smart_list(qualified.id, include_rules=True)
    assert rules.rules is not None
    trigger = rules.rules.triggers[0]
    assert getattr(trigger, "name", trigger) == "Score is Changed"
    flow = sandbox_client.mcp.get_smart_campaign_flow_steps(qualified.id)
    assert [(s.action, s.params) for s in flow.steps] == [
        (
            "Change Program Status",
            {"Program": "OP-Lead Management", "New Status": "Operational - Member"},
        ),
        (
            "Send Alert",
            {
                "Email": "01 - Email - ALERT - MQL",
                "Send To": "None",
                "To Other Emails": "{{my.MQL Alert Recipients}}",
            },
        ),
        ("Sync Person to SFDC", {"Assign to": "Use Auto-Assignment Rules"}),
    ]
    used = plan.client.stats.by_operation
    assert used["mcp:add_flow_step"] == 4  # counted (and paced) with the REST calls
    assert used["mcp:add_smart_list_rule"] == 2
    assert result.calls == 31
    after = sandbox_client.importer.verify_applied(plan, result)  # takes apply's read-backs
    assert after.ok
    # 49: one window of the default pacing (50 calls / 20 s), so the import never stalls
    assert (plan.read_calls, result.calls, after.calls) == (10, 31, 8)
    report = sandbox_client.importer.verify(TEMPLATE)
    assert report.ok
    assert report.manual_steps == {}
    assert not sandbox_client.importer.plan(TEMPLATE).has_changes


def test_a_trigger_the_server_does_not_offer_leaves_only_that_campaign_manual(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    def exotic(data: dict[str, Any]) -> None:
        data["smart_campaigns"][0]["smart_list"]["triggers"] = [{"name": "Frobnicates Widget"}]

    path = template_copy(edit=exotic)
    plan = sandbox_client.importer.plan(path)

    assert plan.applicable
    assert plan.notes == [
        "Smart campaign '01 - Sync New People to CRM' keeps its manual steps: Marketo's MCP "
        "server does not offer its trigger 'Frobnicates Widget'."
    ]
    assert list(plan.manual_steps) == ["01 - Sync New People to CRM"]
    plan.apply(journal=tmp_path / "j.json")
    found = campaigns(sandbox_client)
    assert not found["01 - Sync New People to CRM"].is_active
    assert found["02 - Marketing Qualified"].is_active
    assert sandbox_client.importer.verify(path).ok


@pytest.fixture
def changed_schema_sandbox() -> Iterator[Sandbox]:
    """A server whose add_flow_step takes its step under another name."""
    schema = {
        "type": "object",
        "properties": {
            "campaignId": {"type": "integer"},
            "flowStep": {"type": "object"},
        },
        "required": ["campaignId", "flowStep"],
        "additionalProperties": False,
    }
    box = Sandbox(":memory:", SandboxConfig(mcp_schema_overrides={"add_flow_step": schema}))
    yield box
    box.close()


def test_a_server_whose_schema_differs_stops_the_plan_before_anything_is_written(
    changed_schema_sandbox: Sandbox, tmp_path: Path
) -> None:
    with Marketo.sandbox(changed_schema_sandbox) as client:
        plan = client.importer.plan(TEMPLATE)

        assert [p.code for p in plan.problems] == ["mcp-schema"]
        problem = plan.problems[0]
        assert "does not take the arguments the importer sends to add_flow_step" in (
            problem.message
        )
        assert "'flowStep' is a required property" in problem.message
        assert "--no-mcp" in problem.hint
        with pytest.raises(Exception, match="cannot be applied"):
            plan.apply(journal=tmp_path / "j.json")
        assert programs(client) == []
        assert client.importer.plan(TEMPLATE, use_mcp=False).applicable
