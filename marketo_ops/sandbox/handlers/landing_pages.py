"""Landing Pages API: pages on approved templates, drafts and approvals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Ctx
from ..domain import assets, pages
from ..params import Params
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, one, status

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, version: str | None) -> dict[str, Any] | None:
    return pages.render_page(ctx.store, row, ctx.base_url, version)


def _clone_options(params: Params) -> Mapping[str, Any]:
    return {"template_id": params.integer("template")}


PAGES = crud.Family("landing_page", "landingPage", "landingPages", _render, versioned=True)
crud.get(PAGES, "getLandingPageByIdUsingGET")
crud.by_name(PAGES, "getLandingPageByNameUsingGET", pages=True)
crud.browse(PAGES, "browseLandingPagesUsingGET")
crud.approval(
    PAGES,
    approve=("approveLandingPageUsingPOST", pages.approve_page, "ids"),
    unapprove=("unapproveLandingPageByIdUsingPOST", assets.unapprove, "asset"),
    discard="discardLandingPageByIdUsingPOST",
)
crud.clone(PAGES, "cloneLandingPageUsingPOST", pages.clone_page, extra=_clone_options)
crud.delete(PAGES, "deleteLandingPageByIdUsingPOST", pages.delete_page)


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
    template_id = params.required_integer("template")
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
