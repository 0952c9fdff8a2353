"""JSON Schema of program.yaml (and of naming-policy files), generated from the models.

Generated, never hand-written, so the editor's view of the format cannot drift from what
``validate`` accepts. Output is deterministic (same models, same bytes), so the file can be
committed and diffed, and it carries ``$schema``, ``title`` and ``description`` so VS Code's YAML
extension can offer completion and hover help with a ``# yaml-language-server: $schema=...``
comment or a ``yaml.schemas`` setting.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from .policy import NamingPolicy
from .spec import FORMAT_VERSION, TemplateSpec

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Generator(GenerateJsonSchema):
    """Pydantic's generator without the auto-made per-field titles ('Name', 'From Email')."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    generated = model.model_json_schema(schema_generator=_Generator)
    generated.pop("title", None)
    generated.pop("description", None)
    return {"$schema": JSON_SCHEMA_DIALECT, "title": title, "description": description, **generated}


def template_json_schema() -> dict[str, Any]:
    return _schema(
        TemplateSpec,
        f"marketo-ops program template (format_version {FORMAT_VERSION})",
        "program.yaml of a Marketo program template: the program, its folders, smart "
        "campaigns, emails, Design Studio assets and default conflict rules. Validate a "
        "template with 'marketo-ops validate PATH'.",
    )


def naming_policy_json_schema() -> dict[str, Any]:
    return _schema(
        NamingPolicy,
        "marketo-ops naming policy",
        "Naming conventions per asset kind (regex, maximum length, forbidden characters), "
        "enforced by 'marketo-ops validate --naming-policy FILE'.",
    )


def dump_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
