"""The sandbox's MCP server driven through the SDK: what is written over MCP is what REST reads.

Run on both faces like every SDK-driven sandbox test (``--sandbox-loopback`` serves the sandbox
over real HTTP; the default is in-process).
"""

from __future__ import annotations

from typing import Any

import pytest

from marketo_ops import Marketo
from marketo_ops.errors import (
    BusinessRuleError,
    DailyQuotaError,
    FeatureNotEnabledError,
    InvalidRequestError,
    NotFoundError,
)
from marketo_ops.mcp import find_type
from marketo_ops.sandbox import Sandbox, SandboxConfig, seed_template
from marketo_ops.templates import ProgramTemplate, resolve_template
from marketo_ops.templates.smartlists import rule_to_api
from marketo_ops.types.asset import SmartCampaign

MA_DEFAULT = "Marketing Activities/Default"
SCORE_TRIGGER: dict[str, Any] = {
    "name": "Score is Changed",
    "conditions": [
        {
            "activityAttributeName": "Score Name",
            "operator": "is",
            "values": ["Person Score"],
            "isPrimary": True,
        },
        {"activityAttributeName": "New Score", "operator": "at least", "values": ["90"]},
    ],
}
TITLE_FILTER: dict[str, Any] = {
    "name": "Job Title",
    "operator": "contains",
    "conditions": [
        {"activityAttributeName": "Job Title", "operator": "contains", "values": ["VP", "Chief"]}
    ],
}
VISIT_FILTER: dict[str, Any] = {
    "name": "Not Visited Web Page",
    "ruleType": "Activity",
    "operator": "does not occur",
    "conditions": [
        {"activityAttributeName": "Web Page", "operator": "is", "values": ["any"]},
        {"activityAttributeName": "Date of Activity", "operator": "in past", "values": ["30 days"]},
    ],
}


def campaign_in_new_program(client: Marketo, name: str = "MCP Program") -> SmartCampaign:
    root = client.assets.folders.get_by_path(MA_DEFAULT)
    assert root is not None
    program = client.assets.programs.create(
        name=name, folder={"id": root.id, "type": "Folder"}, type="Default", channel="Operational"
    )
    return client.assets.smart_campaigns.create(
        name="Campaign", folder={"id": program.id, "type": "Program"}
    )


def rest_rules(client: Marketo, campaign_id: int) -> dict[str, Any]:
    response = client.request(
        "GET",
        f"/rest/asset/v1/smartCampaign/{campaign_id}/smartList.json",
        query={"includeRules": "true"},
    )
    rules: dict[str, Any] = response.result[0]["rules"]
    return rules


def dumped(rules: list[Any]) -> list[dict[str, Any]]:
    return [rule.model_dump(by_alias=True, exclude_none=True) for rule in rules]


