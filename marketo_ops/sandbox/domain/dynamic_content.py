"""Dynamic content of email and landing-page sections: one variation per segment.

A section becomes dynamic when it is set to type ``DynamicContent`` with a segmentation id (the
email and landing-page content endpoints do that). Adobe's Dynamic Content guide: each segment of
the segmentation then has its own variation, and a lead sees the variation of its segment or the
Default one; "Marketo creates underlying dynamic sections that inherit the converted element's
base type and content", so a segment nobody edited shows the section's template content.

Ids: Marketo names a dynamic section by base64 text of ``ES-<section id>`` (Adobe's landing-page
example reads ``dynamicContent/RVMtNDg=.json``, i.e. ``ES-48``). The sandbox hands out the same
form (URL-safe base64, so that an id fits in a path) and also accepts the section's own id.
Variations are stored in the asset's versions (``dynamicContent`` -> section -> segment id), so
they are drafts until the asset is approved, like every other content edit.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import asset_rules, versions
from .html import parse_template
from .pages import SECTION_TYPES, template_html

EMAIL_TYPES: Final = frozenset({"HTML", "Text", "Snippet", "Image"})
_EMAIL_EXTRAS: Final = (
    "altText",
    "externalUrl",
    "height",
    "width",
    "linkUrl",
    "overWrite",
    "style",
    "videoUrl",
)
PAGE_EXTRAS: Final = (
    "backgroundColor",
    "borderColor",
    "borderStyle",
    "borderWidth",
    "height",
    "hideDesktop",
    "hideMobile",
    "imageOpenNewWindow",
    "left",
    "linkUrl",
    "opacity",
    "top",
    "width",
    "zIndex",
)


def content_id(section_id: str) -> str:
    """The dynamic-content id Marketo gives a section: base64 of ``ES-<section id>``."""
    return base64.urlsafe_b64encode(f"ES-{section_id}".encode()).decode()


def section_of(content_ref: str) -> str:
    """The section id a dynamic-content id names (a plain section id is accepted as is)."""
    padded = content_ref + "=" * (-len(content_ref) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            text = decode(padded.encode()).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if text.startswith("ES-") and len(text) > 3:
            return text[3:]
    return content_ref


def _segmentation(store: Store, value: Any, where: str) -> Row:
    """The segmentation a dynamic section names: its id, or ``{"segmentation": id}``."""
    raw: Any = value
    if isinstance(raw, str) and raw.strip().startswith("{"):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if isinstance(raw, dict):
        raw = raw.get("segmentation", raw.get("value"))
    try:
        segmentation_id = int(str(raw).strip())
    except ValueError:
        segmentation_id = None
    row = (
        asset_rules.get(store, "segmentation", segmentation_id)
        if segmentation_id is not None
        else None
    )
    if row is None:
        raise errors.business_rule(f"{where} names no existing segmentation ('{value}')")
    return row


def _segments(store: Store, segmentation: Row) -> list[Row]:
    return [
        item for item in store.find("segment") if item.data.get("segmentationId") == segmentation.id
    ]


def _segment(store: Store, segmentation: Row, wanted: str) -> Row:
    """A segment of the segmentation by name (as Adobe's examples pass it) or by id."""
    for segment in _segments(store, segmentation):
        if segment.name.lower() == wanted.strip().lower() or str(segment.id) == wanted.strip():
            return segment
    raise errors.business_rule(f"Segment '{wanted}' is not in segmentation '{segmentation.name}'")


# --- emails -------------------------------------------------------------------------------------
def _dynamic_section(
    row: Row, content: dict[str, Any], ref: str, *, id_key: str, type_key: str, label: str
) -> dict[str, Any]:
    """The section a dynamic-content id names, which must be of type DynamicContent."""
    section_id = section_of(ref)
    for section in content.get("sections", []):
        if str(section.get(id_key)) == section_id:
            if section.get(type_key) != "DynamicContent":
                raise errors.business_rule(
                    f"Section '{section_id}' of {label} {row.id} is not dynamic content (type"
                    f" {section.get(type_key)}); set it to DynamicContent first"
                )
            return dict(section)
    raise errors.business_rule(
        f"{label.capitalize()} {row.id} has no dynamic content section '{ref}'"
    )


def _email_section(row: Row, content: dict[str, Any], ref: str) -> dict[str, Any]:
    return _dynamic_section(
        row, content, ref, id_key="htmlId", type_key="contentType", label="email"
    )


def _email_base(content: dict[str, Any], section: dict[str, Any]) -> str:
    """What segments inherit: the ``default`` of a ``{type, segmentation, default}`` value (the
    Emails guide's form), else the section's content in the email's template."""
    raw = str(section.get("html") or "")
    if raw.strip().startswith("{"):
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and isinstance(parsed.get("default"), str):
            return str(parsed["default"])
    template = parse_template(str(content.get("templateHtml", "")))
    return {item.html_id: item.html for item in template.sections}.get(section["htmlId"], "")


def email_variations(store: Store, row: Row, ref: str, status: str | None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    content = picked[1]
    section = _email_section(row, content, ref)
    where = f"Section '{section['htmlId']}' of email {row.id}"
    segmentation = _segmentation(store, section.get("html"), where)
    base = _email_base(content, section)
    values = (content.get("dynamicContent") or {}).get(section["htmlId"], {})
    items = []
    for segment in _segments(store, segmentation):
        value = values.get(str(segment.id), {"type": "HTML", "content": base})
        items.append(
            {
                "id": content_id(section["htmlId"]),
                "segmentId": str(segment.id),
                "segmentName": segment.name,
                "type": value["type"],
                "content": value["content"],
            }
        )
    return {
        "segmentation": segmentation.id,
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "content": items,
    }


def update_email_variation(
    store: Store, row: Row, ref: str, *, segment: str, kind: str, value: str, extras: dict[str, Any]
) -> Row:
    if kind not in EMAIL_TYPES:
        raise errors.invalid_value(kind, "type (HTML, Text, Snippet or Image)")
    if kind == "Snippet":
        _require_snippet(store, value)
    with store.transaction():
        draft = copy.deepcopy(versions.editable(row))
        section = _email_section(row, draft, ref)
        where = f"Section '{section['htmlId']}' of email {row.id}"
        target = _segment(store, _segmentation(store, section.get("html"), where), segment)
        variation: dict[str, Any] = {"type": kind, "content": value}
        variation.update({key: extras[key] for key in _EMAIL_EXTRAS if extras.get(key) is not None})
        by_section = dict(draft.get("dynamicContent") or {})
        by_section[section["htmlId"]] = {
            **by_section.get(section["htmlId"], {}),
            str(target.id): variation,
        }
        draft["dynamicContent"] = by_section
        versions.set_draft(row, draft)
        return store.save(row)


def _require_snippet(store: Store, value: str) -> None:
    try:
        snippet_id = int(value)
    except ValueError:
        raise errors.invalid_value(value, "a snippet id") from None
    if asset_rules.get(store, "snippet", snippet_id) is None:
        raise errors.business_rule(f"Snippet {value} not found")


# --- landing pages ------------------------------------------------------------------------------
def _page_section(row: Row, content: dict[str, Any], ref: str) -> dict[str, Any]:
    return _dynamic_section(row, content, ref, id_key="id", type_key="type", label="landing page")


def _page_base(store: Store, row: Row, section_id: str) -> tuple[str, str]:
    """(type, content) the section had in the page's template: what segments inherit."""
    for item in parse_template(template_html(store, row)).sections:
        if item.html_id == section_id:
            return SECTION_TYPES.get(item.content_type, "HTML"), item.html
    return "HTML", ""


def page_variations(
    store: Store, row: Row, ref: str, status: str | None = None
) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    content = picked[1]
    section = _page_section(row, content, ref)
    section_id = str(section["id"])
    where = f"Section '{section_id}' of landing page {row.id}"
    segmentation = _segmentation(store, section.get("content"), where)
    base_type, base_content = _page_base(store, row, section_id)
    values = (content.get("dynamicContent") or {}).get(section_id, {})
    items = []
    for segment in _segments(store, segmentation):
        value = values.get(str(segment.id), {"type": base_type, "content": base_content})
        items.append(
            {
                "segmentId": segment.id,
                "segmentName": segment.name,
                **copy.deepcopy(value),
            }
        )
    return {
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "segmentation": segmentation.id,
        # Adobe's landing-page example lists the variations as "segments"; the spec's
        # LandingPageDynamicContentResponse calls them "content". Both are given, so clients
        # written against either read them.
        "segments": items,
        "content": copy.deepcopy(items),
    }


def update_page_variation(
    store: Store,
    row: Row,
    ref: str,
    *,
    segment: str,
    kind: str | None,
    value: str | None,
    extras: dict[str, Any],
) -> Row:
    with store.transaction():
        draft = copy.deepcopy(versions.editable(row))
        section = _page_section(row, draft, ref)
        section_id = str(section["id"])
        where = f"Section '{section_id}' of landing page {row.id}"
        target = _segment(store, _segmentation(store, section.get("content"), where), segment)
        by_section = dict(draft.get("dynamicContent") or {})
        current = dict(by_section.get(section_id, {}))
        base_type, base_content = _page_base(store, row, section_id)
        variation = dict(current.get(str(target.id), {"type": base_type, "content": base_content}))
        if kind:
            if kind not in SECTION_TYPES.values() and kind not in {"Form", "Rectangle"}:
                raise errors.invalid_value(kind, "type (RichText, HTML, Image, Form, Snippet...)")
            variation["type"] = kind
        if value is not None:
            variation["content"] = value
        if variation["type"] == "Snippet":
            _require_snippet(store, str(variation["content"]))
        formatting = {key: extras[key] for key in PAGE_EXTRAS if extras.get(key) is not None}
        if formatting:
            variation["formattingOptions"] = {
                **variation.get("formattingOptions", {}),
                **formatting,
            }
        current[str(target.id)] = variation
        by_section[section_id] = current
        draft["dynamicContent"] = by_section
        versions.set_draft(row, draft)
        return store.save(row)
