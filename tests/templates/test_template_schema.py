"""The exported JSON Schema: usable by editors, deterministic, and true to the models."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from marketo_ops.templates import (
    list_builtin_templates,
    naming_policy_json_schema,
    template_json_schema,
)
from marketo_ops.templates.schema import dump_schema
from marketo_ops.templates.yamlsource import load_yaml

BUILTIN_NAMES = [t.name for t in list_builtin_templates()]


def load_program_yaml(folder: Path) -> object:
    loaded = load_yaml((folder / "program.yaml").read_text(encoding="utf-8"), "program.yaml")
    assert loaded.findings == []
    return loaded.data


def test_schema_has_what_editors_need() -> None:
    schema = template_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "marketo-ops program template (format_version 1)"
    assert schema["description"].startswith("program.yaml of a Marketo program template")
    assert schema["required"] == ["format_version", "program"]
    assert schema["properties"]["format_version"] == {
        "const": 1,
        "description": "Version of this format; always 1.",
        "type": "integer",
    }
    assert schema["additionalProperties"] is False
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_is_deterministic() -> None:
    assert dump_schema(template_json_schema()) == dump_schema(template_json_schema())


def test_committed_schema_file_is_current(builtin_dir: Path) -> None:
    committed = (builtin_dir / "program-template.schema.json").read_text(encoding="utf-8")
    assert committed == dump_schema(template_json_schema()), (
        "regenerate it: marketo-ops schema -o program_templates/program-template.schema.json"
    )


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_shipped_templates_satisfy_the_schema(builtin_dir: Path, name: str) -> None:
    jsonschema.validate(load_program_yaml(builtin_dir / name), template_json_schema())


def test_full_template_satisfies_the_schema(full_template: Path) -> None:
    jsonschema.validate(load_program_yaml(full_template), template_json_schema())


def test_schema_rejects_a_misspelt_key(builtin_dir: Path) -> None:
    data = load_program_yaml(builtin_dir / "op-lead-management")
    assert isinstance(data, dict)
    data["emails"][0]["subjet"] = data["emails"][0].pop("subject")
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(data, template_json_schema())
    assert "'subjet' was unexpected" in caught.value.message


def test_schema_offers_descriptions_and_enums() -> None:
    definitions = template_json_schema()["$defs"]
    assert definitions["Token"]["properties"]["type"]["enum"] == [
        "text",
        "rich text",
        "number",
        "date",
        "score",
        "sfdc campaign",
    ]
    assert definitions["ConflictRules"]["properties"]["images"]["default"] == "keep-both"
    for definition in definitions.values():
        for name, field in definition.get("properties", {}).items():
            assert field.get("description"), f"{name} has no description"
            assert "title" not in field


def test_naming_policy_schema() -> None:
    schema = naming_policy_json_schema()
    assert schema["title"] == "marketo-ops naming policy"
    assert set(schema["properties"]) == {
        "default",
        "program",
        "folder",
        "smart_campaign",
        "email",
        "email_template",
        "file",
        "landing_page_template",
        "landing_page",
        "snippet",
        "token",
    }
    json.dumps(schema)  # serialisable
