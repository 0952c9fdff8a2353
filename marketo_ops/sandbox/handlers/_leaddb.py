"""Plumbing shared by the lead database, bulk and user management handlers.

These areas register into their own operation table (:data:`LEAD_DB`), which
:func:`marketo_ops.sandbox.handlers.registry` assembles with the asset API's: the lead database
answers differently enough (JSON bodies, ``result`` always present, page tokens, plain-JSON user
management) that its helpers live apart from the asset handlers'.

* :func:`respond`: Marketo's lead-database envelope, ``result`` always present (``[]`` when
  nothing matched: unlike the asset API, the lead database does not drop the key).
* :func:`plain`: the User Management API's plain JSON (no envelope); :func:`plain_error` its
  failures, which carry a non-200 status and ``{errors: [{code, message}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from starlette.responses import JSONResponse, Response

from .. import errors
from ..context import Ctx
from ..domain import leads
from ..envelope import JSONBody
from ..routing import Handler, HandlerResult, Registry, operation

LEAD_DB = Registry()
"""Operations of the lead database (``mapi``) and User Management (``user``) specs."""


H = TypeVar("H", bound=Handler)


def mapi(
    method: str, path: str, operation_id: str, *, aliases: tuple[str, ...] = ()
) -> Callable[[H], H]:
    """Register a lead-database (or bulk) operation; the handler keeps its own type."""
    register = operation(
        method, path, operation_id, spec="mapi", body="json", aliases=aliases, registry=LEAD_DB
    )

    def wrap(handler: H) -> H:
        register(_in_range(handler))
        return handler

    return wrap


def _in_range(handler: Handler) -> Handler:
    """Numbers beyond 64 bits cannot name anything in Marketo; answer 1003, not a crash."""

    def run(ctx: Ctx) -> HandlerResult:
        try:
            return handler(ctx)
        except OverflowError:
            raise errors.invalid_data("Invalid value: number out of range") from None

    run.__name__ = getattr(handler, "__name__", "handler")
    run.__doc__ = handler.__doc__
    return run


def user_api(method: str, path: str, operation_id: str) -> Callable[[H], H]:
    """Register a User Management operation."""
    register = operation(method, path, operation_id, spec="user", body="json", registry=LEAD_DB)

    def wrap(handler: H) -> H:
        register(handler)
        return handler

    return wrap


def respond(
    ctx: Ctx,
    result: Sequence[Any] | None = None,
    *,
    warnings: Sequence[Mapping[str, Any]] = (),
    **extra: Any,
) -> JSONBody:
    """``{requestId, success: true, errors: [], warnings, result, ...extra}``.

    ``result=None`` leaves the key out (calls whose spec has no result: merge, associate,
    paging token), otherwise it is always there.
    """
    body: dict[str, Any] = {"requestId": ctx.request_id, "success": True, "errors": []}
    if result is not None:
        body["result"] = [dict(item) if isinstance(item, Mapping) else item for item in result]
    body["warnings"] = [dict(item) for item in warnings]
    body.update({key: value for key, value in extra.items() if value is not None})
    return JSONBody(body)


class PlainJSON(JSONBody):
    """A JSON answer without the envelope (lists, objects, strings); validated like envelopes."""

    def __init__(self, body: Any, status_code: int = 200) -> None:
        self.body_json = body
        Response.__init__(
            self,
            json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            status_code=status_code,
            media_type="application/json;charset=UTF-8",
        )


def plain(body: Any) -> PlainJSON:
    return PlainJSON(body)


def plain_error(status: int, code: int, message: str) -> JSONResponse:
    """A User Management failure: a non-200 status and ``{errors: [{code, message}]}``."""
    return JSONResponse({"errors": [{"code": code, "message": message}]}, status_code=status)


def source(ctx: Ctx, method: str) -> leads.Source:
    """Who is acting, for activity attributes: this call's API method and request id."""
    return leads.Source(api_method=method, request_id=ctx.request_id, user=ctx.config.scope)


def tunnelled_get(ctx: Ctx) -> bool:
    """``POST ...?_method=GET``: Marketo's way to send a long query in the body."""
    return (ctx.params.text("_method") or "").upper() == "GET"
