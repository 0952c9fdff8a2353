"""Names: unique where Marketo wants them unique, within Marketo's limits, and per policy.

Marketo refuses a duplicate with the catch-all error 709 mid-import; the importer also finds
existing assets by name, so two entries with one name would make a second import ambiguous.
Names are judged as they will appear in Marketo: after variables, override and prefix.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import FieldPath, format_field_path
from ..lookalike import confusables, describe, is_invisible, shown, skeleton
from ..marketo_facts import FORBIDDEN_NAME_CHARACTERS, NAME_MAX_LENGTH, TOKEN_NAME_MAX_LENGTH
from ..placeholders import VARIABLE_RE
from ..policy import check_name
from ..spec import Folder
from .context import CheckContext

LABELS = {
    "program": "program",
    "token": "token",
    "folder": "folder",
    "smart_campaign": "smart campaign",
    "email": "email",
    "email_template": "email template",
    "file": "file",
    "landing_page_template": "landing-page template",
    "landing_page": "landing page",
    "snippet": "snippet",
}


def check_name_rules(ctx: CheckContext) -> None:
    for asset in ctx.template.render_names():
        name, path, label = asset.name, asset.path, LABELS[asset.kind]
        if VARIABLE_RE.search(name):
            continue  # an unfilled variable is reported by the variable checks
        if not name.strip():
            ctx.error(path, "empty-name", f"{label} name is empty")
            continue
        limit = TOKEN_NAME_MAX_LENGTH if asset.kind == "token" else NAME_MAX_LENGTH
        if len(name) > limit:
            ctx.error(
                path,
                "name-too-long",
                f"{label} name is {len(name)} characters long; Marketo allows at most {limit}",
            )
        for character, reason in FORBIDDEN_NAME_CHARACTERS.items():
            if character in name:
                ctx.error(
                    path,
                    "forbidden-character",
                    f"{label} name '{name}' contains {character!r}: {reason}",
                )
        if name != name.strip():
            ctx.warning(
                path,
                "name-whitespace",
                f"{label} name '{name}' starts or ends with spaces, which Marketo trims",
            )
        if ctx.policy is not None:
            for violation in check_name(ctx.policy, asset.kind, name):
                ctx.error(path, "naming-policy", violation.message)


def check_duplicates(ctx: CheckContext) -> None:
    spec = ctx.spec
    for section, label in (
        ("smart_campaigns", "smart campaign"),
        ("emails", "email"),
        ("landing_pages", "landing page"),
    ):
        local: list[tuple[FieldPath, str]] = [
            ((section, i, "name"), item.name) for i, item in enumerate(getattr(spec, section))
        ]
        _report(ctx, local, "duplicate-name", f"{label} names must be unique within the program")
    for section, label in (
        ("email_templates", "email template"),
        ("files", "file"),
        ("landing_page_templates", "landing-page template"),
        ("snippets", "snippet"),
    ):
        by_folder: dict[str, list[tuple[FieldPath, str]]] = {}
        for i, item in enumerate(getattr(spec, section)):
            by_folder.setdefault(item.folder, []).append(((section, i, "name"), item.name))
        for folder, named in by_folder.items():
            _report(
                ctx,
                named,
                "duplicate-name",
                f"{label} names must be unique within their Design Studio folder ('{folder}')",
            )
    _folders(ctx, spec.folders, ("folders",))
    tokens = [(("program", "tokens", i, "name"), t.name) for i, t in enumerate(spec.program.tokens)]
    tokens += [
        (("program", "read_only_tokens", i, "name"), t.name)
        for i, t in enumerate(spec.program.read_only_tokens)
    ]
    _report(ctx, tokens, "duplicate-name", "a program cannot have two tokens with one name")
    tags = [
        (("program", "tags", i, "tag_type"), t.tag_type) for i, t in enumerate(spec.program.tags)
    ]
    _report(ctx, tags, "duplicate-tag", "a program has one value per tag type")
    statuses = [(("program", "statuses", i), s) for i, s in enumerate(spec.program.statuses)]
    _report(ctx, statuses, "duplicate-status", "each status is listed once")


def _folders(ctx: CheckContext, folders: tuple[Folder, ...], path: FieldPath) -> None:
    named = [((*path, i, "name"), f.name) for i, f in enumerate(folders)]
    _report(ctx, named, "duplicate-name", "sibling folders must have different names")
    for i, folder in enumerate(folders):
        _folders(ctx, folder.folders, (*path, i, "folders"))


def _report(ctx: CheckContext, named: Iterable[tuple[FieldPath, str]], code: str, why: str) -> None:
    """Report every repeat of a name (compared ignoring case), pointing at the first one; a name
    that only *looks* the same (invisible or look-alike characters) is reported too."""
    first: dict[str, FieldPath] = {}
    by_skeleton: dict[str, tuple[FieldPath, str]] = {}
    for path, name in named:
        key = name.strip().lower()
        look = skeleton(name)
        if key in first:
            ctx.error(path, code, f"'{name}' is already used by {_where(first[key])}; {why}")
        elif look and look in by_skeleton:
            other_path, other = by_skeleton[look]
            ctx.lookalike_paths.add(path)
            ctx.error(
                path,
                "look-alike-name",
                f"'{shown(name)}' looks the same as '{shown(other)}' ({_where(other_path)}) but "
                f"is written with other characters ({_differences(name)}); {why}",
            )
        else:
            first[key] = path
            by_skeleton.setdefault(look, (path, name))


def _where(path: FieldPath) -> str:
    return format_field_path(path[:-1] if path[-1] == "name" else path)


def _differences(name: str) -> str:
    parts = [describe(ch) for ch in sorted({ch for ch in name if is_invisible(ch)})]
    parts += [str(c) for c in confusables(name)]
    return "; ".join(parts) or "different spacing or case forms"
