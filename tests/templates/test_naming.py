"""Naming conventions: variables, program-name override, prefix, and naming policies."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops.templates import ProgramTemplate, load_naming_policy, validate_template
from marketo_ops.templates.placeholders import fill_variables, variables_in


def brief(findings: list) -> list[tuple[str, str, str]]:
    return [(f.code, f.field, f.message) for f in findings]


def test_variables_are_lower_case_identifiers_never_marketo_tokens() -> None:
    text = "{{ region }} {{year}} {{my.Token}} {{lead.First Name}} {{SP_Send_Alert_Info}}"
    assert [o.name for o in variables_in(text)] == ["region", "year"]
    assert fill_variables(text, {"region": "EMEA"}) == (
        "EMEA {{year}} {{my.Token}} {{lead.First Name}} {{SP_Send_Alert_Info}}"
    )


def test_defaults_apply_and_given_values_override(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    assert template.name == "Global - Q1 - Webinar Follow-up"
    emea = template.with_vars(region="EMEA", quarter="Q3")
    assert emea.name == "EMEA - Q3 - Webinar Follow-up"
    assert emea.program.description == "Follow-up for EMEA."
    assert emea.program.tags[0].value == "EMEA"
    # {{ program }} is the final program name
    step = emea.smart_campaigns[0].flow[2]
    assert step.params["Program"] == "EMEA - Q3 - Webinar Follow-up"
    # Marketo tokens are left for Marketo
    assert emea.smart_campaigns[0].flow[1].params["Change"] == "{{my.Score Bump}}"
    assert emea.variables == {"region": "EMEA", "quarter": "Q3", "program": emea.name}


def test_with_vars_and_renamed_return_new_templates(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    emea = template.with_vars({"region": "EMEA"})
    renamed = emea.renamed(name="{{ region }} Follow-up", prefix="EMEA ")
    assert template is not emea
    assert emea is not renamed
    assert template.name == "Global - Q1 - Webinar Follow-up"  # the original is untouched
    assert emea.name == "EMEA - Q1 - Webinar Follow-up"
    assert renamed.name == "EMEA Follow-up"
    # the order of calls does not matter
    assert template.renamed(name="{{ region }} Follow-up").with_vars(region="EMEA").name == (
        "EMEA Follow-up"
    )
    # values accumulate
    assert emea.with_vars(quarter="Q2").name == "EMEA - Q2 - Webinar Follow-up"


def test_prefix_renames_local_assets_and_rewrites_references(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template).renamed(prefix="EMEA ")
    assert [c.name for c in template.smart_campaigns] == ["EMEA 01 - Follow Up"]
    assert [e.name for e in template.emails] == ["EMEA 01 - Follow-up Email"]
    assert [p.name for p in template.landing_pages] == ["EMEA Thank You"]
    campaign = template.smart_campaigns[0]
    assert campaign.flow[0].params["Email"] == "EMEA 01 - Follow-up Email"
    web_page = campaign.smart_list.filters[1].conditions[0]
    assert web_page.values == ("EMEA Thank You",)
    # Design Studio names are left to the conflict rules
    assert [t.name for t in template.email_templates] == ["Basic Email"]
    assert template.validate() == []


def test_render_names_lists_every_name_before_and_after(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template).with_vars(region="NA").renamed(prefix="NA ")
    names = [(n.kind, n.original, n.name) for n in template.render_names()]
    assert names[0] == (
        "program",
        "{{ region }} - {{ quarter }} - Webinar Follow-up",
        "NA - Q1 - Webinar Follow-up",
    )
    assert ("folder", "Emails", "Emails") in names
    assert ("email", "01 - Follow-up Email", "NA 01 - Follow-up Email") in names
    assert ("snippet", "Legal Footer", "Legal Footer") in names
    assert [n.kind for n in template.render_names()].count("token") == 4


def test_missing_unknown_and_invalid_variables_are_findings(full_template: Path) -> None:
    report = validate_template(
        full_template, variables={"region": "Mars", "quater": "Q2", "quarter": "Q5"}
    )
    assert brief(report.findings) == [
        (
            "unknown-variable",
            "variables",
            "a value was given for 'quater', but the template declares no variable 'quater' "
            "(did you mean 'quarter'?); declared variables: quarter, region",
        ),
        (
            "invalid-variable-value",
            "variables.region",
            "region='Mars' is not allowed; choose one of: Global, NA, EMEA, APAC",
        ),
        (
            "invalid-variable-value",
            "variables.quarter",
            "quarter='Q5' does not match the pattern 'Q[1-4]'",
        ),
    ]


def test_variable_in_override_must_be_declared(full_template: Path) -> None:
    report = validate_template(full_template, program_name="{{ country }} Follow-up")
    assert brief(report.findings) == [
        (
            "undeclared-variable",
            "program.name",
            "variable {{ country }} is not declared under variables",
        ),
    ]


def test_variables_are_not_filled_in_files(make_template, full_files) -> None:
    full_files["emails/body.html"] = "<p>Hello from {{ region }}</p>\n"
    report = validate_template(make_template(files=full_files))
    [finding] = report.findings
    assert (finding.severity.value, finding.code, Path(finding.file).name, finding.line) == (
        "warning",
        "variable-in-file",
        "body.html",
        1,
    )
    assert finding.message == (
        "{{ region }} is not filled in files, only in program.yaml; use a program token "
        "({{my.Name}}) for content"
    )


POLICY = """\
default:
  forbidden_characters: "|"
