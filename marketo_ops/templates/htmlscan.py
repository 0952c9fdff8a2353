"""Find the editable regions Marketo looks for in email and landing-page template HTML.

Marketo refuses an email template without an editable section, and an email's content can only
be set for sections that exist (by their ``id``, the API's ``htmlId``). Email templates mark them
with ``class="mktEditable"`` (v1) or the Email Editor 2.0 classes (``mktoText``, ``mktoImg``,
``mktoSnippet``, ``mktoVideo``, ``mktoModule`` inside a ``mktoContainer``); guided landing-page
templates use ``mktoText``, ``mktoImg``, ``mktoForm``... Real-world HTML is often sloppy, so this
uses the standard library's tolerant parser and never raises.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from html.parser import HTMLParser

EMAIL_V1_CLASSES = frozenset({"mktEditable"})
EMAIL_V2_CLASSES = frozenset(
    {"mktoText", "mktoImg", "mktoSnippet", "mktoVideo", "mktoModule", "mktoContainer"}
)
EMAIL_CLASSES = EMAIL_V1_CLASSES | EMAIL_V2_CLASSES
LANDING_PAGE_CLASSES = frozenset(
    {"mktoText", "mktoImg", "mktoForm", "mktoSnippet", "mktoVideo", "mktoRichText"}
)
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(frozen=True)
class Editable:
    """One element carrying a Marketo editable class."""

    kind: str
    element_id: str | None
    name: str | None
    line: int
    in_container: bool


@dataclass(frozen=True)
class HtmlScan:
    editables: tuple[Editable, ...]
    ids: frozenset[str]
    """Every ``id`` in the document (free-form landing pages address any element by id)."""

    def of(self, classes: frozenset[str]) -> list[Editable]:
        return [e for e in self.editables if e.kind in classes]


class _Scanner(HTMLParser):
    def __init__(self, classes: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.classes = classes
        self.stack: list[tuple[str, bool]] = []
        self.editables: list[Editable] = []
        self.ids: set[str] = set()

    def _inside_container(self) -> bool:
        return any(is_container for _, is_container in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): value or "" for name, value in attrs}
        element_id = attributes.get("id") or None
        if element_id:
            self.ids.add(element_id)
        classes = attributes.get("class", "").split()
        found = [c for c in classes if c in self.classes]
        line = self.getpos()[0]
        for kind in found:
            self.editables.append(
                Editable(
                    kind=kind,
                    element_id=element_id,
                    name=attributes.get("mktoname") or None,
                    line=line,
                    in_container=self._inside_container(),
                )
            )
        if tag.lower() not in VOID_TAGS:
            self.stack.append((tag.lower(), "mktoContainer" in found))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return


def scan_html(text: str, classes: frozenset[str] = EMAIL_CLASSES) -> HtmlScan:
    scanner = _Scanner(classes)
    # html.parser is tolerant by design; should it still give up, keep what was found
    with contextlib.suppress(Exception):
        scanner.feed(text)
        scanner.close()
    return HtmlScan(tuple(scanner.editables), frozenset(scanner.ids))
