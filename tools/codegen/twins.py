"""Async twins of the hand-written sync mixins under ``marketo_ops/resources/ext``.

The conveniences in ``resources/ext`` (folder paths, lead batches, campaign runs, activities
since a date, bulk export and import runs) are written once, synchronously, and their async
twins are derived from that source, so the two can never drift apart. The transformation works
on the syntax tree of the sync module and edits its text in place (comments, docstrings and
layout are kept):

* every class built on ``SyncResource`` (directly or through another such class of the module)
  is copied with an ``Async`` name (``LeadBatchMixin`` -> ``AsyncLeadBatchMixin``,
  ``_SyncBulk`` -> ``_AsyncBulk``) and ``AsyncResource`` as its base;
* its methods become ``async def``; a call of another method of those classes, of
  ``self._request`` or of the clock's ``sleep`` is awaited (in brackets when its result is used
  further: ``(await self._request(spec)).one(...)``);
* a generator method becomes an async generator: ``yield from pages`` becomes
  ``async for item in pages: yield item`` and ``Iterator[T]`` becomes ``AsyncIterator[T]``;
* ``with self._client._http.stream(...)`` becomes ``async with``, and ``for ... in
  response.iter_bytes(...)`` becomes ``async for ... in response.aiter_bytes(...)``.

Everything else of the sync module (helpers, constants, result classes) is imported from it, not
copied. A line that the transformation would push past 100 columns is an error that names the
source line to shorten, so the output needs no formatter.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .emit import LINE_LENGTH, header
from .resources import Imports
from .spec import ROOT

EXT = ROOT / "marketo_ops" / "resources" / "ext"

#: sync source (under resources/ext) -> generated async module (under resources/ext)
TWINS: dict[str, str] = {
    "activities.py": "aio/activities.py",
    "campaigns.py": "aio/campaigns.py",
    "folders.py": "aio/folders.py",
    "leads.py": "aio/leads.py",
    "bulk/sync.py": "bulk/aio.py",
}

#: names whose async counterpart is another name (imports and annotations)
RENAMES: dict[str, str] = {
    "SyncResource": "AsyncResource",
    "SyncPaginator": "AsyncPaginator",
    "Iterator": "AsyncIterator",
}
#: attributes renamed wherever they are called
ATTRIBUTE_RENAMES: dict[str, str] = {"iter_bytes": "aiter_bytes"}
#: ``self.<name>(...)`` calls that are awaited although the module does not define them
AWAITED_SELF_CALLS = frozenset({"_request"})
#: the clock's sleep, awaited as ``asleep``
CLOCK_SLEEP = ("_clock", "sleep", "asleep")
#: ``with <...>.stream(...)`` blocks: async context managers
STREAM_CALL = "stream"


class TwinError(ValueError):
    """The sync source cannot be turned into a tidy async twin (a line would be too long)."""


def module_name(path: Path, root: Path = ROOT) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def async_name(name: str) -> str:
    if name in RENAMES:
        return RENAMES[name]
    if name.startswith("_Sync"):
        return "_Async" + name[len("_Sync") :]
    if name.startswith("Sync"):
        return "Async" + name[len("Sync") :]
    if name.startswith("_"):
        return "_Async" + name[1:]
    return "Async" + name


@dataclass
class _Edit:
    line: int  # 1-based
    start: int  # column, characters
    end: int
    text: str


@dataclass
class _Plan:
    """What to change in the sync source, found on its syntax tree."""

    source: str
    tree: ast.Module
    mixins: list[ast.ClassDef]
    methods: set[str]
    """Methods that become ``async def`` (coroutines and async generators)."""
    generators: set[str]
    edits: list[_Edit] = field(default_factory=list)
    dropped: set[int] = field(default_factory=set)  # line numbers left out of the twin


def _is_resource_class(node: ast.ClassDef, known: set[str]) -> bool:
    return any(isinstance(base, ast.Name) and base.id in known for base in node.bases)


def _mixins(tree: ast.Module) -> list[ast.ClassDef]:
    known = {"SyncResource"}
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and _is_resource_class(node, known):
            known.add(node.name)
            found.append(node)
    return found


def _is_generator(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Yield | ast.YieldFrom) and node in _own_nodes(function):
            return True
    return False


def _own_nodes(function: ast.FunctionDef) -> set[ast.AST]:
    """The nodes of a function that are not inside a nested function."""
    own: set[ast.AST] = set()
    stack: list[ast.AST] = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        own.add(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return own


def _plan(source: str) -> _Plan:
    """Which methods become coroutines: those that do I/O (a request, a sleep, a stream), or call
    a method that does, found by iterating to a fixed point; and every generator (they iterate
    paginators, which are async iterators in the async client). The others (``_now``) stay
    plain methods."""
    tree = ast.parse(source)
    mixins = _mixins(tree)
    functions = {
        item.name: item for cls in mixins for item in cls.body if isinstance(item, ast.FunctionDef)
    }
    generators = {name for name, function in functions.items() if _is_generator(function)}
    coroutines: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, function in functions.items():
            if name in coroutines or name in generators:
                continue
            if _does_io(function, coroutines):
                coroutines.add(name)
                changed = True
    return _Plan(source, tree, mixins, coroutines | generators, generators)


def _does_io(function: ast.FunctionDef, coroutines: set[str]) -> bool:
    for node in _own_nodes(function):
        if isinstance(node, ast.With) and _opens_stream(node):
            return True
        if isinstance(node, ast.For) and _iterates_bytes(node):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if isinstance(func.value, ast.Name) and func.value.id == "self":
                if func.attr in AWAITED_SELF_CALLS or func.attr in coroutines:
                    return True
            elif func.attr == CLOCK_SLEEP[1] and _is_clock(func.value):
                return True
    return False


def _is_clock(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == CLOCK_SLEEP[0]


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_awaited_call(node: ast.Call, plan: _Plan) -> bool:
    func = node.func
    if not isinstance(func, ast.Attribute):
        return False
    if isinstance(func.value, ast.Name) and func.value.id == "self":
        awaited = (plan.methods - plan.generators) | AWAITED_SELF_CALLS
        return func.attr in awaited
    return func.attr == CLOCK_SLEEP[1] and _is_clock(func.value)


def _end(node: ast.AST) -> tuple[int, int]:
    """Where a node ends (line, column); every node parsed from source has it."""
    line, column = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
    if line is None or column is None:
        raise TwinError(f"no end position for {ast.dump(node)[:60]}")
    return line, column


def _attribute_span(node: ast.Attribute) -> tuple[int, int, int]:
    line, column = _end(node)
    return line, column - len(node.attr), column


def _collect(plan: _Plan, lines: list[str]) -> None:
    parents = _parents(plan.tree)
    edits = plan.edits
    local_classes = {cls.name for cls in plan.mixins}
    for cls in plan.mixins:
        name_at = lines[cls.lineno - 1].index("class ", cls.col_offset) + len("class ")
        edits.append(_Edit(cls.lineno, name_at, name_at + len(cls.name), async_name(cls.name)))
        _retitle(cls, lines, plan)
        for node in ast.walk(cls):
            if isinstance(node, ast.FunctionDef) and node.name in plan.methods:
                edits.append(_Edit(node.lineno, node.col_offset, node.col_offset, "async "))
            elif isinstance(node, ast.Name) and (node.id in RENAMES or node.id in local_classes):
                _, end = _end(node)
                edits.append(_Edit(node.lineno, node.col_offset, end, async_name(node.id)))
            elif isinstance(node, ast.Attribute) and node.attr in ATTRIBUTE_RENAMES:
                line, start, end = _attribute_span(node)
                edits.append(_Edit(line, start, end, ATTRIBUTE_RENAMES[node.attr]))
            elif isinstance(node, ast.Call) and _is_awaited_call(node, plan):
                _await(node, parents.get(node), edits)
            elif (isinstance(node, ast.With) and _opens_stream(node)) or (
                isinstance(node, ast.For) and _iterates_bytes(node)
            ):
                edits.append(_Edit(node.lineno, node.col_offset, node.col_offset, "async "))
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.YieldFrom):
                _yield_from(node, edits)


def _await(node: ast.Call, parent: ast.AST | None, edits: list[_Edit]) -> None:
    end_line, end_column = _end(node)
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == CLOCK_SLEEP[1]:
        line, start, end = _attribute_span(func)
        edits.append(_Edit(line, start, end, CLOCK_SLEEP[2]))
    used_further = isinstance(parent, ast.Attribute | ast.Subscript) or (
        isinstance(parent, ast.Call) and parent.func is node
    )
    opening = "(await " if used_further else "await "
    edits.append(_Edit(node.lineno, node.col_offset, node.col_offset, opening))
    if used_further:
        edits.append(_Edit(end_line, end_column, end_column, ")"))


def _opens_stream(node: ast.With) -> bool:
    return any(
        isinstance(item.context_expr, ast.Call)
        and isinstance(item.context_expr.func, ast.Attribute)
        and item.context_expr.func.attr == STREAM_CALL
        for item in node.items
    )


def _iterates_bytes(node: ast.For) -> bool:
    return (
        isinstance(node.iter, ast.Call)
        and isinstance(node.iter.func, ast.Attribute)
        and node.iter.func.attr in ATTRIBUTE_RENAMES
    )


def _yield_from(node: ast.Expr, edits: list[_Edit]) -> None:
    """``yield from X`` -> ``async for item in X:`` + ``yield item`` on the next line."""
    value = node.value
    if not isinstance(value, ast.YieldFrom):
        return
    indent = " " * node.col_offset
    start = value.value.col_offset
    edits.append(_Edit(node.lineno, node.col_offset, start, "async for item in "))
    end_line, end_column = _end(node)
    edits.append(_Edit(end_line, end_column, end_column, f":\n{indent}    yield item"))


def _apply(lines: list[str], edits: Iterable[_Edit]) -> list[str]:
    out = list(lines)
    for edit in sorted(edits, key=lambda e: (e.line, e.start, e.end), reverse=True):
        text = out[edit.line - 1]
        out[edit.line - 1] = text[: edit.start] + edit.text + text[edit.end :]
    return out


def _byte_to_char_columns(source: str, tree: ast.AST) -> None:
    """ast columns count UTF-8 bytes; the edits count characters (sources are ASCII, mostly)."""
    lines = source.splitlines()
    for node in ast.walk(tree):
        for attr, line_attr in (("col_offset", "lineno"), ("end_col_offset", "end_lineno")):
            column = getattr(node, attr, None)
            line = getattr(node, line_attr, None)
            if column is None or line is None:
                continue
            text = lines[line - 1]
            setattr(node, attr, len(text.encode("utf-8")[:column].decode("utf-8")))


def _class_code(plan: _Plan, lines: list[str]) -> list[str]:
    """The transformed lines of the mixin classes, two blank lines apart."""
    transformed = _apply(lines, plan.edits)
    blocks: list[str] = []
    for cls in plan.mixins:
        first = min([cls.lineno, *(d.lineno for d in cls.decorator_list)])
        last, _ = _end(cls)
        block = [
            transformed[number - 1]
            for number in range(first, last + 1)
            if number not in plan.dropped
        ]
        blocks.append("\n".join(block))
    return "\n\n\n".join(blocks).split("\n")


def _retitle(cls: ast.ClassDef, lines: list[str], plan: _Plan) -> None:
    """The class docstring of a twin points at its source class."""
    doc = cls.body[0] if cls.body else None
    if not (
        isinstance(doc, ast.Expr)
        and isinstance(doc.value, ast.Constant)
        and isinstance(doc.value.value, str)
    ):
        return
    last, _ = _end(doc)
    text = f'"""The async twin of :class:`{cls.name}`: the same methods, awaited."""'
    plan.edits.append(_Edit(doc.lineno, doc.col_offset, len(lines[doc.lineno - 1]), text))
    plan.dropped.update(range(doc.lineno + 1, last + 1))


def _used_names(code: str) -> set[str]:
    tree = ast.parse(code)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _imports(plan: _Plan, source_module: str, target_module: str, used: set[str]) -> Imports:
    """Imports of the twin: the sync module's own imports (renamed), and the sync module's
    helpers imported from it."""
    imports = Imports()
    source_package = source_module.rsplit(".", 1)[0]
    origin: dict[str, tuple[str, bool]] = {}  # name -> (absolute module, plain import)
    for node in plan.tree.body:
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            absolute = _absolute(source_package, node.level, node.module)
            for alias in node.names:
                origin[alias.asname or alias.name] = (absolute, False)
                renamed = RENAMES.get(alias.name)
                if renamed is not None:
                    origin[renamed] = (absolute, False)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                origin[alias.asname or alias.name] = (alias.name, True)
    own = _top_level_names(plan.tree) - {cls.name for cls in plan.mixins}
    generated = {async_name(cls.name) for cls in plan.mixins}
    for name in sorted(used - generated):
        if name in own:
            imports.add(_relative(target_module, source_module), name)
        elif name in origin:
            module, plain = origin[name]
            if plain:
                imports.plain.add(module)
            else:
                imports.add(_relative(target_module, module), name)
    return imports


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _absolute(package: str, level: int, module: str | None) -> str:
    if not level:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, *([module] if module else [])])


def _relative(target_module: str, module: str) -> str:
    """``module`` as a relative import from ``target_module`` (within marketo_ops)."""
    if not module.startswith("marketo_ops"):
        return module
    here = target_module.split(".")[:-1]
    there = module.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    return dots + ".".join(there[common:])


def render_twin(source_path: Path, target_path: Path, *, root: Path = ROOT) -> str:
    """The async twin of the sync module ``source_path`` (both paths under ``root``)."""
    source = source_path.read_text("utf-8")
    plan = _plan(source)
    _byte_to_char_columns(source, plan.tree)
    lines = source.split("\n")
    _collect(plan, lines)
    source_module = module_name(source_path, root)
    target_module = module_name(target_path, root)
    classes = _class_code(plan, lines)
    used = _used_names("\n".join(classes))
    imports = _imports(plan, source_module, target_module, used)
    out = [
        header(source_path.relative_to(root).as_posix()),
        f'"""Async twins of :mod:`{source_module}`, made from it by tools/codegen.',
        "",
        "The same classes with ``Async`` names and the same methods, awaited. The sync module says",
        'what they do; ``tools/codegen/twins.py`` says how these are made."""',
        "",
        *imports.render(),
        "",
        *classes,
        "",
    ]
    text = "\n".join(out)
    _check_width(text, source_path.relative_to(root))
    return text


def _check_width(text: str, source_path: Path) -> None:
    long = [line for line in text.split("\n") if len(line) > LINE_LENGTH]
    if long:
        shown = "\n  ".join(long)
        raise TwinError(
            f"{source_path.as_posix()}: these lines of the async twin would be longer "
            f"than {LINE_LENGTH} columns; shorten them in the sync source:\n  {shown}"
        )


def render_twins() -> dict[Path, str]:
    return {
        EXT / target: render_twin(EXT / source, EXT / target) for source, target in TWINS.items()
    }
