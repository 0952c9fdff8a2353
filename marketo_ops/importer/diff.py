"""Diff: a template against what the instance holds now, per asset, for people and for CI.

>>> report = client.importer.diff("templates/op-lead-management")
>>> report.in_sync, [a.name for a in report.drift]
>>> print(report.render())

The comparison is the plan's (:func:`~marketo_ops.importer.planning.compare` in verify mode,
plus the kinds' verify checks such as smart lists), so "in sync", "nothing to plan" and
"verified" always agree. Each asset that differs is shown with its fields (what Marketo holds,
what the template says) and, for HTML, a unified diff from the instance to the template. A
program the template did not import is compared all the same (``program=adopt``), so a program
built by hand can be watched for drift too. Nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

from ..templates import replace_image_refs
from .kinds.base import PlanContext
from .kinds.compare import normalise_html
from .kinds.design import DesignChain, image_urls
from .kinds.email import EMAILS
from .kinds.email_template import EMAIL_TEMPLATES
from .kinds.landing_page import PAGES
from .kinds.landing_page_template import LP_TEMPLATES
from .kinds.snippet import SNIPPETS
from .model import Action, AssetKind, Change, Op
from .planning import compare, read_destination
from .request import ImportRequest
from .verify import report_of

if TYPE_CHECKING:
    from ..client import Marketo

#: Changes the plan makes that are not differences of content (adopting a program adds the mark).
_NOT_DRIFT: Final = frozenset({"import mark"})


@dataclass
class FieldDiff:
    """One field that differs: what Marketo holds, what the template says, and for HTML the
    unified diff from the one to the other."""

    field: str
    instance: Any
    template: Any
    unified: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field}
        if self.unified is not None:
            data["diff"] = self.unified
        else:
            data["instance"], data["template"] = self.instance, self.template
        return data


@dataclass
class AssetDiff:
    """An asset whose state is not the template's (or could not be compared)."""

    kind: str  # "email", "smart list", "program"...
    name: str
    status: str  # missing | differs | problem | unread
    detail: str
    fields: list[FieldDiff] = field(default_factory=list)

    @property
    def drift(self) -> bool:
        return self.status in ("missing", "differs", "problem")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "status": self.status,
            "detail": self.detail,
            "fields": [f.to_json() for f in self.fields],
        }


@dataclass
class DiffReport:
    program: str
    program_id: int | None
    location: str
    template: str
    assets: list[AssetDiff] = field(default_factory=list)
    manual_steps: dict[str, list[str]] = field(default_factory=dict)
    compared: int = 0  # assets compared
    calls: int = 0

    @property
    def drift(self) -> list[AssetDiff]:
        return [a for a in self.assets if a.drift]

    @property
    def in_sync(self) -> bool:
        return not self.drift

    def to_json(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "program_id": self.program_id,
            "location": self.location,
            "template": self.template,
            "in_sync": self.in_sync,
            "compared": self.compared,
            "drift": [a.to_json() for a in self.drift],
            "unread": [a.to_json() for a in self.assets if not a.drift],
            "manual_steps": self.manual_steps,
            "calls": self.calls,
        }

    def render(self) -> str:
        return render_diff(self)


# -- comparing ---------------------------------------------------------------------------------


def diff_request(client: Marketo, request: ImportRequest) -> DiffReport:
    """Read the destination once and compare it with the request's template; never writes."""
    request = replace(request, rules=request.rules.model_copy(update={"program": "adopt"}))
    reader = read_destination(client, request)
    ctx = compare(request, reader.snapshot, verifying=True)
    verified = report_of(ctx)
    report = DiffReport(
        program=request.template.name,
        program_id=verified.program_id,
        location=verified.location,
        template=str(request.template.source_dir),
        manual_steps=verified.manual_steps,
        compared=len(ctx.actions),
        calls=reader.snapshot.calls,
    )
    report.assets += [
        AssetDiff("program", request.template.name, "problem", str(p)) for p in ctx.problems
    ]
    for action in ctx.actions.values():
        found = _asset_diff(ctx, action)
        if found is not None:
            report.assets.append(found)
    action_subjects = {f"{a.kind.label} '{a.name}'" for a in ctx.actions.values()}
    for check in verified.checks:
        if check.subject in action_subjects or check.subject == "prerequisite":
            continue  # the actions above, or the problems
        if check.unread:
            report.assets.append(AssetDiff(*_split(check.subject), "unread", check.detail))
        elif not check.ok:
            report.assets.append(AssetDiff(*_split(check.subject), "differs", check.detail))
    return report


def _split(subject: str) -> tuple[str, str]:
    """``smart list of 'X'`` -> (``smart list``, ``X``)."""
    head, _, rest = subject.partition(" '")
    return head.removesuffix(" of"), rest.removesuffix("'") or head


def _asset_diff(ctx: PlanContext, action: Action) -> AssetDiff | None:
    kind = action.kind.label
    if action.op is Op.REUSE:
        return None
    if action.op is Op.SKIP:
        return AssetDiff(kind, action.name, "unread", action.reason)
    if action.op.adds and not action.conflict:
        named = action.name if action.kind is AssetKind.TOKEN else action.entry or action.name
        return AssetDiff(kind, named, "missing", "not in the instance")
    if action.op.adds:  # a same-named Design Studio asset with other content
        before, after = _texts(ctx, action, Change("content", None, None)) or (None, None)
        fields = [_field("content", before, after)] if before is not None else []
        return AssetDiff(kind, action.entry, "differs", action.conflict or "", fields)
    changes = [c for c in action.changes if c.field not in _NOT_DRIFT]
    if not changes:
        return None
    fields = []
    for change in changes:
        texts = _texts(ctx, action, change)
        if texts is not None:
            fields.append(_field(change.field, *texts))
        else:
            fields.append(FieldDiff(change.field, change.before, change.after))
    return AssetDiff(kind, action.name, "differs", "differs from the template", fields)


