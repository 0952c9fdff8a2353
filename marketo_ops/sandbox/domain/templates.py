"""Email templates and landing-page templates.

Both have a draft and an approved version of their HTML. Email templates are unique by name
within their folder, need at least one editable section to be approved, cannot be unapproved
while approved emails use them and cannot be deleted while any email uses them. Landing-page
templates are unique within their workspace, need content to be approved and cannot be deleted
while landing pages use them.
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import tree, versions
from .html import parse_template


# --- email templates ----------------------------------------------------------------------------
def render_email_template(
    store: Store, row: Row, status: str | None = None
) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("ET", row.id),
        "folder": tree.named_ref(tree.parent_of(store, row), (row.parent_type, row.parent_id)),
        "status": label,
        "workspace": row.workspace,
        "version": parse_template(content.get("content", "")).version,
    }


def create_email_template(
    store: Store, *, name: str, container: Row, content: str, description: str | None = None
) -> Row:
    with store.transaction():
        tree.check_container(store, container, "email_template")
        tree.ensure_unique(store, "email_template", name, container)
        data: dict[str, Any] = {
            "description": description,
            **versions.new_versions({"content": content}),
        }
        return store.insert(
            Row(
                kind="email_template",
                id=store.next_id("email_template"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def emails_using(store: Store, template: Row) -> list[Row]:
    return [row for row in store.find("email") if row.data.get("template") == template.id]


def approve_email_template(store: Store, row: Row) -> Row:
    draft = row.data.get("draft")
    if draft is not None and not parse_template(draft.get("content", "")).sections:
        raise errors.business_rule(
            f"Email template '{row.name}' cannot be approved: its HTML has no editable section"
            " (an element with class 'mktEditable' or 'mktoText' and an id)"
        )
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def unapprove_email_template(store: Store, row: Row) -> Row:
    in_use = [email for email in emails_using(store, row) if versions.has_approved(email)]
    if in_use:
        raise errors.business_rule(
            f"Email template '{row.name}' cannot be unapproved: approved emails use it"
            f" ({', '.join(email.name for email in in_use[:5])})"
        )
    with store.transaction():
        versions.unapprove(row)
        return store.save(row)


def delete_email_template(store: Store, row: Row) -> None:
    in_use = emails_using(store, row)
    if in_use:
        raise errors.business_rule(
            f"Email template '{row.name}' is used by {len(in_use)} email(s) and cannot be deleted"
            f" ({', '.join(email.name for email in in_use[:5])})"
        )
    store.delete("email_template", row.id)


def clone_email_template(
    store: Store, source: Row, *, name: str, container: Row, description: str | None
) -> Row:
    current = versions.current(source)
    return create_email_template(
        store,
        name=name,
        container=container,
        content=str(current.get("content", "")),
        description=description if description is not None else source.data.get("description"),
    )


# --- landing-page templates ---------------------------------------------------------------------
def render_lp_template(store: Store, row: Row, status: str | None = None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, _ = picked
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("LT", row.id),
        "folder": tree.named_ref(tree.parent_of(store, row), (row.parent_type, row.parent_id)),
        "status": label,
        "workspace": row.workspace,
        "templateType": row.data.get("templateType", "freeForm"),
        "enableMunchkin": bool(row.data.get("enableMunchkin", True)),
    }


def create_lp_template(
    store: Store,
    *,
    name: str,
    container: Row,
    description: str | None = None,
    template_type: str = "freeForm",
    enable_munchkin: bool = True,
    content: str = "",
) -> Row:
    if template_type not in {"freeForm", "guided"}:
        raise errors.invalid_value(template_type, "templateType (guided or freeForm)")
    with store.transaction():
        tree.check_container(store, container, "lp_template")
        tree.ensure_unique(store, "lp_template", name, container)
        data: dict[str, Any] = {
            "description": description,
            "templateType": template_type,
            "enableMunchkin": enable_munchkin,
            **versions.new_versions({"content": content}),
        }
        return store.insert(
            Row(
                kind="lp_template",
                id=store.next_id("lp_template"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def pages_using(store: Store, template: Row) -> list[Row]:
    return [row for row in store.find("landing_page") if row.data.get("template") == template.id]


def approve_lp_template(store: Store, row: Row) -> Row:
    draft = row.data.get("draft")
    if draft is not None and not str(draft.get("content", "")).strip():
        raise errors.business_rule(
            f"Landing page template '{row.name}' has no content and cannot be approved"
        )
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def unapprove_lp_template(store: Store, row: Row) -> Row:
    in_use = [page for page in pages_using(store, row) if versions.has_approved(page)]
    if in_use:
        raise errors.business_rule(
            f"Landing page template '{row.name}' cannot be unapproved:"
            " approved landing pages use it"
        )
    with store.transaction():
        versions.unapprove(row)
        return store.save(row)


def delete_lp_template(store: Store, row: Row) -> None:
    in_use = pages_using(store, row)
    if in_use:
        raise errors.business_rule(
            f"Landing page template '{row.name}' is used by {len(in_use)} landing page(s)"
            " and cannot be deleted"
        )
    store.delete("lp_template", row.id)


def clone_lp_template(
    store: Store, source: Row, *, name: str, container: Row, description: str | None
) -> Row:
    current = versions.current(source)
    return create_lp_template(
        store,
        name=name,
        container=container,
        description=description if description is not None else source.data.get("description"),
        template_type=str(source.data.get("templateType", "freeForm")),
        enable_munchkin=bool(source.data.get("enableMunchkin", True)),
        content=str(current.get("content", "")),
    )


def require_approved_template(store: Store, kind: str, template_id: int) -> Row:
    """An email's or page's template: it must exist (709) and be approved (709)."""
    row = store.get(kind, template_id)
    label = "Email template" if kind == "email_template" else "Landing page template"
    if row is None:
        raise errors.business_rule(f"{label} {template_id} not found")
    if not versions.has_approved(row):
        raise errors.business_rule(f"{label} '{row.name}' ({row.id}) is not approved")
    return row
