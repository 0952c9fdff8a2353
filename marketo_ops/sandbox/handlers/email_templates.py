"""Email Templates API: multipart HTML, approval rules, used-by."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import assets, templates, tree, versions
from ..routing import operation
from ..timefmt import marketo_timestamp
from .common import container, discard, ids, one, optional_container, paged, status

BASE = "/rest/asset/v1"


def _template_html(ctx: Ctx) -> str:
    upload = ctx.params.file("content", required=True)
    assert upload is not None
    return upload.content.decode("utf-8", errors="replace")


@operation("GET", f"{BASE}/emailTemplate/{{id}}.json", "getTemplateByIdUsingGET")
def get_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email_template", ctx.params.path_int())
    return one(templates.render_email_template(ctx.store, row, status(ctx)) if row else None)


@operation("GET", f"{BASE}/emailTemplate/byName.json", "getTemplateByNameUsingGET")
def get_template_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("email_template", name=ctx.params.required("name"))
    rendered = [templates.render_email_template(ctx.store, row, status(ctx)) for row in rows]
    return [item for item in rendered if item is not None]


@operation("GET", f"{BASE}/emailTemplates.json", "getEmailTemplatesUsingGET")
def browse_templates(ctx: Ctx) -> list[dict[str, Any]]:
    folder = optional_container(ctx)
    rows = [
        row
        for row in assets.with_status(ctx.store.find("email_template"), status(ctx))
        if assets.in_container(ctx.store, row, folder)
    ]
    rendered = [templates.render_email_template(ctx.store, row, status(ctx)) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


@operation("POST", f"{BASE}/emailTemplates.json", "createEmailTemplateUsingPOST")
def create_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    folder = container(ctx)
    html = _template_html(ctx)
    row = templates.create_email_template(
        ctx.store, name=name, container=folder, content=html, description=params.text("description")
    )
    return one(templates.render_email_template(ctx.store, row))


@operation("POST", f"{BASE}/emailTemplate/{{id}}.json", "updateEmailTemplateUsingPOST")
def update_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email_template", params.path_int())
    with ctx.store.transaction():
        name = params.text("name")
        if name and name != row.name:
            parent = tree.parent_of(ctx.store, row)
            assert parent is not None
            tree.ensure_unique(ctx.store, "email_template", name, parent, exclude_id=row.id)
            row.name = name
        description = params.text("description")
        if description is not None:
            row.data["description"] = description
        ctx.store.save(row)
    return one(templates.render_email_template(ctx.store, row))


@operation(
    "GET",
    f"{BASE}/emailTemplate/{{id}}/content",
    "getTemplateContentByIdUsingGET",
    aliases=(f"{BASE}/emailTemplate/{{id}}/content.json",),
)
def template_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email_template", ctx.params.path_int())
    picked = versions.pick(row, status(ctx)) if row else None
    if row is None or picked is None:
        return []
    return [{"id": row.id, "status": picked[0], "content": picked[1].get("content", "")}]


@operation(
    "POST", f"{BASE}/emailTemplate/{{id}}/content.json", "updateEmailTemplateContentUsingPOST"
)
def update_template_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "email_template", ctx.params.path_int())
    templates.update_email_template_content(ctx.store, row, _template_html(ctx))
    return ids(row.id)


@operation("POST", f"{BASE}/emailTemplate/{{id}}/approveDraft.json", "approveDraftUsingPOST_1")
def approve_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = templates.approve_email_template(
        ctx.store, assets.require(ctx.store, "email_template", ctx.params.path_int())
    )
    return one(templates.render_email_template(ctx.store, row))


@operation("POST", f"{BASE}/emailTemplate/{{id}}/unapprove.json", "unapproveDraftUsingPOST_1")
def unapprove_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = templates.unapprove_email_template(
        ctx.store, assets.require(ctx.store, "email_template", ctx.params.path_int())
    )
    return one(templates.render_email_template(ctx.store, row))


@operation("POST", f"{BASE}/emailTemplate/{{id}}/discardDraft.json", "discardDraftUsingPOST_1")
def discard_template(ctx: Ctx) -> list[dict[str, Any]]:
    return discard(ctx, "email_template")


@operation("POST", f"{BASE}/emailTemplate/{{id}}/clone.json", "cloneTemplateUsingPOST")
def clone_template(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = assets.require(ctx.store, "email_template", params.path_int())
    name = params.required("name")
    row = templates.clone_email_template(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(templates.render_email_template(ctx.store, row))


@operation("POST", f"{BASE}/emailTemplate/{{id}}/delete.json", "deleteTemplateUsingPOST")
def delete_template(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "email_template", ctx.params.path_int())
    templates.delete_email_template(ctx.store, row)
    return ids(row.id)


@operation("GET", f"{BASE}/emailTemplates/{{id}}/usedBy.json", "getEmailTemplateUsedByUsingGET")
def template_used_by(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email_template", ctx.params.path_int())
    if row is None:
        raise errors.not_found("Email template", ctx.params.path_int())
    items = []
    for email in templates.emails_using(ctx.store, row):
        items.append(
            {
                "id": email.id,
                "name": email.name,
                "type": "Email",
                "status": versions.status_label(email),
                "updatedAt": marketo_timestamp(email.updated_at),
            }
        )
    return paged(ctx, items)
