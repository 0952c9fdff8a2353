"""Comparing two templates by what an import would put in Marketo, not by how they are written.

An exported template and a hand-written one differ in form: content inline or in a file, file
names, entry order, YAML layout, defaults written out or left out, whitespace in HTML. They are
the same template when the import of either gives the same instance. :func:`template_differences`
resolves both (naming applied, files read, HTML whitespace-normalised, image bytes digested,
entries keyed by name) and lists what differs, as ``emails['Welcome'].subject: 'A' != 'B'``.

What is not part of an instance is not compared: the template's own ``description``, its
declared ``variables`` (their values are, wherever they are used) and its default conflict
``rules``. A field left out counts as the value Marketo gives it (an email's reply-to is its
from address; a landing page's robots and URL page name follow Marketo's defaults), and the
channel's statuses are a set.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..templates import ProgramTemplate
from ..templates.spec import Content, Folder

#: What Marketo gives a landing page whose robots setting is not given.
LANDING_PAGE_ROBOTS = "index, nofollow"

#: Sections of program.yaml whose entries are compared by name, in any order.
_NAMED = (
    "folders",
    "smart_campaigns",
    "emails",
    "email_templates",
    "files",
    "landing_page_templates",
    "landing_pages",
    "snippets",
)


def _html(text: str) -> str:
    return " ".join(text.split())


def _resolve(template: ProgramTemplate, value: Any) -> Any:
    """Content references replaced by the HTML they hold."""
    if isinstance(value, Content):
        return _html(template.content_html(value))
    if isinstance(value, dict):
        return {k: _resolve(template, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_resolve(template, v) for v in value]
    return value


def semantic_form(template: ProgramTemplate) -> dict[str, Any]:
    """The template as an import sees it, keyed so that order and layout do not matter."""
    spec = template.spec
    form: dict[str, Any] = {}
    program = spec.program
    tokens: dict[str, dict[str, Any]] = {
        token.name: {"type": token.type, "value": template.token_value(token).strip()}
        for token in program.tokens
    }
    tokens |= {
        token.name: {"type": token.type, "value": token.value.strip(), "read_only": True}
        for token in program.read_only_tokens
    }
    form["program"] = {
        **program.model_dump(exclude={"tokens", "read_only_tokens"}),
        "tokens": tokens,
    }
    form["program"]["statuses"] = sorted(program.statuses)
    for section in _NAMED:
        entries: dict[str, Any] = {}
        for entry in getattr(spec, section):
            data = {name: getattr(entry, name) for name in type(entry).model_fields}
            if section in ("email_templates", "landing_page_templates"):
                data["file"] = _html(template.read_text(entry.file))
            elif section == "files":
                data["file"] = hashlib.sha256(template.read_bytes(entry.file)).hexdigest()
            _marketo_defaults(section, data)
            entries[entry.name] = _plain(_resolve(template, data))
        form[section] = entries
    form["prerequisites"] = spec.prerequisites.model_dump()
    return form


def _marketo_defaults(section: str, data: dict[str, Any]) -> None:
    """Fields left out that Marketo fills in the same way as an explicit value would."""
    if section == "emails" and data.get("reply_to") is None:
        data["reply_to"] = data.get("from_email")  # the importer's, and Marketo's, default
    elif section == "landing_pages":
        data["robots"] = data.get("robots") or LANDING_PAGE_ROBOTS
        data["url_page_name"] = data.get("url_page_name") or str(data["name"]).replace(" ", "-")
    elif section == "folders":
        data["folders"] = {f.name: _folder(f) for f in data.get("folders") or ()}


def _folder(folder: Folder) -> dict[str, Any]:
    return {
        "description": folder.description,
        "folders": {f.name: _folder(f) for f in folder.folders},
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _differences(left: Any, right: Any, where: str) -> list[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        found: list[str] = []
        for key in sorted(set(left) | set(right), key=str):
            here = f"{where}[{key!r}]" if where.endswith(_KEYED) else f"{where}.{key}"
            here = here.lstrip(".")
            if key not in right:
                found.append(f"{here}: only in the first template")
            elif key not in left:
                found.append(f"{here}: only in the second template")
            else:
                found += _differences(left[key], right[key], here)
        return found
    if left != right:
        return [f"{where}: {_short(left)} != {_short(right)}"]
    return []


_KEYED = (*_NAMED, "tokens")


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def template_differences(first: ProgramTemplate, second: ProgramTemplate) -> list[str]:
    """What an import of ``first`` would do differently from one of ``second`` (empty: the
    same template, whatever their formatting)."""
    return _differences(semantic_form(first), semantic_form(second), "")


__all__ = ["semantic_form", "template_differences"]
