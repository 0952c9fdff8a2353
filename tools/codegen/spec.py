"""Reading the four official specs, applying the spec fixes, and naming the models.

The official files in ``marketo_ops/specs`` are never edited. :func:`load` deep-copies them,
applies ``spec_fixes.yaml`` (every fix carries a one-line reason), resolves model names with
``models.yaml``, and returns plain data the renderers work from:

* :class:`Api` per spec: its definitions (after fixes), the model name of each, the envelope
  definitions that the runtime unwraps;
* :class:`Operation` per operationId: method, path, parameters (path/query/header/body/form),
  and what the answer holds (an envelope's ``result`` items, plain JSON, or a download).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .naming import plain_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SPEC_DIR = ROOT / "marketo_ops" / "specs"
SPEC_NAMES: tuple[str, ...] = ("asset", "mapi", "user", "identity")
#: Specs written from Adobe's docs where no official file exists (see marketo_ops/specs/README).
DOC_SPECS: dict[str, str] = {"asset_v2": "asset-v2.from-docs.json"}
HTTP_METHODS = ("get", "post", "put", "delete", "patch")

#: Properties that make a definition the REST envelope (it carries no model of its own).
#: ``success`` alone is not enough: a channel's progression status has a ``success`` flag.
ENVELOPE_KEYS = frozenset({"requestId", "result", "errors"})

ResponseKind = Literal["envelope", "plain", "download"]


def load_yaml(name: str) -> Any:
    with (HERE / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def ref_name(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


@dataclass
class Param:
    """One operation parameter as the generator sees it (after fixes)."""

    wire: str
    location: str  # path | query | header | body | formData
    required: bool
    schema: dict[str, Any]
    description: str = ""
    default: Any = None

    @property
    def enum(self) -> list[Any]:
        values = self.schema.get("enum") or (self.schema.get("items") or {}).get("enum") or []
        return list(values)


@dataclass
class Operation:
    api: str
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    params: list[Param]
    response_kind: ResponseKind
    result: dict[str, Any] | None  # schema of one result item / the plain JSON body
    body_definition: str | None = None  # the in:body object that is flattened into kwargs
    body_inline: bool = False  # an in:body parameter that is not an object (sent as one field)
    get_with_body: bool = False  # a GET declaring a body: POST + _method=GET when it is used


@dataclass
class Api:
    name: str
    definitions: dict[str, dict[str, Any]]
    model_names: dict[str, str] = field(default_factory=dict)  # definition -> class name

    def is_envelope(self, definition: str) -> bool:
        properties = set(self.definitions.get(definition, {}).get("properties") or {})
        return "requestId" in properties or (
            "success" in properties and bool(ENVELOPE_KEYS & properties)
        )


@dataclass
class Specs:
    apis: dict[str, Api]
    operations: dict[str, Operation]  # operationId -> operation
    fixes: dict[str, Any]

    def api_of(self, operation: Operation) -> Api:
        return self.apis[operation.api]


def spec_file(name: str) -> str:
    """The file of a spec under marketo_ops/specs."""
    return DOC_SPECS.get(name, f"swagger-{name}.json")


def read_spec(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SPEC_DIR / spec_file(name)).read_text("utf-8"))
    return data


def iter_operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(path, method, operation)`` in the spec's order."""
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


# --- fixes -------------------------------------------------------------------------------------


def _matches(entry: Mapping[str, Any], api: str, operation_id: str) -> bool:
    ops = entry.get("ops") or ([entry["op"]] if "op" in entry else [])
    if ops:
        return operation_id in ops
    return entry.get("api") == api and "op" not in entry


def _apply_param_fixes(
    api: str, path: str, op: dict[str, Any], fixes: list[dict[str, Any]]
) -> None:
    op_id = op["operationId"]
    params: list[dict[str, Any]] = op.setdefault("parameters", [])
    for fix in fixes:
        if not _matches(fix, api, op_id):
            continue
        if "add" in fix:
            if not any(p["name"] == fix["add"]["name"] for p in params):
                params.append(copy.deepcopy(fix["add"]))
            continue
        for param in params:
            wanted = fix.get("param")
            if param["name"] != wanted or (fix.get("in") and param["in"] != fix["in"]):
                continue
            if fix.get("path_prefix") and not path.startswith(fix["path_prefix"]):
                continue
            for key, value in (fix.get("set") or {}).items():
                param[key] = copy.deepcopy(value)
            for key in fix.get("unset") or []:
                param.pop(key, None)


