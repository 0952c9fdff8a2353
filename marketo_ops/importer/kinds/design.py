"""What every Design Studio kind shares: candidates by name, and Marketo's conflict rules.

Design Studio assets (images and files, email and landing-page templates, snippets) are shared
across programs, so a same-named asset may be someone else's. For each template entry the kind
reads a *chain* of candidates: ``Name``, then ``Name - 1``, ``Name - 2``... for as long as the
one found is someone else's (a copy this template made is ``Name - N``). :func:`decide` applies
one rule to every kind: an identical asset is reused, whoever made it; one this template
imported before is updated in place; a same-named one of someone else's goes through the
conflict rule (keep both / copy, or replace / use destination).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ..model import Action, AssetKind, Change, Op
from ..provenance import is_ours
from ..reader import Reader
from ..snapshot import Section, Snapshot
from .base import Binding, Needs, PlanContext

MAX_COPY_SUFFIX: Final = 50


def suffixed(name: str, number: int, *, keep_extension: bool = False) -> str:
    """Marketo's "keep both" naming: ``Name - 1``, ``Name - 2``... (before a file extension)."""
    if number == 0:
        return name
    if keep_extension and "." in name.rsplit("/", 1)[-1]:
        stem, ext = name.rsplit(".", 1)
        return f"{stem} - {number}.{ext}"
    return f"{name} - {number}"


@dataclass
class DesignAsset:
    """One Design Studio asset as read: its identity, status and content (or its digest)."""

    id: int
    name: str
    description: str | None
    status: str | None = None
    folder_id: int | None = None
    content: str | None = None  # HTML (templates, snippets), or sha256 of a file's bytes
    size: int | None = None
    url: str | None = None
    readable: bool = True  # False: the content could not be read (a file URL that fails)
    users: list[str] = field(default_factory=list)  # assets using it (email templates)


@dataclass
class DesignChain:
    """``Name``, ``Name - 1``... as found, up to the first that is ours, and the first free name."""

    candidates: list[DesignAsset] = field(default_factory=list)
    free_name: str = ""


def read_chain(
    name: str,
    lookup: Callable[[str], Any | None],
    load: Callable[[Any], DesignAsset],
    *,
    template_id: str,
    keep_extension: bool = False,
    first_only: bool = False,
) -> DesignChain:
    """Read candidates until a free name, one this template made, or (``first_only``) one."""
    chain = DesignChain()
    for number in range(MAX_COPY_SUFFIX + 1):
        candidate_name = suffixed(name, number, keep_extension=keep_extension)
        found = lookup(candidate_name)
        if found is None:
            chain.free_name = candidate_name
            return chain
        asset = load(found)
        chain.candidates.append(asset)
        if first_only or is_ours(asset.description, template_id):
            return chain
    return chain


def decide(
    ctx: PlanContext,
    *,
    key: str,
    kind: AssetKind,
    entry: str,
    chain: DesignChain,
    location: str,
    identical: Callable[[DesignAsset], bool | None],
    replace: bool,
    rule_label: str,
    use_existing: bool = False,
    payload: dict[str, Any] | None = None,
    keep_extension: bool = False,
) -> tuple[Action, Binding, DesignAsset | None]:
    """The conflict rules, shared by every Design Studio kind.

    ``identical`` answers None when the candidate's content could not be read: such a candidate
    is never taken for "different" (no overwrite, no copy made on every run).
    """
    data = dict(payload or {})
    candidates = chain.candidates
    if not candidates:
        free = chain.free_name or entry
        action = Action(
            key, kind, Op.CREATE, free, "new", entry=entry, location=location, payload=data
        )
        return ctx.add(action), Binding(free), None
    first = candidates[0]
    if use_existing:
        action = Action(
            key,
            kind,
            Op.REUSE,
            first.name,
            "a same-named one exists; the destination's is used",
            entry=entry,
            location=location,
            existing_id=first.id,
            conflict=f"{kind.label} '{entry}' exists (id {first.id}); {rule_label}: "
            "use the destination's, as it is",
            payload=data,
        )
        return ctx.add(action), Binding(first.name, first.id, first.url), first
    theirs: DesignAsset | None = None
    for candidate in candidates:
        same = identical(candidate)
        ours = is_ours(candidate.description, ctx.template_id)
        if same is None and ours:
            action = Action(
                key,
                kind,
                Op.SKIP,
                candidate.name,
                "imported by this template before; its content could not be read, so it is "
                "left as it is",
                entry=entry,
                location=location,
                existing_id=candidate.id,
                payload=data,
            )
            return ctx.add(action), Binding(candidate.name, candidate.id, candidate.url), candidate
        if same:
            reason = "identical content already in the destination"
            if candidate.name != entry:
                reason += f" (our earlier copy '{candidate.name}')"
            action = Action(
                key,
                kind,
                Op.REUSE,
                candidate.name,
                reason,
                entry=entry,
                location=location,
                existing_id=candidate.id,
                payload=data,
            )
            return ctx.add(action), Binding(candidate.name, candidate.id, candidate.url), candidate
        if ours:
            action = Action(
                key,
                kind,
                Op.UPDATE,
                candidate.name,
                "imported by this template before; its content changed",
                entry=entry,
                location=location,
                existing_id=candidate.id,
                changes=[Change("content", "destination version", "template version")],
                payload=data,
            )
            return ctx.add(action), Binding(candidate.name, candidate.id, candidate.url), candidate
        theirs = theirs or candidate
        if replace:
            break
    other = theirs or first  # the same-named asset of someone else's the rule acts on
    found = f"{kind.label} '{entry}' exists (id {other.id}) with other content"
    if replace:
        action = Action(
            key,
            kind,
            Op.REPLACE,
            entry,
            "overwrite the destination's with the template's",
            entry=entry,
            location=location,
            existing_id=other.id,
            conflict=f"{found}; {rule_label}: overwrite it",
            changes=[Change("content", "destination version", "template version")],
            payload=data,
        )
        binding = Binding(entry, other.id, other.url)
        return ctx.add(action), binding, other
    free = chain.free_name or suffixed(entry, len(candidates), keep_extension=keep_extension)
    action = Action(
        key,
        kind,
        Op.COPY,
        free,
        f"imported as '{free}' beside the destination's",
        entry=entry,
        location=location,
        conflict=f"{found}; {rule_label}: import ours as '{free}' and point our assets to it",
        payload=data,
    )
    return ctx.add(action), Binding(free), None


