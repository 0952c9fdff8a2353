"""Rendering the resource modules (``marketo_ops/resources/...``) and the client's tree.

Each planned method (:mod:`.plan`) becomes a method on a sync class and a method of the same
name on its async twin; both describe the call as a :class:`~marketo_ops._http.RequestSpec` and
hand it to the runtime (``_request``/``_paginate`` from ``resources/_base.py``).

The layout is decided by ``operations.yaml`` (groups, method names, shapes, idempotency,
lookups, files); the corrections to the specs by ``spec_fixes.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .emit import INDENT, LINE_LENGTH, bracketed, docstring, fits, header, py_str
from .plan import (
    PAGE_SIZES,
    RECORD_APIS,
    TYPES_MODULES,
    Arg,
    Group,
    Layout,
    Method,
    Namespace,
    literal,
    module_of,
    plan_layout,
)
from .spec import Specs, spec_file

# --- code ------------------------------------------------------------------------------------


def _list_type(method_names: set[str]) -> str:
    """``list`` unless the class has a method named ``list`` (mypy would read it as that)."""
    return "builtins.list" if "list" in method_names else "list"


def return_annotation(method: Method, is_async: bool, method_names: set[str]) -> str:
    listed = _list_type(method_names)
    shape, model = method.shape, method.model
    if shape == "one":
        return str(model)
    if shape == "first":
        return f"{model} | None"
    if shape == "items":
        return f"{listed}[str]" if method.result_kind == "str" else f"{listed}[{model}]"
    if shape in ("offset", "token"):
        return f"{'AsyncPaginator' if is_async else 'SyncPaginator'}[{model}]"
    if shape == "raw":
        return "bytes"
    if shape == "paging_token":
        return "str"
    if shape == "plain":
        return {"model_list": f"{listed}[{model}]", "model": str(model), "none": "None"}.get(
            method.result_kind, "Any"
        )
    return "None"


def _signature_items(method: Method) -> list[str]:
    items = ["self"]
    items.extend(f"{a.py}: {a.annotation}" for a in method.positional)
    keywords = method.keywords
    extras: list[str] = []
    if method.shape in ("offset", "token"):
        if method.conf.get("start_token"):
            keywords = [Arg("start_token", "", "extra", "str", True), *keywords]
        extras.append(f"page_size: int = {PAGE_SIZES[method.shape]}")
        extras.append("limit: int | None = None")
    if keywords or extras:
        items.append("*")
    for arg in keywords:
        if arg.required:
            items.append(f"{arg.py}: {arg.annotation}")
        else:
            default = arg.default or "None"
            annotation = arg.annotation if arg.default else f"{arg.annotation} | None"
            items.append(f"{arg.py}: {annotation} = {default}")
    items.extend(extras)
    return items


def _path_source(method: Method) -> str:
    path = method.op.path
    by_wire = {a.wire: a for a in method.args if a.location == "path"}
    if not by_wire:
        return py_str(path)

    def substitute(match: re.Match[str]) -> str:
        arg = by_wire[match.group(1)]
        return "{" + (arg.py if arg.path_type == "int" else f"path_segment({arg.py})") + "}"

    return "f" + py_str(re.sub(r"\{([^}]+)\}", substitute, path))


def _path_lines(path: str, indent: str) -> list[str]:
    """``path=...,``; parenthesized, and cut at a slash only when it fits no other way."""
    if fits(f"{indent}path={path},"):
        return [f"{indent}path={path},"]
    if fits(f"{indent}{INDENT}{path}"):
        return [f"{indent}path=(", f"{indent}{INDENT}{path}", f"{indent}),"]
    prefix = "f" if path.startswith("f") else ""
    body = path[len(prefix) + 1 : -1]
    cut = body.rfind("/", 0, LINE_LENGTH - len(indent) - len(INDENT) - len(prefix) - 2)
    first, second = body[:cut], body[cut:]
    return [
        f"{indent}path=(",
        f'{indent}{INDENT}{prefix}"{first}"',
        f'{indent}{INDENT}{prefix}"{second}"',
        f"{indent}),",
    ]


def _dict_source(pairs: Sequence[tuple[str, str]]) -> list[str]:
    return [f"{py_str(key)}: {value}" for key, value in pairs]


def _kwarg_lines(key: str, items: list[str], indent: str) -> list[str]:
    """``key={...},`` as one keyword argument line (or lines) of an exploded call."""
    return bracketed(f"{key}={{", items, "},", indent, literal=True)


def _file_value(arg: Arg) -> str:
    name = arg.file_name or arg.wire
    if "{" in name:
        default = re.sub(r"\{([^}]+)\}", lambda m: m.group(1), name)
        return f"as_file({arg.py}, {default})"
    return f"as_file({arg.py}, {py_str(name)})"


def _pairs(args: Sequence[Arg], *locations: str) -> list[tuple[str, str]]:
    return [(a.wire, a.py) for a in args if a.location in locations]


def _has_optional_json_body(method: Method) -> bool:
    """A JSON body none of whose fields is required: it is left out when all are unset."""
    json_args = [a for a in method.args if a.location == "json"]
    return bool(json_args) and not any(a.required for a in json_args)


def _spec_lines(
    method: Method, indent: str, *, http_method: str | None = None, body_mode: bool = False
) -> list[str]:
    """``spec = RequestSpec(...)``, always one keyword per line for readability.

    ``body_mode`` is the POST ``_method=GET`` form of a GET that declares a body: the
    parameters shared with the body and the body-only ones travel as JSON.
    """
    op = method.op
    from_path = [a for a in method.args if a.location == "from_path"]
    args = method.positional + method.keywords + from_path
    inner = indent + INDENT
    if body_mode:
        query = [("_method", py_str("GET")), *_pairs(args, "query")]
        json_pairs = _pairs(args, "shared", "getbody")
        form: list[tuple[str, str]] = []
    else:
        query = _pairs(args, "query", "shared")
        body_locations = ("form", "from_path") if method.encoding != "json" else ("form",)
        form = _pairs(args, *body_locations)
        json_pairs = _pairs(args, "json", "from_path") if method.encoding == "json" else []
    optional_json = not body_mode and _has_optional_json_body(method)
    lines: list[str] = []
    if optional_json:
        lines.extend(bracketed("body = {", _dict_source(json_pairs), "}", indent, literal=True))
    lines.append(f"{indent}spec = RequestSpec(")
    lines.append(f"{inner}operation={py_str(op.operation_id)},")
    lines.append(f"{inner}method={py_str(http_method or op.method)},")
    lines.extend(_path_lines(_path_source(method), inner))
    if query:
        lines.extend(_kwarg_lines("query", _dict_source(query), inner))
    if form:
        lines.extend(_kwarg_lines("body", _dict_source(form), inner))
    if optional_json:
        lines.append(f"{inner}json_body=body,")
    elif json_pairs:
        lines.extend(_kwarg_lines("json_body", _dict_source(json_pairs), inner))
    files = [(a.wire, _file_value(a)) for a in args if a.location == "file"]
    if files:
        lines.extend(_kwarg_lines("files", _dict_source(files), inner))
    if optional_json:
        lines.append(f"{inner}encoding=json_encoding(body),")
    elif body_mode or method.encoding != "none":
        lines.append(f"{inner}encoding={py_str('json' if body_mode else method.encoding)},")
    idempotent = _idempotent_source(method)
    if idempotent is not None:
        lines.append(f"{inner}idempotent={idempotent},")
    for header_arg in (a for a in args if a.location == "header"):
        name, value = py_str(header_arg.wire), header_arg.py
        lines.append(f"{inner}headers={{{name}: {value}}} if {value} else None,")
    if method.shape == "raw":
        lines.append(f'{inner}response="bytes",')
    elif method.shape == "plain" and method.conf.get("auth", True) is not False:
        lines.append(f'{inner}response="json",')
    lines.append(f"{indent})")
    return lines


def _idempotent_source(method: Method) -> str | None:
    value = method.conf.get("idempotent", True)
    if method.op.method == "GET" and not method.op.get_with_body:
        if value is not True:
            raise ValueError(f"{method.op.operation_id}: a GET is always idempotent")
        return None
    if value is True:
        return None
    if value is False:
        return "False"
    ((wire, bad),) = value["unless"].items()
    arg = next(a for a in method.args if a.wire == wire)
    return f"{arg.py} != {literal(bad)}"


def _lookup_lines(specs: Specs, method: Method, indent: str) -> list[str]:
    lookup = method.conf["lookup"]
    target = specs.operations[lookup["op"]]
    if any(p.location == "path" for p in target.params):
        raise ValueError(f"{method.op.operation_id}: lookups must not need path parameters")
    by_wire = {a.wire: a for a in method.args}
    pairs = [(wire, by_wire[source].py) for wire, source in lookup["params"].items()]
    inner = indent + INDENT
    lines = [f"{indent}lookup = RequestSpec("]
    lines.append(f"{inner}operation={py_str(target.operation_id)},")
    lines.append(f"{inner}method={py_str(target.method)},")
    lines.append(f"{inner}path={py_str(target.path)},")
    lines.extend(_kwarg_lines("query", _dict_source(pairs), inner))
    lines.append(f"{indent})")
    return lines


def _what(method: Method, group: Mapping[str, Any]) -> str:
    return py_str(str(method.conf.get("what") or group.get("noun", "asset")))


def _result_lines(
    method: Method, group: Mapping[str, Any], is_async: bool, indent: str, lookup: bool
) -> list[str]:
    aw = "await " if is_async else ""
    call = "self._request(spec, lookup=lookup)" if lookup else "self._request(spec)"
    response = f"({aw}{call})" if is_async else call
    model = method.model
    shape = method.shape
    if shape in ("offset", "token"):
        items = [
            "spec",
            f"{model}.model_validate",
            f"style={py_str(shape)}",
            "page_size=page_size",
            "limit=limit",
        ]
        if method.conf.get("start_token"):
            items.append("start_token=start_token")
        return bracketed("return self._paginate(", items, ")", indent)
    if shape == "raw":
        return [f"{indent}return ({aw}{call}).content"]
    if shape == "paging_token":
        return [f"{indent}return require_paging_token({aw}{call})"]
    if shape == "none":
        return [f"{indent}{aw}{call}"]
    if shape == "plain":
        if method.conf.get("auth", True) is False:
            sender = "await asend_without_token" if is_async else "send_without_token"
            read = f"read_json({sender}(self._client, spec), spec.operation)"
        else:
            read = f"({aw}{call}).data"
        kind = method.result_kind
        if kind == "none":
            return [f"{indent}{aw}{call}" if "read_json" not in read else f"{indent}{read}"]
        if kind == "model_list":
            return [
                f"{indent}data = {read}",
                f"{indent}return [{model}.model_validate(item) for item in data or []]",
            ]
        if kind == "model":
            return [f"{indent}data = {read}", f"{indent}return {model}.model_validate(data)"]
        return [f"{indent}return {read}"]
    if shape == "items" and method.result_kind == "str":
        return [f"{indent}return [str(item) for item in {response}.result]"]
    tail = {
        "one": f"one({model}, what={_what(method, group)})",
        "first": f"first({model})",
        "items": f"models({model})",
    }[shape]
    one_line = f"{indent}return {response}.{tail}"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    return [f"{indent}response = {aw}{call}", f"{indent}return response.{tail}"]


def _method_doc(method: Method, group: Mapping[str, Any]) -> str:
    op = method.op
    summary = op.summary.rstrip(".") or op.operation_id
    first = f"{summary} (``{op.operation_id}``)."
    fits_one_line = len(INDENT * 2) + 6 + len(first) <= LINE_LENGTH
    parts = [first if fits_one_line else f"{summary}."]
    description = op.description
    if description and description.rstrip(".") != summary:
        parts.append(description if description.endswith((".", "!", "?")) else description + ".")
    noun = method.conf.get("what") or group.get("noun", "asset")
    notes = {
        "one": "",
        "first": "Returns ``None`` when nothing matches.",
        "offset": "Lazy: pages of ``page_size`` (at most 200) are fetched as you iterate; "
        "``limit`` stops early.",
        "token": "Lazy: pages of ``page_size`` (at most 300) follow ``nextPageToken`` as you "
        "iterate; ``limit`` stops early.",
        "raw": "Returns the file's content as bytes (read into memory).",
        "paging_token": "Pass the token as ``start_token`` to the paged activity calls.",
    }
    note = notes.get(method.shape, "")
    if method.shape == "one" and op.method == "GET":
        note = f"Raises :class:`~marketo_ops.errors.NotFoundError` when there is no such {noun}."
    if method.shape == "items" and op.api in RECORD_APIS and op.method != "GET":
        note = (
            "Each record's outcome (``status``, ``reasons``) is returned, not raised: check "
            "for ``status == 'skipped'``."
        )
    if op.get_with_body:
        body_args = [a.py for a in method.args if a.location == "getbody"]
        note = (note + " " if note else "") + (
            f"With ``{'``/``'.join(body_args)}`` the call is sent as POST ``_method=GET`` with a "
            "JSON body (compound keys)."
        )
    if "lookup" in method.conf:
        note = (note + " " if note else "") + (
            f"Not blindly retried: after an ambiguous failure, "
            f"``{method.conf['lookup']['op']}`` checks whether the first attempt succeeded."
        )
    elif method.conf.get("idempotent", True) is False:
        note = (note + " " if note else "") + (
            "Never replayed after an ambiguous failure (it could take effect twice)."
        )
    if note:
        parts.append(note)
    known = [
        f"``{a.py}``: {a.description.split('Known values: ')[1]}"
        for a in method.args
        if "Known values: " in a.description and a.location != "path"
    ]
    if known:
        parts.append("\n".join(known))
    if not fits_one_line:
        parts.append(f"Operation ``{op.operation_id}``.")
    return "\n\n".join(parts)


def method_lines(
    specs: Specs, method: Method, group: Mapping[str, Any], is_async: bool, method_names: set[str]
) -> list[str]:
    indent = INDENT
    body_indent = INDENT * 2
    lines = [f"{indent}@operation({py_str(method.op.operation_id)})"]
    returns = return_annotation(method, is_async, method_names)
    is_coroutine = is_async and method.shape not in ("offset", "token")
    head = f"{'async def' if is_coroutine else 'def'} {method.name}("
    lines.extend(bracketed(head, _signature_items(method), f") -> {returns}:", indent))
    lines.extend(docstring(_method_doc(method, group), body_indent))
    lookup = "lookup" in method.conf
    if method.op.get_with_body:
        getbody = [a.py for a in method.args if a.location == "getbody"]
        condition = " and ".join(f"{name} is None" for name in getbody)
        lines.append(f"{body_indent}if {condition}:")
        lines.extend(_spec_lines(method, body_indent + INDENT))
        lines.append(f"{body_indent}else:")
        lines.extend(_spec_lines(method, body_indent + INDENT, http_method="POST", body_mode=True))
    else:
        lines.extend(_spec_lines(method, body_indent))
    if lookup:
        lines.extend(_lookup_lines(specs, method, body_indent))
    lines.extend(_result_lines(method, group, is_async, body_indent, lookup))
    return lines


# --- modules -------------------------------------------------------------------------------------


def _class_doc(doc: str, path: str, is_async: bool) -> str:
    text = doc.strip().rstrip(".")
    where = f"``client.{path}``" + (" of :class:`~marketo_ops.AsyncMarketo`" if is_async else "")
    return f"{text} ({where})."


class Imports:
    """Import lines in ruff's isort order (stdlib, third party, then relative: far to near)."""

    def __init__(self) -> None:
        self.future = False
        self.modules: dict[str, set[str]] = {}
        self.plain: set[str] = set()
        self.type_checking: dict[str, set[str]] = {}

    def add(self, module: str, *names: str) -> None:
        self.modules.setdefault(module, set()).update(names)

    def add_type_checking(self, module: str, *names: str) -> None:
        self.type_checking.setdefault(module, set()).update(names)

    @staticmethod
    def _member_key(name: str) -> tuple[int, str, str]:
        """ruff's order: constants, classes, then the rest, each case-insensitively."""
        if name.isupper() and len(name) > 1:
            return (0, name.lower(), name)
        if name[:1].isupper():
            return (1, name.lower(), name)
        return (2, name.lower(), name)

    @classmethod
    def _line(cls, module: str, names: set[str], indent: str = "") -> list[str]:
        members = sorted(names, key=cls._member_key)
        one = f"{indent}from {module} import {', '.join(members)}"
        if len(one) <= LINE_LENGTH:
            return [one]
        return (
            [f"{indent}from {module} import ("]
            + [f"{indent}{INDENT}{m}," for m in members]
            + [f"{indent})"]
        )

    @staticmethod
    def _section(module: str) -> tuple[int, int, str]:
        if module.startswith("."):
            dots = len(module) - len(module.lstrip("."))
            return (2, -dots, module.lstrip(".").lower())
        third_party = module.split(".", maxsplit=1)[0] in {"httpx", "pydantic"}
        return (1 if third_party else 0, 0, module)

    def render(self) -> list[str]:
        lines = ["from __future__ import annotations", ""]
        sections: dict[int, list[str]] = {}
        entries = [(m, None) for m in self.plain] + list(self.modules.items())
        for module, names in sorted(entries, key=lambda e: (self._section(e[0]), e[1] is not None)):
            section = self._section(module)[0]
            block = [f"import {module}"] if names is None else self._line(module, names)
            sections.setdefault(section, []).extend(block)
        for key in sorted(sections):
            lines.extend(sections[key])
            lines.append("")
        if self.type_checking:
            lines.append("if TYPE_CHECKING:")
            for module in sorted(self.type_checking, key=self._section):
                lines.extend(self._line(module, self.type_checking[module], INDENT))
            lines.append("")
        return lines


