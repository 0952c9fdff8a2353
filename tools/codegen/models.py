"""Rendering ``marketo_ops/types/<module>.py``: one pydantic class per definition in use.

"In use" means reachable from an operation: the items of its result, its flattened body
object, or a parameter typed as a model (the folder filter). Envelopes (``ResponseOfXxx``) are
skipped: the runtime unwraps them. Classes come in dependency order (a model after the models
its fields refer to), ties broken by name, so the output is stable and needs no forward refs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from .emit import (
    INDENT,
    LINE_LENGTH,
    bracketed,
    docstring,
    header,
    keyword_value,
    py_str,
    split_str,
)
from .naming import is_placeholder, plain_text, safe_identifier, snake
from .spec import Api, Specs, load_yaml, ref_name, spec_file

#: Attribute names a field must not take (they would shadow BaseModel's API).
RESERVED = frozenset(name for name in dir(BaseModel) if not name.startswith("_"))

SPEC_TITLES = {
    "asset": "the Asset API (/rest/asset/v1)",
    "mapi": "the lead database and bulk APIs (/rest/v1, /bulk/v1)",
    "user": "the User Management API (/userservice/management/v1)",
    "identity": "the identity endpoint (/identity/oauth/token)",
    "asset_v2": "the Email Designer's Asset API v2 (/rest/asset/v2), written from Adobe's docs",
}


def iter_refs(schema: Any) -> Iterator[str]:
    """Every definition a schema refers to, directly or inside arrays, maps and unions."""
    if not isinstance(schema, Mapping):
        return
    name = ref_name(schema)
    if name:
        yield name
    for key in ("items", "additionalProperties"):
        yield from iter_refs(schema.get(key))
    for option in schema.get("anyOf") or []:
        yield from iter_refs(option)
    for prop in (schema.get("properties") or {}).values():
        yield from iter_refs(prop)


def used_definitions(specs: Specs, api: Api) -> set[str]:
    """Definitions of ``api`` reachable from its operations, envelopes excluded."""
    roots: set[str] = set()
    for op in specs.operations.values():
        if op.api != api.name:
            continue
        roots.update(iter_refs(op.result))
        if op.body_definition:
            roots.add(op.body_definition)
        for param in op.params:
            roots.update(iter_refs(param.schema))
    seen: set[str] = set()
    stack = sorted(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in api.definitions or api.is_envelope(name):
            continue
        seen.add(name)
        stack.extend(iter_refs(api.definitions[name]))
    return seen


def model_type(schema: Mapping[str, Any] | None, api: Api, owner: str = "") -> str:
    """The annotation of a model field (without ``| None``); ``owner`` is quoted (self-ref)."""
    if not schema:
        return "Any"
    if "anyOf" in schema:
        return " | ".join(model_type(option, api, owner) for option in schema["anyOf"])
    name = ref_name(schema)
    if name:
        model = api.model_names[name]
        return f'"{model}"' if model == owner else model
    kind = schema.get("type")
    if kind == "array":
        return f"list[{model_type(schema.get('items'), api, owner)}]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            return f"dict[str, {model_type(extra, api, owner)}]"
        return "Any"  # free objects: Marketo puts scalars where the spec says object
    if kind == "string":
        return "MarketoDateTime" if schema.get("format") == "date-time" else "str"
    return {"integer": "int", "number": "float", "boolean": "bool", "file": "bytes"}.get(
        str(kind), "Any"
    )


def describe(schema: Mapping[str, Any]) -> str:
    """A field's description with the enum's known values (enums stay open strings)."""
    text = plain_text(schema.get("description"))
    values = schema.get("enum") or (schema.get("items") or {}).get("enum")
    if values:
        known = ", ".join(repr(str(v)) for v in values)
        text = f"{text.rstrip('.')}. Known values: {known}." if text else f"Known values: {known}."
    return text


def _order(api: Api, names: set[str]) -> list[str]:
    """Dependencies first, then alphabetical by class name (Kahn's algorithm)."""
    deps = {n: {d for d in iter_refs(api.definitions[n]) if d in names and d != n} for n in names}
    ordered: list[str] = []
    ready = sorted((n for n in names if not deps[n]), key=lambda n: api.model_names[n])
    while ready:
        current = ready.pop(0)
        ordered.append(current)
        for name in names:
            if current in deps[name]:
                deps[name].discard(current)
                if not deps[name] and name not in ordered and name not in ready:
                    ready.append(name)
        ready.sort(key=lambda n: api.model_names[n])
    leftovers = sorted((n for n in names if n not in ordered), key=lambda n: api.model_names[n])
    return ordered + leftovers


def _field_lines(
    owner: str, wire: str, schema: Mapping[str, Any], api: Api, seen: tuple[set[str], list[str]]
) -> list[str]:
    taken, annotations = seen
    name = safe_identifier(snake(wire), frozenset(taken | RESERVED))
    taken.add(name)
    annotation = f"{model_type(schema, api, owner)} | None"
    annotations.append(annotation)
    args = ["default=None"]
    if name != wire:
        args.append(f"alias={py_str(wire)}")
    if schema.get("x-secret"):
        args.append("repr=False")
    aliases = schema.get("x-aliases")
    if aliases:
        choices = ", ".join(py_str(a) for a in aliases)
        args.append(f"validation_alias=AliasChoices({choices})")
    text = describe(schema)
    head = f"{name}: {annotation} = "
    if len(args) == 1 and not text:
        return [f"{INDENT}{head}None"]
    if text:
        literal = py_str(text)
        if len(f"{INDENT * 2}description={literal},") <= LINE_LENGTH:
            args.append(f"description={literal}")
        else:
            args.append(
                keyword_value("description", split_str(text, LINE_LENGTH - len(INDENT * 3)))
            )
    return bracketed(f"{head}Field(", args, ")", INDENT)


def _class_lines(
    definition: str, api: Api, annotations: list[str], docs: Mapping[str, str]
) -> list[str]:
    schema = api.definitions[definition]
    name = api.model_names[definition]
    text = docs.get(definition) or plain_text(schema.get("description"))
    origin = f"Spec definition: ``{definition}``." if definition != name else ""
    if not text:
        text = f"The ``{definition}`` object of {SPEC_TITLES[api.name]}."
        origin = ""
    text = text if text.endswith((".", "!", "?")) else text + "."
    lines = [f"class {name}(MarketoModel):"]
    body = text if not origin else f"{text}\n\n{origin}"
    lines.extend(docstring(body, INDENT))
    taken: set[str] = set()
    fields = [
        (wire, prop)
        for wire, prop in (schema.get("properties") or {}).items()
        if not is_placeholder(wire)
    ]
    if fields:
        lines.append("")
    for wire, prop in fields:
        lines.extend(_field_lines(name, wire, prop, api, (taken, annotations)))
    return lines


def render_module(specs: Specs, api: Api) -> str:
    """The source of the types module of ``api`` (``marketo_ops/types/asset.py``...)."""
    names = used_definitions(specs, api)
    order = _order(api, names)
    annotations: list[str] = []
    docs = (load_yaml("models.yaml").get("docs") or {}).get(api.name) or {}
    classes = [_class_lines(d, api, annotations, docs) for d in order]
    body = "\n".join(line for block in classes for line in block)
    uses_any = any(re.search(r"\bAny\b", a) for a in annotations)
    typing_names = ["Any"] if uses_any else []
    pydantic_names = [n for n in ("AliasChoices", "Field") if f"{n}(" in body]
    base_names = [n for n in ("MarketoDateTime", "MarketoModel") if n in body]
    out = [header(f"marketo_ops/specs/{spec_file(api.name)}")]
    out.append(
        f'"""Models of {SPEC_TITLES[api.name]}.\n\n'
        "Field names are snake_case with the API's camelCase names as aliases; every field is "
        "optional\nand unknown fields are kept (see ``marketo_ops.types._base``).\n"
        '"""'
    )
    out.append("")
    if typing_names:
        out.append(f"from typing import {', '.join(typing_names)}")
        out.append("")
    if pydantic_names:
        out.append(f"from pydantic import {', '.join(pydantic_names)}")
        out.append("")
    out.append(f"from ._base import {', '.join(base_names)}")
    out.append("")
    exported = sorted(api.model_names[d] for d in order)
    out.extend(bracketed("__all__ = [", [py_str(n) for n in exported], "]", "", literal=True))
    for block in classes:
        out.append("")
        out.append("")
        out.extend(block)
    return "\n".join(out) + "\n"
