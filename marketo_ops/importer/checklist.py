"""The manual steps: what only a person can do in Marketo's UI, given what the instance holds.

One function serves plan, apply and verify, so the three always list the same steps for the
same campaigns. Smart lists, qualification rules and activation are read back, so a step already
done disappears; flows cannot be read by the REST API, so their steps stay (as a check when the
program comes from a seed that carries them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..templates import ProgramTemplate, SmartCampaign
from .rules_compare import is_empty, smart_list_matches


@dataclass
class CampaignFacts:
    """What is known of a campaign in the destination (or will be once apply creates it)."""

    rules: dict[str, Any] | None  # None: not read
    active: bool
    qualification: tuple[str, int | None, str]  # (type, interval, unit)
    flow_known: bool = False  # the flow was read (over MCP) and matches the template


#: A campaign the REST API creates: empty smart list, inactive, each person once.
NEW_CAMPAIGN = CampaignFacts(
    rules={"triggers": [], "filters": []}, active=False, qualification=("once", None, "")
)


def qualification_matches(wanted: str | None, facts: CampaignFacts) -> bool:
    """Whether a campaign's qualification rule is the template's ('once', 'every time'...)."""
    if wanted is None:
        return True
    text = wanted.strip().lower()
    kind, interval, unit = facts.qualification
    kind = kind.lower()
    if text == "once":
        return kind == "once"
    if text == "every time":
        return kind == "any"
    _, _, number, unit_text = text.split(" ", 3)
    return kind == "interval" and str(interval) == number and unit.lower() == unit_text.rstrip("s")


def campaign_steps(
    template: ProgramTemplate,
    entry: SmartCampaign,
    facts: CampaignFacts,
    *,
    seeded: bool = False,
) -> list[str]:
    lines = list(template.manual_steps().get(entry.name, []))
    rules = facts.rules
    if rules is not None and smart_list_matches(rules, template.smart_list_api(entry)):
        lines = [line for line in lines if not line.startswith("Smart List:")]
    if qualification_matches(entry.qualification, facts):
        lines = [line for line in lines if "Smart Campaign Settings" not in line]
    if facts.active or (rules is not None and not is_empty(rules) and entry.activate):
        lines = [line for line in lines if line != "Schedule: Activate"]
    if facts.flow_known:
        lines = [line for line in lines if not line.startswith("Flow:")]
    elif seeded:
        lines = [
            line.replace(
                "Flow: ", "Flow (carried from the seed, not readable by the API: check it): ", 1
            )
            for line in lines
        ]
    return lines
