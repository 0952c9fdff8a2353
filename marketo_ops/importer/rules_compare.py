"""Comparing a smart list read back from Marketo with the one the template describes.

The template's side comes from ``templates.smart_list_to_api`` (no ids; ``ruleType`` and
``operator`` only where the template gives them). Marketo's side is what
``smartList.json?includeRules=true`` returns: triggers as names or as rule objects, filters
with ids. Comparison is on the keys the template states, ignoring case and ids, so that a
smart list built by hand from the checklist counts as matching.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..types.asset import SmartListWithRules


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).lower()


def _as_dict(rule: Any) -> dict[str, Any]:
    if isinstance(rule, str):
        return {"name": rule}
    if hasattr(rule, "model_dump"):
        data: dict[str, Any] = rule.model_dump(by_alias=True, exclude_none=True)
        return data
    return dict(rule)


def _condition_key(condition: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    return (
        _norm(condition.get("activityAttributeName")),
        _norm(condition.get("operator")),
        tuple(_norm(v) for v in condition.get("values") or []),
    )


def _rule_matches(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    if _norm(actual.get("name")) != _norm(expected.get("name")):
        return False
    for key in ("ruleType", "operator"):
        if key in expected and _norm(actual.get(key)) != _norm(expected[key]):
            return False
    wanted = Counter(_condition_key(c) for c in expected.get("conditions") or [])
    have = Counter(_condition_key(c) for c in actual.get("conditions") or [])
    return not wanted - have


def _unmatched(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[str]:
    remaining = list(actual)
    missing: list[str] = []
    for rule in expected:
        match = next((r for r in remaining if _rule_matches(r, rule)), None)
        if match is None:
            missing.append(str(rule.get("name")))
        else:
            remaining.remove(match)
    return missing


def rules_of(smart_list: SmartListWithRules) -> dict[str, Any]:
    """The ``rules`` of a smart list read with ``includeRules=true``, as plain data."""
    rules = smart_list.rules
    return {
        "filterMatchType": rules.filter_match_type if rules else None,
        "triggers": [_as_dict(t) for t in (rules.triggers if rules else None) or []],
        "filters": [_as_dict(f) for f in (rules.filters if rules else None) or []],
    }


def smart_list_differences(actual: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """What the destination's smart list lacks compared with the template (empty: it matches)."""
    triggers = [_as_dict(t) for t in actual.get("triggers") or []]
    filters = [_as_dict(f) for f in actual.get("filters") or []]
    expected_triggers = [_as_dict(t) for t in expected.get("triggers") or []]
    expected_filters = [_as_dict(f) for f in expected.get("filters") or []]
    problems = [f"trigger '{name}' is missing" for name in _unmatched(triggers, expected_triggers)]
    problems += [f"filter '{name}' is missing" for name in _unmatched(filters, expected_filters)]
    if len(triggers) > len(expected_triggers):
        problems.append(f"{len(triggers) - len(expected_triggers)} trigger(s) not in the template")
    if len(filters) > len(expected_filters):
        problems.append(f"{len(filters) - len(expected_filters)} filter(s) not in the template")
    match_type = _norm(actual.get("filterMatchType"))
    if len(expected_filters) > 1 and match_type != _norm(expected.get("filterMatchType")):
        problems.append(
            f"filter logic is {match_type or 'unset'}, the template says "
            f"{_norm(expected.get('filterMatchType'))}"
        )
    return problems


def smart_list_matches(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    return not smart_list_differences(actual, expected)


def is_empty(actual: dict[str, Any]) -> bool:
    return not (actual.get("triggers") or actual.get("filters"))