def _uses(lines: Sequence[str], name: str) -> bool:
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    return any(pattern.search(line) for line in lines)


def _resource_imports(
    imports: Imports, code: Sequence[str], dots: int, models: set[str], api_module: str | None
) -> None:
    up = "." * dots  # the resources package
    root = "." * (dots + 1)  # marketo_ops
    for name, module in (
        ("Mapping", "collections.abc"),
        ("Sequence", "collections.abc"),
        ("datetime", "datetime"),
        ("Any", "typing"),
        ("RequestSpec", f"{root}_http"),
        ("SyncPaginator", f"{root}pagination"),
        ("AsyncPaginator", f"{root}pagination"),
        ("SyncResource", f"{up}_base"),
        ("AsyncResource", f"{up}_base"),
        ("FileInput", f"{up}_files"),
        ("as_file", f"{up}_files"),
        ("operation", f"{up}_registry"),
        ("path_segment", f"{up}_support"),
        ("read_bytes", f"{up}_support"),
        ("read_json", f"{up}_support"),
        ("send_without_token", f"{up}_support"),
        ("asend_without_token", f"{up}_support"),
        ("require_paging_token", f"{up}_support"),
        ("json_encoding", f"{up}_support"),
    ):
        if _uses(code, name):
            imports.add(module, name)
    if any("builtins.list" in line for line in code):
        imports.plain.add("builtins")
    if api_module:
        used = {m for m in models if _uses(code, m)}
        if used:
            imports.add(f"{root}types.{api_module}", *used)