def _apply_definition_fixes(
    api: str, definitions: dict[str, Any], fixes: list[dict[str, Any]]
) -> None:
    for fix in fixes:
        if fix.get("api") != api:
            continue
        if "add_definition" in fix:
            definitions[fix["add_definition"]] = copy.deepcopy(fix["schema"])
            continue
        definition = definitions[fix["definition"]]
        properties = definition.setdefault("properties", {})
        if "property" not in fix:
            for key, value in (fix.get("set") or {}).items():
                definition[key] = copy.deepcopy(value)
            continue
        name = fix["property"]
        if "replace" in fix:
            properties[name] = copy.deepcopy(fix["replace"])
        for key, value in (fix.get("set") or {}).items():
            properties.setdefault(name, {})[key] = copy.deepcopy(value)


# --- naming ------------------------------------------------------------------------------------


def _model_names(api: Api, renames: Mapping[str, str]) -> dict[str, str]:
    """Class names: the explicit renames, then ``XxxResponse`` -> ``Xxx`` when that is free."""
    names: dict[str, str] = {}
    for definition in sorted(api.definitions):
        names[definition] = renames.get(definition, definition)
    taken = set(names.values())
    for definition in sorted(api.definitions):
        current = names[definition]
        if definition in renames or not current.endswith("Response") or current == "Response":
            continue
        shorter = current[: -len("Response")]
        if shorter and shorter not in taken:
            taken.discard(current)
            taken.add(shorter)
            names[definition] = shorter
    clashes = [n for n in set(names.values()) if list(names.values()).count(n) > 1]
    if clashes:
        raise ValueError(f"{api.name}: model names used twice: {sorted(clashes)}")
    return names


# --- operations --------------------------------------------------------------------------------


def _response(
    api: Api, op: Mapping[str, Any], plain: bool
) -> tuple[ResponseKind, dict[str, Any] | None]:
    schema = (op.get("responses", {}).get("200") or {}).get("schema")
    if plain:
        return "plain", schema or None
    definition = ref_name(schema or {})
    if definition is None or not api.is_envelope(definition):
        return "download", None
    result = (api.definitions[definition].get("properties") or {}).get("result")
    if result is None:
        return "envelope", None
    items = result.get("items") if result.get("type") == "array" else result
    return "envelope", items


def _operation(
    api: Api, path: str, method: str, op: dict[str, Any], fixes: dict[str, Any]
) -> Operation:
    plain = api.name in fixes["plain_json_apis"]
    kind, result = _response(api, op, plain)
    for fix in fixes.get("results") or []:
        if fix["op"] == op["operationId"]:
            kind = fix.get("kind", "envelope")
            result = copy.deepcopy(fix.get("result"))
    params: list[Param] = []
    body_definition: str | None = None
    body_inline = False
    for raw in op.get("parameters") or []:
        location = raw["in"]
        if location == "body":
            definition = ref_name(raw.get("schema") or {})
            if definition is not None:
                body_definition = definition
                continue
            body_inline = True
            schema = copy.deepcopy(raw.get("schema") or {})
        else:
            schema = {
                k: copy.deepcopy(v)
                for k, v in raw.items()
                if k not in ("name", "in", "description", "required")
            }
            if "schema" in raw:
                schema = copy.deepcopy(raw["schema"])
        params.append(
            Param(
                wire=raw["name"],
                location=location,
                required=bool(raw.get("required")),
                schema=schema,
                description=plain_text(raw.get("description")),
                default=raw.get("default"),
            )
        )
    return Operation(
        api=api.name,
        operation_id=op["operationId"],
        method=method.upper(),
        path=path,
        summary=plain_text(op.get("summary")),
        description=plain_text(op.get("description")),
        params=params,
        response_kind=kind,
        result=result,
        body_definition=body_definition,
        body_inline=body_inline,
        get_with_body=method == "get" and (body_definition is not None or body_inline),
    )


def load() -> Specs:
    fixes = load_yaml("spec_fixes.yaml")
    renames = load_yaml("models.yaml")["renames"]
    apis: dict[str, Api] = {}
    operations: dict[str, Operation] = {}
    for name in (*SPEC_NAMES, *DOC_SPECS):
        raw = read_spec(name)
        definitions = copy.deepcopy(raw.get("definitions") or {})
        _apply_definition_fixes(name, definitions, fixes.get("definitions") or [])
        api = Api(name, definitions)
        api.model_names = _model_names(api, renames.get(name) or {})
        apis[name] = api
        path_fixes = {fix["op"]: fix["path"] for fix in fixes.get("paths") or []}
        for spec_path, method, original in iter_operations(raw):
            op = copy.deepcopy(original)
            _apply_param_fixes(name, spec_path, op, fixes.get("parameters") or [])
            op_id = op["operationId"]
            if op_id in operations:
                raise ValueError(f"operationId {op_id} appears in two specs")
            path = path_fixes.get(op_id, spec_path)
            operations[op_id] = _operation(api, path, method, op, fixes)
    return Specs(apis, operations, fixes)
