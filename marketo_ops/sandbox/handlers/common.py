"""Small helpers every handler module uses."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, tree, versions
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


def rename(ctx: Ctx, kind: str, row: Row) -> None:
    """Apply a ``name`` parameter, keeping the kind's uniqueness rule (709)."""
    name = ctx.params.text("name")
    if name and name != row.name:
        parent = tree.parent_of(ctx.store, row)
        assert parent is not None
        tree.ensure_unique(ctx.store, kind, name, parent, exclude_id=row.id)
        row.name = name


def discard(ctx: Ctx, kind: str) -> list[dict[str, Any]]:
    """``.../discardDraft.json`` for any versioned kind."""
    row = assets.require(ctx.store, kind, ctx.params.path_int())
    with ctx.store.transaction():
        versions.discard(row)
        ctx.store.save(row)
    return ids(row.id)


def unapprove(ctx: Ctx, kind: str) -> Row:
    """``.../unapprove.json`` for kinds without extra rules."""
    row = assets.require(ctx.store, kind, ctx.params.path_int())
    with ctx.store.transaction():
        versions.unapprove(row)
        ctx.store.save(row)
    return row
