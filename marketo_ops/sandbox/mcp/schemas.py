"""The tool table of the sandbox's MCP server: names, descriptions and input schemas.

Everything comes from ``tools.yaml`` (the single source; see its header for what is Adobe's and
what is the sandbox's design). Each listed schema is self-contained: the shared ``$defs`` it
refers to are copied into it, as a client reading ``tools/list`` expects. A sandbox can serve a
different table (``SandboxConfig.mcp_schema_overrides``): a tool mapped to a schema gets that
schema, a tool mapped to ``None`` is not served at all.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ...mcp.schema import Validator, compile_schema, problems


@dataclass(frozen=True)
class ToolDefinition:
    name: str
    description: str
    input_schema: dict[str, Any]
    _validator: Validator = field(repr=False, compare=False)

    def problems(self, arguments: Mapping[str, Any]) -> list[str]:
        """Every way ``arguments`` break the schema, one line each (empty: valid)."""
        return problems(self._validator, arguments)


@cache
def _source() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("tools.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            yield ref.removeprefix("#/$defs/")
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _self_contained(schema: dict[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with a copy of every shared definition it refers to (transitively)."""
    needed: dict[str, Any] = {}
    pending = list(_refs(schema))
    while pending:
        name = pending.pop()
        if name not in needed:
            needed[name] = copy.deepcopy(defs[name])
            pending.extend(_refs(needed[name]))
    result = copy.deepcopy(schema)
    if needed:
        result["$defs"] = dict(sorted(needed.items()))
    return result


def _definition(name: str, description: str, schema: dict[str, Any]) -> ToolDefinition:
    return ToolDefinition(name, description, schema, compile_schema(schema))


@cache
def _default_table() -> dict[str, ToolDefinition]:
    source = _source()
    defs = source.get("$defs", {})
    return {
        name: _definition(
            name,
            " ".join(str(spec["description"]).split()),
            _self_contained(spec["inputSchema"], defs),
        )
        for name, spec in source["tools"].items()
    }


def tool_table(
    overrides: Mapping[str, Mapping[str, Any] | None] | None = None,
) -> dict[str, ToolDefinition]:
    """The tools a sandbox serves, by name: ``tools.yaml`` with ``overrides`` applied.

    Raises ``ValueError`` for an override naming no known tool (a typo would otherwise test
    nothing) and ``jsonschema.SchemaError`` for an override that is not a valid schema.
    """
    table = dict(_default_table())
    for name, schema in (overrides or {}).items():
        if name not in table:
            known = ", ".join(sorted(table))
            raise ValueError(
                f"mcp_schema_overrides names an unknown tool {name!r} (tools: {known})"
            )
        if schema is None:
            del table[name]
        else:
            plain = json.loads(json.dumps(schema))
            table[name] = _definition(name, table[name].description, plain)
    return table
