"""Landing Page Templates API (metadata form-encoded, content multipart)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Ctx
from ..domain import assets, templates, versions
from ..params import Params
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, ids, one, status

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, version: str | None) -> dict[str, Any] | None:
    return templates.render_lp_template(ctx.store, row, version)


def _changes(params: Params) -> Mapping[str, Any]:
    return {
        "description": params.text("description"),
        "enableMunchkin": params.boolean("enableMunchkin"),
    }


LP_TEMPLATES = crud.Family(
    "lp_template", "landingPageTemplate", "landingPageTemplates", _render, versioned=True
)
crud.get(LP_TEMPLATES, "getLandingPageTemplateByIdUsingGET")
crud.by_name(LP_TEMPLATES, "getLandingPageTemplateByNameUsingGET")
crud.browse(LP_TEMPLATES, "getLandingPageTemplatesUsingGET")
crud.update(LP_TEMPLATES, "updateLpTemplateUsingPOST", changes=_changes)
crud.approval(
    LP_TEMPLATES,
    approve=("approveLandingPageTemplateUsingPOST", templates.approve_lp_template, "asset"),
    unapprove=("unapproveLandingPageTemplateUsingPOST", templates.unapprove_lp_template, "asset"),
    discard="discardDraftUsingPOST_2",
)
crud.clone(LP_TEMPLATES, "cloneLpTemplateUsingPOST", templates.clone_lp_template)
crud.delete(LP_TEMPLATES, "deleteLpTemplateUsingPOST", templates.delete_lp_template)


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
    row = LP_TEMPLATES.require(ctx)
    upload = ctx.params.required_file("content")
    content = upload.content.decode("utf-8", errors="replace")
    assets.update_draft(ctx.store, row, {"content": content})
    return ids(row.id)
