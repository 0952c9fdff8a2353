"""Emails: created from an approved template, edited as drafts, approved with complete headers.

An email takes its editable sections and variables from its template's approved HTML at
creation. Subject, from name, from address, reply-to, pre-header and section contents are
versioned (editing an approved email creates a draft); name, description and flags are shared.
Approval needs an approved template and non-empty subject, from name, from address and reply-to.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import assets, modules, templates, tree, versions
from .html import parse_template

DEFAULT_FROM_NAME: Final = "Sandbox Marketing"
DEFAULT_FROM_EMAIL: Final = "marketing@sandbox.marketo.local"
HEADER_FIELDS: Final = ("subject", "fromName", "fromEmail", "replyEmail")


def _content_from_template(html: str) -> dict[str, Any]:
    info = parse_template(html)
    return {
        "templateHtml": html,
        "sections": [
            {
                "htmlId": section.html_id,
                "contentType": section.content_type,
                "html": section.html,
                "text": section.text,
            }
            for section in info.sections
        ],
        "variables": {variable.name: variable.default for variable in info.variables},
    }


def header(value: Any) -> dict[str, Any] | None:
    """``{"type": "Text", "value": ..}``; Marketo shows an unset header as null."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {"type": str(value.get("type", "Text")), "value": str(value.get("value", ""))}
    return {"type": "Text", "value": str(value)}


def render(store: Store, row: Row, status: str | None = None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("EM", row.id),
        "subject": header(content.get("subject")),
        "fromName": header(content.get("fromName")),
        "fromEmail": header(content.get("fromEmail")),
        "replyEmail": header(content.get("replyEmail")),
        "folder": tree.named_ref(tree.parent_of(store, row), (row.parent_type, row.parent_id)),
        "operational": bool(row.data.get("operational", False)),
        "textOnly": bool(row.data.get("textOnly", False)),
        "publishToMSI": bool(row.data.get("publishToMSI", False)),
        "webView": bool(row.data.get("webView", False)),
        "status": label,
        "template": row.data.get("template"),
        "workspace": row.workspace,
        "isOpenTrackingDisabled": bool(row.data.get("isOpenTrackingDisabled", False)),
        "version": parse_template(str(content.get("templateHtml", ""))).version,
        "autoCopyToText": bool(row.data.get("autoCopyToText", True)),
        "ccFields": None,
        "preHeader": content.get("preHeader"),
    }


