"""What an export builds while the asset kinds turn what was read back into template entries.

Each kind's ``export`` function (:class:`~marketo_ops.importer.kinds.base.Kind`) reads its
records from the snapshot and adds template entries (the pydantic models of
:mod:`marketo_ops.templates.spec`) and files to an :class:`ExportContext`; the kinds run in apply
order, so images are known before the HTML that shows them is rewritten, and local asset names
before the flow steps that name them. What cannot be expressed in the template format is an
:class:`ExportProblem`: the export stops with all of them (or, when asked to, writes what it can
and lists them), never dropping anything silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Final
from urllib.parse import unquote

from ..templates import Content, Folder, Prerequisites, ReadOnlyToken, Token
from ..templates.htmlscan import EMAIL_CLASSES, LANDING_PAGE_CLASSES, VOID_TAGS
from .reader import ExportScope
from .snapshot import ProgramState, Snapshot

#: A Design Studio file URL: ``http(s)://<landing-page domain>/rs/<munchkin>/images/<name>``.
FILE_URL: Final = re.compile(r"https?://[^/\s\"'<>]+(/rs/[^\s\"'<>)?#]*)", re.IGNORECASE)

EDITABLE_CLASSES: Final = EMAIL_CLASSES | LANDING_PAGE_CLASSES

#: Content kept inline in program.yaml up to this length (and on one line); longer goes to a file.
INLINE_MAX: Final = 160

#: The program name is turned into ``{{ program }}`` only when it is at least this long (a short
#: name like "Q1" would match inside unrelated words or names).
PROGRAM_NAME_MIN: Final = 4


@dataclass
class ExportProblem:
    """Something of the program the template format or the API cannot carry."""

    asset: str  # "email '01 - Alert'", "program 'X'"
    message: str

    def __str__(self) -> str:
        return f"{self.asset}: {self.message}"


def slug(text: str) -> str:
    """A file-name-safe form of an asset name: ``Quick Start Logo`` -> ``quick-start-logo``."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value or "asset"


def file_url_names(text: str) -> list[str]:
    """The file names of the Design Studio file URLs in ``text`` (the URL ends with the name)."""
    names = []
    for match in FILE_URL.finditer(text):
        path = match.group(1).rstrip("/")
        if "/images/" in path.lower() or "/files/" in path.lower():
            names.append(unquote(path.rsplit("/", 1)[-1]))
    return [n for n in dict.fromkeys(names) if n]


@dataclass
class ExportContext:
    """The template being built from one program's snapshot."""

    snapshot: Snapshot
    scope: ExportScope
    program: ProgramState
    program_fields: dict[str, Any] = field(default_factory=dict)
    tokens: list[Token] = field(default_factory=list)
    read_only_tokens: list[ReadOnlyToken] = field(default_factory=list)
    folders: tuple[Folder, ...] = ()
    prerequisites: Prerequisites = field(default_factory=Prerequisites)
    entries: dict[str, list[Any]] = field(default_factory=dict)  # section -> entries
    files: dict[str, bytes] = field(default_factory=dict)  # relative path -> content
    images: dict[str, str] = field(default_factory=dict)  # file name in a URL -> entry name
    local_names: dict[str, str] = field(default_factory=dict)  # Marketo name -> exported name
    problems: list[ExportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    # -- entries and files -----------------------------------------------------------------------

    def add(self, section: str, entry: Any) -> None:
        self.entries.setdefault(section, []).append(entry)

    def problem(self, asset: str, message: str) -> None:
        self.problems.append(ExportProblem(asset, message))

    def write(self, folder: str, stem: str, suffix: str, data: bytes) -> str:
        """Keep a file of the template; its relative path, unique in the template."""
        base = f"{folder}/{slug(stem)}"
        path = f"{base}{suffix}"
        number = 2
        while path in self.files:
            path = f"{base}-{number}{suffix}"
            number += 1
        self.files[path] = data
        return path

    def content(self, folder: str, stem: str, html: str) -> Content:
        """Short one-line HTML inline, the rest in a file of the template."""
        if "\n" not in html and len(html) <= INLINE_MAX:
            return Content(html=html)
        return Content(file=self.write(folder, stem, ".html", html.encode("utf-8")))

    # -- rewriting what the instance holds into the template's terms ------------------------------

    def html(self, text: str) -> str:
        """HTML with the exported files' URLs turned back into ``{{image:NAME}}``."""

        def replace(match: re.Match[str]) -> str:
            name = unquote(match.group(1).rstrip("/").rsplit("/", 1)[-1])
            entry = self.images.get(name)
            return f"{{{{image:{entry}}}}}" if entry else match.group(0)

        return FILE_URL.sub(replace, text)

    @property
    def _program_re(self) -> re.Pattern[str] | None:
        name = self.program.name
        if len(name) < PROGRAM_NAME_MIN or "{{" in name:
            return None
        return re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")

    def local_name(self, name: str) -> str:
        """A local asset's name with the program's name as ``{{ program }}``, when unambiguous
        (a whole-word occurrence of a name long enough to mean the program)."""
        pattern = self._program_re
        exported = name
        if pattern is not None and "{{" not in name:
            exported = pattern.sub("{{ program }}", name)
        self.local_names[name] = exported
        return exported

    def reference(self, value: str) -> str:
        """A flow or smart-list value naming the program or a local asset, in template terms."""
        if value == self.program.name and self._program_re is not None:
            return "{{ program }}"
        return self.local_names.get(value, value)

    def source(self, what: str) -> str:
        """Where an asset of the program is, for placeholders ("copy it from ...")."""
        where = f" in {self.scope.instance}" if self.scope.instance else ""
        return f"{what} of program '{self.program.name}'{where}"


def editable_defaults(html: str) -> dict[str, str]:
    """Each editable section's inner HTML in a template, by its id: what an email or page made
    from the template holds until someone edits that section."""
    scanner = _InnerHtml(html)
    try:
        scanner.feed(html)
        scanner.close()
    except Exception:  # html.parser is tolerant; should it still give up, keep what was found
        pass
    return scanner.found


def same_text(left: str, right: str) -> bool:
    """Equal HTML but for whitespace (how Marketo keeps a section's default may re-indent it)."""
    return " ".join(left.split()) == " ".join(right.split())


class _InnerHtml(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = [0]
        self.lines += [i + 1 for i, char in enumerate(source) if char == "\n"]
        self.stack: list[tuple[str, str | None, int]] = []
        self.found: dict[str, str] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in VOID_TAGS:
            return
        attributes = {name.lower(): value or "" for name, value in attrs}
        editable = set(attributes.get("class", "").split()) & EDITABLE_CLASSES
        element_id = attributes.get("id") if editable else None
        start = self._offset() + len(self.get_starttag_text() or "")
        self.stack.append((tag.lower(), element_id or None, start))

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self.stack) - 1, -1, -1):
            name, element_id, start = self.stack[index]
            if name == tag:
                if element_id and element_id not in self.found:
                    self.found[element_id] = self.source[start : self._offset()].strip()
                del self.stack[index:]
                return
