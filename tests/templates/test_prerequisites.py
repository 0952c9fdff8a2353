"""Prerequisites as data: lead fields and segmentations a template needs, and their checks.

Each finding is asserted the way a user reads it: file, line, column, field and message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops.specs import load_spec
from marketo_ops.templates import (
    API_CREATABLE_FIELD_TYPES,
    LEAD_FIELD_TYPES,
    FieldPrerequisite,
    Prerequisites,
    ProgramTemplate,
    TemplateError,
    validate_template,
)
from tests.templates.conftest import MakeTemplate

HEAD = """\
format_version: 1
prerequisites:
  fields:
    - name: behaviorScore
      display_name: Behavior Score
      type: {type}
      description: What people did.
    - name: marketingSuspendedReason
      display_name: Marketing Suspended Reason
      type: String
  segmentations: [Lifecycle Stage]
program:
  name: Scoring
  channel: Operational
smart_campaigns:
  - name: Decay
    smart_list:
      filters:
        - name: Behavior Score
          conditions:
            - {{attribute: Behavior Score, operator: greater than, values: ["0"], primary: true}}
    flow:
      - action: Change Score
        params: {{Score Name: {score}, Change: "-5"}}
      - action: Change Data Value
        params: {{Attribute: Marketing Suspended Reason, New Value: Scored out}}
