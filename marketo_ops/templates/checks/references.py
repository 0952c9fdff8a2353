"""References by name between entries, and to tokens and files from text.

Entries refer to each other by name because names are what people read in a pull request. That
makes a typo a dangling reference, which Marketo would only reveal half-way through an import.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..findings import FieldPath, Severity
from ..marketo_facts import EMAIL_REFERENCE_ACTIONS
from ..placeholders import image_refs_in, iter_strings, my_tokens_in
from .context import CheckContext


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    options = list(candidates)
    lowered = {c.lower(): c for c in options}
    if name.lower() in lowered:
        return f" (did you mean '{lowered[name.lower()]}'?)"
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_folders(ctx: CheckContext) -> None:
    known = ctx.template.folder_paths()
    sections = ("smart_campaigns", "emails", "landing_pages")
    for section in sections:
        for i, item in enumerate(getattr(ctx.spec, section)):
            folder = item.folder
            if folder is not None and folder not in known:
                listed = ", ".join(f"'{k}'" for k in known) or "none"
                ctx.error(
                    (section, i, "folder"),
                    "unknown-folder",
                    f"folder '{folder}' is not defined in folders{did_you_mean(folder, known)}; "
                    f"defined folders: {listed}",
                )


def check_asset_references(ctx: CheckContext) -> None:
    spec = ctx.spec
    email_templates = [t.name for t in spec.email_templates]
    for i, email in enumerate(spec.emails):
        if email.template not in email_templates:
            ctx.error(
                ("emails", i, "template"),
                "unknown-reference",
                f"email template '{email.template}' is not defined in email_templates"
                + did_you_mean(email.template, email_templates),
            )
    lp_templates = [t.name for t in spec.landing_page_templates]
    for i, page in enumerate(spec.landing_pages):
        if page.template not in lp_templates:
            ctx.error(
                ("landing_pages", i, "template"),
                "unknown-reference",
                f"landing-page template '{page.template}' is not defined in "
                f"landing_page_templates{did_you_mean(page.template, lp_templates)}",
            )
    emails = [e.name for e in spec.emails]
    for c, campaign in enumerate(spec.smart_campaigns):
        for s, step in enumerate(campaign.flow):
            if step.action not in EMAIL_REFERENCE_ACTIONS:
                continue
            step_path: FieldPath = ("smart_campaigns", c, "flow", s)
            variants = [((*step_path, "params"), step.params)]
            variants += [
                ((*step_path, "choices", n, "params"), choice.params)
                for n, choice in enumerate(step.choices)
            ]
            for path, params in variants:
                email_name = params.get("Email")
                if email_name is None:
                    if path == (*step_path, "params") and not step.choices:
                        ctx.error(
                            path,
                            "missing-parameter",
                            f"'{step.action}' needs an 'Email' parameter naming an email "
                            "of this template",
                        )
                elif email_name not in emails:
                    ctx.error(
                        (*path, "Email"),
                        "unknown-reference",
                        f"{step.action}: email '{email_name}' is not defined in emails"
                        + did_you_mean(email_name, emails),
                    )


def check_text_references(ctx: CheckContext) -> None:
    """``{{my.Token}}`` and ``{{image:NAME}}`` in program.yaml strings and in content files."""
    program = ctx.spec.program
    tokens = [t.name for t in program.tokens] + [t.name for t in program.read_only_tokens]
    by_key = {t.lower(): t for t in tokens}
    files = [f.name for f in ctx.spec.files]
    used_files: set[str] = set()

    def token_problem(name: str) -> tuple[str, str, Severity] | None:
        """Unknown tokens are errors; a difference in case only is worth a warning."""
        if name in tokens:
            return None
        defined = by_key.get(name.lower())
        if defined is not None:
            return (
                "token-case",
                f"token {{{{my.{name}}}}} is defined as '{defined}'; write it the same way",
                Severity.WARNING,
            )
        return (
            "unknown-token",
            f"token {{{{my.{name}}}}} is not defined in program.tokens"
            + did_you_mean(name, tokens),
            Severity.ERROR,
        )

    def file_message(name: str) -> str:
        return f"'{{{{image:{name}}}}}' refers to no entry of files" + did_you_mean(name, files)

    for path, text in iter_strings(ctx.spec.model_dump(mode="python")):
        for token in my_tokens_in(text):
            problem = token_problem(token.name)
            if problem:
                code, message, severity = problem
                ctx.findings.append(ctx.source.finding(path, code, message, severity=severity))
        for ref in image_refs_in(text):
            used_files.add(ref.name)
            if ref.name not in files:
                ctx.error(path, "unknown-file-reference", file_message(ref.name))
    for path, file in ctx.content_texts():
        for token in my_tokens_in(file.text):
            problem = token_problem(token.name)
            if problem:
                code, message, severity = problem
                ctx.in_file(file, token.offset, path, code, message, severity=severity)
        for ref in image_refs_in(file.text):
            used_files.add(ref.name)
            if ref.name not in files:
                ctx.in_file(
                    file, ref.offset, path, "unknown-file-reference", file_message(ref.name)
                )
    if ctx.unreadable_texts():
        return  # references in a file that could not be read are unknown, not missing
    for i, entry in enumerate(ctx.spec.files):
        if entry.name not in used_files:
            ctx.findings.append(
                ctx.source.finding(
                    ("files", i, "name"),
                    "unused-file",
                    f"file '{entry.name}' is not referenced as {{{{image:{entry.name}}}}} in "
                    "any HTML of this template",
                    severity=Severity.WARNING,
                )
            )
