"""The library's shape: one exception hierarchy, no control flow by assert, no import cycle."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import marketo_ops
from marketo_ops.errors import MarketoError

PACKAGE = Path(marketo_ops.__file__).parent
#: rewritten by other work in progress; they keep their own rules
OWNED_ELSEWHERE = ("importer", "sandbox")


def library_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="marketo_ops."):
        parts = info.name.split(".")
        if parts[1] in OWNED_ELSEWHERE or parts[1] in {"_cli", "program_templates"}:
            continue
        names.append(info.name)
    return names


def test_every_public_exception_is_a_marketo_error() -> None:
    outside = []
    for name in library_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
                and not attr.startswith("_")
                and not issubclass(value, MarketoError)
            ):
                outside.append(f"{name}.{attr}")
    assert outside == []


def test_template_errors_are_marketo_errors_and_keep_their_home() -> None:
    from marketo_ops.templates import (
        TemplateError,
        TemplateFileError,
        TemplateNotFoundError,
        UnknownAssetError,
    )

    for cls in (TemplateError, TemplateFileError, TemplateNotFoundError, UnknownAssetError):
        assert issubclass(cls, MarketoError)
    assert issubclass(TemplateNotFoundError, LookupError)
    assert issubclass(UnknownAssetError, KeyError)
    assert str(UnknownAssetError("no email named 'x'")) == "no email named 'x'"


def test_no_assert_steers_library_code() -> None:
    """``python -O`` strips asserts: library code raises real errors instead."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in OWNED_ELSEWHERE:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Assert):
                found.append(f"{relative}:{node.lineno}")
    assert found == []


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _import_graph() -> dict[str, set[str]]:
    """Module -> modules it needs when it is imported (top-level imports; imports inside
    functions and under TYPE_CHECKING do not run at import time).

    Importing a submodule loads its parent packages first, which is never a cycle; taking a
    *name* from a package's ``__init__`` (``from . import __version__``) is an edge like any
    other.
    """
    modules = _module_names()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        needs: set[str] = set()
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import):
                    needs.update(alias.name for alias in sub.names)
                elif isinstance(sub, ast.ImportFrom):
                    target = sub.module or ""
                    if sub.level:
                        base = package.split(".")[: len(package.split(".")) - sub.level + 1]
                        target = ".".join([*base, *([sub.module] if sub.module else [])])
                    for alias in sub.names:
                        child = f"{target}.{alias.name}"
                        needs.add(child if child in modules else f"name:{target}")
        graph[name] = set()
        for need in needs:
            by_name = need.startswith("name:")
            target = need.removeprefix("name:")
            ancestor = name.startswith(target + ".")
            if target in modules and target != name and (by_name or not ancestor):
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles(_import_graph()) == []


def test_the_cycle_finder_finds_the_old_version_cycle() -> None:
    """``_http`` once took ``__version__`` from the package root, which imports the client,
    which imports ``_http``: the finder must see that."""
    graph = {
        "marketo_ops": {"marketo_ops.client"},
        "marketo_ops.client": {"marketo_ops._http"},
        "marketo_ops._http": {"marketo_ops"},
        "marketo_ops._version": set(),
    }
    assert _cycles(graph) == [["marketo_ops", "marketo_ops._http", "marketo_ops.client"]]


def test_the_package_root_loads_nothing_heavy() -> None:
    code = (
        "import sys, marketo_ops; "
        "print(sorted(m for m in ('httpx', 'pydantic', 'rich', 'yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert marketo_ops.Marketo.__name__ == "Marketo"  # still there, on first use
