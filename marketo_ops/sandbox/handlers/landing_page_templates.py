"""Landing Page Templates API (metadata form-encoded, content multipart)."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, templates, versions
from ..routing import operation
from .common import container, discard, ids, one, optional_container, paged, rename, status

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/landingPageTemplate/{{id}}.json", "getLandingPageTemplateByIdUsingGET")
def get_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("lp_template", ctx.params.path_int())
    return one(templates.render_lp_template(ctx.store, row, status(ctx)) if row else None)


@operation("GET", f"{BASE}/landingPageTemplate/byName.json", "getLandingPageTemplateByNameUsingGET")
def get_lp_template_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("lp_template", name=ctx.params.required("name"))
    rendered = [templates.render_lp_template(ctx.store, row, status(ctx)) for row in rows]
    return [item for item in rendered if item is not None]


@operation("GET", f"{BASE}/landingPageTemplates.json", "getLandingPageTemplatesUsingGET")
def browse_lp_templates(ctx: Ctx) -> list[dict[str, Any]]:
    folder = optional_container(ctx)
    rows = [
        row
        for row in assets.with_status(ctx.store.find("lp_template"), status(ctx))
        if assets.in_container(ctx.store, row, folder)
    ]
    rendered = [templates.render_lp_template(ctx.store, row, status(ctx)) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


@operation("POST", f"{BASE}/landingPageTemplates.json", "createLpTemplateUsingPOST")
def create_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = templates.create_lp_template(
        ctx.store,
        name=name,
        container=container(ctx),
        description=params.text("description"),
        template_type=params.text("templateType") or "freeForm",
        enable_munchkin=bool(params.boolean("enableMunchkin", default=True)),
    )
    return one(templates.render_lp_template(ctx.store, row))


@operation("POST", f"{BASE}/landingPageTemplate/{{id}}.json", "updateLpTemplateUsingPOST")
def update_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "lp_template", params.path_int())
    with ctx.store.transaction():
        rename(ctx, "lp_template", row)
        if params.text("description") is not None:
            row.data["description"] = params.text("description")
        munchkin = params.boolean("enableMunchkin")
        if munchkin is not None:
            row.data["enableMunchkin"] = munchkin
        ctx.store.save(row)
    return one(templates.render_lp_template(ctx.store, row))


@operation(
    "GET",
    f"{BASE}/landingPageTemplate/{{id}}/content.json",
    "getLandingPageTemplateContentUsingGET",
)
def lp_template_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("lp_template", ctx.params.path_int())
    picked = versions.pick(row, status(ctx)) if row else None
    if row is None or picked is None:
        return []
    return [
        {
            "id": row.id,
            "status": picked[0],
            "content": picked[1].get("content", ""),
            "templateType": row.data.get("templateType", "freeForm"),
            "enableMunchkin": bool(row.data.get("enableMunchkin", True)),
        }
    ]


@operation(
    "POST",
    f"{BASE}/landingPageTemplate/{{id}}/content.json",
    "updateLandingPageTemplateContentUsingPOST",
)
def update_lp_template_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "lp_template", ctx.params.path_int())
    upload = ctx.params.file("content", required=True)
    assert upload is not None
    with ctx.store.transaction():
        draft = versions.editable(row)
        draft["content"] = upload.content.decode("utf-8", errors="replace")
        versions.set_draft(row, draft)
        ctx.store.save(row)
    return ids(row.id)


@operation(
    "POST",
    f"{BASE}/landingPageTemplate/{{id}}/approveDraft.json",
    "approveLandingPageTemplateUsingPOST",
)
def approve_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = templates.approve_lp_template(
        ctx.store, assets.require(ctx.store, "lp_template", ctx.params.path_int())
    )
    return one(templates.render_lp_template(ctx.store, row))


@operation(
    "POST",
    f"{BASE}/landingPageTemplate/{{id}}/unapprove.json",
    "unapproveLandingPageTemplateUsingPOST",
)
def unapprove_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = templates.unapprove_lp_template(
        ctx.store, assets.require(ctx.store, "lp_template", ctx.params.path_int())
    )
    return one(templates.render_lp_template(ctx.store, row))


@operation(
    "POST", f"{BASE}/landingPageTemplate/{{id}}/discardDraft.json", "discardDraftUsingPOST_2"
)
def discard_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    return discard(ctx, "lp_template")


@operation("POST", f"{BASE}/landingPageTemplate/{{id}}/clone.json", "cloneLpTemplateUsingPOST")
def clone_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = assets.require(ctx.store, "lp_template", params.path_int())
    name = params.required("name")
    row = templates.clone_lp_template(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(templates.render_lp_template(ctx.store, row))


@operation("POST", f"{BASE}/landingPageTemplate/{{id}}/delete.json", "deleteLpTemplateUsingPOST")
def delete_lp_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "lp_template", ctx.params.path_int())
    templates.delete_lp_template(ctx.store, row)
    return ids(row.id)
