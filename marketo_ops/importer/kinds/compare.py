"""Comparing what Marketo holds with what the template says: text, HTML, names."""

from __future__ import annotations

import hashlib
import re
from typing import Any, Final

#: A Design Studio file URL: ``http(s)://<landing-page domain>/rs/<munchkin>/images/<name>``.
_FILE_URL: Final = re.compile(r"https?://[^/\s\"'<>]+(/rs/[^\s\"'<>)]*)", re.IGNORECASE)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_html(html: str) -> str:
    """Compare HTML as Marketo keeps it: line endings and trailing blanks do not count, and a
    file URL is the same file on any of the instance's landing-page domains (Marketo serves
    ``/rs/...`` on each, and the domain can change after an asset was made)."""
    text = html.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in _FILE_URL.sub(r"\1", text).split("\n")]
    return "\n".join(lines).strip()


def text_of(value: Any) -> str:
    """A field's text, whether Marketo gives it plain or as ``{"type": "Text", "value": ...}``."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("value")
    inner = getattr(value, "value", value)
    return "" if inner is None else str(inner).strip()


def short(text: str | None, limit: int = 60) -> str:
    value = " ".join((text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
