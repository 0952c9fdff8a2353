"""Landing page content sections, variables, full HTML, domains and redirect rules."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, pages
from ..routing import operation
from .common import ids, one, paged

BASE = "/rest/asset/v1"
_SECTION_FIELDS = (
    "backgroundColor",
    "borderColor",
    "borderStyle",
    "borderWidth",
    "height",
    "left",
    "linkUrl",
    "opacity",
    "top",
    "width",
    "zIndex",
    "imageOpenNewWindow",
)


def _section(ctx: Ctx) -> dict[str, Any]:
    params = ctx.params
    section: dict[str, Any] = {
        "type": params.required("type"),
        "content": params.text("value") or "",
    }
    formatting = {key: params.text(key) for key in _SECTION_FIELDS if params.text(key) is not None}
    if formatting:
        section["formattingOptions"] = formatting
    index = params.integer("index")
    if index is not None:
        section["index"] = index
    return section


@operation("POST", f"{BASE}/landingPage/{{id}}/content.json", "addLandingPageContentUsingPOST")
def add_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "landing_page", ctx.params.path_int())
    section = {"id": ctx.params.required("contentId"), **_section(ctx)}
    pages.add_section(ctx.store, row, section)
    return ids(row.id)


@operation(
    "POST",
    f"{BASE}/landingPage/{{id}}/content/{{contentId}}.json",
    "updateLandingPageContentUsingPOST",
)
def update_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "landing_page", ctx.params.path_int())
    pages.change_section(ctx.store, row, ctx.params.path["contentId"], _section(ctx))
    return ids(row.id)


@operation(
    "POST",
    f"{BASE}/landingPage/{{id}}/content/{{contentId}}/delete.json",
    "removeLandingPageContentUsingPOST",
)
def remove_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "landing_page", ctx.params.path_int())
    pages.change_section(ctx.store, row, ctx.params.path["contentId"], None)
    return ids(row.id)


@operation("GET", f"{BASE}/landingPage/{{id}}/variables.json", "getVariablesUsingGET")
def variables(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("landing_page", ctx.params.path_int())
    return pages.page_variables(ctx.store, row, ctx.params.text("status") or None) if row else []


@operation(
    "POST",
    f"{BASE}/landingPage/{{id}}/variable/{{variableId}}.json",
    "updateLandingPageVariableUsingPOST",
)
def update_variable(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "landing_page", params.path_int())
    name = params.path["variableId"]
    value = params.text("value", required=True) or ""
    pages.update_page_variable(ctx.store, row, name, value)
    return [{"id": name, "value": value}]


@operation(
    "GET", f"{BASE}/landingPage/{{id}}/fullContent.json", "getLandingPageFullContentUsingGET"
)
def full_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("landing_page", ctx.params.path_int())
    found = pages.full_page(ctx.store, row) if row else None
    if row is None or found is None:
        return []
    return [{"id": row.id, "status": found[0], "content": found[1]}]


@operation("GET", f"{BASE}/landingPageDomains.json", "getLandingPageDomainsUsingGET")
def domains(ctx: Ctx) -> list[dict[str, Any]]:
    return paged(ctx, [dict(domain) for domain in pages.LANDING_PAGE_DOMAINS])


@operation("GET", f"{BASE}/redirectRules.json", "getLandingPageRedirectRulesUsingGET")
def redirect_rules(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    window = assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
    to_page = params.text("redirectTolandingPageId")
    to_path = params.text("redirectToPath")
    items = []
    for row in ctx.store.find("redirect_rule"):
        target = row.data["redirectTo"]
        if to_page and not (target["type"] == "landingPageId" and target["value"] == to_page):
            continue
        if to_path and not (target["type"] == "url" and to_path in target["value"]):
            continue
        if assets.in_window(row, window):
            items.append(pages.render_redirect(row))
    return paged(ctx, items)


@operation("POST", f"{BASE}/redirectRules.json", "createLandingPageRedirectRuleUsingPOST")
def create_redirect_rule(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = pages.save_redirect(
        ctx.store,
        None,
        hostname=params.required("hostname"),
        source=params.json_field("redirectFrom", required=True),
        target=params.json_field("redirectTo", required=True),
    )
    return one(pages.render_redirect(row))


@operation("GET", f"{BASE}/redirectRule/{{id}}.json", "getLandingPageRedirectRuleByIdUsingGET")
def redirect_rule(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("redirect_rule", ctx.params.path_int())
    return one(pages.render_redirect(row) if row else None)


@operation("POST", f"{BASE}/redirectRule/{{id}}.json", "updateLandingPageRedirectRuleUsingPOST")
def update_redirect_rule(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "redirect_rule", params.path_int())
    row = pages.save_redirect(
        ctx.store,
        row,
        hostname=params.text("hostname") or None,
        source=params.json_field("redirectFrom"),
        target=params.json_field("redirectTo"),
    )
    return one(pages.render_redirect(row))


@operation(
    "POST", f"{BASE}/redirectRule/{{id}}/delete.json", "deleteLandingPageRedirectRuleUsingPOST"
)
def delete_redirect_rule(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "redirect_rule", ctx.params.path_int())
    assets.delete(ctx.store, row)
    return ids(row.id)
