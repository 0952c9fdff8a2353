"""The operation table: (method, path template) -> operationId and handler.

Handler modules register their operations with :func:`operation`, using the paths and
operationIds of the official specs, so the coverage table can be computed by comparing this table
with the specs. Static paths win over templated ones (``email/byName.json`` is not an email id).
A path nobody registered answers 610; a known path with the wrong method answers 605.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from starlette.responses import Response

from .envelope import Envelope

if TYPE_CHECKING:
    from .context import Ctx

HandlerResult = list[dict[str, Any]] | Envelope | Response
Handler = Callable[["Ctx"], HandlerResult]
BodyKind = Literal["form", "json"]
SpecName = Literal["identity", "asset", "mapi", "user", "asset_v2"]

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    handler: Handler
    spec: SpecName = "asset"
    body: BodyKind = "form"
    """What a POST body carries: form fields (urlencoded or multipart) or JSON (lead database)."""
    authenticated: bool = True
    counted: bool = True
    """Whether the call counts against rate limits and the daily quota (identity does not)."""
    spec_path: str | None = None
    """The spec's path when this route is an alias of it (e.g. without ``.json``)."""
    regex: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        pattern = (
            "^"
            + _PARAM.sub(
                lambda match: f"(?P<{match.group(1)}>[^/]+?)",
                re.escape(self.path).replace(r"\{", "{").replace(r"\}", "}"),
            )
            + "$"
        )
        object.__setattr__(self, "regex", re.compile(pattern))

    @property
    def templated(self) -> bool:
        return "{" in self.path


class Registry:
    def __init__(self) -> None:
        self.operations: list[Operation] = []

    def add(self, op: Operation) -> None:
        self.operations.append(op)

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """(operation, path params, whether the path exists for some other method)."""
        path_known = False
        for templated in (False, True):
            for op in self.operations:
                if op.templated != templated:
                    continue
                found = op.regex.match(path)
                if found is None:
                    continue
                if op.method == method:
                    return op, found.groupdict(), True
                path_known = True
            if path_known:
                break
        return None, {}, path_known

    def operation_ids(self) -> set[tuple[str, str]]:
        """(spec, operationId) pairs that are implemented."""
        return {(op.spec, op.operation_id) for op in self.operations}


REGISTRY = Registry()


def operation(
    method: str,
    path: str,
    operation_id: str,
    *,
    spec: SpecName = "asset",
    body: BodyKind = "form",
    authenticated: bool = True,
    counted: bool = True,
    aliases: tuple[str, ...] = (),
    registry: Registry | None = None,
) -> Callable[[Handler], Handler]:
    """Register a handler for an operation of the specs (and optional alias paths)."""
    target = registry if registry is not None else REGISTRY

    def register(handler: Handler) -> Handler:
        for route in (path, *aliases):
            target.add(
                Operation(
                    method=method.upper(),
                    path=route,
                    operation_id=operation_id,
                    handler=handler,
                    spec=spec,
                    body=body,
                    authenticated=authenticated,
                    counted=counted,
                    spec_path=path if route != path else None,
                )
            )
        return handler

    return register
