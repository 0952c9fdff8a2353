"""Validation reports in the formats CI systems read: text, JSON, GitHub annotations, JUnit.

Pure functions from reports to text, so the command line only chooses one and prints it, and
tests compare exact output.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from .findings import Finding, Severity, TemplateReport, all_findings, count

FORMATS = ("text", "json", "github", "junit")

#: Characters no report should carry raw: they corrupt terminals, annotations and XML.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with control characters written as ``<U+0007>`` (JSON escapes them itself)."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(reports: Sequence[TemplateReport], *, strict: bool = False) -> str:
    findings = all_findings(reports)
    errors, warnings = count(findings, Severity.ERROR), count(findings, Severity.WARNING)
    checked = _plural(len(reports), "template")
    if not findings:
        return f"{checked} checked: no problems found."
    failing = sum(1 for r in reports if not r.ok(strict=strict))
    verdict = f"; {_plural(failing, 'template')} failed" if failing else "; all passed"
    return (
        f"{checked} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}{verdict}."
    )


def format_text(reports: Sequence[TemplateReport], *, strict: bool = False) -> str:
    """``file:line:col: severity: field: message [code]`` lines, then a summary line."""
    lines = [printable(str(finding)) for finding in all_findings(reports)]
    lines.append(summary(reports, strict=strict))
    return "\n".join(lines) + "\n"


def format_json(reports: Sequence[TemplateReport], *, strict: bool = False) -> str:
    findings = all_findings(reports)
    document: dict[str, Any] = {
        "ok": all(r.ok(strict=strict) for r in reports),
        "summary": {
            "templates": len(reports),
            "errors": count(findings, Severity.ERROR),
            "warnings": count(findings, Severity.WARNING),
        },
        "templates": [
            {
                "path": r.path,
                "name": r.name,
                "ok": r.ok(strict=strict),
                "findings": [f.as_dict() for f in r.sorted_findings()],
            }
            for r in reports
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command; shows up on the file's line in the pull request."""
    level = "error" if finding.severity is Severity.ERROR else "warning"
    properties = ",".join(
        [
            f"file={_escape_property(finding.file)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={_escape_property(f'marketo-ops {finding.code}')}",
        ]
    )
    field = f"{finding.field}: " if finding.field else ""
    return f"::{level} {properties}::{_escape_data(field + finding.message)}"


def format_github(reports: Sequence[TemplateReport], *, strict: bool = False) -> str:
    lines = [github_annotation(f) for f in all_findings(reports)]
    lines.append(summary(reports, strict=strict))
    return "\n".join(lines) + "\n"


def format_junit(reports: Sequence[TemplateReport], *, strict: bool = False) -> str:
    """One test suite per template and one test case per finding (a passing case if clean).

    Warnings are failures only with ``strict``; otherwise they are passing cases whose output
    carries the warning, so they stay visible in CI without failing the build.
    """
    root = ET.Element("testsuites", name="marketo-ops validate")
    total = failures = 0
    for report in reports:
        suite = ET.SubElement(root, "testsuite", name=printable(report.path))
        cases = suite_failures = 0
        findings = report.sorted_findings()
        if not findings:
            ET.SubElement(suite, "testcase", name="valid", classname=report.path)
            cases = 1
        for finding in findings:
            cases += 1
            name = printable(f"{finding.field or finding.file} [{finding.code}]")
            case = ET.SubElement(suite, "testcase", name=name, classname=printable(finding.file))
            text = printable(f"{finding.file}:{finding.line}:{finding.column}: {finding.message}")
            if finding.severity is Severity.ERROR or strict:
                suite_failures += 1
                failure = ET.SubElement(
                    case, "failure", message=printable(finding.message), type=finding.severity.value
                )
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = f"warning: {text}"
        suite.set("tests", str(cases))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += cases
        failures += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "junit": format_junit,
}


def render_report(
    reports: Sequence[TemplateReport], output_format: str, *, strict: bool = False
) -> str:
    return FORMATTERS[output_format](reports, strict=strict)
