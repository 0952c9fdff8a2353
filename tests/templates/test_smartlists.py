"""Smart lists in the Asset API's shape, and as sentences for the manual checklist."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from marketo_ops.templates import (
    Condition,
    FlowChoice,
    FlowStep,
    ProgramTemplate,
    Rule,
    SmartList,
    describe_filter_logic,
    describe_flow_step,
    describe_rule,
    list_builtin_templates,
    smart_list_to_api,
)
from marketo_ops.templates.smartlists import filter_logic_problem

SWAGGER = Path(__file__).resolve().parents[2] / "marketo_ops" / "specs" / "swagger-asset.json"
IDS = {"id", "ruleTypeId", "activityAttributeId"}


def rules_schema_without_ids() -> dict[str, Any]:
    """SmartListRules from the official spec, with instance ids no longer required."""
    definitions = copy.deepcopy(json.loads(SWAGGER.read_text(encoding="utf-8"))["definitions"])
    for name in ("SmartListRules", "SmartListFilters", "SmartListConditions"):
        definition = definitions[name]
        definition["required"] = [k for k in definition["required"] if k not in IDS]
        definition["additionalProperties"] = False
    return {"$ref": "#/definitions/SmartListRules", "definitions": definitions}


def test_api_shape_matches_the_swagger_definition(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    rules = template.smart_list_api("01 - Follow Up")
    assert rules == {
        "filterMatchType": "Advanced",
        "triggers": ["Fills Out Form"],
        "filters": [
            {
                "name": "Email Address",
                "conditions": [
                    {
                        "activityAttributeName": "Email Address",
                        "operator": "is not empty",
                        "values": [],
                        "isPrimary": True,
                    }
                ],
            },
            {
                "name": "Visited Web Page",
                "ruleType": "Activity",
                "operator": "occurs",
                "conditions": [
                    {
                        "activityAttributeName": "Web Page",
                        "operator": "is",
                        "values": ["Thank You"],
                        "isPrimary": True,
                    },
                    {
                        "activityAttributeName": "Date of Activity",
                        "operator": "in past",
                        "values": ["30 days"],
                        "isPrimary": False,
                    },
                ],
            },
        ],
    }
    schema = rules_schema_without_ids()
    # every filter that says its ruleType and operator is a complete API filter
    jsonschema.validate({**rules, "filters": rules["filters"][1:]}, schema)


@pytest.mark.parametrize("builtin", [t.name for t in list_builtin_templates()])
def test_shipped_smart_lists_fit_the_api_shape(builtin_dir: Path, builtin: str) -> None:
    template = ProgramTemplate.load(builtin_dir / builtin)
    validator = jsonschema.Draft4Validator(rules_schema_without_ids())
    for campaign in template.smart_campaigns:
        rules = template.smart_list_api(campaign)
        for problem in validator.iter_errors(rules):
            # ruleType and operator are optional in templates; nothing else may differ
            assert problem.validator == "required", problem.message


def test_detailed_triggers_keep_their_constraints() -> None:
    smart_list = SmartList(
        triggers=(
            Rule(
                name="Score is Changed",
                conditions=(Condition(attribute="New Score", operator="at least", values=("9",)),),
            ),
        )
    )
    assert smart_list_to_api(smart_list, detailed_triggers=True)["triggers"] == [
        {
            "name": "Score is Changed",
            "conditions": [
                {
                    "activityAttributeName": "New Score",
                    "operator": "at least",
                    "values": ["9"],
                    "isPrimary": False,
                }
            ],
        }
    ]


def test_sentences_for_rules_and_flow_steps() -> None:
    rule = Rule(
        name="Visited Web Page",
        operator="occurs",
        conditions=(
            Condition(
                attribute="Web Page", operator="is", values=("Pricing", "Demo"), primary=True
            ),
            Condition(attribute="Date of Activity", operator="in past", values=("30 days",)),
        ),
    )
    assert describe_rule(rule) == (
        "Visited Web Page (occurs): Web Page is Pricing, Demo; Date of Activity in past 30 days"
    )
    assert describe_rule(Rule(name="Person is Created")) == "Person is Created"
    assert describe_flow_step(FlowStep(action="Remove from Flow")) == "Remove from Flow"
    step = FlowStep(
        action="Send Email",
        params={"Email": "Default"},
        choices=(FlowChoice(condition="Country is Germany", params={"Email": "German"}),),
    )
    assert describe_flow_step(step) == (
        "Send Email: Choice 1: If Country is Germany: Email = German; "
        "Default choice: Email = Default"
    )


@pytest.mark.parametrize(
    ("logic", "expected"),
    [
        ("all", "Use ALL filters"),
        ("Any", "Use ANY filters"),
        ("1 and (2 or 3)", "Use advanced filter logic: 1 and (2 or 3)"),
    ],
)
def test_filter_logic_in_words(logic: str, expected: str) -> None:
    assert describe_filter_logic(SmartList(filter_logic=logic)) == expected


@pytest.mark.parametrize(
    ("logic", "count", "problem"),
    [
        ("all", 0, None),
        ("1 and (2 or not 3)", 3, None),
        ("1 AND 2", 2, None),
        ("1 and", 2, "filter logic '1 and' is not a valid expression"),
        ("(1 or 2", 2, "filter logic '(1 or 2' is not a valid expression"),
        (
            "1 & 2",
            2,
            "filter logic '1 & 2': unexpected '&'; use filter numbers, 'and', 'or', "
            "'not' and parentheses, or 'all' / 'any'",
        ),
        ("0 or 1", 1, "filter logic '0 or 1' refers to filter 0, but the smart list has 1 filter"),
        ("", 1, "filter logic is empty; use 'all', 'any' or an expression like '1 and 2'"),
    ],
)
def test_filter_logic_problems(logic: str, count: int, problem: str | None) -> None:
    assert filter_logic_problem(logic, count) == problem
