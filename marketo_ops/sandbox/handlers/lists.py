"""Static Lists API (the lists themselves; membership is the lead database's business)."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import lists
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, one

BASE = crud.BASE


def _render(_ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    return lists.render(row)


STATIC_LISTS = crud.Family("static_list", "staticList", "staticLists", _render, window=True)
crud.get(STATIC_LISTS, "getStaticListByIdUsingGET")
crud.by_name(STATIC_LISTS, "getStaticListByNameUsingGET", first=True)
crud.browse(STATIC_LISTS, "getStaticListsUsingGET")
crud.update(STATIC_LISTS, "updateStaticListUsingPOST")
crud.delete(STATIC_LISTS, "deleteStaticListByIdUsingPOST")


@operation("POST", f"{BASE}/staticLists.json", "createStaticListUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = lists.create(
        ctx.store, name=name, container=container(ctx), description=params.text("description") or ""
    )
    return one(lists.render(row))
