"""One parameterised set of handlers for the asset API's CRUD shapes.

Email templates, landing-page templates, snippets, emails, landing pages, smart campaigns, smart
lists, static lists, programs and files answer the same calls the same way: get by id, get by
name, browse (folder, status and date filters), update name and description, approve /
unapprove / discard the draft, clone into a folder, delete. Each area module describes its kind
once as a :class:`Family` (where its paths are, how to render it, how to require it) and
registers the verbs it has with the functions below, naming the spec's operationId and the
domain function that holds the kind's rules. Only what differs between kinds (create, content,
variables...) stays hand-written in the area module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..context import Ctx
from ..domain import assets
from ..params import Params
from ..routing import operation
from ..store.db import Row, Store
from .common import container, ids, one, optional_container, paged, status

BASE = "/rest/asset/v1"

Rendered = dict[str, Any] | None
Render = Callable[[Ctx, Row, str | None], Rendered]
"""(call, row, status asked for) -> the asset as Marketo shows it, None without that version."""
Transition = Callable[[Store, Row], Row]
Where = Callable[[Ctx, Row], bool]
Answer = Literal["ids", "asset"]


@dataclass(frozen=True)
class Family:
    """One asset kind as the asset API addresses it."""

    kind: str
    """The store's kind (``email_template``)."""
    one: str
    """Path segment of a single asset (``emailTemplate`` in ``emailTemplate/{id}.json``)."""
    many: str
    """Path segment of the collection (``emailTemplates`` in ``emailTemplates.json``)."""
    render: Render
    versioned: bool = False
    """Has draft and approved versions: ``status`` filters and picks the version."""
    window: bool = False
    """Browse takes ``earliestUpdatedAt`` / ``latestUpdatedAt``."""
    folder_filter: bool = True
    """Browse takes a ``folder`` (the asset, or anywhere below it)."""
    owned_hidden: bool = False
    """Rows owned by another asset (a campaign's smart list) are not listed on their own."""

    def require(self, ctx: Ctx, name: str = "id") -> Row:
        return assets.require(ctx.store, self.kind, ctx.params.path_int(name))

    def show(self, ctx: Ctx, row: Row | None, version: str | None = None) -> Rendered:
        return self.render(ctx, row, version) if row is not None else None

    def listed(self, ctx: Ctx, rows: list[Row]) -> list[dict[str, Any]]:
        version = status(ctx) if self.versioned else None
        if self.owned_hidden:
            rows = assets.visible(rows)
        if self.versioned:
            rows = assets.with_status(rows, version)
        rendered = [self.render(ctx, row, version) for row in rows]
        return [item for item in rendered if item is not None]

    def path(self, suffix: str = "") -> str:
        return f"{BASE}/{self.one}/{{id}}{suffix}.json"


def _answer(family: Family, ctx: Ctx, row: Row, answer: Answer) -> list[dict[str, Any]]:
    return ids(row.id) if answer == "ids" else one(family.show(ctx, row))


# --- reads --------------------------------------------------------------------------------------
def get(family: Family, operation_id: str, *, render: Render | None = None) -> None:
    """``GET {one}/{id}.json``: the asset, or an empty result when the id names nothing."""
    show = render or family.render

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        row = ctx.store.get(family.kind, ctx.params.path_int())
        version = status(ctx) if family.versioned else None
        return one(show(ctx, row, version) if row is not None else None)

    operation("GET", family.path(), operation_id)(handler)


def by_name(
    family: Family,
    operation_id: str,
    *,
    first: bool = False,
    in_folder: bool = False,
    pages: bool = False,
    render: Render | None = None,
) -> None:
    """``GET {one}/byName.json``: every asset of that name (or the first), maybe in a folder."""
    variant = family if render is None else _with_render(family, render)

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        rows = ctx.store.find(family.kind, name=ctx.params.required("name"))
        folder = optional_container(ctx) if in_folder else None
        if folder is not None:
            rows = [row for row in rows if assets.in_container(ctx.store, row, folder)]
        items = variant.listed(ctx, rows)
        if first:
            return items[:1]
        return paged(ctx, items) if pages else items

    operation("GET", f"{BASE}/{family.one}/byName.json", operation_id)(handler)


