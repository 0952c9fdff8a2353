"""Dynamic content of email and landing-page sections (``.../dynamicContent/{contentId}.json``).

``contentId`` is Marketo's dynamic-content id (base64 of ``ES-<section id>``) or the section id
itself; see :mod:`..domain.dynamic_content`.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import asset_rules, dynamic_content
from ..routing import operation
from .common import ids, one, status

BASE = "/rest/asset/v1"


def _row(ctx: Ctx, kind: str, label: str, *, required: bool) -> Any:
    asset_id = ctx.params.path_int()
    row = asset_rules.get(ctx.store, kind, asset_id)
    if row is None and required:
        raise errors.not_found(label, asset_id)
    return row


@operation(
    "GET",
    f"{BASE}/email/{{id}}/dynamicContent/{{contentId}}.json",
    "getEmailDynamicContentUsingGET",
)
def email_dynamic_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = _row(ctx, "email", "Email", required=False)
    if row is None:
        return []
    found = dynamic_content.email_variations(
        ctx.store, row, ctx.params.path["contentId"], status(ctx)
    )
    return one(found)


@operation(
    "POST",
    f"{BASE}/email/{{id}}/dynamicContent/{{contentId}}.json",
    "updateEmailDynamicContentUsingPOST",
)
def update_email_dynamic_content(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = _row(ctx, "email", "Email", required=True)
    # Adobe's Dynamic Content guide names the segment (segment=Southwest); the spec's request
    # model lacks the parameter, so the guide is followed.
    segment = params.required("segment")
    extras: dict[str, Any] = {
        key: params.text(key) for key in ("altText", "externalUrl", "linkUrl", "style", "videoUrl")
    }
    extras.update({"height": params.integer("height"), "width": params.integer("width")})
    extras["overWrite"] = params.boolean("overWrite")
    dynamic_content.update_email_variation(
        ctx.store,
        row,
        params.path["contentId"],
        segment=segment,
        kind=params.required("type"),
        value=params.text("value", required=True) or "",
        extras=extras,
    )
    return ids(row.id)


@operation(
    "GET",
    f"{BASE}/landingPage/{{id}}/dynamicContent/{{contentId}}.json",
    "getLandingPageDynamicContentsUsingGET",
)
def page_dynamic_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = _row(ctx, "landing_page", "Landing page", required=False)
    if row is None:
        return []
    # The spec declares no status filter here; like the other landing-page reads, the sandbox
    # honours one (status=draft shows variations edited since the last approval).
    found = dynamic_content.page_variations(
        ctx.store, row, ctx.params.path["contentId"], status(ctx)
    )
    return one(found)


@operation(
    "POST",
    f"{BASE}/landingPage/{{id}}/dynamicContent/{{contentId}}.json",
    "updateLandingPageDynamicContentUsingPOST",
)
def update_page_dynamic_content(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = _row(ctx, "landing_page", "Landing page", required=True)
    extras: dict[str, Any] = {
        key: params.text(key)
        for key in dynamic_content.PAGE_EXTRAS
        if key not in {"hideDesktop", "hideMobile"}
    }
    extras["hideDesktop"] = params.boolean("hideDesktop")
    extras["hideMobile"] = params.boolean("hideMobile")
    dynamic_content.update_page_variation(
        ctx.store,
        row,
        params.path["contentId"],
        segment=params.required("segment"),
        kind=params.text("type") or None,
        value=params.text("value"),
        extras=extras,
    )
    return ids(row.id)