#: Placeholder in planned HTML for an image whose URL exists only once apply uploads it.
PENDING_URL: Final = "marketo-ops://pending/{name}"


def image_urls(ctx: PlanContext) -> dict[str, str]:
    """File name in the template -> URL known now, or a pending placeholder."""
    urls = {}
    for entry in ctx.template.files:
        binding = ctx.bindings.get(f"file:{entry.name}")
        url = binding.url if binding else None
        urls[entry.name] = url or PENDING_URL.format(name=entry.name)
    return urls


def file_deps(html: str) -> list[str]:
    """The file actions an HTML waits for (its ``{{image:NAME}}`` references)."""
    from ...templates.placeholders import image_refs_in

    return sorted({f"file:{ref.name}" for ref in image_refs_in(html)})


def folder_needs(_ctx: PlanContext, action: Action) -> Needs:
    """A new Design Studio asset needs its folder found first."""
    if action.op.adds:
        return Needs(folders={str(action.payload["folder_path"])})
    return Needs()


def prepare_folder(ctx: PlanContext, action: Action) -> None:
    """Give a new Design Studio asset its folder's id, or raise the missing folder as a problem."""
    if not action.op.adds:
        return
    path = str(action.payload["folder_path"])
    folder = ctx.snapshot.folder(path)
    if folder is None:
        ctx.problem(
            "design-folder",
            f"Design Studio folder '{path}' ({action.kind.label} '{action.entry}') does not exist.",
            "Create the folder in Design Studio, or change the entry's folder.",
        )
        return
    action.payload["folder"] = folder.ref


def same_html(expected: str) -> Callable[[DesignAsset], bool | None]:
    """Whether a candidate's HTML is ``expected`` (already normalised), as Marketo keeps it."""
    from .compare import normalise_html

    def check(candidate: DesignAsset) -> bool | None:
        return normalise_html(candidate.content or "") == expected

    return check


# -- export ----------------------------------------------------------------------------------------


@dataclass
class ExportedDesign:
    """A Design Studio asset an export read because the program uses it."""

    asset: DesignAsset
    folder: str  # relative to the workspace's Design Studio ("Emails/Templates")
    extra: dict[str, Any] = field(default_factory=dict)  # kind-specific settings
    data: bytes | None = None  # a file's bytes


#: Design Studio assets read for an export: kind -> id -> what was read.
EXPORTED: Section[dict[str, dict[int, ExportedDesign]]] = Section("export_design", dict)
#: Every HTML an export read, searched for the files and snippets it shows.
HTML_SEEN: Section[list[str]] = Section("export_html", list)


def saw_html(reader: Reader, *texts: str | None) -> None:
    seen = reader.snapshot.section(HTML_SEEN)
    seen.extend(t for t in texts if t)


def exported(snapshot: Snapshot, kind: AssetKind) -> dict[int, ExportedDesign]:
    return snapshot.section(EXPORTED).setdefault(kind.value, {})


def keep_exported(reader: Reader, kind: AssetKind, item: ExportedDesign) -> None:
    exported(reader.snapshot, kind)[item.asset.id] = item  # one dict store: atomic


def design_folder(reader: Reader, folder_id: int | None) -> str:
    """A Design Studio folder's path relative to its workspace ('' when unknown)."""
    if folder_id is None:
        return ""
    found = reader.folder_by_id(folder_id)
    if found is None:
        return ""
    parts = [p for p in found.path.strip("/").split("/") if p]
    return "/".join(parts[2:]) if len(parts) > 2 and parts[0] == "Design Studio" else ""
