"""Snippets API, including dynamic content by segment."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, pages, versions
from ..envelope import Envelope
from ..routing import operation
from .common import container, discard, ids, one, paged, rename, status, unapprove

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/snippet/{{id}}.json", "getSnippetByIdUsingGET")
def get_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("snippet", ctx.params.path_int())
    return one(pages.render_snippet(ctx.store, row, status(ctx)) if row else None)


@operation("GET", f"{BASE}/snippets.json", "getSnippetUsingGET")
def browse_snippets(ctx: Ctx) -> list[dict[str, Any]]:
    rows = assets.with_status(ctx.store.find("snippet"), status(ctx))
    rendered = [pages.render_snippet(ctx.store, row, status(ctx)) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


@operation("POST", f"{BASE}/snippets.json", "createSnippetUsingPOST")
def create_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = pages.create_snippet(
        ctx.store, name=name, container=container(ctx), description=params.text("description")
    )
    return one(pages.render_snippet(ctx.store, row))


@operation("POST", f"{BASE}/snippet/{{id}}.json", "updateSnippetUsingPOST")
def update_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "snippet", params.path_int())
    with ctx.store.transaction():
        rename(ctx, "snippet", row)
        if params.text("description") is not None:
            row.data["description"] = params.text("description")
        ctx.store.save(row)
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


@operation("POST", f"{BASE}/snippet/{{id}}/approveDraft.json", "approveSnippetUsingPOST")
def approve_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    row = pages.approve_snippet(
        ctx.store, assets.require(ctx.store, "snippet", ctx.params.path_int())
    )
    return one(pages.render_snippet(ctx.store, row))


@operation("POST", f"{BASE}/snippet/{{id}}/unapprove.json", "unapproveSnippetUsingPOST")
def unapprove_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    row = unapprove(ctx, "snippet")
    return one(pages.render_snippet(ctx.store, row))


@operation("POST", f"{BASE}/snippet/{{id}}/discardDraft.json", "discardSnippetUsingPOST")
def discard_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    return discard(ctx, "snippet")


@operation("POST", f"{BASE}/snippet/{{id}}/clone.json", "cloneSnippetUsingPOST")
def clone_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = assets.require(ctx.store, "snippet", params.path_int())
    name = params.required("name")
    row = pages.clone_snippet(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(pages.render_snippet(ctx.store, row))


@operation("POST", f"{BASE}/snippet/{{id}}/delete.json", "deleteSnippetUsingPOST")
def delete_snippet(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "snippet", ctx.params.path_int())
    ctx.store.delete("snippet", row.id)
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
