"""Snippets of Design Studio: reusable HTML, always kept beside a same-named one of others'.

The Asset API has no snippet lookup by name, so the snippets are listed once (paged) and the
candidates' contents read by id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...templates import Snippet as SnippetEntry
from ...templates import replace_image_refs
from ..model import Action, AssetKind
from ..provenance import mark
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Kind, PlanContext, RollbackContext
from .compare import normalise_html
from .design import (
    DesignAsset,
    DesignChain,
    decide,
    file_deps,
    folder_needs,
    image_urls,
    prepare_folder,
    read_chain,
    same_html,
)

if TYPE_CHECKING:
    from ...types.asset import Snippet
    from ..journal import Entry

KIND = AssetKind.SNIPPET
SNIPPETS: Section[dict[str, DesignChain]] = Section("snippets", dict)


def _key(name: str) -> str:
    return f"snippet:{name}"


def _html(reader_or_api: object, snippet_id: int) -> str:
    parts = reader_or_api.content(snippet_id)  # type: ignore[attr-defined]
    return "".join(p.content or "" for p in parts if (p.type or "HTML") == "HTML")


def read(reader: Reader, phase: Phase) -> list[Task]:
    entries = reader.template.snippets
    if phase is not Phase.LOCATE or not entries or not reader.wants(KIND):
        return []
    return [_reader(reader, entry) for entry in entries]


def _reader(reader: Reader, entry: SnippetEntry) -> Task:
    api = reader.assets.snippets

    def all_snippets() -> dict[str, Snippet]:
        return {str(s.name): s for s in api.list() if s.name}

    def load(found: Snippet) -> DesignAsset:
        snippet_id = int(found.id or 0)
        return DesignAsset(
            id=snippet_id,
            name=str(found.name or ""),
            description=found.description,
            status=found.status,
            content=_html(api, snippet_id),
        )

    def run() -> None:
        written = reader.written_id(KIND, _key(entry.name))
        if written is not None:
            chain = DesignChain([load(api.get(written))])
        else:
            known = reader.once("snippets", all_snippets)
            chain = read_chain(entry.name, known.get, load, template_id=reader.request.template_id)
        reader.snapshot.section(SNIPPETS)[entry.name] = chain

    return run


def plan(ctx: PlanContext) -> None:
    chains = ctx.snapshot.section(SNIPPETS)
    for entry in ctx.template.snippets:
        raw = ctx.template.content_html(entry.content)
        expected = normalise_html(replace_image_refs(raw, image_urls(ctx)))
        action, binding, _ = decide(
            ctx,
            key=_key(entry.name),
            kind=KIND,
            entry=entry.name,
            chain=chains.get(entry.name, DesignChain(free_name=entry.name)),
            location=f"Design Studio/{entry.folder}",
            identical=same_html(expected),
            replace=False,
            rule_label="snippets are always kept both",
            payload={
                "folder_path": ctx.request.design_path(entry.folder),
                "description": mark(entry.description, ctx.template_id),
                "html": raw,
                "approve": entry.approve,
            },
        )
        action.depends_on = file_deps(raw)
        ctx.bindings[action.key] = binding


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.snippets
    html = writing.html(ctx, str(action.payload["html"]))
    if action.op.adds:
        entry = writing.start(ctx, action)
        made = api.create(
            name=action.name,
            folder=action.payload["folder"],
            description=str(action.payload["description"]),
        )
        snippet_id = writing.id_of(made, action.name)
        ctx.journal.update(entry, id=snippet_id, created=True)
        created = True
    else:
        snippet_id = writing.target_id(ctx, action)
        entry = writing.start(ctx, action, id=snippet_id)
        ctx.journal.update(entry, before={"content": _html(api, snippet_id)})
        created = False
    api.update_content(snippet_id, content=html, type="HTML")
    if action.payload.get("approve"):
        writing.approve(api, snippet_id)
    writing.done(ctx, entry, snippet_id, created=created, key=action.key)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.snippets
    if writing.delete_made(ctx, api, entry) or entry.id is None or not entry.before:
        return
    api.update_content(entry.id, content=str(entry.before.get("content", "")), type="HTML")
    writing.approve(api, entry.id)
    ctx.restored.append(writing.label(entry))


SNIPPET = Kind(
    kind=KIND,
    read=read,
    plan=plan,
    needs=folder_needs,
    prepare=prepare_folder,
    apply=apply,
    rollback=rollback,
)
