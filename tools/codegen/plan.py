"""Planning: each operation of ``operations.yaml`` as a method (arguments, shape, result).

Nothing here writes code; :mod:`.resources` renders what is planned. How a spec operation
turns into a signature:

* path parameters are positional; everything else is keyword-only, snake_case, required ones
  first (``name`` leading), then optional ones (``description`` leading), then
  ``page_size``/``limit`` for paginators;
* the properties of an ``in: body`` object are flattened into keyword arguments and sent back
  under their spec names (form fields for the asset API, a JSON object elsewhere);
* paging parameters (offset/maxReturn, nextPageToken/batchSize) are replaced by a paginator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .emit import py_str
from .models import describe
from .naming import is_placeholder, safe_identifier, snake
from .spec import Api, Operation, Specs, ref_name

SHAPES = ("one", "first", "items", "offset", "token", "none", "raw", "plain", "paging_token")
OFFSET_PARAMS = frozenset({"offset", "maxReturn"})
TOKEN_PARAMS = frozenset({"nextPageToken", "batchSize"})
PAGE_SIZES = {"offset": 200, "token": 300}
TYPES_MODULES = {
    "asset": "asset",
    "mapi": "leads",
    "user": "users",
    "identity": "identity",
    "asset_v2": "asset_v2",
}
RECORD_APIS = frozenset({"mapi"})
#: Names the generated code uses; an argument must not hide them.
HELPER_NAMES = frozenset(
    {
        "spec",
        "lookup",
        "response",
        "data",
        "body",
        "json_encoding",
        "path_segment",
        "as_file",
        "read_bytes",
        "read_json",
        "send_without_token",
        "asend_without_token",
        "require_paging_token",
        "RequestSpec",
        "builtins",
        "datetime",
        "operation",
    }
)
OPERATION_KEYS = frozenset(
    {"method", "shape", "idempotent", "lookup", "files", "params", "start_token", "auth", "what"}
)


# --- plan ----------------------------------------------------------------------------------------


@dataclass
class Arg:
    """One argument of a generated method and where its value goes on the wire."""

    py: str
    wire: str
    location: str  # path | query | header | form | file | json | getbody | shared
    annotation: str
    required: bool
    default: str | None = None  # source text of the default when not required
    description: str = ""
    file_name: str | None = None
    path_type: str = "int"
    order: int = 0  # position among keyword arguments (see Method.keywords)


@dataclass
class Method:
    group: str
    name: str
    op: Operation
    conf: Mapping[str, Any]
    args: list[Arg] = field(default_factory=list)
    shape: str = "one"
    model: str | None = None  # result model class, when the shape returns models
    result_kind: str = "model"  # model | str | any | none (plain answers)
    encoding: str = "none"
    models_used: set[str] = field(default_factory=set)

    @property
    def positional(self) -> list[Arg]:
        return [a for a in self.args if a.location == "path"]

    @property
    def keywords(self) -> list[Arg]:
        """Required first (``name`` leading), then optional (``description`` leading).

        Within each, parameters keep the spec's order and flattened body properties follow
        the body's ``required`` list (for required ones) or property order.
        """
        rest = [a for a in self.args if a.location not in ("path", "from_path")]

        def key(arg: Arg) -> tuple[int, int]:
            leading = arg.py == ("name" if arg.required else "description")
            return (0 if leading else 1, arg.order)

        required = sorted((a for a in rest if a.required), key=key)
        return required + sorted((a for a in rest if not a.required), key=key)


def param_type(schema: Mapping[str, Any] | None, api: Api, models: set[str]) -> str:
    """The annotation of a method argument: lenient in what it takes (models or mappings)."""
    if not schema:
        return "Any"
    if "anyOf" in schema:
        return " | ".join(param_type(option, api, models) for option in schema["anyOf"])
    name = ref_name(schema)
    if name:
        models.add(api.model_names[name])
        return f"{api.model_names[name]} | Mapping[str, Any]"
    kind = schema.get("type")
    if kind == "array":
        return f"Sequence[{param_type(schema.get('items'), api, models)}]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            return f"Mapping[str, {param_type(extra, api, models)}]"
        return "Mapping[str, Any]"
    if kind == "file":
        return "FileInput"
    if kind == "string":
        return "str | datetime" if schema.get("format") == "date-time" else "str"
    return {"integer": "int", "number": "float", "boolean": "bool"}.get(str(kind), "Any")


def literal(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float):
        return repr(value)
    return py_str(str(value))


def _rename(conf: Mapping[str, Any], group: Mapping[str, Any], location: str, wire: str) -> str:
    renames = {**(group.get("params") or {}), **(conf.get("params") or {})}
    for key in (f"{location}:{wire}", wire):
        if key in renames:
            return str(renames[key])
    return safe_identifier(snake(wire))


def plan_method(
    specs: Specs, group_path: str, group: Mapping[str, Any], op_id: str, conf: Mapping[str, Any]
) -> Method:
    unknown = set(conf) - OPERATION_KEYS
    if unknown:
        raise ValueError(f"{op_id}: unknown keys {sorted(unknown)} in operations.yaml")
    op = specs.operations[op_id]
    api = specs.api_of(op)
    shape = conf["shape"]
    if shape not in SHAPES:
        raise ValueError(f"{op_id}: unknown shape {shape!r}")
    method = Method(group_path, conf["method"], op, conf, shape=shape)
    files: Mapping[str, str] = conf.get("files") or {}
    dropped = OFFSET_PARAMS if shape == "offset" else TOKEN_PARAMS if shape == "token" else set()
    path_wires = {p.wire for p in op.params if p.location == "path"}
    query_wires = {p.wire for p in op.params if p.location == "query"}
    asset_form = op.api == "asset" and op.method != "GET"

    def add(arg: Arg) -> None:
        method.args.append(arg)

    for param in op.params:
        if param.wire in dropped and param.location == "query":
            continue
        if param.location == "path":
            location = "path"
        elif param.location in ("query", "header"):
            location = param.location
        elif param.wire in files or param.schema.get("type") == "file":
            location = "file"
        elif param.location == "body":  # an inline (non-object) body: one field
            location = "getbody" if op.get_with_body else "form" if asset_form else "json"
        else:
            location = "form"
        schema = {"type": "file"} if location == "file" else param.schema
        default = param.default
        required = param.required
        enum = param.enum
        if required and default is None and len(enum) == 1 and location != "path":
            default = enum[0]  # grant_type=client_credentials
        annotation = param_type(schema, api, method.models_used)
        add(
            Arg(
                py=_rename(conf, group, param.location, param.wire),
                wire=param.wire,
                location=location,
                annotation=annotation,
                required=(required or location == "file") and default is None,
                default=None if default is None else literal(default),
                description=describe({**param.schema, "description": param.description}),
                file_name=files.get(param.wire),
                path_type="int" if param.schema.get("type") == "integer" else "str",
                order=len(method.args),
            )
        )
    if op.body_definition:
        definition = api.definitions[op.body_definition]
        required_list = list(definition.get("required") or [])
        required_props = set(required_list)
        for index, (wire, prop) in enumerate((definition.get("properties") or {}).items()):
            if is_placeholder(wire):
                continue
            if wire in path_wires:
                add(
                    Arg(
                        py=_rename(conf, group, "path", wire),
                        wire=wire,
                        location="from_path",
                        annotation="",
                        required=True,
                    )
                )
                continue
            if op.get_with_body and wire in query_wires:
                if wire not in dropped:
                    next(a for a in method.args if a.wire == wire).location = "shared"
                continue
            if wire in files:  # an upload without its file is meaningless: always required
                location, annotation = "file", "FileInput"
                required_props.add(wire)
            else:
                location = "getbody" if op.get_with_body else "form" if asset_form else "json"
                annotation = param_type(prop, api, method.models_used)
            add(
                Arg(
                    py=_rename(conf, group, "body", wire),
                    wire=wire,
                    location=location,
                    annotation=annotation,
                    required=wire in required_props and not op.get_with_body,
                    description=describe(prop),
                    file_name=files.get(wire),
                    order=1000 + (required_list.index(wire) if wire in required_list else index),
                )
            )
    names = [a.py for a in method.args if a.location != "from_path"]
    if len(names) != len(set(names)):
        raise ValueError(f"{op_id}: two arguments named alike: {names}")
    paging = {"page_size", "limit", "start_token"} if shape in ("offset", "token") else set()
    shadowing = set(names) & (HELPER_NAMES | paging)
    if shadowing:
        raise ValueError(f"{op_id}: arguments {sorted(shadowing)} would shadow helpers")
    missing_files = set(files) - {a.wire for a in method.args if a.location == "file"}
    if missing_files:
        raise ValueError(f"{op_id}: files {sorted(missing_files)} are not parameters")
    locations = {a.location for a in method.args}
    if "file" in locations:
        method.encoding = "multipart"
    elif "form" in locations:
        method.encoding = "form"
    elif "json" in locations:
        method.encoding = "json"
    _plan_result(method, api)
    return method


def _plan_result(method: Method, api: Api) -> None:
    op, shape = method.op, method.shape
    if shape in ("none", "raw", "paging_token"):
        return
    if shape == "plain":
        result = op.result or {}
        if result.get("type") == "array" and ref_name(result.get("items") or {}):
            method.result_kind = "model_list"
            method.model = api.model_names[ref_name(result["items"]) or ""]
        elif ref_name(result):
            method.result_kind = "model"
            method.model = api.model_names[ref_name(result) or ""]
        elif not result:
            method.result_kind = "none"
        else:
            method.result_kind = "any"
        if method.model:
            method.models_used.add(method.model)
        return
    if op.response_kind != "envelope" or op.result is None:
        raise ValueError(f"{op.operation_id}: shape {shape} needs result items in the spec")
    name = ref_name(op.result)
    if name:
        method.model = api.model_names[name]
        method.models_used.add(method.model)
    elif shape == "items" and op.result.get("type") == "string":
        method.result_kind = "str"
    else:
        raise ValueError(f"{op.operation_id}: result items are not a model: {op.result}")


@dataclass
class Group:
    path: str
    conf: Mapping[str, Any]
    methods: list[Method]

    @property
    def sync_class(self) -> str:
        return str(self.conf["class"])

    @property
    def async_class(self) -> str:
        return "Async" + self.sync_class


@dataclass
class Namespace:
    path: str
    conf: Mapping[str, Any]
    children: list[str]  # attribute names

    @property
    def sync_class(self) -> str:
        return str(self.conf["class"])

    @property
    def async_class(self) -> str:
        return "Async" + self.sync_class


@dataclass
class Layout:
    """The client's attribute tree: resource groups (leaves) and namespaces (inner nodes)."""

    groups: dict[str, Group]
    namespaces: dict[str, Namespace]

    def node(self, path: str) -> Group | Namespace:
        return self.namespaces.get(path) or self.groups[path]


