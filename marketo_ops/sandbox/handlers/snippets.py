"""Snippets API, including dynamic content by segment."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, pages, versions
from ..envelope import Envelope
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, ids, one, status

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, version: str | None) -> dict[str, Any] | None:
    return pages.render_snippet(ctx.store, row, version)


SNIPPETS = crud.Family(
    "snippet", "snippet", "snippets", _render, versioned=True, folder_filter=False
)
crud.get(SNIPPETS, "getSnippetByIdUsingGET")
crud.browse(SNIPPETS, "getSnippetUsingGET")
crud.update(SNIPPETS, "updateSnippetUsingPOST")
crud.approval(
    SNIPPETS,
    approve=("approveSnippetUsingPOST", pages.approve_snippet, "asset"),
    unapprove=("unapproveSnippetUsingPOST", assets.unapprove, "asset"),
    discard="discardSnippetUsingPOST",
)
crud.clone(SNIPPETS, "cloneSnippetUsingPOST", pages.clone_snippet)
crud.delete(SNIPPETS, "deleteSnippetUsingPOST")


@operation("POST", f"{BASE}/snippets.json", "createSnippetUsingPOST")
def create_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = pages.create_snippet(
        ctx.store, name=name, container=container(ctx), description=params.text("description")
    )
    return one(pages.render_snippet(ctx.store, row))


@operation("GET", f"{BASE}/snippet/{{id}}/content.json", "getSnippetContentByIdUsingGET")
def snippet_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("snippet", ctx.params.path_int())
    picked = versions.pick(row, status(ctx)) if row else None
    if picked is None:
        return []
    return [{"type": picked[1].get("type", "HTML"), "content": picked[1].get("content", "")}]


@operation("POST", f"{BASE}/snippet/{{id}}/content.json", "updateContentUsingPOST_1")
def update_snippet_content(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "snippet", params.path_int())
    pages.update_snippet_content(
        ctx.store, row, params.required("type"), params.text("content", required=True) or ""
    )
    return ids(row.id)


@operation("GET", f"{BASE}/snippet/{{id}}/dynamicContent.json", "getDynamicContentUsingGET")
def snippet_dynamic_content(ctx: Ctx) -> Envelope:
    row = ctx.store.get("snippet", ctx.params.path_int())
    found = pages.snippet_dynamic_content(ctx.store, row, status(ctx)) if row else None
    return Envelope(result=[found] if found else [])


@operation(
    "POST",
    f"{BASE}/snippet/{{id}}/dynamicContent/{{segmentId}}.json",
    "updateDynamicContentUsingPOST",
)
def update_snippet_dynamic_content(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "snippet", params.path_int())
    pages.update_snippet_segment(
        ctx.store,
        row,
        params.path_int("segmentId"),
        params.required("type"),
        params.text("value") or "",
    )
    return ids(row.id)
