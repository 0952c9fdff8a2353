"""Emails API: created from approved templates, edited as drafts, approved with headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..context import Ctx
from ..domain import assets, emails, versions
from ..params import Params
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, ids, one, status

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, version: str | None) -> dict[str, Any] | None:
    return emails.render(ctx.store, row, version)


def _clone_options(params: Params) -> Mapping[str, Any]:
    return {"operational": params.boolean("operational")}


EMAILS = crud.Family("email", "email", "emails", _render, versioned=True, window=True)
crud.get(EMAILS, "getEmailByIdUsingGET")
crud.by_name(EMAILS, "getEmailByNameUsingGET", first=True, in_folder=True)
crud.browse(EMAILS, "getEmailUsingGET")
crud.approval(
    EMAILS,
    approve=("approveDraftUsingPOST", emails.approve, "ids"),
    unapprove=("unapproveDraftUsingPOST", assets.unapprove, "ids"),
    discard="discardDraftUsingPOST",
)
crud.clone(EMAILS, "cloneEmailUsingPOST", emails.clone, extra=_clone_options)
crud.delete(EMAILS, "deleteEmailUsingPOST")


@operation("POST", f"{BASE}/emails.json", "createEmailUsingPOST")
def create_email(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    folder = container(ctx)
    template_id = params.required_integer("template")
    row = emails.create(
        ctx.store,
        name=name,
        container=folder,
        template_id=template_id,
        description=params.text("description") or "",
        subject=params.text("subject"),
        from_name=params.text("fromName"),
        from_email=params.text("fromEmail"),
        reply_email=params.text("replyEmail"),
        operational=bool(params.boolean("operational", default=False)),
        text_only=bool(params.boolean("textOnly", default=False)),
    )
    return one(emails.render(ctx.store, row))


@operation("POST", f"{BASE}/email/{{id}}.json", "updateEmailUsingPOST")
def update_email(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email", params.path_int())
    row = emails.update_metadata(
        ctx.store,
        row,
        {
            "name": params.text("name"),
            "description": params.text("description"),
            "preHeader": params.text("preHeader"),
            "operational": params.boolean("operational"),
            "publishToMSI": params.boolean("published"),
            "textOnly": params.boolean("textOnly"),
            "webView": params.boolean("webView"),
        },
    )
    return one(emails.render(ctx.store, row))


@operation("GET", f"{BASE}/email/{{id}}/content.json", "getEmailContentByIdUsingGET")
def email_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email", ctx.params.path_int())
    return emails.content_sections(row, status(ctx)) if row else []


@operation("POST", f"{BASE}/email/{{id}}/content.json", "updateEmailContentUsingPOST")
def update_email_content(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email", params.path_int())
    headers = {
        "subject": params.json_field("subject"),
        "fromName": params.json_field("fromName"),
        "fromEmail": params.json_field("fromEmail"),
        "replyEmail": params.json_field("replyTO") or params.json_field("replyEmail"),
    }
    emails.update_headers(ctx.store, row, headers)
    return ids(row.id)


@operation(
    "POST", f"{BASE}/email/{{id}}/content/{{htmlId}}.json", "updateEmailComponentContentUsingPOST"
)
def update_email_section(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email", params.path_int())
    emails.update_section(
        ctx.store,
        row,
        html_id=params.path["htmlId"],
        kind=params.required("type"),
        value=params.text("value", required=True) or "",
        text_value=params.text("textValue"),
    )
    return ids(row.id)


@operation("GET", f"{BASE}/email/{{id}}/variables.json", "getEmailVariablesUsingGET")
def email_variables(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email", ctx.params.path_int())
    if row is None:
        return []
    picked = versions.pick(row, None)
    variables = picked[1].get("variables", {}) if picked else {}
    return [
        {"name": name, "value": str(value), "moduleScope": False}
        for name, value in variables.items()
    ]


@operation("GET", f"{BASE}/email/{{id}}/fullContent.json", "getEmailFullContentUsingGET")
def email_full_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("email", ctx.params.path_int())
    found = emails.full_content(row, status(ctx)) if row else None
    if row is None or found is None:
        return []
    return [{"id": row.id, "status": found[0], "content": found[1]}]


@operation("POST", f"{BASE}/email/{{id}}/variable/{{name}}.json", "updateVariableUsingPOST")
def update_email_variable(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email", params.path_int())
    name = params.path["name"]
    value = params.text("value", required=True) or ""
    emails.update_variable(ctx.store, row, name, value)
    return [{"name": name, "value": value, "moduleScope": bool(params.text("moduleId"))}]


@operation("POST", f"{BASE}/email/{{id}}/fullContent.json", "createEmailFullContentUsingPOST")
def replace_email_full_content(ctx: Ctx) -> list[dict[str, Any]]:
    row = assets.require(ctx.store, "email", ctx.params.path_int())
    upload = ctx.params.required_file("content")
    emails.replace_full_content(ctx.store, row, upload.content.decode("utf-8", errors="replace"))
    return ids(row.id)


@operation("POST", f"{BASE}/email/{{id}}/sendSample.json", "sendSampleEmailUsingPOST")
def send_sample(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = assets.require(ctx.store, "email", params.path_int())
    emails.send_sample(
        ctx.store,
        row,
        params.required("emailAddress"),
        lead_id=params.text("leadId"),
        text_only=bool(params.boolean("textOnly", default=False)),
    )
    return [{"service": "sendTestEmail", "result": True}]


@operation("GET", f"{BASE}/email/ccFields.json", "getEmailCCFieldsUsingGET")
def cc_fields(_ctx: Ctx) -> list[dict[str, Any]]:
    return [dict(field) for field in emails.CC_FIELDS]
