"""Small helpers every handler module uses."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import tree
from ..params import page
from ..store.db import Row


def one(item: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A single record as a result list; nothing found is an empty (warning) result."""
    return [item] if item is not None else []


def ids(*values: int) -> list[dict[str, Any]]:
    return [{"id": value} for value in values]


def container(ctx: Ctx, name: str = "folder") -> Row:
    """The required folder/program parameter, resolved (701, 1001, 710)."""
    return tree.resolve_container(ctx.store, ctx.params.json_field(name, required=True), name)


def optional_container(ctx: Ctx, name: str = "folder") -> Row | None:
    value = ctx.params.json_field(name)
    if value is None:
        return None
    return tree.resolve_container(ctx.store, value, name)


def paged(ctx: Ctx, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return page(items, ctx.params)


def status(ctx: Ctx) -> str | None:
    """The ``status=approved|draft`` filter of versioned assets, if given."""
    return ctx.params.text("status") or None
