"""The corpus of broken templates: each folder holds one mistake, reported exactly once.

Each case asserts everything a user sees: the code, the file, the line, the field and the
message. The folders double as documentation: ``marketo-ops validate tests/templates/broken``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops.templates import Severity, validate_paths

BROKEN_DIR = Path(__file__).resolve().parent / "broken"

E, W = Severity.ERROR, Severity.WARNING

# kind -> (severity, code, file in the folder, line, column, field, message)
CASES: dict[str, tuple[Severity, str, str, int, int, str, str]] = {
    "yaml-syntax": (
        E,
        "yaml-syntax",
        "program.yaml",
        5,
        12,
        "",
        "invalid YAML: mapping values are not allowed here",
    ),
    "duplicate-key": (
        E,
        "duplicate-key",
        "program.yaml",
        20,
        5,
        "emails[0].subject",
        "duplicate key 'subject' (first defined on line 19); YAML would silently keep only "
        "the last one",
    ),
    "unknown-field": (
        E,
        "unknown-field",
        "program.yaml",
        19,
        5,
        "emails[0].subjet",
        "unknown field 'subjet' (did you mean 'subject'?)",
    ),
    "missing-field": (
        E,
        "missing-field",
        "program.yaml",
        16,
        5,
        "emails[0].template",
        "missing required field 'template'",
    ),
    "wrong-type": (
        E,
        "invalid-value",
        "program.yaml",
        20,
        5,
        "emails[0].approve",
        "expected true or false, got 'maybe'",
    ),
    "format-version": (
        E,
        "format-version",
        "program.yaml",
        1,
        1,
        "format_version",
        "format_version 2 is not supported; this version of marketo-ops reads format_version 1",
    ),
    "not-a-mapping": (
        E,
        "schema",
        "program.yaml",
        1,
        1,
        "",
        "program.yaml must be a mapping starting with 'format_version: 1', not a list",
    ),
    "empty-file": (E, "empty-template", "program.yaml", 1, 1, "", "program.yaml is empty"),
    "binary-file": (
        E,
        "not-text",
        "program.yaml",
        1,
        1,
        "",
        "program.yaml is a binary file, not UTF-8 text (it contains NUL bytes)",
    ),
    "python-tag": (
        E,
        "yaml-tag",
        "program.yaml",
        6,
        16,
        "program.description",
        "unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system",
    ),
    "unknown-email-template": (
        E,
        "unknown-reference",
        "program.yaml",
        18,
        5,
        "emails[0].template",
        "email template 'Basic Templat' is not defined in email_templates "
        "(did you mean 'Basic Template'?)",
    ),
    "unknown-folder": (
        E,
        "unknown-folder",
        "program.yaml",
        17,
        5,
        "emails[0].folder",
        "folder 'Email' is not defined in folders (did you mean 'Emails'?); "
        "defined folders: 'Emails'",
    ),
    "unknown-flow-email": (
        E,
        "unknown-reference",
        "program.yaml",
        31,
        11,
        "smart_campaigns[0].flow[0].params.Email",
        "Send Alert: email 'Alert Email' is not defined in emails (did you mean 'Alert'?)",
    ),
    "unknown-lp-template": (
        E,
        "unknown-reference",
        "program.yaml",
        25,
        5,
        "landing_pages[0].template",
        "landing-page template 'Thanks Page' is not defined in landing_page_templates",
    ),
    "missing-file": (
        E,
        "missing-file",
        "program.yaml",
        14,
        5,
        "email_templates[0].file",
        "file 'template.html' not found in {dir}",
    ),
    "file-outside-template": (
        E,
        "file-outside-template",
        "program.yaml",
        14,
        5,
        "email_templates[0].file",
        "'../secret/template.html' must be a relative path inside the template folder",
    ),
    "no-editable-section": (
        E,
        "no-editable-section",
        "template.html",
        1,
        1,
        "email_templates[0].file",
        "email template 'Basic Template' has no editable section; Marketo refuses it. Mark one "
        'with class="mktEditable" and an id (or the Email 2.0 classes mktoText, '
        "mktoContainer/mktoModule... with ids)",
    ),
    "unknown-section": (
        E,
        "unknown-section",
        "program.yaml",
        21,
        7,
        "emails[0].content.main",
        "email template 'Basic Template' has no editable section 'main'; its sections are: body",
    ),
    "duplicate-email": (
        E,
        "duplicate-name",
        "program.yaml",
        19,
        5,
        "emails[1].name",
        "'alert' is already used by emails[0]; email names must be unique within the program",
    ),
    "duplicate-email-template": (
        E,
        "duplicate-name",
        "program.yaml",
        15,
        5,
        "email_templates[1].name",
        "'Basic Template' is already used by email_templates[0]; email template names must be "
        "unique within their Design Studio folder ('Emails/Templates')",
    ),
    "duplicate-folder": (
        E,
        "duplicate-name",
        "program.yaml",
        12,
        5,
        "folders[1].name",
        "'Emails' is already used by folders[0]; sibling folders must have different names",
    ),
    "duplicate-tag-type": (
        E,
        "duplicate-tag",
        "program.yaml",
        9,
        7,
        "program.tags[1].tag_type",
        "'Region' is already used by program.tags[0].tag_type; a program has one value per "
        "tag type",
    ),
    "program-name-too-long": (
        E,
        "name-too-long",
        "program.yaml",
        3,
        3,
        "program.name",
        "program name is 256 characters long; Marketo allows at most 255",
    ),
    "token-name-too-long": (
        E,
        "name-too-long",
        "program.yaml",
        7,
        7,
        "program.tokens[0].name",
        "token name is 55 characters long; Marketo allows at most 50",
    ),
    "comma-in-name": (
        E,
        "forbidden-character",
        "program.yaml",
        24,
        5,
        "smart_campaigns[0].name",
        "smart campaign name 'Sync, then alert' contains ',': the Asset API cannot look up "
        "names containing commas, so the importer could not find the asset again",
    ),
    "unknown-token": (
        E,
        "unknown-token",
        "program.yaml",
        19,
        5,
        "emails[0].subject",
        "token {{my.Alert Recipient}} is not defined in program.tokens "
        "(did you mean 'Alert Recipients'?)",
    ),
    "unknown-token-in-html": (
        E,
        "unknown-token",
        "body.html",
        2,
        22,
        "emails[0].content.body.file",
        "token {{my.MQL Threshold}} is not defined in program.tokens",
    ),
    "token-in-wrong-case": (
        W,
        "token-case",
        "program.yaml",
        20,
        5,
        "emails[0].from_name",
        "token {{my.alert recipients}} is defined as 'Alert Recipients'; write it the same way",
    ),
    "token-value": (
        E,
        "token-value",
        "program.yaml",
        9,
        7,
        "program.tokens[0].value",
        "a date token needs a value like 2025-01-31 (yyyy-MM-dd), got 'next week'",
    ),
    "unknown-program-type": (
        E,
        "unknown-program-type",
        "program.yaml",
        4,
        3,
        "program.type",
        "program type 'Defalt' is not a Marketo program type (did you mean 'Default'?); use one "
        "of: Default, Event, Event with Webinar, Engagement, Email",
    ),
    "channel-type": (
        E,
        "channel-type",
        "program.yaml",
        5,
        3,
        "program.channel",
        "channel 'Operational' applies to Default programs, not Event programs; choose a "
        "channel for Event programs",
    ),
    "unknown-status": (
        E,
        "unknown-status",
        "program.yaml",
        32,
        11,
        "smart_campaigns[0].flow[0].params['New Status']",
        "channel 'Operational' has no status 'Engaged'; its statuses are: Not in Program, Member",
    ),
    "undeclared-variable": (
        E,
        "undeclared-variable",
        "program.yaml",
        3,
        3,
        "program.name",
        "variable {{ region }} is not declared under variables",
    ),
    "missing-variable": (
        E,
        "missing-variable",
        "program.yaml",
        6,
        3,
        "program.name",
        "variable {{ region }} has no value: give the naming variable 'region' a value, or give "
        "it a default",
    ),
    "unknown-image": (
        E,
        "unknown-file-reference",
        "template.html",
        5,
        23,
        "email_templates[0].file",
        "'{{image:Logo}}' refers to no entry of files",
    ),
    "image-not-png": (
        E,
        "file-type",
        "program.yaml",
        25,
        5,
        "files[0].file",
        "file 'logo.png' is not a PNG file, although its name says so",
    ),
    "filter-logic": (
        E,
        "filter-logic",
        "program.yaml",
        29,
        7,
        "smart_campaigns[0].smart_list.filter_logic",
        "filter logic '1 and 3' refers to filter 3, but the smart list has 2 filters",
    ),
    "invalid-from-email": (
        E,
        "invalid-email-address",
        "program.yaml",
        20,
        5,
        "emails[0].from_email",
        "'marketing at example.com' is neither an email address nor a token like "
        "{{my.From Address}}",
    ),
    "cannot-activate": (
        E,
        "cannot-activate",
        "program.yaml",
        25,
        5,
        "smart_campaigns[0].activate",
        "smart campaign 'Half done' cannot be activated: Marketo activates only campaigns "
        "with at least one trigger and one flow step",
    ),
    "unknown-flow-action": (
        W,
        "unknown-flow-action",
        "program.yaml",
        26,
        9,
        "smart_campaigns[0].flow[0].action",
        "'Send Emial' is not a Marketo flow action I know (did you mean 'Send Email'?)",
    ),
    "no-program-yaml": (
        E,
        "no-program-yaml",
        "program.yaml",
        1,
        1,
        "",
        "no program.yaml in {dir} or below it: a template is a folder with a program.yaml and "
        "its files",
    ),
}


def test_every_broken_folder_has_a_case() -> None:
    folders = {p.name for p in BROKEN_DIR.iterdir() if p.is_dir()}
    assert folders == set(CASES)
    assert len({case[1] for case in CASES.values()}) >= 15  # distinct kinds of mistakes


@pytest.mark.parametrize("kind", sorted(CASES))
def test_broken_template_reports_its_one_mistake(kind: str) -> None:
    folder = BROKEN_DIR / kind
    severity, code, file, line, column, field, message = CASES[kind]
    [report] = validate_paths([folder])
    seen = [
        (f.severity, f.code, Path(f.file), f.line, f.column, f.field, f.message)
        for f in report.findings
    ]
    expected_message = message.replace("{dir}", folder.as_posix())
    assert seen == [(severity, code, folder / file, line, column, field, expected_message)]
    assert report.ok() is (severity is W)
    assert report.ok(strict=True) is False
