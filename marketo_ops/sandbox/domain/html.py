"""What Marketo reads out of template HTML: editable sections and variables.

Email Editor 1.0 templates mark editable sections with ``class="mktEditable"`` and an ``id``;
2.0 templates use ``mktoText``/``mktoImg``/``mktoSnippet``/``mktoVideo`` elements inside
``mktoContainer``/``mktoModule`` blocks and declare variables as ``<meta class="mktoString"
id=... default=...>``. A template must have at least one editable section to be approved, and an
email created from it gets one content section per editable element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

SECTION_CLASSES = {
    "mktEditable": "Text",
    "mktoText": "Text",
    "mktoImg": "Image",
    "mktoSnippet": "Snippet",
    "mktoVideo": "Video",
}
VARIABLE_CLASSES = {
    "mktoString",
    "mktoColor",
    "mktoNumber",
    "mktoBoolean",
    "mktoList",
    "mktoHTML",
    "mktoImg",
}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Section:
    html_id: str
    content_type: str
    html: str

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", self.html))).strip()


@dataclass
class Variable:
    name: str
    kind: str
    default: str


@dataclass
class TemplateInfo:
    sections: list[Section] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    modules: list[str] = field(default_factory=list)
    editor2: bool = False
    """Whether any Email Editor 2.0 syntax (mkto* classes, variables) was seen."""

    @property
    def version(self) -> int:
        """1 for classic ``mktEditable`` templates, 2 for Email Editor 2.0 syntax."""
        return 2 if self.editor2 or self.modules else 1


class _Scanner(HTMLParser):
    """Finds editable elements and variables, and slices each section's inner HTML."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.stack: list[tuple[str, Section | None, int]] = []
        self.info = TemplateInfo()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> Section | None:
        values = {key.lower(): value or "" for key, value in attrs}
        classes = set(values.get("class", "").split())
        element_id = values.get("id", "")
        if tag == "meta" and classes & VARIABLE_CLASSES and element_id:
            kind = sorted(classes & VARIABLE_CLASSES)[0]
            self.info.variables.append(Variable(element_id, kind, values.get("default", "")))
            self.info.editor2 = True
            return None
        if "mktoModule" in classes and element_id:
            self.info.modules.append(element_id)
        if classes & {"mktoContainer", "mktoModule"}:
            self.info.editor2 = True
        matched = [name for name in SECTION_CLASSES if name in classes]
        if not matched or not element_id:
            return None
        if matched[0] != "mktEditable":
            self.info.editor2 = True
        section = Section(element_id, SECTION_CLASSES[matched[0]], "")
        self.info.sections.append(section)
        return section

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        section = self._element(tag, attrs)
        if tag in _VOID:
            return
        text = self.get_starttag_text() or ""
        self.stack.append((tag, section, self._offset() + len(text)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                _, section, start = self.stack[index]
                del self.stack[index:]
                if section is not None:
                    section.html = self.source[start : self._offset()].strip()
                return


def parse_template(source: str) -> TemplateInfo:
    scanner = _Scanner(source)
    try:
        scanner.feed(source)
        scanner.close()
    except Exception:  # pragma: no cover - html.parser is forgiving; never fail a request on it
        return TemplateInfo()
    return scanner.info
