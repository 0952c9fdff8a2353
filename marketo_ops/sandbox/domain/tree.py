"""The folder tree: parent references, zones, paths, and where each kind of asset may live.

Marketo names a parent as ``{"id": 12, "type": "Folder" | "Program"}``; a program is a
folder-like parent for its own assets. Which container accepts which asset follows Marketo:
local assets (emails, smart campaigns, landing pages, smart lists, folders) live in programs and
their folders; Design Studio assets live in Design Studio folders of the matching folder type;
programs live in Marketing Activities folders. A missing parent is 710, a wrong one 711.
"""

from __future__ import annotations

from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..store.seed import DESIGN_STUDIO, LEAD_DATABASE, MARKETING_ACTIVITIES

UI_BASE: Final = "https://app-sandbox.marketo.local"

KIND_LABELS: Final[dict[str, str]] = {
    "folder": "Folder",
    "program": "Program",
    "email": "Email",
    "email_template": "Email template",
    "file": "File",
    "lp_template": "Landing page template",
    "landing_page": "Landing page",
    "snippet": "Snippet",
    "smart_campaign": "Smart campaign",
    "smart_list": "Smart list",
    "static_list": "Static list",
    "segmentation": "Segmentation",
}

LOCAL_KINDS: Final = frozenset(
    {"email", "smart_campaign", "landing_page", "smart_list", "static_list", "folder"}
)
"""Kinds that may live inside a program (and are then unique within it)."""

DESIGN_FOLDER_TYPES: Final[dict[str, str]] = {
    "email": "Email",
    "email_template": "Email Template",
    "file": "Image",
    "lp_template": "Landing Page Template",
    "landing_page": "Landing Page",
    "snippet": "Snippet",
}
"""The Design Studio folder type each Design Studio asset needs."""

PROGRAM_FOLDER_TYPES: Final[dict[str, str]] = {
    "Default": "Marketing Program",
    "Event": "Marketing Event",
    "Event with Webinar": "Marketing Event",
    "Engagement": "Nurture Program",
    "Email": "Email Batch Program",
}


def parse_ref(value: Any, field: str) -> tuple[int, str]:
    """``{"id": 12, "type": "Folder"}`` -> (12, "Folder"); 701/1001 on a malformed value."""
    if value is None or value == "":
        raise errors.blank(field)
    if not isinstance(value, dict) or "id" not in value:
        raise errors.invalid_value(value, "Folder")
    raw_id = value.get("id")
    try:
        folder_id = int(str(raw_id))
    except ValueError:
        raise errors.invalid_value(raw_id, "Integer") from None
    raw_type = str(value.get("type") or "Folder").strip().lower()
    if raw_type not in {"folder", "program"}:
        raise errors.invalid_value(value.get("type"), "Folder type (Folder or Program)")
    return folder_id, "Program" if raw_type == "program" else "Folder"


def get_container(store: Store, folder_id: int, folder_type: str) -> Row | None:
    return store.get("program" if folder_type == "Program" else "folder", folder_id)


def resolve_container(store: Store, value: Any, field: str = "folder") -> Row:
    """The folder or program a parameter names, or 710."""
    folder_id, folder_type = parse_ref(value, field)
    row = get_container(store, folder_id, folder_type)
    if row is None:
        raise errors.folder_not_found(folder_id, folder_type)
    return row


def parent_of(store: Store, row: Row) -> Row | None:
    if row.parent_id is None or row.parent_type is None:
        return None
    return get_container(store, row.parent_id, row.parent_type)


def container_of(store: Store, row: Row) -> Row:
    """The folder or program holding an asset, which every asset has: a folder or program that
    still holds something cannot be deleted, so a missing one means the store is inconsistent."""
    parent = parent_of(store, row)
    if parent is None:
        raise RuntimeError(
            f"sandbox store inconsistent: {row.kind} {row.id} has no parent container"
            f" ({row.parent_type} {row.parent_id})"
        )
    return parent


def ancestors(store: Store, row: Row) -> list[Row]:
    """Parents from the nearest up to the root."""
    chain: list[Row] = []
    current = parent_of(store, row)
    while current is not None and len(chain) < 64:
        chain.append(current)
        current = parent_of(store, current)
    return chain


def zone_of(store: Store, row: Row) -> str:
    """Marketing Activities, Design Studio or Lead Database."""
    if row.kind == "folder":
        return str(row.data.get("zone", MARKETING_ACTIVITIES))
    if row.kind == "program":
        return MARKETING_ACTIVITIES
    parent = parent_of(store, row)
    return zone_of(store, parent) if parent is not None else MARKETING_ACTIVITIES


def path_of(store: Store, row: Row) -> str:
    names = [item.name for item in reversed(ancestors(store, row))] + [row.name]
    return "/" + "/".join(names)


def owning_program(row: Row) -> int | None:
    """The program a container belongs to: itself for a program, else its program column."""
    if row.kind == "program":
        return row.id
    return row.program_id


def folder_type_of(row: Row) -> str:
    if row.kind == "program":
        return PROGRAM_FOLDER_TYPES.get(str(row.data.get("type")), "Marketing Program")
    return str(row.data.get("folderType", "Marketing Folder"))


