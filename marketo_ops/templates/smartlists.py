"""Smart lists and flows as the API shows them and as a person types them.

The REST API cannot write smart-list rules or flow steps. It can read smart lists
(``GET /rest/asset/v1/smartCampaign/{id}/smartList.json?includeRules=true``) but not flows.
So a campaign's intended logic leaves the template in two forms:

- :func:`smart_list_to_api`: the ``rules`` object of ``SmartListResponseWithRules`` (without ids),
  for the importer to compare with what it reads back and for the sandbox to seed;
- one sentence per trigger, filter and flow step (:func:`describe_rule`,
  :func:`describe_flow_step`, :func:`campaign_checklist`), for the manual-steps checklist.
"""

from __future__ import annotations

import re
from typing import Any

from .spec import Condition, FlowStep, Rule, SmartCampaign, SmartList, Unread

MATCH_TYPES = {"all": "All", "any": "Any"}
_LOGIC_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(and|or|not)\b|([()]))", re.IGNORECASE)


def filter_match_type(smart_list: SmartList) -> str:
    """The API's ``filterMatchType``: All, Any, or Advanced for a custom expression."""
    return MATCH_TYPES.get(smart_list.filter_logic.strip().lower(), "Advanced")


def condition_to_api(condition: Condition) -> dict[str, Any]:
    return {
        "activityAttributeName": condition.attribute,
        "operator": condition.operator,
        "values": list(condition.values),
        "isPrimary": condition.primary,
    }


def rule_to_api(rule: Rule) -> dict[str, Any]:
    """A filter in the API's shape; ``ruleType`` and ``operator`` only when the template says."""
    result: dict[str, Any] = {"name": rule.name}
    if rule.rule_type is not None:
        result["ruleType"] = rule.rule_type
    if rule.operator is not None:
        result["operator"] = rule.operator
    result["conditions"] = [condition_to_api(c) for c in rule.conditions]
    return result


def smart_list_to_api(
    source: SmartList | SmartCampaign, *, detailed_triggers: bool = False
) -> dict[str, Any]:
    """``{"filterMatchType", "triggers": [names], "filters": [...]}`` as the Asset API returns.

    The API lists triggers by name only; ``detailed_triggers=True`` gives them the filters'
    shape instead (name, conditions...), for a sandbox that wants to keep their constraints.
    Ids (``id``, ``ruleTypeId``, ``activityAttributeId``) are instance-specific and omitted;
    compare on the keys present here.
    """
    smart_list = source.smart_list if isinstance(source, SmartCampaign) else source
    triggers: list[Any] = [
        rule_to_api(trigger) if detailed_triggers else trigger.name
        for trigger in smart_list.triggers
    ]
    return {
        "filterMatchType": filter_match_type(smart_list),
        "triggers": triggers,
        "filters": [rule_to_api(rule) for rule in smart_list.filters],
    }


def describe_condition(condition: Condition) -> str:
    values = ", ".join(condition.values)
    return " ".join(part for part in (condition.attribute, condition.operator, values) if part)


def describe_rule(rule: Rule) -> str:
    """``Score is Changed: Score Name is Person Score; New Score at least 100``."""
    head = f"{rule.name} ({rule.operator})" if rule.operator else rule.name
    if not rule.conditions:
        return head
    return f"{head}: " + "; ".join(describe_condition(c) for c in rule.conditions)


def _describe_params(params: dict[str, str]) -> str:
    return ", ".join(f"{label} = {value}" for label, value in params.items())


def describe_flow_step(step: FlowStep) -> str:
    """One sentence per step, e.g.
    ``Change Program Status: Program = OP-Lead Management, New Status = Operational - Member``.
    """
    if not step.choices:
        params = _describe_params(step.params)
        return f"{step.action}: {params}" if params else step.action
    parts = [
        f"Choice {number}: If {choice.condition}: {_describe_params(choice.params)}"
        for number, choice in enumerate(step.choices, start=1)
    ]
    parts.append(f"Default choice: {_describe_params(step.params) or 'Do Nothing'}")
    return f"{step.action}: " + "; ".join(parts)


