"""Files (images and documents) in Design Studio.

File names are unique across Design Studio, because a file's public URL is built from its name.
Creating a file whose name exists updates the existing file, unless ``insertOnly`` is true, which
Marketo refuses with 709. Content is kept in the store (base64), so the sandbox can serve it.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import tree

PUBLIC_PREFIX = "/rs/sandbox/images/"


def url_for(base_url: str, name: str) -> str:
    return f"{base_url.rstrip('/')}{PUBLIC_PREFIX}{quote(name)}"


def render(store: Store, row: Row, base_url: str) -> dict[str, Any]:
    parent = tree.parent_of(store, row)
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "folder": {
            "type": tree.folder_type_of(parent) if parent else "Image",
            "id": row.parent_id,
            "name": parent.name if parent else None,
        },
        "mimeType": row.data.get("mimeType", "application/octet-stream"),
        "size": int(row.data.get("size", 0)),
        "url": url_for(base_url, row.name),
    }


def content_of(row: Row) -> bytes:
    return base64.b64decode(str(row.data.get("content", "")))


def _set_content(row: Row, content: bytes, mime_type: str) -> None:
    row.data["content"] = base64.b64encode(content).decode("ascii")
    row.data["size"] = len(content)
    row.data["mimeType"] = mime_type


def create(
    store: Store,
    *,
    name: str,
    container: Row,
    content: bytes,
    mime_type: str,
    description: str | None = None,
    insert_only: bool = False,
) -> Row:
    with store.transaction():
        tree.check_container(store, container, "file")
        existing = store.find("file", name=name)
        if existing:
            if insert_only:
                raise errors.business_rule(f"File '{name}' already exists (insertOnly is true)")
            row = existing[0]
            _set_content(row, content, mime_type)
            if description is not None:
                row.data["description"] = description
            return store.save(row)
        row = Row(
            kind="file",
            id=store.next_id("file"),
            name=name,
            **tree.placement(container),
            data={"description": description},
        )
        _set_content(row, content, mime_type)
        return store.insert(row)


def replace_content(store: Store, row: Row, content: bytes, mime_type: str) -> Row:
    with store.transaction():
        _set_content(row, content, mime_type)
        return store.save(row)