def browse(family: Family, operation_id: str, *, where: Where | None = None) -> None:
    """``GET {many}.json``: one page of the kind, filtered by folder, dates and ``where``."""

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        params = ctx.params
        folder = optional_container(ctx) if family.folder_filter else None
        window = (
            assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
            if family.window
            else (None, None)
        )
        rows = [
            row
            for row in ctx.store.find(family.kind)
            if assets.in_container(ctx.store, row, folder)
            and assets.in_window(row, window)
            and (where is None or where(ctx, row))
        ]
        return paged(ctx, family.listed(ctx, rows))

    operation("GET", f"{BASE}/{family.many}.json", operation_id)(handler)


def _with_render(family: Family, render: Render) -> Family:
    return Family(
        family.kind,
        family.one,
        family.many,
        render,
        versioned=family.versioned,
        window=family.window,
        folder_filter=family.folder_filter,
        owned_hidden=family.owned_hidden,
    )


# --- writes -------------------------------------------------------------------------------------
Changes = Callable[[Params], Mapping[str, Any]]


def _description(params: Params) -> Mapping[str, Any]:
    return {"description": params.text("description")}


Save = Callable[..., Row]
"""(store, row, *, name, changes) -> the saved row: the kind's own update rules."""


def update(
    family: Family,
    operation_id: str,
    *,
    changes: Changes = _description,
    save: Save = assets.update_metadata,
) -> None:
    """``POST {one}/{id}.json``: rename (unique as the kind requires) and set plain fields."""

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        row = save(
            ctx.store,
            family.require(ctx),
            name=ctx.params.text("name"),
            changes=changes(ctx.params),
        )
        return one(family.show(ctx, row))

    operation("POST", family.path(), operation_id)(handler)


def transition(
    family: Family,
    verb: str,
    operation_id: str,
    change: Transition,
    *,
    answer: Answer = "ids",
) -> None:
    """``POST {one}/{id}/{verb}.json`` (approveDraft, unapprove, discardDraft, activate...)."""

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        row = change(ctx.store, family.require(ctx))
        return _answer(family, ctx, row, answer)

    operation("POST", family.path(f"/{verb}"), operation_id)(handler)


def approval(
    family: Family,
    approve: tuple[str, Transition, Answer],
    unapprove: tuple[str, Transition, Answer],
    discard: str | None = None,
) -> None:
    """The draft/approved verbs of a versioned kind: (operationId, domain rule, answer) each."""
    transition(family, "approveDraft", approve[0], approve[1], answer=approve[2])
    transition(family, "unapprove", unapprove[0], unapprove[1], answer=unapprove[2])
    if discard is not None:
        transition(family, "discardDraft", discard, assets.discard_draft)


Clone = Callable[..., Row]
Extra = Callable[[Params], Mapping[str, Any]]


def clone(family: Family, operation_id: str, copy: Clone, *, extra: Extra | None = None) -> None:
    """``POST {one}/{id}/clone.json``: a copy under a new (required) name in ``folder``."""

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        params = ctx.params
        source = family.require(ctx)
        name = params.required("name")
        row = copy(
            ctx.store,
            source,
            name=name,
            container=container(ctx),
            description=params.text("description"),
            **(extra(params) if extra is not None else {}),
        )
        return one(family.show(ctx, row))

    operation("POST", family.path("/clone"), operation_id)(handler)


def delete(
    family: Family, operation_id: str, remove: Callable[[Store, Row], None] = assets.delete
) -> None:
    """``POST {one}/{id}/delete.json``: the kind's rules (in use, approved...) decide."""

    def handler(ctx: Ctx) -> list[dict[str, Any]]:
        row = family.require(ctx)
        remove(ctx.store, row)
        return ids(row.id)

    operation("POST", family.path("/delete"), operation_id)(handler)