def _field(name: str, before: str | None, after: str | None) -> FieldDiff:
    have = normalise_html(before or "").splitlines()
    want = normalise_html(after or "").splitlines()
    lines = difflib.unified_diff(have, want, "Marketo", "template", lineterm="", n=2)
    return FieldDiff(name, before, after, "\n".join(lines))


# -- full texts behind a change (the plan keeps only short excerpts of HTML) ---------------------


def _texts(ctx: PlanContext, action: Action, change: Change) -> tuple[str, str] | None:
    """Marketo's and the template's full HTML behind a change of content, or None for a field
    that is not HTML."""
    texts = _TEXTS.get(action.kind)
    if texts is None:
        return None
    return texts(ctx, action, change.field)


def _email_texts(ctx: PlanContext, action: Action, name: str) -> tuple[str, str] | None:
    if not name.startswith("section "):
        return None
    section = name.removeprefix("section ")
    state = ctx.snapshot.section(EMAILS).get(action.name)
    want = ctx.template.email_content(action.entry).get(section, "")
    have = (state.sections or {}).get(section, "") if state is not None else ""
    return have, replace_image_refs(want, image_urls(ctx))


def _page_texts(ctx: PlanContext, action: Action, name: str) -> tuple[str, str] | None:
    if not name.startswith("section "):
        return None
    section = name.removeprefix("section ")
    state = ctx.snapshot.section(PAGES).get(action.name)
    entry = next((p for p in ctx.template.landing_pages if p.name == action.entry), None)
    content = entry.content.get(section) if entry is not None else None
    want = ctx.template.content_html(content) if content is not None else ""
    have = (state.sections or {}).get(section, "") if state is not None else ""
    return have, replace_image_refs(want, image_urls(ctx))


def _design_texts(
    chains: Any, html: Callable[[PlanContext, str], str]
) -> Callable[[PlanContext, Action, str], tuple[str, str] | None]:
    def texts(ctx: PlanContext, action: Action, name: str) -> tuple[str, str] | None:
        if name != "content":
            return None
        chain: DesignChain = ctx.snapshot.section(chains).get(action.entry) or DesignChain()
        found = next(
            (c for c in chain.candidates if c.id == action.existing_id),
            chain.candidates[0] if chain.candidates else None,
        )
        if found is None:
            return None
        return found.content or "", replace_image_refs(html(ctx, action.entry), image_urls(ctx))

    return texts


def _snippet_html(ctx: PlanContext, name: str) -> str:
    entry = next(s for s in ctx.template.snippets if s.name == name)
    return ctx.template.content_html(entry.content)


_TEXTS: Final[dict[AssetKind, Callable[[PlanContext, Action, str], tuple[str, str] | None]]] = {
    AssetKind.EMAIL: _email_texts,
    AssetKind.LANDING_PAGE: _page_texts,
    AssetKind.EMAIL_TEMPLATE: _design_texts(
        EMAIL_TEMPLATES, lambda ctx, name: ctx.template.email_template_html(name)
    ),
    AssetKind.LP_TEMPLATE: _design_texts(
        LP_TEMPLATES, lambda ctx, name: ctx.template.landing_page_template_html(name)
    ),
    AssetKind.SNIPPET: _design_texts(SNIPPETS, _snippet_html),
}


# -- rendering ---------------------------------------------------------------------------------

_SYMBOLS: Final = {"missing": "+", "differs": "~", "problem": "!", "unread": "?"}


def render_diff(report: DiffReport) -> str:
    """The report as text: one block per asset, Marketo's value first, the template's second."""
    lines = [
        f"Comparing template '{report.program}' ({report.template}) with "
        f"{'program id ' + str(report.program_id) if report.program_id else 'the instance'} "
        f"in {report.location}",
        "",
    ]
    for asset in report.assets:
        lines.append(f"{_SYMBOLS[asset.status]} {asset.kind} '{asset.name}': {asset.detail}")
        for item in asset.fields:
            if item.unified is not None:
                lines.append(f"    {item.field}:")
                lines += [f"      {line}" for line in item.unified.splitlines()]
            else:
                lines.append(
                    f"    {item.field}: {item.instance!r} in Marketo, {item.template!r} in the "
                    "template"
                )
    if report.assets:
        lines.append("")
    drift = report.drift
    if drift:
        noun = "asset differs" if len(drift) == 1 else "assets differ"
        lines.append(f"Drift: {len(drift)} {noun} from the template.")
    else:
        lines.append(f"In sync: the instance matches the template ({report.compared} assets).")
    pending = sum(len(steps) for steps in report.manual_steps.values())
    if pending:
        steps = "manual step is" if pending == 1 else "manual steps are"
        lines.append(
            f"{pending} {steps} pending (what cannot be written by API): verify lists them."
        )
    return "\n".join(lines)


__all__ = ["AssetDiff", "DiffReport", "FieldDiff", "diff_request", "render_diff"]