"""


def spec(type_: str = "score", score: str = "Behavior Score") -> str:
    return HEAD.format(type=type_, score=score)


def messages(folder: Path) -> list[str]:
    return [
        str(f).removeprefix(f"{folder.as_posix()}/") for f in validate_template(folder).findings
    ]


def test_the_section_loads_as_typed_models(make_template: MakeTemplate) -> None:
    template = ProgramTemplate.load(make_template(spec(), files={}))
    prerequisites = template.prerequisites
    assert isinstance(prerequisites, Prerequisites)
    assert prerequisites.segmentations == ("Lifecycle Stage",)
    score, reason = prerequisites.fields
    assert score == FieldPrerequisite(
        name="behaviorScore",
        display_name="Behavior Score",
        type="score",
        description="What people did.",
    )
    assert reason.type == "string"  # written 'String': Marketo's UI capitalises types
    assert score.creatable
    assert reason.creatable
    assert prerequisites.field("behavior score") is score
    assert prerequisites.field("BEHAVIORSCORE") is score
    assert prerequisites.declares_field("Marketing  Suspended Reason")
    assert not prerequisites.declares_field("Demographic Score")


def test_a_template_without_the_section_needs_nothing(builtin_dir: Path) -> None:
    template = ProgramTemplate.load(builtin_dir / "op-lead-management")
    assert template.prerequisites == Prerequisites()
    assert template.prerequisites.fields == ()


def test_declared_fields_used_in_smart_lists_flows_and_tokens_are_clean(
    make_template: MakeTemplate,
) -> None:
    assert messages(make_template(spec(), files={})) == []


def test_models_are_frozen_and_forbid_unknown_keys(make_template: MakeTemplate) -> None:
    field = FieldPrerequisite(name="a", display_name="A", type="score")
    with pytest.raises(ValueError, match="frozen"):
        field.name = "b"  # type: ignore[misc]
    folder = make_template(
        spec().replace("      description: What", "      typ: x\n      description: What"), files={}
    )
    assert messages(folder) == [
        "program.yaml:7:7: error: prerequisites.fields[0].typ: unknown field 'typ' "
        "(did you mean 'type'?) [unknown-field]"
    ]
    with pytest.raises(TemplateError):
        ProgramTemplate.load(folder)


def test_a_missing_display_name_is_located(make_template: MakeTemplate) -> None:
    folder = make_template(spec().replace("      display_name: Behavior Score\n", ""), files={})
    assert messages(folder) == [
        "program.yaml:4:7: error: prerequisites.fields[0].display_name: missing required "
        "field 'display_name' [missing-field]"
    ]


def test_an_unknown_field_type_suggests_the_right_one(make_template: MakeTemplate) -> None:
    assert messages(make_template(spec("scor"), files={})) == [
        "program.yaml:6:7: error: prerequisites.fields[0].type: 'scor' is not a Marketo field "
        "type (did you mean 'score'?); use one of: boolean, currency, date, datetime, email, "
        "float, formula, integer, percent, phone, reference, score, string, text, url "
        "[unknown-field-type]"
    ]


def test_field_names_types_and_duplicates(make_template: MakeTemplate) -> None:
    text = spec().replace("name: marketingSuspendedReason", "name: 1st reason")
    text = text.replace(
        "  segmentations: [Lifecycle Stage]",
        "    - {name: BehaviorScore, display_name: behavior  score, type: score}\n"
        '  segmentations: [Lifecycle Stage, lifecycle stage, ""]',
    )
    assert messages(make_template(text, files={})) == [
        "program.yaml:8:7: error: prerequisites.fields[1].name: '1st reason' is not a lead "
        "field API name: it must start with a letter and hold only letters, digits and '_' "
        "(e.g. behaviorScore) [invalid-field-name]",
        "program.yaml:11:8: error: prerequisites.fields[2].name: lead field API name "
        "'BehaviorScore' is declared twice (also fields[0]) [duplicate-name]",
        "program.yaml:11:29: error: prerequisites.fields[2].display_name: lead field display "
        "name 'behavior  score' is declared twice (also fields[0]) [duplicate-name]",
        "program.yaml:12:36: error: prerequisites.segmentations[1]: segmentation 'lifecycle "
        "stage' is listed twice [duplicate-name]",
        "program.yaml:12:53: error: prerequisites.segmentations[2]: a segmentation "
        "prerequisite needs a name [empty-name]",
    ]


def test_change_score_on_a_declared_field_that_is_not_a_score(
    make_template: MakeTemplate,
) -> None:
    folder = make_template(spec(score="Marketing Suspended Reason"), files={})
    assert messages(folder) == [
        "program.yaml:24:18: error: smart_campaigns[0].flow[0].params['Score Name']: "
        "'Change Score' changes a score field, but 'Marketing Suspended Reason' is declared in "
        "prerequisites as a string field [field-type]"
    ]


def test_a_declared_field_nothing_uses_is_a_warning(make_template: MakeTemplate) -> None:
    text = spec().replace(
        "  segmentations:",
        "    - {name: demographicScore, display_name: Demographic Score, "
        "type: score}\n  segmentations:",
    )
    report = validate_template(make_template(text, files={}))
    assert report.ok()
    assert not report.ok(strict=True)
    assert [str(f).split(": ", 1)[1] for f in report.findings] == [
        "warning: prerequisites.fields[2]: lead field 'Demographic Score' is declared but no "
        "smart list, flow step or {{lead.Field Name}} token of this template uses it (under its "
        "display name 'Demographic Score' or its API name 'demographicScore') "
        "[unused-prerequisite]"
    ]


def test_a_lead_token_in_html_counts_as_a_use(
    make_template: MakeTemplate, full_yaml: str, full_files: dict[str, str | bytes]
) -> None:
    files = dict(full_files)
    files["emails/body.html"] = "<p>Fit: {{lead.Demographic Score:default=0}}</p>"
    text = full_yaml + (
        "prerequisites:\n  fields:\n"
        "    - {name: demographicScore, display_name: Demographic Score, type: score}\n"
    )
    assert validate_template(make_template(text, files=files)).findings == []


def test_creatable_types_are_the_create_lead_fields_enum_of_adobes_spec() -> None:
    definitions = load_spec("mapi")["definitions"]
    enum = definitions["CreateLeadField"]["properties"]["dataType"]["enum"]
    assert frozenset(enum) == API_CREATABLE_FIELD_TYPES
    assert set(LEAD_FIELD_TYPES) > API_CREATABLE_FIELD_TYPES
    assert set(LEAD_FIELD_TYPES) - API_CREATABLE_FIELD_TYPES == {"formula", "reference", "text"}
    text_area = FieldPrerequisite(name="notes", display_name="Notes", type="text")
    assert not text_area.creatable


def test_the_schema_offers_the_field_types(builtin_dir: Path) -> None:
    from marketo_ops.templates import template_json_schema

    definitions = template_json_schema()["$defs"]
    assert definitions["FieldPrerequisite"]["properties"]["type"]["enum"] == list(LEAD_FIELD_TYPES)
    assert definitions["FieldPrerequisite"]["additionalProperties"] is False
    assert template_json_schema()["properties"]["prerequisites"]["$ref"] == (
        "#/$defs/Prerequisites"
    )
