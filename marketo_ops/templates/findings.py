"""Findings: what validation reports, and where.

A finding is data, never an exception, so that one run can report every problem in every
template at once (Marketo's own import stops at the first one and tells you by email). Each
finding names the file, the line and the field path, because a reviewer reading a CI log or a
pull-request annotation must be able to jump straight to the mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

FieldPath = tuple[str | int, ...]


class Severity(StrEnum):
    """Errors fail validation; warnings fail it only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


def format_field_path(path: FieldPath) -> str:
    """Render ``("emails", 0, "template")`` as ``emails[0].template``, the way users write it."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}" if _is_plain_key(part) else f"[{part!r}]"
        else:
            text = part if _is_plain_key(part) else f"[{part!r}]"
    return text


def _is_plain_key(key: str) -> bool:
    return key.replace("_", "a").isalnum() and not key[:1].isdigit()


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one template, with the place to fix it.

    ``file`` is kept as the path the user gave (relative paths stay relative) so that GitHub
    annotations and editor links resolve from the directory the command ran in.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field_part = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity.value}: {field_part}{self.message} [{self.code}]"


def make_finding(
    file: PurePath | str,
    line: int,
    column: int,
    code: str,
    message: str,
    *,
    field: FieldPath | str = (),
    severity: Severity = Severity.ERROR,
) -> Finding:
    """Build a finding, normalising the file to forward slashes for every output format."""
    field_text = field if isinstance(field, str) else format_field_path(field)
    return Finding(
        file=PurePath(file).as_posix(),
        line=max(line, 1),
        column=max(column, 1),
        severity=severity,
        code=code,
        field=field_text,
        message=message,
    )


@dataclass
class TemplateReport:
    """The outcome of validating one template folder (or one naming-policy file)."""

    path: str
    name: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    def ok(self, *, strict: bool = False) -> bool:
        return not (self.errors or (strict and self.warnings))

    def sorted_findings(self) -> list[Finding]:
        return sorted(set(self.findings))


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def all_findings(reports: Sequence[TemplateReport]) -> list[Finding]:
    return [f for report in reports for f in report.sorted_findings()]
