"""HTML that Marketo would refuse, and content aimed at sections that do not exist."""

from __future__ import annotations

from collections import Counter

from ..findings import Severity
from ..htmlscan import EMAIL_CLASSES, LANDING_PAGE_CLASSES, HtmlScan
from .context import CheckContext, TextFile


def check_email_templates(ctx: CheckContext) -> None:
    for i, template in enumerate(ctx.spec.email_templates):
        path = ("email_templates", i, "file")
        file = ctx.read_text(template.file, path)
        if file is None:
            continue
        scan = ctx.scan(file, EMAIL_CLASSES)
        if not scan.editables:
            ctx.at_line(
                file,
                1,
                path,
                "no-editable-section",
                f"email template '{template.name}' has no editable section; Marketo refuses "
                'it. Mark one with class="mktEditable" and an id (or the Email 2.0 classes '
                "mktoText, mktoContainer/mktoModule... with ids)",
            )
            continue
        _check_ids(ctx, file, scan, path, f"email template '{template.name}'")
        for editable in scan.editables:
            if editable.kind == "mktoModule" and not editable.in_container:
                ctx.at_line(
                    file,
                    editable.line,
                    path,
                    "module-outside-container",
                    f"mktoModule '{editable.element_id or '?'}' is not inside a mktoContainer; "
                    "Marketo's Email Editor 2.0 rejects such templates",
                )


def check_landing_page_templates(ctx: CheckContext) -> None:
    for i, template in enumerate(ctx.spec.landing_page_templates):
        path = ("landing_page_templates", i, "file")
        file = ctx.read_text(template.file, path)
        if file is None:
            continue
        scan = ctx.scan(file, LANDING_PAGE_CLASSES)
        label = f"landing-page template '{template.name}'"
        if template.type == "guided":
            if not scan.editables:
                ctx.at_line(
                    file,
                    1,
                    path,
                    "no-editable-section",
                    f"guided {label} has no editable element (mktoText, mktoImg, mktoForm...); "
                    "pages built on it could not be edited",
                    severity=Severity.WARNING,
                )
            _check_ids(ctx, file, scan, path, label)
            for editable in scan.editables:
                if editable.element_id and not editable.name:
                    ctx.at_line(
                        file,
                        editable.line,
                        path,
                        "missing-mktoname",
                        f"{editable.kind} '{editable.element_id}' has no mktoName; the landing "
                        "page editor shows it without a label",
                        severity=Severity.WARNING,
                    )
        elif "mktoContent" not in scan.ids:
            ctx.at_line(
                file,
                1,
                path,
                "no-editable-section",
                f'free-form {label} has no <div id="mktoContent">, where Marketo places '
                "the page's elements",
                severity=Severity.WARNING,
            )


def _check_ids(
    ctx: CheckContext, file: TextFile, scan: HtmlScan, path: tuple[str | int, ...], label: str
) -> None:
    for editable in scan.editables:
        if not editable.element_id:
            ctx.at_line(
                file,
                editable.line,
                path,
                "editable-without-id",
                f"{editable.kind} element in {label} has no id; Marketo addresses every "
                "editable section by its id",
            )
    counts = Counter(e.element_id for e in scan.editables if e.element_id)
    reported: set[str] = set()
    for editable in scan.editables:
        element_id = editable.element_id
        if element_id and counts[element_id] > 1 and element_id not in reported:
            reported.add(element_id)
            ctx.at_line(
                file,
                editable.line,
                path,
                "duplicate-section-id",
                f"editable id '{element_id}' is used {counts[element_id]} times in {label}; "
                "section ids must be unique",
            )


def check_content_sections(ctx: CheckContext) -> None:
    """Email and landing-page content must target sections of their template."""
    templates = {t.name: t for t in ctx.spec.email_templates}
    for i, email in enumerate(ctx.spec.emails):
        template = templates.get(email.template)
        if template is None or not email.content:
            continue
        file = ctx.read_text(template.file, ("email_templates", _index(ctx, template.name), "file"))
        if file is None:
            continue
        scan = ctx.scan(file, EMAIL_CLASSES)
        sections = sorted(
            {
                e.element_id
                for e in scan.editables
                if e.element_id and e.kind not in {"mktoContainer", "mktoModule"}
            }
        )
        for section in email.content:
            if section not in sections:
                ctx.error(
                    ("emails", i, "content", section),
                    "unknown-section",
                    f"email template '{template.name}' has no editable section '{section}'"
                    + (f"; its sections are: {', '.join(sections)}" if sections else ""),
                )
    lp_templates = {t.name: (n, t) for n, t in enumerate(ctx.spec.landing_page_templates)}
    for i, page in enumerate(ctx.spec.landing_pages):
        found = lp_templates.get(page.template)
        if found is None or not page.content:
            continue
        number, lp_template = found
        if lp_template.type != "guided":
            continue
        file = ctx.read_text(lp_template.file, ("landing_page_templates", number, "file"))
        if file is None:
            continue
        scan = ctx.scan(file, LANDING_PAGE_CLASSES)
        element_ids = sorted({e.element_id for e in scan.editables if e.element_id})
        for section in page.content:
            if section not in element_ids:
                ctx.error(
                    ("landing_pages", i, "content", section),
                    "unknown-section",
                    f"landing-page template '{lp_template.name}' has no editable element "
                    f"'{section}'"
                    + (f"; its elements are: {', '.join(element_ids)}" if element_ids else ""),
                )


def _index(ctx: CheckContext, name: str) -> int:
    return next(i for i, t in enumerate(ctx.spec.email_templates) if t.name == name)
