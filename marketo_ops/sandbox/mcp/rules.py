"""Smart-list rules written over MCP: triggers, filters, their order and the filter logic.

Rules are stored where the seed path and clones put them (the smart list's ``rules``, in the
``SmartListRules`` shape), so REST ``smartList.json?includeRules=true`` reads back exactly what
was written. A rule's name must be a trigger or filter of the catalog (or an alias); it is kept
as written. Filters are numbered from 1 in order, which is what advanced logic refers to, so
adding, reordering or deleting filters under advanced logic that would then name a missing
filter is refused (709) instead of leaving a smart list Marketo would not accept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...templates.smartlists import filter_logic_problem
from .. import errors
from ..admin import smart_list_rules
from ..domain import campaigns
from ..store.db import Row, Store
from .catalog import RuleKind, catalog

_LISTS = {"trigger": "triggers", "filter": "filters"}


class Target:
    """The smart list a call addresses (by ``smartListId``, or a campaign's by ``campaignId``)."""

    def __init__(self, store: Store, arguments: Mapping[str, Any]) -> None:
        self.store = store
        self.campaign: Row | None = None
        if arguments.get("campaignId") is not None:
            self.campaign = campaigns.require(store, int(arguments["campaignId"]))
            self.smart_list = campaigns.smart_list_of(store, self.campaign)
        else:
            self.smart_list = campaigns.require_list(store, int(arguments["smartListId"]))
            owner = (self.smart_list.data.get("owner") or {}).get("campaign")
            if owner is not None:
                self.campaign = store.get("smart_campaign", int(owner))

    def rules(self) -> dict[str, Any]:
        return campaigns.list_rules(self.smart_list)

    def save(self, rules: dict[str, Any]) -> None:
        campaigns.write_rules(self.store, self.smart_list, rules)

    def view(self) -> dict[str, Any]:
        """What the rule tools answer: ids, match type, logic, triggers and filters."""
        rules = self.rules()
        body: dict[str, Any] = {"smartListId": self.smart_list.id}
        if self.campaign is not None:
            body["campaignId"] = self.campaign.id
        body["filterMatchType"] = rules.get("filterMatchType", "all")
        if rules.get("filterLogic"):
            body["filterLogic"] = rules["filterLogic"]
        body["triggers"] = list(rules.get("triggers") or [])
        body["filters"] = list(rules.get("filters") or [])
        return body


def _type_of(kind: RuleKind, name: str, target: Target) -> int:
    if kind == "trigger" and target.campaign is None:
        raise errors.business_rule(
            f"Smart list {target.smart_list.id} is not a smart campaign's: it cannot have triggers"
        )
    found = catalog().rule_type(kind, name)
    if found is None:
        raise errors.invalid_data(
            f"Unknown {kind} '{name}': it is not among the {kind}s this server offers"
            " (get_smart_campaign_auto_suggest lists them)"
        )
    return found.id


def _new_id(store: Store, rules: dict[str, Any]) -> int:
    taken = {rule.get("id") for key in _LISTS.values() for rule in rules.get(key) or []}
    while True:
        candidate = store.next_id("smart_list_rule")
        if candidate not in taken:
            return candidate


def _check_logic(rules: dict[str, Any]) -> None:
    if str(rules.get("filterMatchType", "all")).lower() != "advanced":
        return
    problem = filter_logic_problem(str(rules.get("filterLogic", "")), len(rules["filters"]))
    if problem is not None:
        raise errors.business_rule(f"The smart list's advanced filter logic would break: {problem}")


def add(
    target: Target, kind: RuleKind, rule: Mapping[str, Any], position: int | None
) -> dict[str, Any]:
    rules = target.rules()
    items: list[dict[str, Any]] = rules.setdefault(_LISTS[kind], [])
    if position is not None and position > len(items) + 1:
        raise errors.invalid_data(
            f"Invalid position {position}: the smart list has {len(items)} {kind}s"
        )
    stored = dict(rule)
    stored["id"] = _new_id(target.store, rules)
    stored["ruleTypeId"] = _type_of(kind, str(rule["name"]), target)
    normalised = smart_list_rules([stored], [])["triggers"][0]
    index = len(items) if position is None else position - 1
    items.insert(index, normalised)
    _check_logic(rules)
    target.save(rules)
    return {**target.view(), "kind": kind, "number": index + 1, "rule": normalised}


def _locate(rules: dict[str, Any], rule_id: int) -> tuple[str, int]:
    for key in _LISTS.values():
        for index, rule in enumerate(rules.get(key) or []):
            if rule.get("id") == rule_id:
                return key, index
    raise errors.not_found("Smart list rule", rule_id)


def update(target: Target, rule_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    rules = target.rules()
    key, index = _locate(rules, rule_id)
    current = rules[key][index]
    for field in ("ruleType", "operator"):
        if field in changes:
            current[field] = changes[field]
    if "conditions" in changes:
        rebuilt = smart_list_rules([{**current, "conditions": changes["conditions"]}], [])
        current["conditions"] = rebuilt["triggers"][0]["conditions"]
    target.save(rules)
    return {**target.view(), "rule": current}


def delete_all(target: Target, kind: RuleKind | None) -> dict[str, Any]:
    rules = target.rules()
    kinds = [kind] if kind is not None else ["trigger", "filter"]
    campaign = target.campaign
    if (
        "trigger" in kinds
        and rules.get("triggers")
        and campaign is not None
        and campaign.data.get("isActive")
    ):
        raise errors.business_rule(
            f"Smart campaign '{campaign.name}' is active: deactivate it before deleting its"
            " triggers"
        )
    deleted = sum(len(rules.get(_LISTS[k]) or []) for k in kinds)
    for k in kinds:
        rules[_LISTS[k]] = []
    if "filter" in kinds:
        rules["filterMatchType"] = "all"
        rules.pop("filterLogic", None)
    target.save(rules)
    return {**target.view(), "deleted": deleted}


def reorder(target: Target, kind: RuleKind, rule_ids: list[int]) -> dict[str, Any]:
    rules = target.rules()
    items: list[dict[str, Any]] = rules.get(_LISTS[kind]) or []
    by_id = {int(rule["id"]): rule for rule in items}
    if sorted(rule_ids) != sorted(by_id) or len(set(rule_ids)) != len(rule_ids):
        listed = ", ".join(str(i) for i in by_id)
        raise errors.invalid_data(
            f"ruleIds must list each of the smart list's {kind}s once: {listed or 'none'}"
        )
    rules[_LISTS[kind]] = [by_id[rule_id] for rule_id in rule_ids]
    target.save(rules)
    return target.view()


def set_logic(target: Target, match_type: str, logic: str | None) -> dict[str, Any]:
    rules = target.rules()
    if match_type == "advanced":
        if not logic:
            raise errors.ApiError(1002, "filterLogic is required for advanced filter logic")
        problem = filter_logic_problem(logic, len(rules.get("filters") or []))
        if problem is not None:
            raise errors.invalid_data(problem[:1].upper() + problem[1:])
        rules["filterLogic"] = " ".join(logic.split())
    else:
        rules.pop("filterLogic", None)
    rules["filterMatchType"] = match_type
    target.save(rules)
    return target.view()
