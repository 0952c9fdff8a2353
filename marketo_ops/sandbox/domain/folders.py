"""Folders: create, read, browse, update, delete, and how they look in responses."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import tree

CONTENT_TYPES = {
    "folder": "Folder",
    "program": "Program",
    "email": "Email",
    "email_template": "Email Template",
    "file": "File",
    "lp_template": "Landing Page Template",
    "landing_page": "Landing Page",
    "snippet": "Snippet",
    "smart_campaign": "Smart Campaign",
    "smart_list": "Smart List",
    "static_list": "Static List",
}
#: Program assets the REST API cannot manage but lists, as Marketo names their types.
PROGRAM_ASSET_TYPES = {
    "report": "Report",
    "social": "Social App",
    "push": "Push Notification",
    "in_app": "In-App Message",
}


def render(store: Store, row: Row) -> dict[str, Any]:
    """A folder or a program as ``FolderResponse``."""
    parent = tree.parent_of(store, row)
    is_system = bool(row.data.get("isSystem", False))
    return {
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": None if is_system else tree.ui_url("MF" if row.kind == "folder" else "PG", row.id),
        "folderId": tree.ref(row),
        "folderType": tree.folder_type_of(row),
        "parent": tree.ref(parent) if parent is not None else None,
        "path": tree.path_of(store, row),
        "isArchive": bool(row.data.get("isArchive", False)),
        "isSystem": is_system,
        "accessZoneId": 1,
        "workspace": row.workspace,
        "id": row.id,
    }


def get(store: Store, folder_id: int, folder_type: str) -> Row | None:
    return tree.get_container(store, folder_id, folder_type)


def require(store: Store, folder_id: int, folder_type: str = "Folder") -> Row:
    row = get(store, folder_id, folder_type)
    if row is None:
        raise errors.not_found(folder_type, folder_id)
    return row


def create(store: Store, name: str, parent: Row, description: str | None = None) -> Row:
    with store.transaction():
        tree.check_container(store, parent, "folder")
        tree.ensure_unique(store, "folder", name, parent)
        zone = tree.zone_of(store, parent)
        parent_type = tree.folder_type_of(parent)
        folder_type = (
            parent_type
            if zone == "Design Studio" and parent.kind == "folder"
            else "Marketing Folder"
        )
        row = Row(
            kind="folder",
            id=store.next_id("folder"),
            name=name,
            **tree.placement(parent),
            data={
                "folderType": folder_type,
                "isSystem": False,
                "isArchive": False,
                "description": description,
                "zone": zone,
            },
        )
        return store.insert(row)


def update(
    store: Store,
    row: Row,
    *,
    name: str | None = None,
    description: str | None = None,
    is_archive: bool | None = None,
) -> Row:
    if row.kind == "program":
        raise errors.business_rule(
            "Programs cannot be updated with the Folders API; use the Programs API"
        )
    if row.data.get("isSystem"):
        raise errors.business_rule(f"System folder '{row.name}' cannot be updated")
    with store.transaction():
        if name is not None and name != row.name:
            parent = tree.parent_of(store, row)
            if parent is not None:
                tree.ensure_unique(store, "folder", name, parent, exclude_id=row.id)
            row.name = name
        if description is not None:
            row.data["description"] = description
        if is_archive is not None:
            row.data["isArchive"] = is_archive
        return store.save(row)


def delete(store: Store, row: Row) -> None:
    if row.kind == "program":
        raise errors.business_rule(
            "Programs cannot be deleted with the Folders API; use the Programs API"
        )
    if row.data.get("isSystem"):
        raise errors.business_rule(f"System folder '{row.name}' cannot be deleted")
    with store.transaction():
        if store.children(row):
            raise errors.business_rule(
                f"Folder '{row.name}' is not empty; only empty folders can be deleted"
            )
        store.delete_tokens_of("Folder", row.id)
        store.delete("folder", row.id)


def roots(store: Store) -> list[Row]:
    return [row for row in store.find("folder") if row.parent_id is None]


def walk(store: Store, start: Row, max_depth: int) -> list[Row]:
    """``start`` and everything below it down to ``max_depth`` levels, pre-order."""
    found = [start]
    if max_depth <= 0:
        return found
    for child in store.children(start):
        if child.kind in {"folder", "program"}:
            found.extend(walk(store, child, max_depth - 1))
    return found


def by_name(
    store: Store,
    name: str,
    *,
    folder_type: str | None = None,
    root: Row | None = None,
    workspace: str | None = None,
) -> list[Row]:
    kinds = {"Folder": ["folder"], "Program": ["program"]}.get(
        folder_type or "", ["folder", "program"]
    )
    rows = store.find(kinds, name=name, workspace=workspace)
    if root is not None:
        inside = {(item.kind, item.id) for item in tree.subtree(store, root)}
        rows = [row for row in rows if (row.kind, row.id) in inside]
    return rows


def content(store: Store, row: Row) -> list[dict[str, Any]]:
    """What a folder holds, as ``{id, type}`` items."""
    items = []
    for child in store.children(row):
        if child.data.get("owner"):
            continue  # a smart campaign's own smart list is not a separate item
        label = CONTENT_TYPES.get(child.kind)
        if child.kind == "program_asset":
            label = PROGRAM_ASSET_TYPES.get(str(child.data.get("assetType")))
        if label is not None:
            items.append({"id": child.id, "type": label})
    return items
