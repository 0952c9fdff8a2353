"""What every check needs: the template (as loaded and as named), where things are, the files.

Checks read names from ``spec`` (what Marketo will see) but locate findings through ``source``,
whose field paths are the same because naming never changes the structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import TemplateFileError
from ..files import FILE_LIMIT_WHOSE, TEXT_LIMIT_WHOSE, TemplateFile, locate_file, too_large
from ..findings import FieldPath, Finding, Severity, make_finding
from ..htmlscan import EMAIL_CLASSES, HtmlScan, scan_html
from ..marketo_facts import FILE_MAX_BYTES, TEXT_FILE_MAX_BYTES
from ..placeholders import column_of, line_of
from ..spec import TemplateSpec
from ..yamlsource import SourceMap, read_text_file

if TYPE_CHECKING:
    from ..policy import NamingPolicy
    from ..template import ProgramTemplate


@dataclass
class TextFile:
    """A text file of the template that loaded, with the path to show in findings."""

    relative: str
    display: str
    text: str


@dataclass(frozen=True)
class FileFacts:
    file: TemplateFile
    size: int


@dataclass
class CheckContext:
    template: ProgramTemplate
    policy: NamingPolicy | None = None
    findings: list[Finding] = field(default_factory=list)
    lookalike_paths: set[FieldPath] = field(default_factory=set)
    """Names already reported as looking like another one (no second finding for them)."""
    _texts: dict[str, TextFile | None] = field(default_factory=dict)
    _located: dict[tuple[str, int], FileFacts | None] = field(default_factory=dict)
    _scans: dict[tuple[str, frozenset[str]], HtmlScan] = field(default_factory=dict)

    @property
    def spec(self) -> TemplateSpec:
        return self.template.spec

    @property
    def raw(self) -> TemplateSpec:
        return self.template.raw

    @property
    def source(self) -> SourceMap:
        return self.template.source

    def error(self, path: FieldPath, code: str, message: str) -> None:
        self.findings.append(self.source.finding(path, code, message))

    def warning(self, path: FieldPath, code: str, message: str) -> None:
        self.findings.append(self.source.finding(path, code, message, severity=Severity.WARNING))

    def in_file(
        self,
        file: TextFile,
        offset: int,
        path: FieldPath,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """A finding inside a content file (HTML...), at the line where the problem is."""
        self.findings.append(
            make_finding(
                file.display,
                line_of(file.text, offset),
                column_of(file.text, offset),
                code,
                message,
                field=path,
                severity=severity,
            )
        )

    def at_line(
        self,
        file: TextFile,
        line: int,
        path: FieldPath,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.findings.append(
            make_finding(file.display, line, 1, code, message, field=path, severity=severity)
        )

    # -- files: each problem reported once, at the first field that names the file ---------------

    def locate(
        self, relative: str, path: FieldPath, *, limit: int, whose: str
    ) -> FileFacts | None:
        """The file ``relative`` names, if it is a readable file inside the template folder
        (symbolic links followed) within ``limit`` bytes; else a finding at ``path``. Nothing
        is read: the size comes from the file system."""
        key = (relative, limit)
        if key in self._located:
            return self._located[key]
        facts: FileFacts | None = None
        try:
            file = locate_file(self.template.source_dir, relative)
        except TemplateFileError as exc:
            self.error(path, "file-outside-template", str(exc))
        else:
            facts = self._stat(file, path, limit, whose)
        self._located[key] = facts
        return facts

    def _stat(
        self, file: TemplateFile, path: FieldPath, limit: int, whose: str
    ) -> FileFacts | None:
        relative = file.relative
        if not file.real.exists():
            self.error(
                path,
                "missing-file",
                f"file '{relative}' not found in {self.template.source_dir.as_posix()}",
            )
            return None
        if file.real.is_dir():
            self.error(path, "missing-file", f"'{relative}' is a directory, not a file")
            return None
        try:
            size = file.real.stat().st_size
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self.error(path, "unreadable-file", f"file '{relative}' cannot be read: {reason}")
            return None
        if size > limit:
            self.error(path, "file-too-large", too_large(relative, size, limit, whose))
            return None
        return FileFacts(file, size)

    def file_start(self, relative: str, path: FieldPath) -> tuple[int, bytes] | None:
        """Size and first bytes of an image or file (enough for its magic number)."""
        facts = self.locate(relative, path, limit=FILE_MAX_BYTES, whose=FILE_LIMIT_WHOSE)
        if facts is None:
            return None
        try:
            with facts.file.real.open("rb") as handle:
                return facts.size, handle.read(16)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self.error(path, "unreadable-file", f"file '{relative}' cannot be read: {reason}")
            return None

    def read_text(self, relative: str, path: FieldPath) -> TextFile | None:
        if relative in self._texts:
            return self._texts[relative]
        result: TextFile | None = None
        facts = self.locate(relative, path, limit=TEXT_FILE_MAX_BYTES, whose=TEXT_LIMIT_WHOSE)
        if facts is not None:
            display = facts.file.shown.as_posix()
            text, problem = read_text_file(facts.file.real, display)
            if problem is not None:
                self.error(path, problem.code, f"file '{relative}' {problem.message}")
            elif text is not None:
                result = TextFile(relative, display, text)
        self._texts[relative] = result
        return result

    def unreadable_texts(self) -> bool:
        """True when some text file named by the template could not be read."""
        return any(text is None for text in self._texts.values())

    def scan(self, file: TextFile, classes: frozenset[str] = EMAIL_CLASSES) -> HtmlScan:
        key = (file.relative, classes)
        if key not in self._scans:
            self._scans[key] = scan_html(file.text, classes)
        return self._scans[key]

    def content_texts(self) -> Iterator[tuple[FieldPath, TextFile]]:
        """Every HTML/text file the template uses, once, with the first field that names it."""
        seen: set[str] = set()
        for path, file in self._all_content_texts():
            if file.relative not in seen:
                seen.add(file.relative)
                yield path, file

    def _all_content_texts(self) -> Iterator[tuple[FieldPath, TextFile]]:
        spec = self.spec
        for i, t in enumerate(spec.email_templates):
            yield from self._text_at(t.file, ("email_templates", i, "file"))
        for i, lpt in enumerate(spec.landing_page_templates):
            yield from self._text_at(lpt.file, ("landing_page_templates", i, "file"))
        for i, email in enumerate(spec.emails):
            for section, content in email.content.items():
                if content.file is not None:
                    yield from self._text_at(
                        content.file, ("emails", i, "content", section, "file")
                    )
        for i, page in enumerate(spec.landing_pages):
            for section, content in page.content.items():
                if content.file is not None:
                    yield from self._text_at(
                        content.file, ("landing_pages", i, "content", section, "file")
                    )
        for i, snippet in enumerate(spec.snippets):
            if snippet.content.file is not None:
                yield from self._text_at(snippet.content.file, ("snippets", i, "content", "file"))
        for i, token in enumerate(spec.program.tokens):
            if token.file is not None:
                yield from self._text_at(token.file, ("program", "tokens", i, "file"))

    def _text_at(self, relative: str, path: FieldPath) -> Iterator[tuple[FieldPath, TextFile]]:
        file = self.read_text(relative, path)
        if file is not None:
            yield path, file