def ref(row: Row) -> dict[str, Any]:
    """``{"id", "type"}`` as folders, smart lists and smart campaigns show their parent."""
    return {"id": row.id, "type": row.ref_type}


def named_ref(
    row: Row | None, fallback: tuple[str | None, int | None] = (None, None)
) -> dict[str, Any]:
    """Parent as emails, programs and templates show it: ``{type, value, folderName}``.

    Real Marketo writes ``value`` where the spec's ``Folder`` requires ``id``; both are given so
    clients written against either keep working.
    """
    if row is None:
        return {
            "type": fallback[0] or "Folder",
            "value": fallback[1],
            "id": fallback[1],
            "folderName": None,
        }
    return {"type": row.ref_type, "value": row.id, "id": row.id, "folderName": row.name}


def ui_url(prefix: str, asset_id: int, suffix: str = "A1") -> str:
    """A Marketo-UI-style deep link (``#PG1001A1``); not a working URL, as in real responses."""
    return f"{UI_BASE}/#{prefix}{asset_id}{suffix}"


def check_container(
    store: Store, container: Row, kind: str, *, program_type: str | None = None
) -> None:
    """711 unless ``container`` may hold an asset of ``kind`` (``program_type`` for programs)."""
    zone = zone_of(store, container)
    label = KIND_LABELS.get(kind, kind)
    where = f"{container.ref_type.lower()} '{container.name}' ({folder_type_of(container)})"
    in_program = owning_program(container) is not None
    if container.kind == "folder" and container.parent_id is None and zone != LEAD_DATABASE:
        # The app-area roots hold workspaces, not assets.
        raise errors.incompatible_folder(
            f"{label} cannot be created in the '{container.name}' root; use a workspace folder"
            f" such as '{container.name}/Default'"
        )
    if zone == MARKETING_ACTIVITIES:
        if kind == "program":
            if container.kind == "program":
                parent_type = str(container.data.get("type"))
                allowed = (parent_type == "Engagement" and program_type != "Engagement") or (
                    program_type == "Email"
                    and parent_type in {"Default", "Event", "Event with Webinar"}
                )
                if not allowed:
                    raise errors.incompatible_folder(
                        f"a {program_type} program cannot be created in {parent_type}"
                        f" program '{container.name}'"
                    )
                return
            if in_program:
                raise errors.incompatible_folder(f"a program cannot be created in {where}")
            return
        if kind in LOCAL_KINDS and in_program:
            return
        if kind in {"folder", "smart_campaign", "smart_list"}:
            return
        raise errors.incompatible_folder(f"{label} cannot be created in {where}")
    if zone == DESIGN_STUDIO:
        folder_type = folder_type_of(container)
        if folder_type == "Zone":
            raise errors.incompatible_folder(f"{label} cannot be created in {where}")
        if kind == "folder" or DESIGN_FOLDER_TYPES.get(kind) == folder_type:
            return
        raise errors.incompatible_folder(f"{label} cannot be created in {where}")
    if zone == LEAD_DATABASE and kind in {"folder", "smart_list", "static_list"}:
        return
    raise errors.incompatible_folder(f"{label} cannot be created in {where}")


def program_of(store: Store, container: Row) -> Row | None:
    program_id = owning_program(container)
    return store.get("program", program_id) if program_id is not None else None


def ensure_unique(
    store: Store,
    kind: str,
    name: str,
    container: Row,
    *,
    exclude_id: int | None = None,
) -> None:
    """709 when the name is taken where Marketo wants it unique for this kind."""
    label = KIND_LABELS.get(kind, kind)
    if kind == "program":
        candidates = store.find("program", name=name)
        scope = "in this subscription (program names are unique across all workspaces)"
    elif kind == "file":
        candidates = store.find("file", name=name)
        scope = "in Design Studio"
    elif kind in {"folder", "email_template"}:
        candidates = store.find(kind, name=name, parent=(container.ref_type, container.id))
        scope = f"in folder '{container.name}'"
    elif kind in LOCAL_KINDS and owning_program(container) is not None:
        program = program_of(store, container)
        candidates = store.find(kind, name=name, program_id=owning_program(container))
        scope = f"in program '{program.name if program else owning_program(container)}'"
    else:
        candidates = [
            row
            for row in store.find(kind, name=name, workspace=container.workspace)
            if row.program_id is None
        ]
        scope = f"in workspace '{container.workspace}'"
    if any(row.id != exclude_id and not row.data.get("owner") for row in candidates):
        raise errors.name_taken(label, name, scope)


def placement(container: Row) -> dict[str, Any]:
    """Row columns for a new asset placed in ``container``."""
    return {
        "workspace": container.workspace,
        "parent_type": container.ref_type,
        "parent_id": container.id,
        "program_id": owning_program(container),
    }


def subtree(store: Store, root: Row) -> list[Row]:
    """Every folder and program below a container, depth-first (not including it)."""
    found: list[Row] = []
    for child in store.children(root):
        if child.kind in {"folder", "program"}:
            found.append(child)
            found.extend(subtree(store, child))
    return found
