"""Which resource method implements which Marketo operation.

Every generated method carries ``@operation("<operationId>")``. The tag is what lets the
coverage test prove that each operation of the four specs has a sync and an async method, and
lets tools (logging, the sandbox's coverage table) map a method back to the spec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

OPERATION_ATTRIBUTE: Final = "__marketo_operation__"


def operation(operation_id: str) -> Callable[[F], F]:
    """Mark a method as the implementation of ``operation_id`` (the spec's ``operationId``)."""

    def mark(method: F) -> F:
        setattr(method, OPERATION_ATTRIBUTE, operation_id)
        return method

    return mark


def operation_of(method: Any) -> str | None:
    """The operationId a method implements, or ``None`` for helpers and hand-written methods."""
    value = getattr(method, OPERATION_ATTRIBUTE, None)
    return value if isinstance(value, str) else None


def operations_of(cls: type) -> Iterator[tuple[str, str]]:
    """``(operationId, method name)`` for every tagged method of a resource class."""
    for name in sorted(dir(cls)):
        if name.startswith("__"):
            continue
        found = operation_of(getattr(cls, name, None))
        if found is not None:
            yield found, name
