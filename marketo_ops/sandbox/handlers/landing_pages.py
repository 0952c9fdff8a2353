"""Landing Pages API: pages on approved templates, drafts and approvals."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, pages
from ..routing import operation
from .common import container, discard, ids, one, optional_container, paged, status, unapprove

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/landingPage/{{id}}.json", "getLandingPageByIdUsingGET")
def get_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("landing_page", ctx.params.path_int())
    return one(pages.render_page(ctx.store, row, ctx.base_url, status(ctx)) if row else None)


@operation("GET", f"{BASE}/landingPage/byName.json", "getLandingPageByNameUsingGET")
def get_page_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("landing_page", name=ctx.params.required("name"))
    rendered = [pages.render_page(ctx.store, row, ctx.base_url, status(ctx)) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


@operation("GET", f"{BASE}/landingPages.json", "browseLandingPagesUsingGET")
def browse_pages(ctx: Ctx) -> list[dict[str, Any]]:
    folder = optional_container(ctx)
    rows = [
        row
        for row in assets.with_status(ctx.store.find("landing_page"), status(ctx))
        if assets.in_container(ctx.store, row, folder)
    ]
    rendered = [pages.render_page(ctx.store, row, ctx.base_url, status(ctx)) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


_PAGE_PARAMS = (
    "title",
    "keywords",
    "robots",
    "customHeadHTML",
    "facebookOgTags",
    "metaTagsDescription",
    "urlPageName",
)


@operation("POST", f"{BASE}/landingPages.json", "createLandingPageUsingPOST")
def create_page(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    folder = container(ctx)
    template_id = params.integer("template", required=True)
    assert template_id is not None
    fields: dict[str, Any] = {key: params.text(key) for key in _PAGE_PARAMS}
    fields["mobileEnabled"] = params.boolean("mobileEnabled")
    fields["prefillForm"] = params.boolean("prefillForm")
    row = pages.create_page(
        ctx.store,
        name=name,
        container=folder,
        template_id=template_id,
        description=params.text("description") or "",
        fields=fields,
    )
    return one(pages.render_page(ctx.store, row, ctx.base_url))


@operation("POST", f"{BASE}/landingPage/{{id}}.json", "updateLandingPageUsingPOST")
def update_page(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "landing_page", params.path_int())
    changes: dict[str, Any] = {key: params.text(key) for key in _PAGE_PARAMS}
    changes["name"] = params.text("name")
    changes["description"] = params.text("description")
    changes["mobileEnabled"] = params.boolean("mobileEnabled")
    row = pages.update_page(ctx.store, row, changes)
    return one(pages.render_page(ctx.store, row, ctx.base_url))


@operation("GET", f"{BASE}/landingPage/{{id}}/content.json", "getLandingPageContentUsingGET")
def page_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("landing_page", ctx.params.path_int())
    return pages.page_sections(row, status(ctx)) if row else []


@operation("POST", f"{BASE}/landingPage/{{id}}/approveDraft.json", "approveLandingPageUsingPOST")
def approve_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = pages.approve_page(
        ctx.store, assets.require(ctx.store, "landing_page", ctx.params.path_int())
    )
    return ids(row.id)


@operation("POST", f"{BASE}/landingPage/{{id}}/unapprove.json", "unapproveLandingPageByIdUsingPOST")
def unapprove_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = unapprove(ctx, "landing_page")
    return one(pages.render_page(ctx.store, row, ctx.base_url))


@operation(
    "POST", f"{BASE}/landingPage/{{id}}/discardDraft.json", "discardLandingPageByIdUsingPOST"
)
def discard_page(ctx: Ctx) -> list[dict[str, Any]]:
    return discard(ctx, "landing_page")


@operation("POST", f"{BASE}/landingPage/{{id}}/clone.json", "cloneLandingPageUsingPOST")
def clone_page(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = assets.require(ctx.store, "landing_page", params.path_int())
    name = params.required("name")
    row = pages.clone_page(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
        template_id=params.integer("template"),
    )
    return one(pages.render_page(ctx.store, row, ctx.base_url))


@operation("POST", f"{BASE}/landingPage/{{id}}/delete.json", "deleteLandingPageByIdUsingPOST")
def delete_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "landing_page", ctx.params.path_int())
    pages.delete_page(ctx.store, row)
    return ids(row.id)
