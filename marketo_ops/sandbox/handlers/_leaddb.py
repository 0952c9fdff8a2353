"""Plumbing shared by the lead database, bulk and user management handlers.

These areas register into their own operation table (:data:`LEAD_DB`), which
:func:`marketo_ops.sandbox.handlers.registry` assembles with the asset API's: the lead database
answers differently enough (JSON bodies, ``result`` always present, page tokens, plain-JSON user
management) that its helpers live apart from the asset handlers'.

* :func:`respond`: Marketo's lead-database envelope, ``result`` always present (``[]`` when
  nothing matched: unlike the asset API, the lead database does not drop the key).
* :func:`plain`: the User Management API's plain JSON (no envelope); its failures are shaped by
  the app (:func:`marketo_ops.sandbox.envelope.user_error_response`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from starlette.responses import Response

from ..context import Ctx
from ..domain import leads
from ..domain.leaddb import after_id, batch_size, id_list, page_extra, text_list
from ..envelope import JSONBody
from ..routing import Handler, Registry, operation
from ..store.db import Row, Store

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
        register(handler)
        return handler

    return wrap


TypeAction = Callable[[Store, str], Mapping[str, Any]]


def type_verb(method: str, path: str, operation_id: str, action: TypeAction) -> None:
    """A call on the type named by ``{apiName}`` that answers with the type (approve, discard,
    delete, describe...), for custom activity and custom object types alike."""

    def handler(ctx: Ctx) -> Response:
        return respond(ctx, [action(ctx.store, ctx.params.path["apiName"])])

    mapi(method, path, operation_id)(handler)


def browse_named(
    ctx: Ctx,
    rows: Iterable[Row],
    render: Callable[[Row], dict[str, Any]],
    prefix: str,
    where: Callable[[Row], bool] | None = None,
) -> Response:
    """Lists and campaigns of the lead database: filtered by ``id``, ``name``, ``programName``
    and ``workspaceName`` (comma lists), paged by ``nextPageToken`` in id order."""
    params = ctx.params
    ids = set(id_list(params.raw("id"), "id", limit=10_000))
    names = {name.lower() for name in text_list(params.raw("name"))}
    programs = {name.lower() for name in text_list(params.raw("programName"))}
    workspaces = {name.lower() for name in text_list(params.raw("workspaceName"))}
    start = after_id(params, prefix)
    size = batch_size(params)
    items = []
    for row in rows:
        if row.id <= start or (ids and row.id not in ids):
            continue
        if names and row.name.lower() not in names:
            continue
        if workspaces and row.workspace.lower() not in workspaces:
            continue
        if where is not None and not where(row):
            continue
        rendered = render(row)
        if programs and str(rendered.get("programName", "")).lower() not in programs:
            continue
        items.append(rendered)
        if len(items) > size:
            break
    shown = items[:size]
    extra = page_extra(prefix, items, size, int(shown[-1]["id"]) if shown else 0)
    return respond(ctx, shown, **extra)


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


def source(ctx: Ctx, method: str) -> leads.Source:
    """Who is acting, for activity attributes: this call's API method and request id."""
    return leads.Source(api_method=method, request_id=ctx.request_id, user=ctx.config.scope)


def tunnelled_get(ctx: Ctx) -> bool:
    """``POST ...?_method=GET``: Marketo's way to send a long query in the body."""
    return (ctx.params.text("_method") or "").upper() == "GET"