def _mixin(conf: Mapping[str, Any], kind: str, dots: int) -> tuple[str, str] | None:
    spec = (conf.get("mixins") or {}).get(kind)
    if not spec:
        return None
    module, name = spec.split(":")
    prefix = "marketo_ops.resources."
    if not module.startswith(prefix):
        raise ValueError(f"mixins live under {prefix}: {spec}")
    return "." * dots + module[len(prefix) :], name


def _group_classes(specs: Specs, group: Group, dots: int, imports: Imports) -> list[str]:
    lines: list[str] = []
    names = {m.name for m in group.methods}
    for is_async in (False, True):
        cls = group.async_class if is_async else group.sync_class
        base = "AsyncResource" if is_async else "SyncResource"
        mixin = _mixin(group.conf, "async" if is_async else "sync", dots)
        bases = base
        if mixin:
            imports.add(mixin[0], mixin[1])
            bases = f"{mixin[1]}, {base}"
        lines.extend(["", "", f"class {cls}({bases}):"])
        lines.extend(docstring(_class_doc(group.conf["doc"], group.path, is_async), INDENT))
        for method in group.methods:
            lines.append("")
            lines.extend(method_lines(specs, method, group.conf, is_async, names))
    return lines


def _namespace_classes(
    ns: Namespace, layout: Layout, here: str, dots: int, imports: Imports
) -> list[str]:
    """Namespace classes: one lazily built attribute per child area."""
    lines: list[str] = []
    root = "." * (dots + 1)
    imports.add("functools", "cached_property")
    imports.add("typing", "TYPE_CHECKING")
    imports.add_type_checking(f"{root}client", "AsyncMarketo", "Marketo")
    for is_async in (False, True):
        cls = ns.async_class if is_async else ns.sync_class
        client = "AsyncMarketo" if is_async else "Marketo"
        lines.extend(["", "", f"class {cls}:"])
        lines.extend(docstring(_class_doc(ns.conf["doc"], ns.path, is_async), INDENT))
        lines.append("")
        lines.append(f"{INDENT}def __init__(self, client: {client}) -> None:")
        lines.append(f"{INDENT * 2}self._client = client")
        for child in ns.children:
            child_path = f"{ns.path}.{child}"
            target = layout.node(child_path)
            child_cls = target.async_class if is_async else target.sync_class
            module, _ = module_of(child_path, namespace=child_path in layout.namespaces)
            lines.append("")
            lines.append(f"{INDENT}@cached_property")
            lines.append(f"{INDENT}def {child}(self) -> {child_cls}:")
            lines.extend(
                docstring(_class_doc(target.conf["doc"], child_path, is_async), INDENT * 2)
            )
            if module != here:
                relative = "." + module.removesuffix(".py").removesuffix("/__init__").split("/")[-1]
                lines.append(f"{INDENT * 2}from {relative} import {child_cls}")
                lines.append("")
                imports.add_type_checking(relative, child_cls)
            lines.append(f"{INDENT * 2}return {child_cls}(self._client)")
    return lines


