# ruff: noqa: ARG001 - every tool has the same signature, whether it reads the store or not
"""What each tool of the sandbox's MCP server does, on the sandbox's store.

One function per tool, taking the store and the (already validated) arguments and returning the
tool's structured result; refusals raise :class:`~marketo_ops.sandbox.errors.ApiError` with the
code the matching REST call would answer (702 not found, 709 business rule, 1003 invalid...).
The schemas live in ``tools.yaml``; :data:`IMPLEMENTATIONS` must name the same tools.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from .. import errors
from ..domain import campaigns, tree
from ..store.db import Store
from . import flows, rules
from .catalog import RuleKind, catalog

Arguments = Mapping[str, Any]
Implementation = Callable[[Store, Arguments], dict[str, Any]]


def _kind(arguments: Arguments) -> RuleKind | None:
    kind = arguments.get("kind")
    return "trigger" if kind == "trigger" else "filter" if kind == "filter" else None


def _required_kind(arguments: Arguments) -> RuleKind:
    """``kind`` where the tool needs one: Adobe's schema requires it, but a sandbox may serve
    another schema (``SandboxConfig.mcp_schema_overrides``), so a call can still lack it."""
    given = arguments.get("kind")
    if given is None or given == "":
        raise errors.blank("kind")
    kind = _kind(arguments)
    if kind is None:
        raise errors.invalid_value(given, "kind (trigger or filter)")
    return kind


def _campaign(store: Store, arguments: Arguments) -> Any:
    return campaigns.require(store, int(arguments["campaignId"]))


def get_smart_campaign_by_id(store: Store, arguments: Arguments) -> dict[str, Any]:
    return campaigns.render(store, _campaign(store, arguments))


def get_smart_list_by_campaign_id(store: Store, arguments: Arguments) -> dict[str, Any]:
    smart_list = campaigns.smart_list_of(store, _campaign(store, arguments))
    return campaigns.render_list(smart_list, include_rules=bool(arguments.get("includeRules")))


def get_smart_campaign_rules(store: Store, arguments: Arguments) -> dict[str, Any]:
    return rules.Target(store, {"campaignId": arguments["campaignId"]}).view()


def get_smart_list_rules(store: Store, arguments: Arguments) -> dict[str, Any]:
    return rules.Target(store, {"smartListId": arguments["smartListId"]}).view()


def get_smart_campaign_flow_steps(store: Store, arguments: Arguments) -> dict[str, Any]:
    return flows.view(store, _campaign(store, arguments))


def get_smart_campaign_flow_step_types(store: Store, arguments: Arguments) -> dict[str, Any]:
    return {"flowStepTypes": [step.as_dict() for step in catalog().flow_steps]}


def get_smart_campaign_flow_step_type_by_name(store: Store, arguments: Arguments) -> dict[str, Any]:
    found = catalog().flow_step(str(arguments["name"]))
    if found is None:
        raise errors.not_found("Flow step type", f"'{arguments['name']}'")
    return found.as_dict()


def _rule_types(found: list[Any], name: str) -> dict[str, Any]:
    if not found:
        raise errors.not_found("Smart list rule type", f"'{name}'")
    return {"ruleTypes": [item.as_dict() for item in found]}


def get_smart_campaign_rule_by_name(store: Store, arguments: Arguments) -> dict[str, Any]:
    name = str(arguments["name"])
    return _rule_types(catalog().rules_named(name, _kind(arguments)), name)


def get_smart_list_rule_by_name(store: Store, arguments: Arguments) -> dict[str, Any]:
    name = str(arguments["name"])
    return _rule_types(catalog().rules_named(name, "filter"), name)


def get_smart_campaign_auto_suggest(store: Store, arguments: Arguments) -> dict[str, Any]:
    found = catalog().suggest(arguments.get("searchTerm"), _kind(arguments))
    return {"ruleTypes": [item.as_dict() for item in found]}


def get_smart_list_auto_suggest(store: Store, arguments: Arguments) -> dict[str, Any]:
    found = catalog().suggest(arguments.get("searchTerm"), "filter")
    return {"ruleTypes": [item.as_dict() for item in found]}


def create_smart_list(store: Store, arguments: Arguments) -> dict[str, Any]:
    container = tree.resolve_container(store, arguments["folder"])
    row = campaigns.create_list(
        store,
        name=str(arguments["name"]),
        container=container,
        description=str(arguments.get("description") or ""),
    )
    return campaigns.render_list(row, include_rules=True)


def add_smart_list_rule(store: Store, arguments: Arguments) -> dict[str, Any]:
    kind = _required_kind(arguments)
    position = arguments.get("position")
    return rules.add(
        rules.Target(store, arguments),
        kind,
        arguments["rule"],
        int(position) if position is not None else None,
    )


def update_smart_list_rule(store: Store, arguments: Arguments) -> dict[str, Any]:
    return rules.update(rules.Target(store, arguments), int(arguments["ruleId"]), arguments)


def delete_all_smart_list_rules(store: Store, arguments: Arguments) -> dict[str, Any]:
    return rules.delete_all(rules.Target(store, arguments), _kind(arguments))


def reorder_smart_list_rules(store: Store, arguments: Arguments) -> dict[str, Any]:
    kind = _required_kind(arguments)
    ids = [int(rule_id) for rule_id in arguments["ruleIds"]]
    return rules.reorder(rules.Target(store, arguments), kind, ids)


def update_smart_list_filter_logic(store: Store, arguments: Arguments) -> dict[str, Any]:
    return rules.set_logic(
        rules.Target(store, arguments),
        str(arguments["filterMatchType"]),
        arguments.get("filterLogic"),
    )


def add_flow_step(store: Store, arguments: Arguments) -> dict[str, Any]:
    position = arguments.get("position")
    return flows.add(
        store,
        _campaign(store, arguments),
        arguments["step"],
        int(position) if position is not None else None,
    )


def update_flow_step_choice(store: Store, arguments: Arguments) -> dict[str, Any]:
    number = arguments.get("choiceNumber")
    return flows.update_choice(
        store,
        _campaign(store, arguments),
        int(arguments["stepId"]),
        choice_number=int(number) if number is not None else None,
        choice=arguments.get("choice"),
        default_params=arguments.get("defaultParams"),
    )


def activate_smart_campaign(store: Store, arguments: Arguments) -> dict[str, Any]:
    row = campaigns.activate(store, _campaign(store, arguments))
    return campaigns.render(store, row)


IMPLEMENTATIONS: Final[dict[str, Implementation]] = {
    function.__name__: function
    for function in (
        get_smart_campaign_by_id,
        get_smart_list_by_campaign_id,
        get_smart_campaign_rules,
        get_smart_list_rules,
        get_smart_campaign_flow_steps,
        get_smart_campaign_flow_step_types,
        get_smart_campaign_flow_step_type_by_name,
        get_smart_campaign_auto_suggest,
        get_smart_campaign_rule_by_name,
        get_smart_list_auto_suggest,
        get_smart_list_rule_by_name,
        create_smart_list,
        add_smart_list_rule,
        update_smart_list_rule,
        delete_all_smart_list_rules,
        reorder_smart_list_rules,
        update_smart_list_filter_logic,
        add_flow_step,
        update_flow_step_choice,
        activate_smart_campaign,
    )
}