def describe_unread(unread: Unread) -> str:
    """``copy the flow steps by hand from campaign 12 ... (the REST API cannot read flows)``."""
    what = "flow steps" if unread.part == "flow" else "triggers and filters"
    where = f" from {unread.source}" if unread.source else ""
    return f"copy the {what} by hand{where} ({unread.reason})"


def describe_filter_logic(smart_list: SmartList) -> str:
    match = filter_match_type(smart_list)
    if match == "Advanced":
        return f"Use advanced filter logic: {smart_list.filter_logic.strip()}"
    return f"Use {match.upper()} filters"


def campaign_checklist(campaign: SmartCampaign) -> list[str]:
    """What a person must do in Marketo's UI so the campaign matches the template."""
    unread = {u.part: u for u in campaign.unread}
    steps = [f"Smart List: add trigger {describe_rule(t)}" for t in campaign.smart_list.triggers]
    if "smart_list" in unread:
        steps.append(f"Smart List (not exported): {describe_unread(unread['smart_list'])}")
    steps += [
        f"Smart List: add filter {number}: {describe_rule(f)}"
        for number, f in enumerate(campaign.smart_list.filters, start=1)
    ]
    if len(campaign.smart_list.filters) > 1:
        steps.append(f"Smart List: {describe_filter_logic(campaign.smart_list)}")
    steps += [
        f"Flow: step {number}: {describe_flow_step(step)}"
        for number, step in enumerate(campaign.flow, start=1)
    ]
    if "flow" in unread:
        steps.append(f"Flow (not exported): {describe_unread(unread['flow'])}")
    if campaign.qualification:
        steps.append(
            "Schedule: Smart Campaign Settings: each person can run through the flow "
            f"{campaign.qualification}"
        )
    if campaign.activate:
        steps.append(
            "Schedule: Activate"
            if campaign.smart_list.triggers
            else "Schedule: Run Once or Schedule Recurrence"
        )
    return steps


def filter_logic_problem(logic: str, filter_count: int) -> str | None:
    """Why an advanced filter expression would be refused, or None if it is usable."""
    text = logic.strip()
    if text.lower() in MATCH_TYPES:
        return None
    tokens: list[str] = []
    position = 0
    while position < len(text):
        match = _LOGIC_TOKEN_RE.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()
            if not rest:
                break
            return (
                f"filter logic {logic!r}: unexpected {rest.split()[0]!r}; use filter numbers, "
                "'and', 'or', 'not' and parentheses, or 'all' / 'any'"
            )
        tokens.append((match.group(1) or match.group(2) or match.group(3)).lower())
        position = match.end()
    if not tokens:
        return "filter logic is empty; use 'all', 'any' or an expression like '1 and 2'"
    parser = _LogicParser(tokens)
    if not parser.parse():
        return f"filter logic {logic!r} is not a valid expression"
    unknown = sorted({n for n in parser.numbers if not 1 <= n <= filter_count})
    if unknown:
        listed = ", ".join(str(n) for n in unknown)
        return (
            f"filter logic {logic!r} refers to filter {listed}, but the smart list has "
            f"{filter_count} filter{'s' if filter_count != 1 else ''}"
        )
    return None


class _LogicParser:
    """expr := term (('and'|'or') term)* ; term := 'not'? (NUMBER | '(' expr ')')."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.index = 0
        self.numbers: list[int] = []

    def parse(self) -> bool:
        return self._expr() and self.index == len(self.tokens)

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _expr(self) -> bool:
        if not self._term():
            return False
        while self._peek() in {"and", "or"}:
            self.index += 1
            if not self._term():
                return False
        return True

    def _term(self) -> bool:
        if self._peek() == "not":
            self.index += 1
        token = self._peek()
        if token is None:
            return False
        if token.isdigit():
            self.numbers.append(int(token))
            self.index += 1
            return True
        if token == "(":
            self.index += 1
            if not self._expr() or self._peek() != ")":
                return False
            self.index += 1
            return True
        return False
