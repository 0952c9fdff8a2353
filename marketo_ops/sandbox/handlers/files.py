"""Files API: images and documents in Design Studio (multipart uploads)."""

from __future__ import annotations

import mimetypes
from typing import Any

from ..context import Ctx
from ..domain import files
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, one

BASE = crud.BASE


def _upload(ctx: Ctx) -> tuple[bytes, str]:
    upload = ctx.params.required_file("file")
    mime = upload.content_type
    if not mime or mime == "application/octet-stream":
        mime = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
    return upload.content, mime


def _render(ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    return files.render(ctx.store, row, ctx.base_url)


FILES = crud.Family("file", "file", "files", _render)
crud.get(FILES, "getFileByIdUsingGET")
crud.by_name(FILES, "getFileByNameUsingGET")
crud.browse(FILES, "getFilesUsingGET")


@operation("POST", f"{BASE}/files.json", "createFileUsingPOST")
def create_file(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    folder = container(ctx)
    content, mime = _upload(ctx)
    row = files.create(
        ctx.store,
        name=name,
        container=folder,
        content=content,
        mime_type=mime,
        description=params.text("description"),
        insert_only=bool(params.boolean("insertOnly", default=False)),
    )
    return one(files.render(ctx.store, row, ctx.base_url))


@operation("POST", f"{BASE}/file/{{id}}/content.json", "updateContentUsingPOST")
def update_file(ctx: Ctx) -> list[dict[str, Any]]:
    row = FILES.require(ctx)
    content, mime = _upload(ctx)
    row = files.replace_content(ctx.store, row, content, mime)
    return one(files.render(ctx.store, row, ctx.base_url))
