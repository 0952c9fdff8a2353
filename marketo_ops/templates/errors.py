"""Exceptions of the template API, and pydantic's errors turned into located findings.

Pydantic reports ``('emails', 0, 'subjet') extra_forbidden``; a Marketo admin needs
``program.yaml:14:5: emails[0].subjet: unknown field 'subjet' (did you mean 'subject'?)``.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import MarketoError
from .findings import FieldPath, Finding
from .yamlsource import SourceMap


class TemplateError(MarketoError):
    """A template that cannot be loaded at all; ``findings`` says every reason and where."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        self.findings = list(findings)
        details = "".join(f"\n  {finding}" for finding in self.findings)
        super().__init__(message + details)


class TemplateNotFoundError(TemplateError, LookupError):
    """Neither a template folder nor the short name of a built-in template."""


class TemplateFileError(TemplateError):
    """A file a template refers to is missing, unreadable, too large, or outside the template
    folder (symbolic links included)."""


class UnknownAssetError(TemplateError, KeyError):
    """A lookup by name (``template.email("Welcome")``) found no such asset in the template."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def validation_findings(
    exc: ValidationError, data: Any, source: SourceMap, root: type[BaseModel]
) -> list[Finding]:
    findings = []
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], data)
        findings.append(source.finding(path, _code(error), _message(error, path, root)))
    return findings


def _data_path(loc: tuple[int | str, ...], data: Any) -> FieldPath:
    """Drop pydantic's union-member and validator tags, keeping only real data keys."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        in_dict = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            current = current[part]
            path.append(part)
        elif last and isinstance(part, str) and isinstance(current, dict):
            path.append(part)  # a missing key: name it
        # else: a tag such as 'function-before[...]' or a union member name
    return tuple(path)


def _code(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown-field"
    if kind == "missing":
        return "missing-field"
    return "invalid-value"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    return repr(value)


def _message(error: ErrorDetails, path: FieldPath, root: type[BaseModel]) -> str:
    kind = error["type"]
    got = _describe(error.get("input"))
    name = str(path[-1]) if path else ""
    if kind == "extra_forbidden":
        allowed = _fields_at(root, path[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field '{name}' (did you mean '{close[0]}'?)"
        if allowed:
            return f"unknown field '{name}'; allowed fields: {', '.join(allowed)}"
        return f"unknown field '{name}'"
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {got}"
    if kind in {"string_type", "string_sub_type"}:
        return f"expected text, got {got}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, got {got}"
    if kind.startswith("date_"):
        return f"expected a date as YYYY-MM-DD, got {got}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of fields (key: value), got {got}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list, got {got}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        return f"expected {expected}, got {got}"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]


def _fields_at(root: type[BaseModel], path: FieldPath) -> list[str]:
    """The field names of the model found at ``path`` (for "did you mean" suggestions)."""
    current: Any = root
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    model = _unwrap_model(current)
    return list(model.model_fields) if model else []


def _step(annotation: Any, part: str | int) -> Any:
    model = _unwrap_model(annotation)
    if model is not None and isinstance(part, str):
        field = model.model_fields.get(part)
        return field.annotation if field else None
    for candidate in _options(annotation):
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin in (tuple, list) and isinstance(part, int) and args:
            return args[0]
        if origin is dict and isinstance(part, str) and len(args) == 2:
            return args[1]
    return None


def _options(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    if origin is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    return [annotation]


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in _options(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
