"""Prerequisites a template names that the destination must already have.

Marketo's own program import stops at the first missing prerequisite and reports it by email
after the fact. The planner reports every one of them at once, before anything is written:
the channel, tag types and values, lead fields and segmentations named in smart lists and
content. (Tokens and templates the template ships itself are planned, not prerequisites.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from ..templates import ProgramTemplate, Rule

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
SEGMENTATION_ATTRIBUTES: Final = frozenset({"segmentation", "segment"})


def _rules(template: ProgramTemplate) -> Iterator[tuple[str, Rule]]:
    for campaign in template.smart_campaigns:
        for rule in (*campaign.smart_list.triggers, *campaign.smart_list.filters):
            yield campaign.name, rule


def referenced_lead_fields(template: ProgramTemplate) -> dict[str, str]:
    """Lead field name -> where the template uses it (first place found)."""
    found: dict[str, str] = {}

    def add(name: str, where: str) -> None:
        found.setdefault(name.strip(), where)

    for email in template.emails:
        texts: Iterable[str] = (
            email.subject or "",
            email.from_name or "",
            email.from_email or "",
            email.reply_to or "",
            *template.email_content(email).values(),
        )
        for text in texts:
            for match in _LEAD_TOKEN.finditer(text):
                add(match[1], f"email {email.name!r}")
    for campaign_name, rule in _rules(template):
        where = f"smart campaign {campaign_name!r}, rule {rule.name!r}"
        for condition in rule.conditions:
            if condition.attribute.strip().lower() in FIELD_ATTRIBUTES:
                for value in condition.values:
                    add(value, where)
            for value in condition.values:
                for match in _LEAD_TOKEN.finditer(value):
                    add(match[1], where)
        if not is_activity_rule(rule.name) and rule in _filters(template):
            add(rule.name, where)
    return found


def is_activity_rule(name: str) -> bool:
    """Activity and membership rules ("Visited Web Page", "Not Visited Web Page")."""
    text = " ".join(name.split()).lower()
    return text in ACTIVITY_RULES or text.removeprefix("not ") in ACTIVITY_RULES


def field_exists(name: str, known: set[str]) -> bool:
    """Marketo shows some fields as "Person ..." where older instances say "Lead ..."."""
    text = " ".join(name.split()).lower()
    candidates = {text}
    for old, new in (("person ", "lead "), ("lead ", "person ")):
        if text.startswith(old):
            candidates.add(new + text[len(old) :])
    return bool(candidates & known)


def _filters(template: ProgramTemplate) -> list[Rule]:
    return [f for c in template.smart_campaigns for f in c.smart_list.filters]


def referenced_segmentations(template: ProgramTemplate) -> dict[str, str]:
    found: dict[str, str] = {}
    for campaign_name, rule in _rules(template):
        for condition in rule.conditions:
            if condition.attribute.strip().lower() in SEGMENTATION_ATTRIBUTES:
                for value in condition.values:
                    found.setdefault(value, f"smart campaign {campaign_name!r}, rule {rule.name!r}")
    return found