def _render_module(
    specs: Specs, layout: Layout, module: str, dots: int, members: list[Group | Namespace]
) -> str:
    imports = Imports()
    code: list[str] = []
    module_groups = [m for m in members if isinstance(m, Group)]
    apis = {method.op.api for group in module_groups for method in group.methods}
    if len(apis) > 1:
        raise ValueError(f"{module} mixes operations of {sorted(apis)}")
    models = {model for g in module_groups for m in g.methods for model in m.models_used}
    for member in members:
        if isinstance(member, Group):
            code.extend(_group_classes(specs, member, dots, imports))
        else:
            code.extend(_namespace_classes(member, layout, module, dots, imports))
    api_module = TYPES_MODULES[next(iter(apis))] if apis else None
    _resource_imports(imports, code, dots, models, api_module)
    text = [header(specs_source(apis))]
    text.extend(docstring(_module_title(members), ""))
    text.append("")
    text.extend(imports.render())
    while text and text[-1] == "":
        text.pop()
    text.extend(code)
    return "\n".join(text) + "\n"


def render(specs: Specs, config: Mapping[str, Any]) -> dict[str, str]:
    """Every resource module and ``_tree.py``: relative path under ``resources/`` -> source."""
    layout = plan_layout(specs, config)
    modules: dict[str, tuple[int, list[Group | Namespace]]] = {}
    for group in layout.groups.values():
        module, dots = module_of(group.path)
        modules.setdefault(module, (dots, []))[1].append(group)
    for ns in layout.namespaces.values():
        module, dots = module_of(ns.path, namespace=True)
        modules.setdefault(module, (dots, []))[1].append(ns)
    outputs = {
        module: _render_module(specs, layout, module, dots, members)
        for module, (dots, members) in sorted(modules.items())
    }
    outputs["_tree.py"] = render_tree(layout)
    return outputs


