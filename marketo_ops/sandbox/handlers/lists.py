"""Static Lists API (the lists themselves; membership is the lead database's business)."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, lists
from ..routing import operation
from .common import container, ids, one, optional_container, paged

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/staticList/{{id}}.json", "getStaticListByIdUsingGET")
def get_by_id(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("static_list", ctx.params.path_int())
    return one(lists.render(row) if row else None)


@operation("GET", f"{BASE}/staticList/byName.json", "getStaticListByNameUsingGET")
def get_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("static_list", name=ctx.params.required("name"))
    return [lists.render(row) for row in rows[:1]]


@operation("GET", f"{BASE}/staticLists.json", "getStaticListsUsingGET")
def browse(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    folder = optional_container(ctx)
    window = assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
    rows = [
        row
        for row in ctx.store.find("static_list")
        if assets.in_container(ctx.store, row, folder) and assets.in_window(row, window)
    ]
    return paged(ctx, [lists.render(row) for row in rows])


@operation("POST", f"{BASE}/staticLists.json", "createStaticListUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = lists.create(
        ctx.store, name=name, container=container(ctx), description=params.text("description") or ""
    )
    return one(lists.render(row))


@operation("POST", f"{BASE}/staticList/{{id}}.json", "updateStaticListUsingPOST")
def update(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = lists.require(ctx.store, params.path_int())
    row = lists.update(
        ctx.store, row, name=params.text("name"), description=params.text("description")
    )
    return one(lists.render(row))


@operation("POST", f"{BASE}/staticList/{{id}}/delete.json", "deleteStaticListByIdUsingPOST")
def delete(ctx: Ctx) -> list[dict[str, Any]]:
    row = lists.require(ctx.store, ctx.params.path_int())
    ctx.store.delete("static_list", row.id)
    return ids(row.id)
