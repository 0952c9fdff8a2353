"""Marking the Design Studio assets an import made, so the next import recognises them.

Design Studio assets (images, email and landing-page templates, snippets) are shared across
programs, so a same-named asset may be someone else's. The importer appends one line to the
description of what it creates::

    Imported by marketo-ops from template op-lead-management

An asset carrying the mark of the same template is *ours*: a changed template updates it in place
instead of applying a conflict rule to it, and importing twice changes nothing.
"""

from __future__ import annotations

import re
from typing import Final

_MARK: Final = "Imported by marketo-ops from template {template_id}"
_MARK_RE: Final = re.compile(r"Imported by marketo-ops from template (?P<id>[\w.-]+)\s*$")


def mark(description: str | None, template_id: str) -> str:
    """The description to write: the template's own text, then the import mark."""
    text = (description or "").strip()
    stamp = _MARK.format(template_id=template_id)
    return f"{text}\n{stamp}" if text else stamp


def marked_by(description: str | None) -> str | None:
    """The template id in a description's import mark, if any."""
    match = _MARK_RE.search((description or "").strip())
    return match["id"] if match else None


def is_ours(description: str | None, template_id: str) -> bool:
    return marked_by(description) == template_id


def unmarked(description: str | None) -> str:
    """The description without the import mark: what the template's ``description`` says."""
    text = (description or "").strip()
    match = _MARK_RE.search(text)
    return text[: match.start()].strip() if match else text
