"""No ``assert`` statement in library code.

``python -O`` strips asserts, so library code that relies on one for control flow or type
narrowing behaves differently under it. A value a client may leave out gets Marketo's answer
(701, 1001, 610...); an internal invariant is made explicit (a typed helper, an early return, a
``RuntimeError`` naming the broken invariant). Tests may assert freely: only ``marketo_ops/``
is checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "marketo_ops"


def asserts_in(source: str, filename: str = "<source>") -> list[int]:
    """Line numbers of every ``assert`` statement in ``source``, nested ones included."""
    tree = ast.parse(source, filename)
    return sorted(node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert))


def test_the_finder_sees_asserts_wherever_they_are() -> None:
    source = (
        "def f(x):\n"
        "    if x: assert x, 'one-liner'\n"
        "    class C:\n"
        "        def g(self):\n"
        "            assert(self)\n"
        "    return 'assert in a string is no statement'\n"
    )
    assert asserts_in(source) == [2, 5]


def test_library_code_has_no_assert_statements() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 100  # the walk really covers the package
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in files
        for line in asserts_in(path.read_text(encoding="utf-8"), str(path))
    ]
    assert offenders == [], "assert statements in library code (python -O strips them):\n" + (
        "\n".join(offenders)
    )
