"""What every check needs: the template (as loaded and as named), where things are, the files.

Checks read names from ``spec`` (what Marketo will see) but locate findings through ``source``,
whose field paths are the same because naming never changes the structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TemplateFileError
from ..findings import FieldPath, Finding, Severity, make_finding
from ..htmlscan import EMAIL_CLASSES, HtmlScan, scan_html
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


@dataclass
class CheckContext:
    template: ProgramTemplate
    policy: NamingPolicy | None = None
    findings: list[Finding] = field(default_factory=list)
    _texts: dict[str, TextFile | None] = field(default_factory=dict)
    _bytes: dict[str, bytes | None] = field(default_factory=dict)
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

    def resolve(self, relative: str, path: FieldPath) -> Path | None:
        try:
            return self.template.path_of(relative)
        except TemplateFileError:
            self.error(
                path,
                "file-outside-template",
                f"'{relative}' must be a relative path inside the template folder",
            )
            return None

    def read_bytes(self, relative: str, path: FieldPath) -> bytes | None:
        if relative in self._bytes:
            return self._bytes[relative]
        data: bytes | None = None
        resolved = self.resolve(relative, path)
        if resolved is not None:
            if not resolved.exists():
                self.error(
                    path,
                    "missing-file",
                    f"file '{relative}' not found in {self.template.source_dir.as_posix()}",
                )
            elif resolved.is_dir():
                self.error(path, "missing-file", f"'{relative}' is a directory, not a file")
            else:
                try:
                    data = resolved.read_bytes()
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
                    self.error(
                        path, "unreadable-file", f"file '{relative}' cannot be read: {reason}"
                    )
        self._bytes[relative] = data
        return data

    def read_text(self, relative: str, path: FieldPath) -> TextFile | None:
        if relative in self._texts:
            return self._texts[relative]
        result: TextFile | None = None
        if self.read_bytes(relative, path) is not None:
            resolved = self.template.path_of(relative)
            text, problem = read_text_file(resolved, resolved.as_posix())
            if problem is not None:
                self.error(path, problem.code, f"file '{relative}' {problem.message}")
            elif text is not None:
                result = TextFile(relative, resolved.as_posix(), text)
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
