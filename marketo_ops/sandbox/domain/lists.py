"""Static lists: named sets of leads, local to a program or in the Lead Database.

The asset API manages the list itself (create, rename, delete); membership belongs to the lead
database API, which uses the same list ids (``/rest/v1/lists/{id}/leads.json``).
"""

from __future__ import annotations

from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import tree


def render(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("ST", row.id),
        "folder": {"id": row.parent_id, "type": row.parent_type},
        "workspace": row.workspace,
        "computedUrl": tree.ui_url("ST", row.id),
    }


def require(store: Store, list_id: int) -> Row:
    row = store.get("static_list", list_id)
    if row is None:
        raise errors.not_found("Static list", list_id)
    return row


def create(store: Store, *, name: str, container: Row, description: str = "") -> Row:
    with store.transaction():
        tree.check_container(store, container, "static_list")
        tree.ensure_unique(store, "static_list", name, container)
        return store.insert(
            Row(
                kind="static_list",
                id=store.next_id("static_list"),
                name=name,
                **tree.placement(container),
                data={"description": description, "leads": []},
            )
        )
