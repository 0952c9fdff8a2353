"""Email modules: the ``mktoModule`` blocks of an email, added, deleted, duplicated, moved.

A template declares modules as elements with ``class="mktoModule"`` and an ``id`` inside a
``mktoContainer`` (Adobe's email template syntax); an email starts with each template module once,
in template order. Adobe's Emails guide, "Modules": Get Email Content lists each module as an
entry of ``contentType: "Module"`` with its ``index`` (and its elements with ``parentHtmlId``);
"add" inserts a module of the template at an index (past the end: appended), "duplicate" places
the copy right below the original, "rearrange" takes every module's new index, "rename" changes a
module's name.

Instances are kept in the email's versions (``modules``: htmlId, name, template module, and the
ids of its editable sections), so module edits are drafts like every other content edit. A
second instance of a module (added again or duplicated) gets ids suffixed ``-<n>`` for itself and
its sections: the guide does not say how Marketo names them, only that they must stay unique.
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from html import escape as html_escape
from typing import Any

from .. import errors
from ..store.db import Row
from .html import _VOID, SECTION_CLASSES, Section, _Scanner


@dataclass
class Block:
    kind: str  # module | container | section
    html_id: str
    name: str
    tag_start: int
    tag_end: int
    inner_end: int = -1
    end: int = -1
    content_type: str = ""


@dataclass
class TemplateModule:
    html_id: str
    name: str
    container: str
    start: int
    end: int
    sections: list[Block] = field(default_factory=list)


class _Blocks(_Scanner):
    """Modules, containers and editable elements with their offsets in the template (the
    section scanner's position bookkeeping, other elements)."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.open: list[tuple[str, Block | None]] = []
        self.blocks: list[Block] = []

    def _block(self, attrs: list[tuple[str, str | None]]) -> Block | None:
        values = {key.lower(): value or "" for key, value in attrs}
        classes = set(values.get("class", "").split())
        element_id = values.get("id", "")
        if not element_id:
            return None
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        name = values.get("mktoname", "") or element_id
        if "mktoModule" in classes:
            return Block("module", element_id, name, start, end)
        if "mktoContainer" in classes:
            return Block("container", element_id, name, start, end)
        matched = [item for item in SECTION_CLASSES if item in classes]
        if matched:
            return Block(
                "section", element_id, name, start, end, content_type=SECTION_CLASSES[matched[0]]
            )
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        block = self._block(attrs)
        if tag in _VOID:
            if block is not None:
                block.inner_end = block.end = block.tag_end
                self.blocks.append(block)
            return
        self.open.append((tag, block))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        block = self._block(attrs)
        if block is not None:
            block.inner_end = block.end = block.tag_end
            self.blocks.append(block)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] != tag:
                continue
            closed = self.open[index:]
            del self.open[index:]
            block = closed[0][1]
            if block is not None:
                block.inner_end = self._offset()
                close = self.source.find(">", block.inner_end)
                block.end = close + 1 if close >= 0 else len(self.source)
                self.blocks.append(block)
            return


def template_modules(html: str) -> list[TemplateModule]:
    """The template's modules in document order, each with its container and sections."""
    scanner = _Blocks(html)
    try:
        scanner.feed(html)
        scanner.close()
    except Exception:  # pragma: no cover - html.parser is forgiving; never fail a request on it
        return []
    blocks = [block for block in scanner.blocks if block.end >= 0]
    containers = [block for block in blocks if block.kind == "container"]
    found = []
    for block in sorted((b for b in blocks if b.kind == "module"), key=lambda b: b.tag_start):
        around = [c for c in containers if c.tag_start < block.tag_start and block.end <= c.end]
        container = min(around, key=lambda c: c.end - c.tag_start).html_id if around else ""
        sections = sorted(
            (
                b
                for b in blocks
                if b.kind == "section" and block.tag_start < b.tag_start and b.end <= block.end
            ),
            key=lambda b: b.tag_start,
        )
        found.append(
            TemplateModule(
                block.html_id, block.name, container, block.tag_start, block.end, sections
            )
        )
    return found


# --- instances ----------------------------------------------------------------------------------
def _initial(html: str) -> list[dict[str, Any]]:
    return [
        {
            "htmlId": module.html_id,
            "name": module.name,
            "template": module.html_id,
            "sections": {section.html_id: section.html_id for section in module.sections},
        }
        for module in template_modules(html)
    ]


def _digest(html: str) -> str:
    return hashlib.sha1(html.encode("utf-8"), usedforsecurity=False).hexdigest()


