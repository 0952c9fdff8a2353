"""The corpus of broken templates: each folder holds one mistake, reported exactly once.

Each case asserts everything a user sees: the code, the file, the line, the field and the
message. The folders double as documentation: ``marketo-ops validate tests/templates/broken``.
Three cases need files too large to commit; :data:`SETUP` makes them (sparse, so they cost no
disk) in a copy of the folder. The ``symlink-*`` cases link to ``tests/templates/outside``.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from marketo_ops.templates import Severity, validate_paths

TEMPLATES_DIR = Path(__file__).resolve().parent
BROKEN_DIR = TEMPLATES_DIR / "broken"
MB = 1024 * 1024


def sparse(path: Path, size: int, start: bytes = b"") -> None:
    """A file of ``size`` bytes that takes no disk space (and must never be read)."""
    with path.open("wb") as handle:
        handle.write(start)
        handle.truncate(size)


SETUP: dict[str, Callable[[Path], None]] = {
    "image-too-large": lambda folder: sparse(folder / "logo.png", 200 * MB, b"\x89PNG\r\n\x1a\n"),
    "html-too-large": lambda folder: sparse(folder / "body.html", 5 * MB, b"<p>"),
    "yaml-too-large": lambda folder: sparse(folder / "program.yaml", 3 * MB, b"format_version: 1"),
}


def prepared(kind: str, tmp_path: Path) -> Path:
    """The case's folder, or a copy of it with its generated files."""
    if kind not in SETUP:
        return BROKEN_DIR / kind
    folder = tmp_path / kind
    shutil.copytree(BROKEN_DIR / kind, folder)
    SETUP[kind](folder)
    return folder


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
    "symlink-file": (
        E,
        "file-outside-template",
        "program.yaml",
        18,
        9,
        "emails[0].content.body.file",
        "'body.html' leads outside the template folder through a symbolic link (to "
        "{outside}/secret.html); a template reads only files inside its folder",
    ),
    "symlink-folder": (
        E,
        "file-outside-template",
        "program.yaml",
        18,
        9,
        "emails[0].content.body.file",
        "'emails/secret.html' leads outside the template folder through a symbolic link (to "
        "{outside}/secret.html); a template reads only files inside its folder",
    ),
    "symlink-image": (
        E,
        "file-outside-template",
        "program.yaml",
        21,
        5,
        "files[0].file",
        "'logo.png' leads outside the template folder through a symbolic link (to "
        "{outside}/secret.png); a template reads only files inside its folder",
    ),
    "symlink-program-yaml": (
        E,
        "file-outside-template",
        "program.yaml",
        1,
        1,
        "",
        "program.yaml is a symbolic link leading outside the template folder (to "
        "{outside}/program.yaml); a template reads only files inside its folder",
    ),
    "image-too-large": (
        E,
        "file-too-large",
        "program.yaml",
        21,
        5,
        "files[0].file",
        "file 'logo.png' is 200.0 MB; Marketo accepts images and files up to 100.0 MB",
    ),
    "html-too-large": (
        E,
        "file-too-large",
        "program.yaml",
        18,
        9,
        "emails[0].content.body.file",
        "file 'body.html' is 5.0 MB; marketo-ops reads HTML and text files up to 1.0 MB",
    ),
    "yaml-too-large": (
        E,
        "file-too-large",
        "program.yaml",
        1,
        1,
        "",
        "program.yaml is 3.0 MB; marketo-ops reads up to 2.0 MB",
    ),
    "control-character": (
        E,
        "control-character",
        "program.yaml",
        20,
        16,
        "smart_campaigns[0].name",
        "the control character U+0007 BELL is not allowed in YAML (and invisible in most "
        "editors); delete it",
    ),
    "control-character-escaped": (
        E,
        "control-character",
        "program.yaml",
        20,
        5,
        "smart_campaigns[0].name",
        "'Send<U+0007> alert' contains the control character U+0007 BELL; Marketo would store "
        "it invisibly",
    ),
    "invisible-character": (
        E,
        "invisible-character",
        "program.yaml",
        20,
        5,
        "smart_campaigns[0].name",
        "smart campaign name 'Send<U+200B> alert' contains U+200B ZERO WIDTH SPACE, which "
        "cannot be seen: in Marketo it would look like a different name",
    ),
    "look-alike-names": (
        E,
        "look-alike-name",
        "program.yaml",
        21,
        5,
        "smart_campaigns[1].name",
        "'Send alert<U+200B>' looks the same as 'Send alert' (smart_campaigns[0]) but is "
        "written with other characters (U+200B ZERO WIDTH SPACE); smart campaign names must be "
        "unique within the program",
    ),
    "confusable-character": (
        E,
        "confusable-character",
        "program.yaml",
        20,
        5,
        "smart_campaigns[0].name",
        "smart campaign name 'Send \u0430lert' mixes look-alike characters: '\u0430' (U+0430 "
        "CYRILLIC SMALL LETTER A) looks like 'a' (write it with the letters it seems to have)",
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


def expected(kind: str, folder: Path, outside: Path) -> tuple[object, ...]:
    severity, code, file, line, column, field, message = CASES[kind]
    text = message.replace("{dir}", folder.as_posix()).replace("{outside}", outside.as_posix())
    return (severity, code, folder / file, line, column, field, text)


def test_every_broken_folder_has_a_case() -> None:
    folders = {p.name for p in BROKEN_DIR.iterdir() if p.is_dir()}
    assert folders == set(CASES)
    assert len(CASES) >= 40
    assert len({case[1] for case in CASES.values()}) >= 15  # distinct kinds of mistakes


@pytest.mark.parametrize("kind", sorted(CASES))
def test_broken_template_reports_its_one_mistake(kind: str, tmp_path: Path) -> None:
    folder = prepared(kind, tmp_path)
    severity = CASES[kind][0]
    [report] = validate_paths([folder], raise_unexpected=True)
    seen = [
        (f.severity, f.code, Path(f.file), f.line, f.column, f.field, f.message)
        for f in report.findings
    ]
    assert seen == [expected(kind, folder, (TEMPLATES_DIR / "outside").resolve())]
    assert report.ok() is (severity is W)
    assert report.ok(strict=True) is False


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_broken_template_exits_1_with_file_line_and_field(kind: str, tmp_path: Path) -> None:
    folder = prepared(kind, tmp_path)
    severity, code, file, line, column, field, _ = CASES[kind]
    strict = ["--strict"] if severity is W else []
    result = CliRunner().invoke(cli, ["validate", str(folder), *strict])
    assert result.exit_code == 1, result.output
    where = f"{(folder / file).as_posix()}:{line}:{column}: {severity.value}: "
    assert where + (f"{field}: " if field else "") in result.stdout
    assert f"[{code}]" in result.stdout
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole corpus with its generated files (links kept, pointing into the copy)."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(TEMPLATES_DIR / "outside", root / "outside")
    shutil.copytree(BROKEN_DIR, root / "broken", symlinks=True)
    for kind, make in SETUP.items():
        make(root / "broken" / kind)
    return root


@pytest.mark.parametrize("output_format", ["text", "json", "github", "junit"])
def test_one_run_over_the_corpus_reports_every_template_in_every_format(
    corpus_copy: Path, output_format: str
) -> None:
    """One broken template never stops the others from being reported, in any format."""
    broken = corpus_copy / "broken"
    result = CliRunner().invoke(cli, ["validate", str(broken), "--format", output_format])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    outside = (corpus_copy / "outside").resolve()
    found: dict[str, list[tuple[str, str]]] = {}
    if output_format == "json":
        for template in json.loads(result.stdout)["templates"]:
            found[Path(template["path"]).name] = [
                (f["code"], f["message"]) for f in template["findings"]
            ]
    elif output_format == "junit":
        for suite in ET.fromstring(result.stdout):
            found[Path(suite.get("name", "")).name] = [
                (
                    case.get("name", "").rsplit("[", 1)[-1].rstrip("]"),
                    # a warning is a passing case whose output carries it (see format_junit)
                    case[0].get("message", "") if case[0].tag == "failure" else case[0].text or "",
                )
                for case in suite
                if len(case)
            ]
    else:
        for kind in CASES:
            marker = f"/broken/{kind}/"
            lines = [line for line in result.stdout.splitlines() if marker in line]
            found[kind] = [(line, line) for line in lines]
    # a folder without program.yaml, met inside a folder of templates, is not a template
    templates = set(CASES) - {"no-program-yaml"}
    assert {kind for kind, entries in found.items() if entries} == templates
    for kind in templates:
        _, code, *_, message = expected(kind, broken / kind, outside)
        entries = found[kind]
        if output_format == "json":
            assert (code, message) in entries, kind
        elif output_format == "junit":
            assert any(c == code and message in text for c, text in entries), kind
        else:
            shown = message.replace("\n", "%0A") if output_format == "github" else message
            assert any(code in line and shown in line for line, _ in entries), kind
