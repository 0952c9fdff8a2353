"""Email modules API: add, delete, duplicate, rename and rearrange an email's modules.

Each call edits the email's draft and answers the email's id (``EmailModuleResponse``); Get Email
Content (``handlers/emails.py``) shows the result. Parameters may come in the query string (as
the spec declares them) or the form body (as Adobe's examples send them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import asset_rules, modules, versions
from ..routing import operation
from ..store.db import Row
from .common import ids

BASE = "/rest/asset/v1"

Edit = Callable[[Row, dict[str, Any]], dict[str, Any]]


def _edit(ctx: Ctx, change: Edit) -> list[dict[str, Any]]:
    email_id = ctx.params.path_int()
    row = asset_rules.get(ctx.store, "email", email_id)
    if row is None:
        raise errors.not_found("Email", email_id)
    with ctx.store.transaction():
        draft = change(row, copy.deepcopy(versions.editable(row)))
        versions.set_draft(row, draft)
        ctx.store.save(row)
    return ids(row.id)


@operation("POST", f"{BASE}/email/{{id}}/content/{{moduleId}}/add.json", "addModuleUsingPOST")
def add_module(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    index = params.required_integer("index")
    module_id = params.path["moduleId"]
    return _edit(ctx, lambda row, draft: modules.add(row, draft, module_id, name, index))


@operation("POST", f"{BASE}/email/{{id}}/content/{{moduleId}}/delete.json", "deleteModuleUsingPOST")
def delete_module(ctx: Ctx) -> list[dict[str, Any]]:
    module_id = ctx.params.path["moduleId"]
    return _edit(ctx, lambda row, draft: modules.delete(row, draft, module_id))


@operation(
    "POST",
    f"{BASE}/email/{{id}}/content/{{moduleId}}/duplicate.json",
    "duplicateModuleUsingPOST",
)
def duplicate_module(ctx: Ctx) -> list[dict[str, Any]]:
    name = ctx.params.required("name")
    module_id = ctx.params.path["moduleId"]
    return _edit(ctx, lambda row, draft: modules.duplicate(row, draft, module_id, name))


@operation("POST", f"{BASE}/email/{{id}}/content/{{moduleId}}/rename.json", "renameUsingPOST")
def rename_module(ctx: Ctx) -> list[dict[str, Any]]:
    name = ctx.params.required("name")
    module_id = ctx.params.path["moduleId"]
    return _edit(ctx, lambda row, draft: modules.rename(row, draft, module_id, name))


@operation("POST", f"{BASE}/email/{{id}}/content/rearrange.json", "rearrangeModulesUsingPOST")
def rearrange_modules(ctx: Ctx) -> list[dict[str, Any]]:
    positions = ctx.params.json_field("positions", required=True)
    return _edit(ctx, lambda row, draft: modules.rearrange(row, draft, positions))
