"""Asset API v2 (Email Designer): ``/rest/asset/v2/{email,emailtemplate,fragment}``.

Eight operations per kind (get by id, filter, create, update, delete, clone, state transition,
used by), JSON bodies, and the ``x-app-type`` header on every call. The routes and operationIds
come from ``marketo_ops/specs/asset-v2.from-docs.json`` (written from Adobe's pages, see there),
so the coverage table and the response validation use the same file. The rules live in
:mod:`..domain.v2_assets`.

A call without ``x-app-type`` is answered 701 "x-app-type cannot be blank": Adobe's pages only
say the header is required; 701 is the code the asset API gives a missing required value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...specs import load_spec
from .. import errors
from ..context import Ctx
from ..domain import v2_assets as v2
from ..routing import HandlerResult, operation
from ..store.db import Row
from .common import one

V2 = "/rest/asset/v2"
APP_TYPE = "x-app-type"

Factory = Callable[[v2.Kind], Callable[[Ctx], HandlerResult]]


def _app_type(ctx: Ctx) -> str:
    value = str(ctx.headers.get(APP_TYPE, "")).strip()
    if not value:
        raise errors.blank(APP_TYPE)
    return value


def _body(ctx: Ctx) -> dict[str, Any]:
    return v2.body_of(ctx.params.json_body)


def _user(ctx: Ctx) -> str:
    return ctx.config.scope


def _integers(ctx: Ctx, name: str) -> list[int]:
    found = []
    for value in ctx.params.many(name):
        try:
            found.append(int(value))
        except ValueError:
            raise errors.invalid_value(value, "Integer") from None
    return found


def get(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        _app_type(ctx)
        row = v2.get(ctx.store, spec, ctx.params.path_int())
        return one(v2.render(ctx.store, spec, row) if row else None)

    return handler


def filter_(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        _app_type(ctx)
        params = ctx.params
        query: dict[str, Any] = {
            "workspaceId": params.required_integer("workspaceId"),
            "folderId": params.integer("folderId"),
            "folderIds": _integers(ctx, "folderIds"),
            "status": params.many("status"),
            "templateId": params.integer("templateId"),
            "isCreatedByMe": params.boolean("isCreatedByMe"),
            "isModifiedByMe": params.boolean("isModifiedByMe"),
            "isValueNonNullable": params.boolean("isValueNonNullable"),
            "includeArchived": params.boolean("includeArchived"),
        }
        for name in (
            "name",
            "createdBy",
            "modifiedBy",
            "createdAtStart",
            "createdAtEnd",
            "modifiedAtStart",
            "modifiedAtEnd",
            "sortKey",
            "sortOrder",
            "fragmentType",
            "scriptEngine",
        ):
            query[name] = params.text(name)
        rows = v2.filter_rows(ctx.store, spec, query, user=_user(ctx))
        window = v2.page(rows, params.integer("pageIndex"), params.integer("pageSize"))
        rendered = [v2.render(ctx.store, spec, row) for row in window]
        return [item for item in rendered if item is not None]

    return handler


def create(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        app_type = _app_type(ctx)
        row = v2.create(ctx.store, spec, _body(ctx), user=_user(ctx), app_type=app_type)
        return one(v2.render(ctx.store, spec, row))

    return handler


def update(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        _app_type(ctx)
        row = v2.require(ctx.store, spec, ctx.params.path_int())
        row = v2.update(ctx.store, spec, row, _body(ctx), user=_user(ctx))
        return [{"id": str(row.id)}]

    return handler


def delete(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        _app_type(ctx)
        row = v2.require(ctx.store, spec, ctx.params.path_int())
        v2.delete(ctx.store, spec, row)
        return [{"id": str(row.id)}]

    return handler


def _writes_asset(
    change: Callable[..., Row],
) -> Callable[[v2.Kind], Callable[[Ctx], HandlerResult]]:
    """Handlers of calls whose body names the asset (clone, state transition): the asset."""

    def factory(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
        def handler(ctx: Ctx) -> HandlerResult:
            _app_type(ctx)
            row = change(ctx.store, spec, _body(ctx), user=_user(ctx))
            return one(v2.render(ctx.store, spec, row))

        return handler

    return factory


clone = _writes_asset(v2.clone)
transition = _writes_asset(v2.transition)


def used_by(spec: v2.Kind) -> Callable[[Ctx], HandlerResult]:
    def handler(ctx: Ctx) -> HandlerResult:
        _app_type(ctx)
        body = _body(ctx)
        row = v2.require(ctx.store, spec, v2.asset_id(body.get("assetId"), "assetId"))
        wanted = body.get("type") or "all"
        if not isinstance(wanted, str):
            raise errors.invalid_value(wanted, "type (String)")
        found = [
            item
            for item in v2.used_by(ctx.store, spec, row)
            if wanted == "all" or item["type"] == wanted
        ]
        index, size = body.get("pageIndex"), body.get("pageSize")
        for value, field in ((index, "pageIndex"), (size, "pageSize")):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise errors.invalid_value(value, f"{field} (Integer)")
        return v2.page(found, index, size)

    return handler


ROUTES: tuple[tuple[str, str, Factory], ...] = (
    ("GET", "/{id}", get),
    ("GET", "/filter", filter_),
    ("POST", "", create),
    ("POST", "/{id}/update", update),
    ("POST", "/{id}/delete", delete),
    ("POST", "/clone", clone),
    ("POST", "/state/transition", transition),
    ("POST", "/usedby", used_by),
)


def _operation_id(path: str, method: str) -> str:
    """The operationId the v2 spec gives this route (a KeyError names a route it lacks)."""
    return str(load_spec("asset_v2")["paths"][path][method.lower()]["operationId"])


def _register() -> None:
    for spec in v2.KINDS.values():
        for method, suffix, factory in ROUTES:
            path = f"{V2}/{spec.path}{suffix}"
            operation(method, path, _operation_id(path, method), spec="asset_v2", body="json")(
                factory(spec)
            )


_register()
