"""The Python API the importer uses: loading, lookups, file contents, immutability."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from marketo_ops.templates import (
    ProgramTemplate,
    Severity,
    TemplateError,
    TemplateFileError,
    TemplateSpec,
    replace_image_refs,
)


def test_load_accepts_the_folder_or_its_program_yaml(full_template: Path) -> None:
    by_folder = ProgramTemplate.load(full_template)
    by_file = ProgramTemplate.load(full_template / "program.yaml")
    assert by_folder.source_dir == by_file.source_dir == full_template
    assert by_folder.spec == by_file.spec
    assert repr(by_folder) == (
        f"ProgramTemplate('Global - Q1 - Webinar Follow-up', "
        f"source_dir={full_template.as_posix()!r})"
    )


def test_load_raises_with_every_finding(make_template) -> None:
    folder = make_template("format_version: 1\nprogram:\n  nme: X\n", files={})
    with pytest.raises(TemplateError) as caught:
        ProgramTemplate.load(folder)
    assert [(f.line, f.field, f.message) for f in caught.value.findings] == [
        (2, "program.name", "missing required field 'name'"),
        (2, "program.channel", "missing required field 'channel'"),
        (3, "program.nme", "unknown field 'nme' (did you mean 'name'?)"),
    ]
    assert str(caught.value).startswith(f"cannot load the template in {folder.as_posix()}\n  ")


def test_load_of_a_folder_without_program_yaml(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        ProgramTemplate.load(tmp_path)
    [finding] = caught.value.findings
    assert finding.code == "no-program-yaml"


def test_models_are_immutable(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    with pytest.raises(pydantic.ValidationError):
        template.program.name = "Changed"  # type: ignore[misc]
    assert isinstance(template.emails, tuple)


def test_file_contents_for_the_importer(full_template: Path, png_bytes: bytes) -> None:
    template = ProgramTemplate.load(full_template)
    assert template.email_template_html("Basic Email").startswith("<!DOCTYPE html>")
    assert template.email_content("01 - Follow-up Email") == {
        "headline": "Thanks for joining",
        "body": "<p>Here are the slides, {{lead.First Name}}.</p>\n",
    }
    assert template.file_bytes("Logo") == png_bytes
    assert template.mime_type("Logo") == "image/png"
    assert template.landing_page_template_html("Basic Page").count("mktoText") == 2
    signature = template.program.tokens[3]
    assert template.token_value(signature) == "<p>The Events Team</p>\n"
    assert template.content_html(template.snippets[0].content) == "<p>Example Inc.</p>"


def test_image_references_are_replaced_by_urls(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    html = template.email_template_html("Basic Email")
    replaced = replace_image_refs(html, {"Logo": "https://lp.example.com/rs/123/images/logo.png"})
    assert '<img src="https://lp.example.com/rs/123/images/logo.png" alt="Logo">' in replaced
    assert replace_image_refs("{{image:Other}}", {}) == "{{image:Other}}"


def test_lookups_by_name_explain_what_exists(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    with pytest.raises(KeyError) as caught:
        template.email_template("Missing")
    assert caught.value.args[0] == (
        "no email template named 'Missing' in this template (known: 'Basic Email')"
    )


@pytest.mark.parametrize("path", ["../outside.html", "/etc/passwd", "a/../../b.html", ""])
def test_paths_cannot_leave_the_template_folder(full_template: Path, path: str) -> None:
    template = ProgramTemplate.load(full_template)
    with pytest.raises(TemplateFileError):
        template.read_bytes(path)


def test_missing_file_raises_a_template_error(full_template: Path) -> None:
    template = ProgramTemplate.load(full_template)
    (full_template / "email.html").unlink()
    with pytest.raises(TemplateFileError) as caught:
        template.email_template_html("Basic Email")
    assert "email.html" in str(caught.value)


def test_validate_is_sorted_and_errors_filters(make_template, full_yaml: str, full_files) -> None:
    text = full_yaml.replace("template: Basic Email", "template: Basic Mail").replace(
        "action: Change Score", "action: Change Scor"
    )
    template = ProgramTemplate.load(make_template(text, full_files))
    findings = template.validate()
    assert [(f.severity, f.code) for f in findings] == [
        (Severity.WARNING, "unknown-flow-action"),
        (Severity.ERROR, "unknown-reference"),
    ]
    assert [f.code for f in template.errors()] == ["unknown-reference"]


def test_rules_default_to_marketos_recommendations(make_template) -> None:
    folder = make_template("format_version: 1\nprogram: {name: X, channel: Operational}\n", {})
    rules = ProgramTemplate.load(folder).rules
    assert rules.model_dump() == {
        "tags": "create",
        "lp_templates": "copy",
        "images": "keep-both",
        "email_templates": "keep-both",
        "program": "stop",
    }


def test_token_type_is_case_insensitive_but_stored_as_the_api_names_it(make_template) -> None:
    text = (
        "format_version: 1\nprogram:\n  name: X\n  channel: Operational\n  tokens:\n"
        "    - {name: Bio, type: Rich Text, value: <p>Hi</p>}\n"
    )
    template = ProgramTemplate.load(make_template(text, {}))
    assert template.program.tokens[0].type == "rich text"


def test_a_template_built_in_code(tmp_path: Path) -> None:
    spec = TemplateSpec.model_validate(
        {"format_version": 1, "program": {"name": "Scripted", "channel": "Operational"}}
    )
    template = ProgramTemplate.from_spec(spec, tmp_path)
    assert template.name == "Scripted"
    assert template.source_dir == tmp_path
    assert template.validate() == []