def _stored(content: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The module list of the last module edit, unless the email's HTML was replaced since
    (Replace HTML reads sections and modules from the new HTML)."""
    stored = content.get("modules")
    if stored is None:
        return None
    if content.get("modulesOf") != _digest(str(content.get("templateHtml", ""))):
        return None
    return list(stored)


def _with(draft: dict[str, Any], found: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    digest = _digest(str(draft.get("templateHtml", "")))
    return {**draft, **changes, "modules": found, "modulesOf": digest}


def instances(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The email's modules in order: stored ones, or the template's before any module edit."""
    stored = _stored(content)
    if stored is not None:
        return stored
    return _initial(str(content.get("templateHtml", "")))


def _editable(row: Row, draft: dict[str, Any]) -> list[dict[str, Any]]:
    found = copy.deepcopy(instances(draft))
    if not found:
        raise errors.business_rule(
            f"Email {row.id} has no modules: its template has no mktoModule elements"
        )
    return found


def _position(found: list[dict[str, Any]], module_id: str, row: Row) -> int:
    for index, item in enumerate(found):
        if item["htmlId"] == module_id:
            return index
    raise errors.business_rule(f"Email {row.id} has no module '{module_id}'")


def _taken(draft: dict[str, Any], found: list[dict[str, Any]]) -> set[str]:
    ids = {str(section["htmlId"]) for section in draft.get("sections", [])}
    return ids | {str(item["htmlId"]) for item in found}


def _suffix(base: str, section_ids: list[str], taken: set[str]) -> int:
    number = 1
    while f"{base}-{number}" in taken or any(f"{sid}-{number}" in taken for sid in section_ids):
        number += 1
    return number


def _section(html_id: str, block: Block, source: str) -> dict[str, Any]:
    inner = source[block.tag_end : block.inner_end].strip()
    return {
        "htmlId": html_id,
        "contentType": block.content_type,
        "html": inner,
        "text": Section(html_id, block.content_type, inner).text,
    }


def add(
    row: Row, draft: dict[str, Any], template_module: str, name: str, index: int
) -> dict[str, Any]:
    found = _editable(row, draft)
    source = str(draft.get("templateHtml", ""))
    by_id = {module.html_id: module for module in template_modules(source)}
    module = by_id.get(template_module)
    if module is None:
        raise errors.business_rule(
            f"The template of email {row.id} has no module '{template_module}'"
        )
    if index < 0:
        raise errors.invalid_value(index, "index (0 or more)")
    taken = _taken(draft, found)
    section_ids = [section.html_id for section in module.sections]
    if module.html_id not in taken and not any(sid in taken for sid in section_ids):
        new_id, rename = module.html_id, {sid: sid for sid in section_ids}
    else:
        number = _suffix(module.html_id, section_ids, taken)
        new_id = f"{module.html_id}-{number}"
        rename = {sid: f"{sid}-{number}" for sid in section_ids}
    sections = list(draft.get("sections", []))
    sections.extend(_section(rename[block.html_id], block, source) for block in module.sections)
    instance = {"htmlId": new_id, "name": name, "template": module.html_id, "sections": rename}
    found.insert(min(index, len(found)), instance)
    return _with(draft, found, sections=sections)


def delete(row: Row, draft: dict[str, Any], module_id: str) -> dict[str, Any]:
    found = _editable(row, draft)
    removed = found.pop(_position(found, module_id, row))
    gone = set(removed["sections"].values())
    sections = [item for item in draft.get("sections", []) if item["htmlId"] not in gone]
    return _with(draft, found, sections=sections)


def duplicate(row: Row, draft: dict[str, Any], module_id: str, name: str) -> dict[str, Any]:
    found = _editable(row, draft)
    position = _position(found, module_id, row)
    original = found[position]
    taken = _taken(draft, found)
    base_sections = list(original["sections"])
    number = _suffix(original["template"], base_sections, taken)
    rename = {sid: f"{sid}-{number}" for sid in base_sections}
    current = {item["htmlId"]: item for item in draft.get("sections", [])}
    sections = list(draft.get("sections", []))
    for template_sid, instance_sid in original["sections"].items():
        if instance_sid in current:
            copied = copy.deepcopy(current[instance_sid])
            copied["htmlId"] = rename[template_sid]
            sections.append(copied)
    instance = {
        "htmlId": f"{original['template']}-{number}",
        "name": name,
        "template": original["template"],
        "sections": rename,
    }
    found.insert(position + 1, instance)
    return _with(draft, found, sections=sections)


def rename(row: Row, draft: dict[str, Any], module_id: str, name: str) -> dict[str, Any]:
    found = _editable(row, draft)
    found[_position(found, module_id, row)]["name"] = name
    return _with(draft, found)


def rearrange(row: Row, draft: dict[str, Any], positions: Any) -> dict[str, Any]:
    """Every module once, at indexes 0..n-1 (the guide: "an array that contains every module")."""
    found = _editable(row, draft)
    if not isinstance(positions, list):
        raise errors.invalid_value(positions, "positions (JSON array of {index, moduleId})")
    by_id = {item["htmlId"]: item for item in found}
    placed: dict[int, dict[str, Any]] = {}
    for entry in positions:
        if not isinstance(entry, dict):
            raise errors.invalid_data("Each position must be an object with index and moduleId")
        module_id, index = entry.get("moduleId"), entry.get("index")
        if module_id not in by_id:
            raise errors.invalid_data(f"Email {row.id} has no module '{module_id}'")
        if not isinstance(index, int) or isinstance(index, bool):
            raise errors.invalid_data(f"The index of module '{module_id}' must be an integer")
        if index in placed:
            raise errors.invalid_data(f"Two modules are given index {index}")
        if any(item is by_id[module_id] for item in placed.values()):
            raise errors.invalid_data(f"Module '{module_id}' is positioned twice")
        placed[index] = by_id[module_id]
    if sorted(placed) != list(range(len(found))):
        missing = sorted(set(by_id) - {item["htmlId"] for item in placed.values()})
        detail = f"; missing: {', '.join(missing)}" if missing else ""
        raise errors.invalid_data(
            f"positions must give each of the email's {len(found)} modules an index from 0 to"
            f" {len(found) - 1}{detail}"
        )
    return _with(draft, [placed[index] for index in range(len(found))])


# --- reading ------------------------------------------------------------------------------------
def arranged(content: dict[str, Any], sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Get Email Content with modules: elements in module order with their ``parentHtmlId``,
    then one ``Module`` entry per module with its index (as Adobe's Modules example lists them).
    Emails whose template has no modules are returned unchanged."""
    found = instances(content)
    if not found:
        return sections
    containers = {
        module.html_id: module.container
        for module in template_modules(str(content.get("templateHtml", "")))
    }
    by_id = {section["htmlId"]: section for section in sections}
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []
    for item in found:
        for section_id in item["sections"].values():
            if section_id in by_id and section_id not in placed:
                ordered.append({**by_id[section_id], "parentHtmlId": item["htmlId"]})
                placed.add(section_id)
    ordered.extend(section for section in sections if section["htmlId"] not in placed)
    for index, item in enumerate(found):
        ordered.append(
            {
                "htmlId": item["htmlId"],
                "contentType": "Module",
                "index": index,
                "parentHtmlId": containers.get(item["template"], ""),
                "isLocked": False,
                "name": item["name"],
            }
        )
    return ordered


_ID_ATTRIBUTE = re.compile(r"""(\bid\s*=\s*)(["']?)([^"'\s>]+)\2""", re.IGNORECASE)
_NAME_ATTRIBUTE = re.compile(r"""(\bmktoName\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)


def _renamed_tag(tag: str, new_id: str, name: str | None = None) -> str:
    """A start tag with another ``id`` (and, for a module, its ``mktoName``)."""
    tag = _ID_ATTRIBUTE.sub(lambda m: f"{m.group(1)}{m.group(2)}{new_id}{m.group(2)}", tag, 1)
    if name is not None:
        quoted = html_escape(name, quote=True)
        tag = _NAME_ATTRIBUTE.sub(lambda m: f"{m.group(1)}{m.group(2)}{quoted}{m.group(2)}", tag, 1)
    return tag


def laid_out(content: dict[str, Any]) -> str:
    """The template HTML with the email's modules in their order, renamed and filled in (each
    module's editable elements carry the email's content); the template itself when the email
    never had a module edit."""
    source = str(content.get("templateHtml", ""))
    stored = _stored(content)
    if stored is None:
        return source
    modules = template_modules(source)
    by_template = {module.html_id: module for module in modules}
    current = {item["htmlId"]: item for item in content.get("sections", [])}
    by_container: dict[str, list[TemplateModule]] = {}
    for module in modules:
        by_container.setdefault(module.container, []).append(module)

    def render(instance: dict[str, Any]) -> str:
        module = by_template[instance["template"]]
        pieces: list[str] = []
        head_end = source.find(">", module.start) + 1
        head = source[module.start : head_end]
        pieces.append(_renamed_tag(head, instance["htmlId"], instance["name"]))
        cursor = head_end
        for block in module.sections:
            new_id = instance["sections"].get(block.html_id, block.html_id)
            pieces.append(source[cursor : block.tag_start])
            pieces.append(_renamed_tag(source[block.tag_start : block.tag_end], new_id))
            filled = current.get(new_id, {}).get("html")
            pieces.append(
                str(filled) if filled is not None else source[block.tag_end : block.inner_end]
            )
            cursor = block.inner_end
        pieces.append(source[cursor : module.end])
        return "".join(pieces)

    html = source
    # Replace each container's run of modules, from the last container back, so offsets hold.
    for members in sorted(by_container.values(), key=lambda group: -group[0].start):
        start, end = members[0].start, max(module.end for module in members)
        templates = {module.html_id for module in members}
        body = "\n".join(render(item) for item in stored if item["template"] in templates)
        html = html[:start] + body + html[end:]
    return html
