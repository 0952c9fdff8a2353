"""Typed calls of the smart-campaign tools, each written once for the sync and async clients.

Every function here builds a :class:`ToolCall`: the tool's name, its arguments in the server's
shape and how to read its answer. ``client.mcp.add_flow_step(...)`` (sync) and ``await
amcp.add_flow_step(...)`` (async) run the same builder (see :mod:`.facade`); ``mcp.run(call)``
runs one directly.

Arguments are the sandbox's model of Adobe's unpublished schemas (camelCase like REST; rules in
REST's ``includeRules`` shape; flow steps as ``{action, params, choices}``), so a real server may
list other schemas: check with ``mcp.validate_arguments(call.name, call.arguments)`` before
writing. Rules and steps may be given as read back (models or dicts with ids): the ids the
server assigns are left out of what is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from pydantic import BaseModel

from .types import (
    Flow,
    FlowStepType,
    FlowWritten,
    RuleKind,
    RulesDeleted,
    RuleSet,
    RuleType,
    RuleWritten,
    SmartCampaign,
    SmartListWithRules,
    ToolResult,
)

T = TypeVar("T")
_RULE_IDS: Final = frozenset({"id", "ruleTypeId"})
_STEP_IDS: Final = frozenset({"id", "position"})


@dataclass(frozen=True)
class ToolCall(Generic[T]):
    """One tool call, fully described before anything is sent."""

    name: str
    arguments: dict[str, Any]
    parse: Callable[[ToolResult], T] = field(repr=False)
    idempotent: bool = False
    """Safe to repeat after an ambiguous failure (reads, and writes that set a state)."""


def _model(model: type[Any]) -> Callable[[ToolResult], Any]:
    return lambda result: model.model_validate(result.object())


def _items(model: type[Any], key: str) -> Callable[[ToolResult], Any]:
    return lambda result: [model.model_validate(item) for item in result.object().get(key, [])]


def _plain(value: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_none=True, mode="json")
    return dict(value)


def _condition(condition: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    return {k: v for k, v in _plain(condition).items() if k != "activityAttributeId"}


def _rule(rule: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """A rule as sent: without the ids the server assigns (a rule read back may carry them)."""
    payload = {k: v for k, v in _plain(rule).items() if k not in _RULE_IDS}
    if "conditions" in payload:
        payload["conditions"] = [_condition(c) for c in payload["conditions"] or []]
    return payload


def _step(step: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    return {k: v for k, v in _plain(step).items() if k not in _STEP_IDS}


def _target(campaign_id: int | None, smart_list_id: int | None) -> dict[str, int]:
    """A campaign's own smart list, or a smart list by id: exactly one of them."""
    if campaign_id is not None and smart_list_id is None:
        return {"campaignId": campaign_id}
    if smart_list_id is not None and campaign_id is None:
        return {"smartListId": smart_list_id}
    raise ValueError("give exactly one of campaign_id or smart_list_id")


def _compact(**arguments: Any) -> dict[str, Any]:
    return {key: value for key, value in arguments.items() if value is not None}


# --- reads --------------------------------------------------------------------------------------
def get_smart_campaign_by_id(campaign_id: int) -> ToolCall[SmartCampaign]:
    return ToolCall(
        "get_smart_campaign_by_id", {"campaignId": campaign_id}, _model(SmartCampaign), True
    )


def get_smart_list_by_campaign_id(
    campaign_id: int, *, include_rules: bool = False
) -> ToolCall[SmartListWithRules]:
    return ToolCall(
        "get_smart_list_by_campaign_id",
        {"campaignId": campaign_id, "includeRules": include_rules},
        _model(SmartListWithRules),
        True,
    )


def get_smart_campaign_rules(campaign_id: int) -> ToolCall[RuleSet]:
    return ToolCall("get_smart_campaign_rules", {"campaignId": campaign_id}, _model(RuleSet), True)


def get_smart_list_rules(smart_list_id: int) -> ToolCall[RuleSet]:
    return ToolCall("get_smart_list_rules", {"smartListId": smart_list_id}, _model(RuleSet), True)


def get_smart_campaign_flow_steps(campaign_id: int) -> ToolCall[Flow]:
    return ToolCall(
        "get_smart_campaign_flow_steps", {"campaignId": campaign_id}, _model(Flow), True
    )


def get_smart_campaign_flow_step_types() -> ToolCall[list[FlowStepType]]:
    return ToolCall(
        "get_smart_campaign_flow_step_types",
        {},
        _items(FlowStepType, "flowStepTypes"),
        True,
    )


def get_smart_campaign_flow_step_type_by_name(name: str) -> ToolCall[FlowStepType]:
    return ToolCall(
        "get_smart_campaign_flow_step_type_by_name", {"name": name}, _model(FlowStepType), True
    )


def get_smart_campaign_auto_suggest(
    search_term: str | None = None, *, kind: RuleKind | None = None
) -> ToolCall[list[RuleType]]:
    """The triggers and/or filters a campaign can use (all of them without a search term)."""
    return ToolCall(
        "get_smart_campaign_auto_suggest",
        _compact(searchTerm=search_term, kind=kind),
        _items(RuleType, "ruleTypes"),
        True,
    )


def get_smart_campaign_rule_by_name(
    name: str, *, kind: RuleKind | None = None
) -> ToolCall[list[RuleType]]:
    return ToolCall(
        "get_smart_campaign_rule_by_name",
        _compact(name=name, kind=kind),
        _items(RuleType, "ruleTypes"),
        True,
    )


