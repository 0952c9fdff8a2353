"""Email and landing-page templates: one behaviour, two Design Studio kinds.

Both are HTML uploaded as a multipart file, with a draft and an approved version, found by
name, compared by their HTML (with image URLs filled in), created or overwritten and then
approved. What differs (the API, the conflict rule, how one is created, whether the plan lists
the assets that use it) is a :class:`TemplateKindSpec`, and :func:`make_kind` builds the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...errors import NotFoundError
from ...templates import replace_image_refs
from ..model import Action, AssetKind, Change, Op
from ..provenance import mark
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Kind, Needs, PlanContext, RollbackContext
from .compare import normalise_html
from .design import (
    DesignAsset,
    DesignChain,
    ExportedDesign,
    decide,
    design_folder,
    exported,
    file_deps,
    folder_needs,
    image_urls,
    keep_exported,
    prepare_folder,
    read_chain,
    same_html,
    saw_html,
)

if TYPE_CHECKING:
    from ...templates import ConflictRules, ProgramTemplate
    from ..export_context import ExportContext
    from ..journal import Entry
    from ..snapshot import Snapshot

FileContent = tuple[str, bytes, str]


@dataclass(frozen=True)
class RuleChoice:
    replace: bool
    use_existing: bool
    label: str


@dataclass(frozen=True)
class TemplateKindSpec:
    kind: AssetKind
    section: Section[dict[str, DesignChain]]
    api: Callable[[Any], Any]  # client.assets -> the resource
    entries: Callable[[ProgramTemplate], tuple[Any, ...]]
    html: Callable[[ProgramTemplate, Any], str]  # raw HTML of an entry, image refs in place
    rule: Callable[[ConflictRules], RuleChoice]
    create: Callable[[Any, Action, FileContent], Any]  # (api, action, content) -> made
    content_in_create: bool  # landing-page templates are created empty
    list_users: bool = False  # the plan names the assets an overwrite affects


@dataclass(frozen=True)
class TemplateExport:
    """What an export of a program needs to know of a template kind."""

    section: str  # the template's section ("email_templates")
    folder: str  # where the HTML files go in the exported template
    referenced: Callable[[Snapshot], set[int]]  # ids the program's assets use
    entry: Callable[[ExportedDesign, str], Any]  # (what was read, HTML path) -> entry
    settings: Callable[[Any], dict[str, Any]] = lambda _found: {}  # extra fields read


def make_kind(spec: TemplateKindSpec) -> Kind:
    kind = spec.kind

    def key(name: str) -> str:
        return f"{kind.value}:{name}"

    def read(reader: Reader, phase: Phase) -> list[Task]:
        if phase is not Phase.LOCATE or not reader.wants(kind):
            return []
        return [reader_task(reader, entry) for entry in spec.entries(reader.template)]

    def reader_task(reader: Reader, entry: Any) -> Task:
        api = spec.api(reader.assets)

        def load(found: Any) -> DesignAsset:
            asset_id = int(found.id or 0)
            return DesignAsset(
                id=asset_id,
                name=str(found.name or ""),
                description=found.description,
                status=found.status,
                folder_id=found.folder.id if getattr(found, "folder", None) else None,
                content=api.content(asset_id).content or "",
            )

        def run() -> None:
            written = reader.written_id(kind, key(entry.name))
            choice = spec.rule(reader.request.rules)
            if written is not None:  # just written: its content (with its status) is enough
                found = api.content(written)
                chain = DesignChain(
                    [
                        DesignAsset(
                            id=written,
                            name=reader.written_name(key(entry.name)) or entry.name,
                            description=mark(entry.description, reader.request.template_id),
                            status=found.status,
                            content=found.content or "",
                        )
                    ]
                )
            else:
                chain = read_chain(
                    entry.name,
                    lambda name: api.get_by_name(name=name),
                    load,
                    template_id=reader.request.template_id,
                    first_only=choice.replace or choice.use_existing,
                )
            reader.snapshot.section(spec.section)[entry.name] = chain

        return run

    def plan(ctx: PlanContext) -> None:
        chains = ctx.snapshot.section(spec.section)
        choice = spec.rule(ctx.request.rules)
        for entry in spec.entries(ctx.template):
            raw = spec.html(ctx.template, entry)
            expected = normalise_html(replace_image_refs(raw, image_urls(ctx)))
            action, binding, existing = decide(
                ctx,
                key=key(entry.name),
                kind=kind,
                entry=entry.name,
                chain=chains.get(entry.name, DesignChain(free_name=entry.name)),
                location=f"Design Studio/{entry.folder}",
                identical=same_html(expected),
                replace=choice.replace,
                rule_label=choice.label,
                use_existing=choice.use_existing,
                payload={
                    "folder_path": ctx.request.design_path(entry.folder),
                    "description": mark(entry.description, ctx.template_id),
                    "html": raw,
                    "approve": entry.approve,
                    **(
                        {"type": entry.type, "enable_munchkin": entry.enable_munchkin}
                        if hasattr(entry, "enable_munchkin")
                        else {}
                    ),
                },
            )
            action.depends_on = file_deps(raw)
            status = ((existing.status if existing else None) or "").lower()
            draft_only = bool(status) and status != "approved"
            # the destination's own, used as it is (use-destination), is left alone
            if entry.approve and action.op is Op.REUSE and draft_only and not action.conflict:
                action.op = Op.UPDATE
                action.reason = "identical content, but only a draft: it must be approved"
                action.changes.append(Change("status", status, "approved"))
            if choice.use_existing and action.op is Op.REUSE and action.conflict:
                users = [p.name for p in ctx.template.landing_pages if p.template == entry.name]
                action.affects = [f"landing page {name!r}" for name in users]
            ctx.bindings[action.key] = binding

    def needs(ctx: PlanContext, action: Action) -> Needs:
        if action.op.adds:
            return folder_needs(ctx, action)
        if spec.list_users and action.op.changes and action.existing_id is not None:
            return Needs(reads=[lambda reader: _users(reader, action)])
        return Needs()

    def _users(reader: Reader, action: Action) -> None:
        found = spec.api(reader.assets).used_by(action.existing_id)
        action.affects = [f"{u.type or 'asset'} {u.name!r}" for u in found]

    def apply(action: Action, ctx: ApplyContext) -> None:
        api = spec.api(ctx.client.assets)
        html = writing.html(ctx, str(action.payload["html"]))
        content: FileContent = (f"{action.entry}.html", html.encode("utf-8"), "text/html")
        approve = bool(action.payload.get("approve"))
        if action.op.adds:
            entry = writing.start(ctx, action)
            made, created = writing.create_or_adopt(
                ctx,
                lambda: spec.create(api, action, content),
                lambda: api.get_by_name(name=action.name),
            )
            asset_id = writing.id_of(made, action.name)
            ctx.journal.update(entry, id=asset_id, created=created)
            if not spec.content_in_create:
                api.update_content(asset_id, content=content)
            if approve:
                writing.approve(api, asset_id)
            writing.done(ctx, entry, asset_id, created=created, key=action.key)
            return
        asset_id = writing.target_id(ctx, action)
        entry = writing.start(ctx, action, id=asset_id)
        if "content" in action.changed_fields:
            existing = api.get(asset_id)
            ctx.journal.update(
                entry,
                before={
                    "content": api.content(asset_id).content or "",
                    "status": existing.status,
                    "description": existing.description,
                },
            )
            api.update_content(asset_id, content=content)
        if approve:
            writing.approve(api, asset_id)
        writing.done(ctx, entry, asset_id, created=False, key=action.key)

    def rollback(entry: Entry, ctx: RollbackContext) -> None:
        api = spec.api(ctx.client.assets)
        if writing.made_by(entry):
            asset_id = writing.started_id(ctx, entry, lambda: api.get_by_name(name=entry.name))
            if asset_id is not None:
                writing.delete(api, asset_id)
                ctx.deleted.append(writing.label(entry))
            return
        if entry.id is None or not entry.before:
            return
        before = entry.before
        html = str(before.get("content", ""))
        api.update_content(entry.id, content=(f"{entry.name}.html", html.encode(), "text/html"))
        if (before.get("status") or "approved") == "approved":
            writing.approve(api, entry.id)
        ctx.restored.append(writing.label(entry))

    return Kind(
        kind=kind,
        read=read,
        plan=plan,
        needs=needs,
        prepare=prepare_folder,
        apply=apply,
        rollback=rollback,
    )


# -- export ----------------------------------------------------------------------------------------


def with_export(kind: Kind, spec: TemplateKindSpec, how: TemplateExport) -> Kind:
    """``kind`` able to export: it reads what the program uses, and writes it as entries."""

    def read(reader: Reader, phase: Phase) -> list[Task]:
        if reader.exporting:
            return export_reads(spec, how, reader, phase)
        return kind.read(reader, phase)

    return replace(kind, read=read, export=lambda ctx: export(spec, how, ctx))


def export_reads(
    spec: TemplateKindSpec, how: TemplateExport, reader: Reader, phase: Phase
) -> list[Task]:
    """The templates the program's assets use, by id, once their listing is read."""
    if phase is not Phase.DETAIL:
        return []
    api = spec.api(reader.assets)

    def load(template_id: int) -> Task:
        def run() -> None:
            try:
                found = api.get(template_id)
            except NotFoundError:
                return  # the asset's export reports the missing template
            html = api.content(template_id).content or ""
            folder_id = found.folder.id if getattr(found, "folder", None) else None
            asset = DesignAsset(
                id=template_id,
                name=str(found.name or ""),
                description=found.description,
                status=found.status,
                folder_id=folder_id,
                content=html,
            )
            item = ExportedDesign(asset, design_folder(reader, folder_id), how.settings(found))
            keep_exported(reader, spec.kind, item)
            saw_html(reader, html)

        return run

    return [load(i) for i in sorted(how.referenced(reader.snapshot))]


def export(spec: TemplateKindSpec, how: TemplateExport, ctx: ExportContext) -> None:
    items = exported(ctx.snapshot, spec.kind).values()
    for item in sorted(items, key=lambda i: i.asset.name.lower()):
        html = ctx.html(item.asset.content or "")
        path = ctx.write(how.folder, item.asset.name, ".html", html.encode("utf-8"))
        ctx.add(how.section, how.entry(item, path))
