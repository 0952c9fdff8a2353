"""Landing pages and snippets.

A landing page is created on an approved landing-page template, takes its content sections from
the template's editable elements, has draft and approved versions, and must be unapproved before
it can be deleted. Snippets live in Design Studio's Snippets folders, hold one piece of HTML or
text content, and are versioned the same way.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import templates, tree, versions
from .html import parse_template

PAGE_FIELDS = (
    "title",
    "keywords",
    "robots",
    "customHeadHTML",
    "facebookOgTags",
    "metaTagsDescription",
)
SECTION_TYPES = {"Text": "RichText", "Image": "Image", "Snippet": "Snippet", "Video": "HTML"}


# --- landing pages ------------------------------------------------------------------------------
def render_page(
    store: Store, row: Row, base_url: str, status: str | None = None
) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    slug = row.data.get("urlPageName") or row.name.replace(" ", "-")
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "URL": f"{base_url.rstrip('/')}/lp/sandbox/{slug}.html",
        "computedUrl": tree.ui_url("LP", row.id),
        "folder": tree.named_ref(tree.parent_of(store, row), (row.parent_type, row.parent_id)),
        "status": label,
        "workspace": row.workspace,
        "template": row.data.get("template"),
        "title": content.get("title") or "",
        "keywords": content.get("keywords") or "",
        "robots": content.get("robots") or "index, nofollow",
        "customHeadHTML": content.get("customHeadHTML") or "",
        "facebookOgTags": content.get("facebookOgTags") or "",
        "formPrefill": bool(row.data.get("formPrefill", False)),
        "mobileEnabled": bool(row.data.get("mobileEnabled", False)),
    }


def create_page(
    store: Store,
    *,
    name: str,
    container: Row,
    template_id: int,
    description: str = "",
    fields: dict[str, Any] | None = None,
) -> Row:
    fields = {key: value for key, value in (fields or {}).items() if value is not None}
    with store.transaction():
        tree.check_container(store, container, "landing_page")
        template = templates.require_approved_template(store, "lp_template", template_id)
        tree.ensure_unique(store, "landing_page", name, container)
        html = str(template.data["approved"].get("content", ""))
        sections = [
            {
                "id": section.html_id,
                "type": SECTION_TYPES.get(section.content_type, "HTML"),
                "index": index,
                "content": section.html,
            }
            for index, section in enumerate(parse_template(html).sections)
        ]
        content = {key: fields.get(key) for key in PAGE_FIELDS}
        content["sections"] = sections
        data: dict[str, Any] = {
            "description": description,
            "template": template.id,
            "urlPageName": fields.get("urlPageName"),
            "mobileEnabled": bool(fields.get("mobileEnabled", False)),
            "formPrefill": bool(fields.get("prefillForm", False)),
            **versions.new_versions(content),
        }
        return store.insert(
            Row(
                kind="landing_page",
                id=store.next_id("landing_page"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def update_page(store: Store, row: Row, changes: dict[str, Any]) -> Row:
    with store.transaction():
        name = changes.pop("name", None)
        if name is not None and name.strip() and name != row.name:
            parent = tree.container_of(store, row)
            tree.ensure_unique(store, "landing_page", name, parent, exclude_id=row.id)
            row.name = name
        if changes.get("description") is not None:
            row.data["description"] = changes.pop("description")
        for key in ("urlPageName", "mobileEnabled"):
            if changes.get(key) is not None:
                row.data[key] = changes.pop(key)
        versioned = {
            key: value for key, value in changes.items() if key in PAGE_FIELDS and value is not None
        }
        if versioned:
            draft = versions.editable(row)
            draft.update(versioned)
            versions.set_draft(row, draft)
        return store.save(row)


def page_sections(row: Row, status: str | None) -> list[dict[str, Any]]:
    picked = versions.pick(row, status)
    if picked is None:
        return []
    return copy.deepcopy(list(picked[1].get("sections", [])))


def approve_page(store: Store, row: Row) -> Row:
    template = store.get("lp_template", int(row.data.get("template") or 0))
    if template is None or not versions.has_approved(template):
        raise errors.business_rule(
            f"Landing page '{row.name}' cannot be approved: its template is not approved"
        )
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def delete_page(store: Store, row: Row) -> None:
    if versions.has_approved(row):
        raise errors.business_rule(
            f"Landing page '{row.name}' is approved; unapprove it before deleting"
        )
    store.delete("landing_page", row.id)


def clone_page(
    store: Store,
    source: Row,
    *,
    name: str,
    container: Row,
    description: str | None,
    template_id: int | None,
) -> Row:
    current = versions.current(source)
    with store.transaction():
        new = create_page(
            store,
            name=name,
            container=container,
            template_id=template_id or int(source.data["template"]),
            description=description
            if description is not None
            else source.data.get("description", ""),
        )
        new.data["draft"] = copy.deepcopy(current)
        return store.save(new)


# --- snippets -----------------------------------------------------------------------------------
def render_snippet(store: Store, row: Row, status: str | None = None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    parent = tree.parent_of(store, row)
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("SN", row.id),
        "folder": {
            "type": row.parent_type or "Folder",
            "value": row.parent_id,
            "folderName": parent.name if parent else "",
        },
        "status": picked[0],
        "workspace": row.workspace,
    }


def create_snippet(
    store: Store, *, name: str, container: Row, description: str | None = None
) -> Row:
    with store.transaction():
        tree.check_container(store, container, "snippet")
        tree.ensure_unique(store, "snippet", name, container)
        data: dict[str, Any] = {
            "description": description,
            **versions.new_versions({"type": "HTML", "content": ""}),
        }
        return store.insert(
            Row(
                kind="snippet",
                id=store.next_id("snippet"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def update_snippet_content(store: Store, row: Row, kind: str, content: str) -> Row:
    if kind not in {"HTML", "Text", "DynamicContent"}:
        raise errors.invalid_value(kind, "type (HTML, Text or DynamicContent)")
    with store.transaction():
        draft = versions.editable(row)
        draft.update({"type": kind, "content": content})
        versions.set_draft(row, draft)
        return store.save(row)


def approve_snippet(store: Store, row: Row) -> Row:
    draft = row.data.get("draft")
    if draft is not None and not str(draft.get("content", "")).strip():
        raise errors.business_rule(f"Snippet '{row.name}' has no content and cannot be approved")
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def clone_snippet(
    store: Store, source: Row, *, name: str, container: Row, description: str | None
) -> Row:
    current = versions.current(source)
    with store.transaction():
        new = create_snippet(
            store,
            name=name,
            container=container,
            description=description if description is not None else source.data.get("description"),
        )
        new.data["draft"] = copy.deepcopy(current)
        return store.save(new)


# --- landing page content, variables, full HTML -------------------------------------------------
VARIABLE_TYPES = {
    "mktoString": "string",
    "mktoColor": "color",
    "mktoNumber": "number",
    "mktoBoolean": "boolean",
    "mktoList": "list",
    "mktoHTML": "html",
    "mktoImg": "image",
}


def template_html(store: Store, row: Row) -> str:
    template = store.get("lp_template", int(row.data.get("template") or 0))
    if template is None:
        return ""
    picked = versions.pick(template, None)
    return str(picked[1].get("content", "")) if picked else ""


def page_variables(store: Store, row: Row, status: str | None) -> list[dict[str, Any]]:
    picked = versions.pick(row, status)
    if picked is None:
        return []
    values = picked[1].get("variables", {})
    return [
        {
            "id": variable.name,
            "type": VARIABLE_TYPES.get(variable.kind, "string"),
            "value": values.get(variable.name, variable.default),
        }
        for variable in parse_template(template_html(store, row)).variables
    ]


def update_page_variable(store: Store, row: Row, name: str, value: str) -> Row:
    known = {variable.name for variable in parse_template(template_html(store, row)).variables}
    if name not in known:
        raise errors.business_rule(f"Landing page {row.id} has no variable '{name}'")
    with store.transaction():
        draft = versions.editable(row)
        draft["variables"] = {**draft.get("variables", {}), name: value}
        versions.set_draft(row, draft)
        return store.save(row)


def _require_free_form(store: Store, row: Row) -> None:
    template = store.get("lp_template", int(row.data.get("template") or 0))
    if template is not None and template.data.get("templateType") == "guided":
        raise errors.business_rule(
            f"Landing page '{row.name}' uses a guided template: its sections come from the template"
        )


def add_section(store: Store, row: Row, section: dict[str, Any]) -> Row:
    _require_free_form(store, row)
    with store.transaction():
        draft = versions.editable(row)
        sections = list(draft.get("sections", []))
        if any(str(item["id"]) == str(section["id"]) for item in sections):
            raise errors.business_rule(
                f"Landing page {row.id} already has a section '{section['id']}'"
            )
        section.setdefault("index", len(sections))
        sections.append(section)
        draft["sections"] = sections
        versions.set_draft(row, draft)
        return store.save(row)


def change_section(store: Store, row: Row, section_id: str, changes: dict[str, Any] | None) -> Row:
    """Update a section (``changes``) or remove it (``None``)."""
    if changes is None:
        _require_free_form(store, row)
    with store.transaction():
        draft = versions.editable(row)
        sections = list(draft.get("sections", []))
        matches = [item for item in sections if str(item["id"]) == section_id]
        if not matches:
            raise errors.business_rule(f"Landing page {row.id} has no section '{section_id}'")
        if changes is None:
            sections.remove(matches[0])
        else:
            matches[0].update({key: value for key, value in changes.items() if value is not None})
        draft["sections"] = sections
        versions.set_draft(row, draft)
        return store.save(row)


def full_page(store: Store, row: Row) -> tuple[str, str] | None:
    picked = versions.pick(row, None)
    if picked is None:
        return None
    label, content = picked
    html = template_html(store, row)
    original = {section.html_id: section.html for section in parse_template(html).sections}
    extra = []
    for section in content.get("sections", []):
        before = original.get(str(section["id"]))
        if before is not None:
            if before and before != section.get("content"):
                html = html.replace(before, str(section.get("content", "")), 1)
        else:
            extra.append(f'<div id="{section["id"]}">{section.get("content", "")}</div>')
    if extra:
        html = (
            html.replace("</body>", "\n".join(extra) + "</body>")
            if "</body>" in html
            else html + "".join(extra)
        )
    title = content.get("title")
    if title and "<title>" not in html:
        html = html.replace("<head>", f"<head><title>{title}</title>", 1)
    return label, html


# --- redirect rules and domains -----------------------------------------------------------------
LANDING_PAGE_DOMAINS = (
    {"hostname": "pages.sandbox.marketo.local", "type": "domain"},
    {"hostname": "go.sandbox.marketo.local", "type": "domain-alias"},
)


def render_redirect(row: Row) -> dict[str, Any]:
    data = row.data
    source, target = data["redirectFrom"], data["redirectTo"]
    from_path = (
        f"lp/sandbox/{source['value']}" if source["type"] == "landingPageId" else source["value"]
    )
    to_url = (
        f"lp/sandbox/{target['value']}" if target["type"] == "landingPageId" else target["value"]
    )
    return {
        "id": row.id,
        "redirectFromUrl": f"{data['hostname']}/{from_path}",
        "redirectToUrl": to_url,
        "hostname": data["hostname"],
        "redirectFrom": source,
        "redirectTo": target,
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
    }


def _target(store: Store, value: Any, field: str, kinds: tuple[str, str]) -> dict[str, str]:
    if (
        not isinstance(value, dict)
        or value.get("type") not in kinds
        or not str(value.get("value", ""))
    ):
        raise errors.invalid_value(value, f"{field} ({{type: {' or '.join(kinds)}, value}})")
    target = {"type": str(value["type"]), "value": str(value["value"])}
    if target["type"] == "landingPageId":
        try:
            page_id = int(target["value"])
        except ValueError:
            raise errors.invalid_value(target["value"], "Integer") from None
        if store.get("landing_page", page_id) is None:
            raise errors.business_rule(f"Landing page {page_id} not found")
    elif target["type"] == "path" and target["value"].startswith("/"):
        raise errors.business_rule("A redirect 'from' path must not begin with a forward slash")
    return target


def save_redirect(
    store: Store, row: Row | None, *, hostname: str | None, source: Any, target: Any
) -> Row:
    with store.transaction():
        data = dict(row.data) if row is not None else {}
        if hostname is not None:
            if hostname not in {domain["hostname"] for domain in LANDING_PAGE_DOMAINS}:
                raise errors.business_rule(
                    f"Hostname '{hostname}' is not a landing page domain or alias"
                )
            data["hostname"] = hostname
        if source is not None:
            data["redirectFrom"] = _target(store, source, "redirectFrom", ("landingPageId", "path"))
        if target is not None:
            data["redirectTo"] = _target(store, target, "redirectTo", ("landingPageId", "url"))
        key = f"{data['hostname']}|{data['redirectFrom']['type']}|{data['redirectFrom']['value']}"
        clash = [
            item
            for item in store.find("redirect_rule", name=key)
            if row is None or item.id != row.id
        ]
        if clash:
            raise errors.business_rule(
                f"A redirect rule from '{key.replace('|', ' ')}' already exists"
            )
        if row is None:
            return store.insert(
                Row(
                    kind="redirect_rule",
                    id=store.next_id("redirect_rule"),
                    name=key,
                    workspace="Default",
                    data=data,
                )
            )
        row.name, row.data = key, data
        return store.save(row)


# --- snippet dynamic content --------------------------------------------------------------------
def _segmentation_of(store: Store, row: Row, content: dict[str, Any]) -> Row:
    if content.get("type") != "DynamicContent":
        raise errors.business_rule(
            f"Snippet '{row.name}' is not dynamic content (type {content.get('type')})"
        )
    try:
        segmentation = store.get("segmentation", int(str(content.get("content"))))
    except ValueError:
        segmentation = None
    if segmentation is None:
        raise errors.business_rule(f"Snippet '{row.name}' names no existing segmentation")
    return segmentation


def snippet_dynamic_content(store: Store, row: Row, status: str | None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    content = picked[1]
    segmentation = _segmentation_of(store, row, content)
    values = content.get("segments", {})
    segments = [
        item for item in store.find("segment") if item.data.get("segmentationId") == segmentation.id
    ]
    return {
        "id": row.id,
        "segmentation": segmentation.id,
        "content": [
            {
                "segmentId": segment.id,
                "segmentName": segment.name,
                "type": values.get(str(segment.id), {}).get("type", "HTML"),
                "content": values.get(str(segment.id), {}).get("content", ""),
            }
            for segment in segments
        ],
    }


def update_snippet_segment(store: Store, row: Row, segment_id: int, kind: str, value: str) -> Row:
    if kind not in {"HTML", "Text"}:
        raise errors.invalid_value(kind, "type (HTML or Text)")
    with store.transaction():
        draft = versions.editable(row)
        segmentation = _segmentation_of(store, row, draft)
        segment = store.get("segment", segment_id)
        if segment is None or segment.data.get("segmentationId") != segmentation.id:
            raise errors.business_rule(
                f"Segment {segment_id} is not in segmentation '{segmentation.name}'"
            )
        draft["segments"] = {
            **draft.get("segments", {}),
            str(segment_id): {"type": kind, "content": value},
        }
        versions.set_draft(row, draft)
        return store.save(row)
