"""Arguments checked against a tool's ``inputSchema`` with jsonschema, one line per problem.

MCP tools carry JSON Schema (draft 2020-12 unless the schema names another ``$schema``). The
client checks arguments against the schema the server lists before writing, and the sandbox's
server checks what it receives against its own; both word problems the same way:
``step.params.Email: 3 is not of type 'string'`` (``(arguments)`` for the top level).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# jsonschema ships no type information (typeshed's stubs are not a dependency here).
from jsonschema import Draft202012Validator, SchemaError  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import validator_for  # type: ignore[import-untyped]

Validator = Any
"""A compiled ``jsonschema`` validator (``jsonschema.protocols.Validator``)."""


def compile_schema(schema: Mapping[str, Any]) -> Validator:
    """A validator for ``schema``; raises ``jsonschema.SchemaError`` if it is not a schema."""
    cls = validator_for(schema, default=Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema)


def problems(validator: Validator, arguments: Mapping[str, Any]) -> list[str]:
    """Every way ``arguments`` break the schema, sorted by place (empty: valid)."""
    errors = sorted(validator.iter_errors(dict(arguments)), key=_key)
    return [describe(error) for error in errors]


def describe(error: ValidationError) -> str:
    where = ".".join(str(part) for part in error.absolute_path) or "(arguments)"
    return f"{where}: {error.message}"


def _key(error: ValidationError) -> tuple[str, str]:
    return ".".join(str(part) for part in error.absolute_path), error.message


__all__ = ["SchemaError", "Validator", "compile_schema", "describe", "problems"]