def get_smart_list_auto_suggest(search_term: str | None = None) -> ToolCall[list[RuleType]]:
    """The filters a smart list can use (all of them without a search term)."""
    return ToolCall(
        "get_smart_list_auto_suggest",
        _compact(searchTerm=search_term),
        _items(RuleType, "ruleTypes"),
        True,
    )


def get_smart_list_rule_by_name(name: str) -> ToolCall[list[RuleType]]:
    return ToolCall(
        "get_smart_list_rule_by_name", {"name": name}, _items(RuleType, "ruleTypes"), True
    )


# --- smart lists --------------------------------------------------------------------------------
def create_smart_list(
    name: str, folder: Mapping[str, Any], *, description: str | None = None
) -> ToolCall[SmartListWithRules]:
    """``folder`` is ``{"id": 12, "type": "Folder" | "Program"}``."""
    return ToolCall(
        "create_smart_list",
        _compact(name=name, folder=dict(folder), description=description),
        _model(SmartListWithRules),
    )


def add_smart_list_rule(
    kind: RuleKind,
    rule: Mapping[str, Any] | BaseModel,
    *,
    campaign_id: int | None = None,
    smart_list_id: int | None = None,
    position: int | None = None,
) -> ToolCall[RuleWritten]:
    """Add a trigger or filter (``{name, ruleType?, operator?, conditions: [...]}``)."""
    return ToolCall(
        "add_smart_list_rule",
        {
            **_target(campaign_id, smart_list_id),
            "kind": kind,
            "rule": _rule(rule),
            **_compact(position=position),
        },
        _model(RuleWritten),
    )


def update_smart_list_rule(
    rule_id: int,
    *,
    campaign_id: int | None = None,
    smart_list_id: int | None = None,
    rule_type: str | None = None,
    operator: str | None = None,
    conditions: Sequence[Mapping[str, Any] | BaseModel] | None = None,
) -> ToolCall[RuleWritten]:
    changes = _compact(ruleType=rule_type, operator=operator)
    if conditions is not None:
        changes["conditions"] = [_condition(c) for c in conditions]
    return ToolCall(
        "update_smart_list_rule",
        {**_target(campaign_id, smart_list_id), "ruleId": rule_id, **changes},
        _model(RuleWritten),
        idempotent=True,
    )


def delete_all_smart_list_rules(
    *,
    campaign_id: int | None = None,
    smart_list_id: int | None = None,
    kind: RuleKind | None = None,
) -> ToolCall[RulesDeleted]:
    """Delete every rule (or only the triggers or filters); the filter logic goes back to all."""
    return ToolCall(
        "delete_all_smart_list_rules",
        {**_target(campaign_id, smart_list_id), **_compact(kind=kind)},
        _model(RulesDeleted),
        idempotent=True,
    )


def reorder_smart_list_rules(
    kind: RuleKind,
    rule_ids: Sequence[int],
    *,
    campaign_id: int | None = None,
    smart_list_id: int | None = None,
) -> ToolCall[RuleSet]:
    return ToolCall(
        "reorder_smart_list_rules",
        {**_target(campaign_id, smart_list_id), "kind": kind, "ruleIds": list(rule_ids)},
        _model(RuleSet),
        idempotent=True,
    )


def update_smart_list_filter_logic(
    filter_logic: str, *, campaign_id: int | None = None, smart_list_id: int | None = None
) -> ToolCall[RuleSet]:
    """``'all'``, ``'any'`` or an advanced expression like ``'1 and (2 or 3)'`` (a template's
    ``filter_logic`` as it is)."""
    logic = " ".join(filter_logic.split())
    simple = logic.lower() in {"all", "any"}
    return ToolCall(
        "update_smart_list_filter_logic",
        {
            **_target(campaign_id, smart_list_id),
            "filterMatchType": logic.lower() if simple else "advanced",
            **({} if simple else {"filterLogic": logic}),
        },
        _model(RuleSet),
        idempotent=True,
    )


# --- flows --------------------------------------------------------------------------------------
def add_flow_step(
    campaign_id: int, step: Mapping[str, Any] | BaseModel, *, position: int | None = None
) -> ToolCall[FlowWritten]:
    """Add ``{action, params: {label: value}, choices: [{condition, params}]}`` to the flow."""
    return ToolCall(
        "add_flow_step",
        {"campaignId": campaign_id, "step": _step(step), **_compact(position=position)},
        _model(FlowWritten),
    )


def update_flow_step_choice(
    campaign_id: int,
    step_id: int,
    *,
    choice: Mapping[str, Any] | BaseModel | None = None,
    choice_number: int | None = None,
    default_params: Mapping[str, str] | None = None,
) -> ToolCall[FlowWritten]:
    """Replace choice ``choice_number`` (or append ``choice``); ``default_params`` replaces the
    default choice's parameters."""
    arguments: dict[str, Any] = {"campaignId": campaign_id, "stepId": step_id}
    if choice is not None:
        arguments["choice"] = _plain(choice)
    arguments.update(_compact(choiceNumber=choice_number))
    if default_params is not None:
        arguments["defaultParams"] = dict(default_params)
    return ToolCall(
        "update_flow_step_choice",
        arguments,
        _model(FlowWritten),
        idempotent=choice_number is not None or choice is None,
    )


def activate_smart_campaign(campaign_id: int) -> ToolCall[SmartCampaign]:
    """Activate a trigger campaign (it needs a trigger and a flow step).

    Adobe's MCP server offers no deactivation (no destructive tools): use REST's
    ``client.assets.smart_campaigns.deactivate``.
    """
    return ToolCall(
        "activate_smart_campaign",
        {"campaignId": campaign_id},
        _model(SmartCampaign),
        idempotent=True,
    )