def module_of(path: str, *, namespace: bool = False) -> tuple[str, int]:
    """(module file under marketo_ops/resources, dots from it to the resources package)."""
    parts = path.split(".")
    if namespace and len(parts) == 1:
        return f"{parts[0]}/__init__.py", 2
    if len(parts) == 1:
        return f"{parts[0]}.py", 1
    return f"{parts[0]}/{parts[1]}.py", 2


def plan_layout(specs: Specs, config: Mapping[str, Any]) -> Layout:
    """Plan every method from ``operations.yaml``; fail on a missing or doubled operation."""
    groups: dict[str, Group] = {}
    seen: dict[str, str] = {}
    for path, conf in config["groups"].items():
        methods = []
        for op_id, op_conf in conf["operations"].items():
            if op_id not in specs.operations:
                raise ValueError(f"operations.yaml names an unknown operation {op_id}")
            if op_id in seen:
                raise ValueError(f"{op_id} is listed under {seen[op_id]} and {path}")
            seen[op_id] = path
            methods.append(plan_method(specs, path, conf, op_id, op_conf))
        method_names = [m.name for m in methods]
        if len(method_names) != len(set(method_names)):
            raise ValueError(f"{path}: a method name is used twice: {sorted(method_names)}")
        groups[path] = Group(path, conf, methods)
    missing = sorted(set(specs.operations) - set(seen))
    if missing:
        raise ValueError(f"operations.yaml misses {len(missing)} operations: {missing}")
    paths = list(groups) + list(config["namespaces"])
    namespaces = {
        path: Namespace(
            path,
            conf,
            sorted({p[len(path) + 1 :].split(".")[0] for p in paths if p.startswith(path + ".")}),
        )
        for path, conf in config["namespaces"].items()
    }
    return Layout(groups, namespaces)
