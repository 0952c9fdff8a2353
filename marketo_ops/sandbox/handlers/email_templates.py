"""Email Templates API: multipart HTML, approval rules, used-by."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import assets, templates, versions
from ..routing import operation
from ..store.db import Row
from ..timefmt import marketo_timestamp
from . import crud
from .common import container, ids, one, paged, status

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, version: str | None) -> dict[str, Any] | None:
    return templates.render_email_template(ctx.store, row, version)


EMAIL_TEMPLATES = crud.Family(
    "email_template", "emailTemplate", "emailTemplates", _render, versioned=True
)
crud.get(EMAIL_TEMPLATES, "getTemplateByIdUsingGET")
crud.by_name(EMAIL_TEMPLATES, "getTemplateByNameUsingGET")
crud.browse(EMAIL_TEMPLATES, "getEmailTemplatesUsingGET")
crud.update(EMAIL_TEMPLATES, "updateEmailTemplateUsingPOST")
crud.approval(
    EMAIL_TEMPLATES,
    approve=("approveDraftUsingPOST_1", templates.approve_email_template, "asset"),
    unapprove=("unapproveDraftUsingPOST_1", templates.unapprove_email_template, "asset"),
    discard="discardDraftUsingPOST_1",
)
crud.clone(EMAIL_TEMPLATES, "cloneTemplateUsingPOST", templates.clone_email_template)
crud.delete(EMAIL_TEMPLATES, "deleteTemplateUsingPOST", templates.delete_email_template)


def _template_html(ctx: Ctx) -> str:
    upload = ctx.params.required_file("content")
    return upload.content.decode("utf-8", errors="replace")


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
    row = EMAIL_TEMPLATES.require(ctx)
    assets.update_draft(ctx.store, row, {"content": _template_html(ctx)})
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
