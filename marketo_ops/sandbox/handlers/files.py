"""Files API: images and documents in Design Studio (multipart uploads)."""

from __future__ import annotations

import mimetypes
from typing import Any

from ..context import Ctx
from ..domain import assets, files
from ..routing import operation
from .common import container, one, optional_container, paged

BASE = "/rest/asset/v1"


def _upload(ctx: Ctx) -> tuple[bytes, str]:
    upload = ctx.params.file("file", required=True)
    assert upload is not None
    mime = upload.content_type
    if not mime or mime == "application/octet-stream":
        mime = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
    return upload.content, mime


@operation("GET", f"{BASE}/file/{{id}}.json", "getFileByIdUsingGET")
def get_file(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("file", ctx.params.path_int())
    return one(files.render(ctx.store, row, ctx.base_url) if row else None)


@operation("GET", f"{BASE}/file/byName.json", "getFileByNameUsingGET")
def get_file_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("file", name=ctx.params.required("name"))
    return [files.render(ctx.store, row, ctx.base_url) for row in rows]


@operation("GET", f"{BASE}/files.json", "getFilesUsingGET")
def browse_files(ctx: Ctx) -> list[dict[str, Any]]:
    folder = optional_container(ctx)
    rows = [row for row in ctx.store.find("file") if assets.in_container(ctx.store, row, folder)]
    return paged(ctx, [files.render(ctx.store, row, ctx.base_url) for row in rows])


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
    row = assets.require(ctx.store, "file", ctx.params.path_int())
    content, mime = _upload(ctx)
    row = files.replace_content(ctx.store, row, content, mime)
    return one(files.render(ctx.store, row, ctx.base_url))
