"""Folders inside the program: created parents first, found in the program's one-browse tree."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...errors import NotFoundError
from ...templates import Folder as FolderEntry
from ..model import Action, AssetKind, Op
from . import writing
from .base import ApplyContext, Kind, PlanContext, RollbackContext

if TYPE_CHECKING:
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.FOLDER


def key_of(path: str | None) -> str:
    """The action key of a program folder ('program' for the program's root)."""
    return f"folder:{path}" if path else "program"


def parent_ref(path: str | None) -> dict[str, str]:
    """A payload's parent reference, resolved to an id when apply runs."""
    return {"key": key_of(path)}


def _descriptions(folders: tuple[FolderEntry, ...], parent: str = "") -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for folder in folders:
        path = f"{parent}/{folder.name}" if parent else folder.name
        found[path] = folder.description
        found.update(_descriptions(folder.folders, path))
    return found


def plan(ctx: PlanContext) -> None:
    if ctx.action("program") is None:
        return
    existing = ctx.snapshot.tree(ctx.snapshot.contents_role).folders
    descriptions = _descriptions(ctx.template.folders)
    for path in ctx.template.folder_paths():
        parent, _, leaf = path.rpartition("/")
        found = existing.get(path)
        ctx.add(
            Action(
                key_of(path),
                KIND,
                Op.REUSE if found is not None else Op.CREATE,
                path,
                "exists" if found is not None else "new",
                entry=path,
                location=ctx.request.program_location,
                existing_id=found.id if found is not None else None,
                depends_on=sorted({"program", key_of(parent or None)}),
                payload={
                    "name": leaf,
                    "parent": parent_ref(parent or None),
                    "description": descriptions.get(path),
                },
            )
        )


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.folders
    parent = ctx.parent(action.payload["parent"])
    entry = writing.start(ctx, action)
    made = api.create(
        name=str(action.payload["name"]),
        parent=parent,
        description=action.payload.get("description"),
    )
    writing.done(ctx, entry, writing.id_of(made, action.name), created=True, key=action.key)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    if not writing.made_by(entry) or entry.id is None:
        return
    try:
        ctx.client.assets.folders.delete(entry.id, type="Folder")
    except NotFoundError:
        return
    ctx.deleted.append(writing.label(entry))


FOLDER = Kind(kind=KIND, plan=plan, apply=apply, rollback=rollback)


# -- export ----------------------------------------------------------------------------------------


def export(ctx: ExportContext) -> None:
    """The program's folders, nested as the template writes them, parents first."""
    folders = ctx.snapshot.tree("program").folders

    def children(parent: str) -> tuple[FolderEntry, ...]:
        found = []
        for path in sorted(folders, key=lambda p: folders[p].id):
            above, _, leaf = path.rpartition("/")
            if above == parent:
                found.append(
                    FolderEntry(
                        name=leaf,
                        description=folders[path].description or None,
                        folders=children(path),
                    )
                )
        return tuple(found)

    ctx.folders = children("")


FOLDER = replace(FOLDER, export=export)
