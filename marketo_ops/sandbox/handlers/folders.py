"""Folders API and folder/program My Tokens."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import folders, tokens, tree
from ..routing import operation
from .common import container, ids, one, paged

BASE = "/rest/asset/v1"


def _type(ctx: Ctx, name: str = "type") -> str:
    value = (ctx.params.text(name) or "Folder").strip().lower()
    if value not in {"folder", "program"}:
        raise errors.invalid_value(ctx.params.text(name), "type (Folder or Program)")
    return "Program" if value == "program" else "Folder"


@operation("GET", f"{BASE}/folder/{{id}}.json", "getFolderByIdUsingGET")
def get_by_id(ctx: Ctx) -> list[dict[str, Any]]:
    row = folders.get(ctx.store, ctx.params.path_int(), _type(ctx))
    return one(folders.render(ctx.store, row) if row else None)


@operation("GET", f"{BASE}/folder/byName.json", "getFolderByNameUsingGET")
def get_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    folder_type = params.text("type")
    root_value = params.json_field("root")
    root = tree.resolve_container(ctx.store, root_value, "root") if root_value is not None else None
    workspace = params.text("workSpace", aliases=("workspace",)) or None
    rows = folders.by_name(
        ctx.store,
        name,
        folder_type=_type(ctx) if folder_type else None,
        root=root,
        workspace=workspace,
    )
    return [folders.render(ctx.store, row) for row in rows]


@operation("GET", f"{BASE}/folders.json", "getFolderUsingGET")
def browse(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    max_depth = params.integer_or("maxDepth", 2)
    root_value = params.json_field("root")
    starts = (
        [tree.resolve_container(ctx.store, root_value, "root")]
        if root_value is not None
        else folders.roots(ctx.store)
    )
    workspace = params.text("workSpace", aliases=("workspace",)) or None
    found = []
    for start in starts:
        found.extend(folders.walk(ctx.store, start, max_depth))
    if workspace:
        found = [row for row in found if row.workspace.lower() == workspace.lower()]
    return paged(ctx, [folders.render(ctx.store, row) for row in found])


@operation("POST", f"{BASE}/folders.json", "createFolderUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    parent = container(ctx, "parent")
    row = folders.create(ctx.store, name, parent, params.text("description"))
    return one(folders.render(ctx.store, row))


@operation("POST", f"{BASE}/folder/{{id}}.json", "updateFolderUsingPOST")
def update(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = folders.require(ctx.store, params.path_int(), _type(ctx))
    row = folders.update(
        ctx.store,
        row,
        name=params.text("name") or None,
        description=params.text("description"),
        is_archive=params.boolean("isArchive"),
    )
    return one(folders.render(ctx.store, row))


@operation("POST", f"{BASE}/folder/{{id}}/delete.json", "deleteFolderUsingPOST")
def delete(ctx: Ctx) -> list[dict[str, Any]]:
    row = folders.require(ctx.store, ctx.params.path_int(), _type(ctx))
    folders.delete(ctx.store, row)
    return ids(row.id)


@operation("GET", f"{BASE}/folder/{{id}}/content.json", "getFolderContentUsingGET")
def content(ctx: Ctx) -> list[dict[str, Any]]:
    row = folders.require(ctx.store, ctx.params.path_int(), _type(ctx))
    return paged(ctx, folders.content(ctx.store, row))


# --- My Tokens ----------------------------------------------------------------------------------
def _token_owner(ctx: Ctx) -> Any:
    folder_type = _type(ctx, "folderType")
    row = folders.get(ctx.store, ctx.params.path_int(), folder_type)
    if row is None:
        raise errors.folder_not_found(ctx.params.path_int(), folder_type)
    return row


@operation("GET", f"{BASE}/folder/{{id}}/tokens.json", "getTokensByFolderIdUsingGET")
def list_tokens(ctx: Ctx) -> list[dict[str, Any]]:
    return one(tokens.render(ctx.store, _token_owner(ctx)))


@operation("POST", f"{BASE}/folder/{{id}}/tokens.json", "addTokenTOFolderUsingPOST")
def add_token(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    owner = _token_owner(ctx)
    name = params.required("name")
    kind = params.required("type")
    value = params.text("value", required=True) or ""
    tokens.put(ctx.store, owner, name, kind, value)
    return one(tokens.render(ctx.store, owner))


@operation("POST", f"{BASE}/folder/{{id}}/tokens/delete.json", "deleteTokenByNameUsingPOST")
def delete_token(ctx: Ctx) -> list[dict[str, Any]]:
    owner = _token_owner(ctx)
    tokens.delete(ctx.store, owner, ctx.params.required("name"))
    return ids(owner.id)