program:
  pattern: '^(NA|EMEA|APAC) - .+$'
  max_length: 30
  message: Programs are named 'REGION - Name'
email:
  pattern: '^\\d{2} - Email - .+$'
"""


def test_naming_policy_is_enforced_on_final_names(full_template: Path, tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(POLICY, encoding="utf-8")
    policy, problems = load_naming_policy(policy_file)
    assert problems == []
    assert policy is not None

    report = validate_template(full_template, policy=policy)
    assert brief(report.findings) == [
        (
            "naming-policy",
            "program.name",
            "program name 'Global - Q1 - Webinar Follow-up' does not match the naming policy "
            "pattern '^(NA|EMEA|APAC) - .+$' (Programs are named 'REGION - Name')",
        ),
        (
            "naming-policy",
            "program.name",
            "program name is 31 characters long; the naming policy allows at most 30 "
            "(Programs are named 'REGION - Name')",
        ),
        (
            "naming-policy",
            "emails[0].name",
            "email name '01 - Follow-up Email' does not match the naming policy pattern "
            "'^\\\\d{2} - Email - .+$'",
        ),
    ]
    clean = validate_template(
        full_template,
        variables={"region": "EMEA"},
        program_name="EMEA - Follow-up",
        policy=policy,
    )
    assert [f.field for f in clean.findings] == ["emails[0].name"]


def test_naming_policy_forbidden_characters(full_template: Path, tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(POLICY, encoding="utf-8")
    policy, _ = load_naming_policy(policy_file)
    report = validate_template(
        full_template, program_name="EMEA - A|B", policy=policy, prefix="01 - Email - "
    )
    assert brief(report.findings) == [
        (
            "naming-policy",
            "program.name",
            "program name 'EMEA - A|B' contains '|', forbidden by the naming policy",
        )
    ]


def test_broken_naming_policy_is_reported_in_the_policy_file(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("program:\n  patern: x\nemail:\n  pattern: '('\n", encoding="utf-8")
    policy, problems = load_naming_policy(policy_file)
    assert policy is None
    assert [(f.line, f.field, f.message) for f in problems] == [
        (2, "program.patern", "unknown field 'patern' (did you mean 'pattern'?)"),
        (
            4,
            "email.pattern",
            "not a valid regular expression: missing ), unterminated subpattern at position 0",
        ),
    ]


def test_unknown_asset_kind_in_policy(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("emails:\n  max_length: 10\n", encoding="utf-8")
    _, problems = load_naming_policy(policy_file)
    assert [f.message for f in problems] == ["unknown field 'emails' (did you mean 'email'?)"]


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        (
            "Region",
            "variables.Region",
            "variable name 'Region' must be lower-case letters, digits and '_'",
        ),
        (
            "my-var",
            "variables['my-var']",
            "variable name 'my-var' must be lower-case letters, digits and '_'",
        ),
        (
            "program",
            "variables.program",
            "'program' is reserved: {{ program }} is the final program name",
        ),
    ],
)
def test_invalid_variable_names(make_template, bad: str, field: str, message: str) -> None:
    text = (
        f"format_version: 1\nvariables:\n  {bad}: {{default: x}}\n"
        "program: {name: Demo, channel: Operational}\n"
    )
    report = validate_template(make_template(text, files={}))
    assert brief(report.findings) == [("invalid-variable", field, message)]


def test_a_var_goes_to_the_templates_that_declare_it(builtin_dir: Path) -> None:
    from marketo_ops.templates import validate_paths

    reports = validate_paths([builtin_dir], variables={"region": "EMEA"})
    named = {Path(r.path).name: (r.name, r.findings) for r in reports}
    assert named["lead-lifecycle"] == ("EMEA - Lead Lifecycle", [])
    assert named["lead-scoring"] == ("Lead Scoring", [])
    assert named["op-lead-management"] == ("OP-Lead Management", [])
    assert named["wbn-webinar"] == ("WBN-YYYY-MM-DD-Webinar Program", [])
    assert all(findings == [] for _, findings in named.values())
    typo = validate_paths([builtin_dir], variables={"regoin": "EMEA"})
    given = "a value was given for 'regoin', but the template declares no variable 'regoin'"
    messages = {Path(r.path).name: [f.message for f in r.findings] for r in typo}
    assert messages["lead-lifecycle"] == [
        f"{given} (did you mean 'region'?); declared variables: region"
    ]
    assert messages["op-lead-management"] == [f"{given}; declared variables: none"]
    assert messages["wbn-webinar"] == [f"{given}; declared variables: event_date"]
    assert all(len(found) == 1 for found in messages.values())
