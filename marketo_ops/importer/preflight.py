"""Prerequisites a template names that the destination must already have.

Marketo's own program import stops at the first missing prerequisite and reports it by email
after the fact. The planner reports every one of them at once, before anything is written, for
what the plan writes: the lead fields and segmentations named in the content and smart lists
it writes. (Tokens and templates the template ships itself are planned, not prerequisites.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ..templates import Rule

_LEAD_TOKEN: Final = re.compile(r"\{\{\s*(?:lead|company)\.([^{}:]+?)\s*(?::[^{}]*)?\}\}", re.I)

#: Smart-list rules that are about activities or memberships, not a lead field of that name.
ACTIVITY_RULES: Final = frozenset(
    name.lower()
    for name in (
        "Person is Created",
        "Lead is Created",
        "Score is Changed",
        "Data Value Changes",
        "Data Value Was Changed",
        "Visits Web Page",
        "Visited Web Page",
        "Clicks Link on Web Page",
        "Clicked Link on Web Page",
        "Fills Out Form",
        "Filled Out Form",
        "Opens Email",
        "Opened Email",
        "Clicks Link in Email",
        "Clicked Link in Email",
        "Email is Delivered",
        "Was Sent Email",
        "Email Bounces",
        "Unsubscribes from Email",
        "Program Status is Changed",
        "Program Status was Changed",
        "Added to List",
        "Member of List",
        "Member of Program",
        "Member of Smart List",
        "Campaign is Requested",
        "Added to Opportunity",
        "Interesting Moment",
        "Change Status in Progression",
        "Is Added to Program",
        "Not Member of List",
        "Not Member of Program",
        "Inferred Country",
        "Person Owner",
        "Lead Owner",
    )
)
#: Conditions whose values are lead field names ("Data Value Changes: Attribute = Lead Status").
FIELD_ATTRIBUTES: Final = frozenset({"attribute"})
#: ``rule_type`` values of filters on a lead field (any other type is not a field).
FIELD_RULE_TYPES: Final = frozenset({"field", "lead field", "person field", "attribute"})
SEGMENTATION_ATTRIBUTES: Final = frozenset({"segmentation", "segment"})


def lead_fields_in_texts(texts: Iterable[str]) -> list[str]:
    """Lead and company fields named by ``{{lead.X}}`` / ``{{company.X}}`` tokens."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _LEAD_TOKEN.finditer(text or ""):
            found.setdefault(match[1].strip(), None)
    return list(found)


def lead_fields_in_rules(triggers: Iterable[Rule], filters: Iterable[Rule]) -> dict[str, str]:
    """Field -> the rule naming it: 'Data Value Changes: Attribute = X', field filters, tokens.

    A filter is a field filter unless the template says it is of another type (``rule_type:
    Activity``) or its name is one of Marketo's activity and membership filters.
    """
    found: dict[str, str] = {}
    filter_list = list(filters)
    for rule in (*triggers, *filter_list):
        for condition in rule.conditions:
            if condition.attribute.strip().lower() in FIELD_ATTRIBUTES:
                for value in condition.values:
                    found.setdefault(value.strip(), rule.name)
            for name in lead_fields_in_texts(condition.values):
                found.setdefault(name, rule.name)
    for rule in filter_list:
        kind = (rule.rule_type or "").strip().lower()
        if kind and kind not in FIELD_RULE_TYPES:
            continue
        if not is_activity_rule(rule.name):
            found.setdefault(rule.name.strip(), rule.name)
    return found


def segmentations_in_rules(rules: Iterable[Rule]) -> list[str]:
    found: dict[str, None] = {}
    for rule in rules:
        for condition in rule.conditions:
            if condition.attribute.strip().lower() in SEGMENTATION_ATTRIBUTES:
                for value in condition.values:
                    found.setdefault(value, None)
    return list(found)


def is_activity_rule(name: str) -> bool:
    """Activity and membership rules ("Visited Web Page", "Not Visited Web Page")."""
    text = " ".join(name.split()).lower()
    return text in ACTIVITY_RULES or text.removeprefix("not ") in ACTIVITY_RULES


def field_exists(name: str, known: set[str]) -> bool:
    """Marketo shows some fields as "Person ..." where older instances say "Lead ..."."""
    text = " ".join(name.split()).lower()
    candidates = {text, f"{text} id"}  # "Acquisition Program" is the field "Acquisition Program Id"
    for old, new in (("person ", "lead "), ("lead ", "person ")):
        if text.startswith(old):
            candidates.add(new + text[len(old) :])
    return bool(candidates & known)


def missing_fields(names: Iterable[str], known: set[str] | None, declared: set[str]) -> list[str]:
    """The names that are neither in the destination nor created by this import."""
    have = known or set()
    return [n for n in names if not field_exists(n, have) and n.lower() not in declared]