def create(
    store: Store,
    *,
    name: str,
    container: Row,
    template_id: int,
    description: str = "",
    subject: str | None = None,
    from_name: str | None = None,
    from_email: str | None = None,
    reply_email: str | None = None,
    operational: bool = False,
    text_only: bool = False,
    origin: str | None = None,
) -> Row:
    with store.transaction():
        tree.check_container(store, container, "email")
        template = templates.require_approved_template(store, "email_template", template_id)
        tree.ensure_unique(store, "email", name, container)
        approved = template.data["approved"]
        content = _content_from_template(str(approved.get("content", "")))
        content.update(
            {
                "subject": {"type": "Text", "value": subject or ""},
                "fromName": {"type": "Text", "value": from_name or DEFAULT_FROM_NAME},
                "fromEmail": {"type": "Text", "value": from_email or DEFAULT_FROM_EMAIL},
                "replyEmail": {
                    "type": "Text",
                    "value": reply_email or from_email or DEFAULT_FROM_EMAIL,
                },
                "preHeader": None,
            }
        )
        data: dict[str, Any] = {
            "description": description,
            "template": template.id,
            "operational": operational,
            "textOnly": text_only,
            "webView": False,
            "publishToMSI": False,
            "isOpenTrackingDisabled": False,
            "autoCopyToText": True,
            **versions.new_versions(content),
        }
        if origin:
            data["origin"] = origin
        return store.insert(
            Row(
                kind="email",
                id=store.next_id("email"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def update_metadata(store: Store, row: Row, changes: dict[str, Any]) -> Row:
    """Name and plain fields; the pre-header belongs to the draft version."""
    with store.transaction():
        name = changes.pop("name", None)
        pre_header = changes.pop("preHeader", None)
        if pre_header is not None:
            row = assets.update_draft(store, row, {"preHeader": pre_header})
        return assets.update_metadata(store, row, name=name, changes=changes)


def update_headers(store: Store, row: Row, headers: dict[str, Any]) -> Row:
    with store.transaction():
        draft = versions.editable(row)
        for key, value in headers.items():
            if value is not None:
                draft[key] = header(value)
        versions.set_draft(row, draft)
        return store.save(row)


def update_section(
    store: Store, row: Row, *, html_id: str, kind: str, value: str, text_value: str | None
) -> Row:
    if kind not in {"Text", "DynamicContent", "Snippet"}:
        raise errors.invalid_value(kind, "type (Text, DynamicContent or Snippet)")
    with store.transaction():
        draft = versions.editable(row)
        sections = copy.deepcopy(draft.get("sections", []))
        for section in sections:
            if section["htmlId"] == html_id:
                break
        else:
            raise errors.business_rule(
                f"Email {row.id} has no editable section with htmlId '{html_id}'"
            )
        section["contentType"] = kind
        section["html"] = value
        section["text"] = text_value if text_value is not None else parse_text(value)
        draft["sections"] = sections
        versions.set_draft(row, draft)
        return store.save(row)


def parse_text(html: str) -> str:
    from .html import Section

    return Section("", "Text", html).text


def approve(store: Store, row: Row) -> Row:
    template = store.get("email_template", int(row.data.get("template") or 0))
    if template is None or not versions.has_approved(template):
        raise errors.business_rule(
            f"Email '{row.name}' cannot be approved: its template is missing or not approved"
        )
    draft = row.data.get("draft")
    if draft is not None:
        missing = [
            key for key in HEADER_FIELDS if not ((draft.get(key) or {}).get("value") or "").strip()
        ]
        if missing:
            raise errors.business_rule(
                f"Email '{row.name}' cannot be approved: {', '.join(missing)} must not be empty"
            )
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def content_sections(row: Row, status: str | None) -> list[dict[str, Any]]:
    picked = versions.pick(row, status)
    if picked is None:
        return []
    sections = []
    for index, section in enumerate(picked[1].get("sections", [])):
        if section["contentType"] in {"Text", "DynamicContent"}:
            value: Any = [
                {"type": "HTML", "value": section["html"]},
                {"type": "Text", "value": section["text"]},
            ]
        else:
            value = {"html": section["html"]} if section["html"] else {}
        sections.append(
            {
                "htmlId": section["htmlId"],
                "value": value,
                "contentType": section["contentType"],
                "index": index,
                "isLocked": False,
            }
        )
    return modules.arranged(picked[1], sections)


def full_content(row: Row, status: str | None) -> tuple[str, str] | None:
    """(status, HTML) of the email: its template's HTML with the sections' current content."""
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    html = modules.laid_out(content)
    original = {section.html_id: section.html for section in parse_template(html).sections}
    for section in content.get("sections", []):
        before = original.get(section["htmlId"])
        if before and before != section["html"]:
            html = html.replace(before, section["html"], 1)
    return label, html


def clone(
    store: Store,
    source: Row,
    *,
    name: str,
    container: Row,
    description: str | None,
    operational: bool | None,
) -> Row:
    with store.transaction():
        tree.check_container(store, container, "email")
        tree.ensure_unique(store, "email", name, container)
        data = copy.deepcopy(source.data)
        data.pop("origin", None)
        # A clone starts as a draft of the source's current version.
        current = versions.pick(source, None)
        data["approved"] = None
        data["draft"] = copy.deepcopy(current[1]) if current else {}
        if description is not None:
            data["description"] = description
        if operational is not None:
            data["operational"] = operational
        return store.insert(
            Row(
                kind="email",
                id=store.next_id("email"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def update_variable(store: Store, row: Row, name: str, value: str) -> Row:
    with store.transaction():
        draft = versions.editable(row)
        variables = dict(draft.get("variables", {}))
        if name not in variables:
            raise errors.business_rule(f"Email {row.id} has no variable named '{name}'")
        variables[name] = value
        draft["variables"] = variables
        versions.set_draft(row, draft)
        return store.save(row)


def replace_full_content(store: Store, row: Row, html: str) -> Row:
    """Replace the draft's whole HTML; sections and variables are read again from it."""
    with store.transaction():
        draft = versions.editable(row)
        fresh = _content_from_template(html)
        draft.update(fresh)
        versions.set_draft(row, draft)
        return store.save(row)


def send_sample(
    store: Store, row: Row, address: str, *, lead_id: str | None, text_only: bool
) -> None:
    """Nothing is mailed: the sample is recorded on the email (``data["samplesSent"]``)."""
    if "@" not in address:
        raise errors.invalid_value(address, "email address")
    with store.transaction():
        sent = list(row.data.get("samplesSent", []))[-49:]
        sent.append(
            {"emailAddress": address, "leadId": lead_id, "textOnly": text_only, "at": store.now()}
        )
        row.data["samplesSent"] = sent
        store.save(row, touch=False)


CC_FIELDS: Final = (
    {
        "attributeId": "157",
        "objectName": "lead",
        "displayName": "Lead Owner Email Address",
        "apiName": "leadOwnerEmailAddress",
    },
    {
        "attributeId": "396",
        "objectName": "company",
        "displayName": "Account Owner Email Address",
        "apiName": "accountOwnerEmailAddress",
    },
)