def specs_source(apis: set[str]) -> str:
    if not apis:
        return "tools/codegen/operations.yaml"
    return ", ".join(f"marketo_ops/specs/{spec_file(api)}" for api in sorted(apis))


def _module_title(members: Sequence[Group | Namespace]) -> str:
    groups = [m for m in members if isinstance(m, Group)]
    if not groups:
        (ns,) = members
        return (
            f"The ``client.{ns.path}`` namespace: {ns.conf['doc'].rstrip('.')}.\n\n"
            "Each area is built the first time it is read, so only the modules in use are imported."
        )
    paths = ", ".join(f"``client.{g.path}``" for g in groups)
    return (
        f"Resources {paths}: the same method names on the sync and the async class.\n\n"
        "Each method describes one Marketo operation (tagged with ``@operation``) as a "
        "RequestSpec; the runtime sends it (auth, limits, retries, envelope). Hand-written "
        "conveniences live in ``resources/ext`` and are attached as mixins through "
        "``tools/codegen/operations.yaml``."
    )


def render_tree(layout: Layout) -> str:
    """``resources/_tree.py``: the client mixins with one lazily built attribute per area."""
    groups = layout.groups
    top = sorted({path.split(".")[0] for path in list(groups) + list(layout.namespaces)})
    imports = Imports()
    imports.add("functools", "cached_property")
    imports.add("typing", "TYPE_CHECKING", "Final", "cast")
    imports.add_type_checking("..client", "AsyncMarketo", "Marketo")
    code: list[str] = []
    code.append("")
    code.extend(
        bracketed(
            "RESOURCE_PATHS: Final = (", [py_str(p) for p in sorted(groups)], ")", "", literal=True
        )
    )
    code.append('"""Attribute path of every resource class, as the coverage test walks them."""')
    code.append("")
    code.extend(bracketed("AREAS: Final = (", [py_str(p) for p in top], ")", "", literal=True))
    code.append('"""The client attributes that hold an area; built on first access."""')
    for is_async in (False, True):
        cls = "AsyncResourceTree" if is_async else "SyncResourceTree"
        client = "AsyncMarketo" if is_async else "Marketo"
        code.extend(["", "", f"class {cls}:"])
        kind = "an async" if is_async else "a sync"
        code.extend(
            docstring(
                f"The API areas of {kind} client, as attributes built the first time they are "
                "read.\n\nImporting an area's module (and its pydantic models) is deferred to "
                "that moment, which keeps ``import marketo_ops`` fast.",
                INDENT,
            )
        )
        code.append("")
        code.append(f"{INDENT}def _init_resources(self) -> None:")
        code.extend(
            docstring(
                "Forget areas built for another client (``with_options`` copies the instance).",
                INDENT * 2,
            )
        )
        code.append(f"{INDENT * 2}for name in AREAS:")
        code.append(f"{INDENT * 3}self.__dict__.pop(name, None)")
        for name in top:
            target = layout.node(name)
            target_cls = target.async_class if is_async else target.sync_class
            relative = "." + name
            imports.add_type_checking(relative, target_cls)
            code.append("")
            code.append(f"{INDENT}@cached_property")
            code.append(f"{INDENT}def {name}(self) -> {target_cls}:")
            code.extend(docstring(_class_doc(target.conf["doc"], name, is_async), INDENT * 2))
            code.append(f"{INDENT * 2}from {relative} import {target_cls}")
            code.append("")
            code.append(f"{INDENT * 2}return {target_cls}(cast({py_str(client)}, self))")
    text = [header("tools/codegen/operations.yaml")]
    text.extend(
        docstring(
            "The API areas of ``Marketo`` and ``AsyncMarketo``, mixed into the clients.\n\n"
            "Every area is a ``cached_property`` that imports its module on first access: "
            "``import marketo_ops`` does not load the ~400 generated models, and a script pays "
            "only for the areas it uses.",
            "",
        )
    )
    text.append("")
    text.extend(imports.render())
    while text and text[-1] == "":
        text.pop()
    text.extend(code)
    return "\n".join(text) + "\n"