def contains(actual: Any, expected: Any) -> bool:
    """Every key the expected side states has the same value (lists: item by item)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def test_rules_written_over_mcp_are_what_rest_reads(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    campaign = campaign_in_new_program(client)
    cid = campaign.id or 0
    mcp.add_smart_list_rule("trigger", SCORE_TRIGGER, campaign_id=cid)
    mcp.add_smart_list_rule("filter", TITLE_FILTER, campaign_id=cid)
    mcp.add_smart_list_rule("filter", VISIT_FILTER, campaign_id=cid)
    after = mcp.update_smart_list_filter_logic("1 or 2", campaign_id=cid)

    assert after.filter_match_type == "advanced"
    assert after.filter_logic == "1 or 2"
    over_rest = rest_rules(client, cid)
    assert over_rest == {
        "filterMatchType": "advanced",
        "triggers": dumped(after.triggers),
        "filters": dumped(after.filters),
    }
    assert contains(over_rest["triggers"], [SCORE_TRIGGER])
    assert contains(over_rest["filters"], [TITLE_FILTER, VISIT_FILTER])
    assert dumped(mcp.get_smart_campaign_rules(cid).filters) == over_rest["filters"]
    assert client.assets.smart_campaigns.get(cid).type == "trigger"


def test_a_templates_campaign_written_over_mcp_matches_the_template(
    sandbox_client: Marketo,
) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    template = ProgramTemplate.load(resolve_template("op-lead-management"))
    wanted = next(c for c in template.smart_campaigns if c.name == "02 - Marketing Qualified")
    cid = campaign_in_new_program(client).id or 0
    for trigger in wanted.smart_list.triggers:
        mcp.add_smart_list_rule("trigger", rule_to_api(trigger), campaign_id=cid)
    for step in wanted.flow:
        mcp.add_flow_step(cid, step.model_dump(mode="json"))
    activated = mcp.activate_smart_campaign(cid)

    assert activated.is_active is True
    assert client.assets.smart_campaigns.get(cid).status == "Active"
    assert contains(
        rest_rules(client, cid)["triggers"], [rule_to_api(t) for t in wanted.smart_list.triggers]
    )
    flow = mcp.get_smart_campaign_flow_steps(cid)
    assert [step.model_dump(exclude={"id", "position"}) for step in flow.steps] == [
        step.model_dump(mode="json") for step in wanted.flow
    ]
    assert [step.position for step in flow.steps] == [1, 2, 3]


def test_activation_needs_a_trigger_and_a_flow_step(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    cid = campaign_in_new_program(client).id or 0
    with pytest.raises(BusinessRuleError, match="no trigger"):
        mcp.activate_smart_campaign(cid)
    mcp.add_smart_list_rule("trigger", {"name": "Person is Created"}, campaign_id=cid)
    with pytest.raises(BusinessRuleError, match="its flow has no steps"):
        mcp.activate_smart_campaign(cid)
    assert client.assets.smart_campaigns.get(cid).is_active is False
    mcp.add_flow_step(cid, {"action": "Sync Person to SFDC", "params": {"Assign to": "Auto"}})
    assert mcp.activate_smart_campaign(cid).status == "Active"
    with pytest.raises(BusinessRuleError, match="is active"):  # no triggerless active campaign
        mcp.delete_all_smart_list_rules(campaign_id=cid)
    assert len(mcp.get_smart_campaign_rules(cid).triggers) == 1


def test_unknown_rules_and_flow_steps_are_refused_and_nothing_is_written(
    sandbox_client: Marketo,
) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    cid = campaign_in_new_program(client).id or 0
    with pytest.raises(InvalidRequestError) as info:
        mcp.add_smart_list_rule("trigger", {"name": "Visits Moon"}, campaign_id=cid)
    assert info.value.code == 1003
    assert "Unknown trigger 'Visits Moon'" in info.value.message
    with pytest.raises(InvalidRequestError, match="Unknown flow step 'Teleport'"):
        mcp.add_flow_step(cid, {"action": "Teleport"})
    with pytest.raises(InvalidRequestError, match="Unknown filter 'Score is Changed'"):
        mcp.add_smart_list_rule("filter", {"name": "Score is Changed"}, campaign_id=cid)
    assert rest_rules(client, cid) == {"filterMatchType": "all", "triggers": [], "filters": []}
    assert mcp.get_smart_campaign_flow_steps(cid).steps == []


def test_names_and_aliases_of_the_type_listings(sandbox_client: Marketo) -> None:
    mcp = sandbox_client.mcp
    steps = mcp.get_smart_campaign_flow_step_types()
    assert len(steps) == 38
    sync = find_type(steps, "sync person to sfdc")
    assert sync is not None
    assert sync.name == "Sync Lead to SFDC"
    triggers = mcp.get_smart_campaign_auto_suggest(kind="trigger")
    assert len(triggers) == 78
    assert {t.kind for t in triggers} == {"trigger"}
    assert [t.name for t in mcp.get_smart_campaign_rule_by_name("Person is Created")] == [
        "Lead is Created"
    ]
    webhook = mcp.get_smart_campaign_rule_by_name("Webhook is Called")
    assert sorted(t.kind or "" for t in webhook) == ["filter", "trigger"]
    assert [t.name for t in mcp.get_smart_list_rule_by_name("not opened email")] == ["Opened Email"]
    assert {t.name for t in mcp.get_smart_list_auto_suggest("score")} == {
        "Lead Score",
        "Score was Changed",
    }
    assert mcp.get_smart_campaign_flow_step_type_by_name("Change Program Status").name == (
        "Change Status in Progression"
    )
    with pytest.raises(NotFoundError):
        mcp.get_smart_campaign_flow_step_type_by_name("Teleport")


def test_a_smart_list_of_its_own_takes_filters_only(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    campaign = campaign_in_new_program(client)
    program_id = campaign.folder.id if campaign.folder else 0
    created = mcp.create_smart_list(
        "Senior titles", {"id": program_id, "type": "Program"}, description="VPs"
    )
    list_id = created.id or 0
    with pytest.raises(BusinessRuleError, match="cannot have triggers"):
        mcp.add_smart_list_rule("trigger", {"name": "Person is Created"}, smart_list_id=list_id)
    mcp.add_smart_list_rule("filter", TITLE_FILTER, smart_list_id=list_id)
    by_rest = client.request(
        "GET", f"/rest/asset/v1/smartList/{list_id}.json", query={"includeRules": "true"}
    ).result[0]
    assert by_rest["name"] == "Senior titles"
    assert contains(by_rest["rules"]["filters"], [TITLE_FILTER])
    assert dumped(mcp.get_smart_list_rules(list_id).filters) == by_rest["rules"]["filters"]
    with pytest.raises(BusinessRuleError, match="already exists"):
        mcp.create_smart_list("Senior titles", {"id": program_id, "type": "Program"})


def test_reorder_update_logic_and_delete(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    cid = campaign_in_new_program(client).id or 0
    first = mcp.add_smart_list_rule("filter", TITLE_FILTER, campaign_id=cid).rule
    second = mcp.add_smart_list_rule("filter", VISIT_FILTER, campaign_id=cid, position=1).rule
    assert [f.id for f in mcp.get_smart_campaign_rules(cid).filters] == [second.id, first.id]
    with pytest.raises(InvalidRequestError, match="must list each"):
        mcp.reorder_smart_list_rules("filter", [first.id or 0], campaign_id=cid)
    mcp.reorder_smart_list_rules("filter", [first.id or 0, second.id or 0], campaign_id=cid)
    assert [f["name"] for f in rest_rules(client, cid)["filters"]] == [
        "Job Title",
        "Not Visited Web Page",
    ]

    changed = mcp.update_smart_list_rule(
        first.id or 0,
        campaign_id=cid,
        conditions=[{"activityAttributeName": "Job Title", "operator": "is", "values": ["CEO"]}],
    ).rule
    assert changed.name == "Job Title"
    assert [c.values for c in changed.conditions or []] == [["CEO"]]
    assert rest_rules(client, cid)["filters"][0]["conditions"][0]["values"] == ["CEO"]
    with pytest.raises(NotFoundError):
        mcp.update_smart_list_rule(999_999, campaign_id=cid, operator="is")

    with pytest.raises(InvalidRequestError, match="refers to filter 3"):
        mcp.update_smart_list_filter_logic("1 and 3", campaign_id=cid)
    assert mcp.update_smart_list_filter_logic("not 1 and 2", campaign_id=cid).filter_logic == (
        "not 1 and 2"
    )
    deleted = mcp.delete_all_smart_list_rules(campaign_id=cid, kind="filter")
    assert deleted.deleted == 2
    assert (deleted.filter_match_type, deleted.filter_logic) == ("all", None)
    assert rest_rules(client, cid) == {"filterMatchType": "all", "triggers": [], "filters": []}


def test_flow_steps_positions_and_choices(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    cid = campaign_in_new_program(client).id or 0
    alert = mcp.add_flow_step(cid, {"action": "Send Alert", "params": {}}).step
    mcp.add_flow_step(cid, {"action": "Wait", "params": {"Duration": "2 days"}}, position=1)
    choice = {"condition": "Lead Status is MQL", "params": {"Send To": "Lead Owner"}}
    written = mcp.update_flow_step_choice(cid, alert.id or 0, choice=choice)
    assert [c.model_dump() for c in written.step.choices] == [choice]
    mcp.update_flow_step_choice(
        cid,
        alert.id or 0,
        choice={"condition": "Lead Status is SQL", "params": {}},
        choice_number=1,
        default_params={"Send To": "None"},
    )
    with pytest.raises(InvalidRequestError, match="has 1 choices"):
        mcp.update_flow_step_choice(cid, alert.id or 0, choice=choice, choice_number=3)
    with pytest.raises(NotFoundError):
        mcp.update_flow_step_choice(cid, 999_999, default_params={})
    steps = mcp.get_smart_campaign_flow_steps(cid).steps
    assert [(s.position, s.action) for s in steps] == [(1, "Wait"), (2, "Send Alert")]
    assert steps[1].params == {"Send To": "None"}
    assert [c.condition for c in steps[1].choices] == ["Lead Status is SQL"]


def test_seeded_and_cloned_flows_are_readable_with_ids_of_their_own(
    sandbox: Sandbox, sandbox_client: Marketo
) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    seeded = seed_template(sandbox, ProgramTemplate.load(resolve_template("op-lead-management")))
    cid = seeded.campaigns["02 - Marketing Qualified"]
    first = mcp.get_smart_campaign_flow_steps(cid)
    assert [s.action for s in first.steps] == [
        "Change Program Status",
        "Send Alert",
        "Sync Person to SFDC",
    ]
    assert mcp.get_smart_campaign_flow_steps(cid) == first  # ids are kept, not re-made
    mcp.update_flow_step_choice(
        cid, first.steps[1].id or 0, choice={"condition": "Lead Score at least 90", "params": {}}
    )
    clone = client.assets.smart_campaigns.clone(
        cid, name="Copy", folder={"id": seeded.program_id, "type": "Program"}
    )
    copied = mcp.get_smart_campaign_flow_steps(clone.id or 0)
    assert [s.choices for s in copied.steps] == [
        s.choices for s in mcp.get_smart_campaign_flow_steps(cid).steps
    ]
    assert {s.id for s in copied.steps}.isdisjoint({s.id for s in first.steps})
    assert (
        dumped(mcp.get_smart_campaign_rules(clone.id or 0).triggers)
        == rest_rules(client, clone.id or 0)["triggers"]
    )


def test_mcp_calls_are_counted_with_rest_calls(sandbox_client: Marketo) -> None:
    client, mcp = sandbox_client, sandbox_client.mcp
    cid = campaign_in_new_program(client).id or 0
    before = client.stats.calls
    mcp.list_tools()
    mcp.get_smart_campaign_rules(cid)
    counting = client.counting()
    counting.mcp.get_smart_campaign_flow_steps(cid)
    assert client.stats.calls == before + 1
    assert counting.stats.calls == 1
    assert counting.stats.by_operation == {"mcp:get_smart_campaign_flow_steps": 1}
    made = client.stats.calls + counting.stats.calls
    usage = client.request("GET", "/rest/v1/stats/usage.json").result[0]
    assert usage["total"] == made  # REST and MCP calls in the same call log


@pytest.fixture
def limited_sandbox(sandbox_clock: Any) -> Any:
    box = Sandbox(
        ":memory:", SandboxConfig(rate_limit=(4, 20.0), daily_quota=9), clock=sandbox_clock
    )
    yield box
    box.close()


def test_tool_calls_pass_the_instances_rate_window_and_daily_quota(
    limited_sandbox: Sandbox,
) -> None:
    with Marketo.sandbox(limited_sandbox) as client:
        cid = campaign_in_new_program(client).id or 0  # 4 REST calls: the window is full
        for _ in range(5):
            client.mcp.get_smart_campaign_rules(cid)  # waited out (606), not failed
        assert client.stats.retries >= 1
        with pytest.raises(DailyQuotaError):  # 4 + 5 = 9 calls today: the 10th is refused
            client.mcp.get_smart_campaign_flow_steps(cid)
        assert client.stats.errors["DailyQuotaError"] == 1


def test_a_subscription_without_mcp_answers_403(sandbox_clock: Any) -> None:
    with Marketo.sandbox(config=SandboxConfig(mcp=False), clock=sandbox_clock) as client:
        assert client.mcp.configured is True
        assert client.mcp.available() is False
        with pytest.raises(FeatureNotEnabledError) as info:
            client.mcp.get_smart_campaign_flow_step_types()
        assert info.value.http_status == 403
        assert "not enabled for munchkin id 000-SBX-000" in str(info.value)
        assert client.assets.folders.get_by_path(MA_DEFAULT) is not None  # REST still works


@pytest.mark.anyio
async def test_the_async_client_reads_and_writes_the_same_store() -> None:
    from marketo_ops import AsyncMarketo

    async with AsyncMarketo.sandbox() as client:
        root = await client.assets.folders.get_by_path(MA_DEFAULT)
        assert root is not None
        program = await client.assets.programs.create(
            name="Async",
            folder={"id": root.id, "type": "Folder"},
            type="Default",
            channel="Operational",
        )
        campaign = await client.assets.smart_campaigns.create(
            name="C", folder={"id": program.id, "type": "Program"}
        )
        await client.mcp.add_smart_list_rule("trigger", SCORE_TRIGGER, campaign_id=campaign.id)
        smart_list = await client.assets.smart_campaigns.smart_list(
            campaign.id or 0, include_rules=True
        )
        assert smart_list.rules is not None
        assert [t.name for t in smart_list.rules.triggers or [] if not isinstance(t, str)] == [
            "Score is Changed"
        ]
