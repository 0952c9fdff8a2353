"""Static list membership through the lead database (``/rest/v1/lists``).

The lists are the asset API's static lists (same ids); this area reads them and changes who is
in them. Lead ids come in the ``id`` query parameter or an ``input`` body (at most 300).
``ismember`` may be tunnelled as ``POST ...?_method=GET`` with the ids in a JSON ``input`` body
(the app routes every ``_method=GET`` POST to the GET operation).
"""

from __future__ import annotations

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import leads, membership
from ..domain.leaddb import (
    MAX_BATCH,
    after_id,
    batch_size,
    id_list,
    input_list,
    page_extra,
    text_list,
)
from ._leaddb import mapi, respond, source

V1 = "/rest/v1"


def _lead_ids(ctx: Ctx) -> list[int]:
    ids = id_list(ctx.params.raw("id"), "id")
    for item in input_list(ctx.params, required=False):
        value = item.get("id")
        if not isinstance(value, int):
            raise errors.invalid_value(value, "Integer")
        ids.append(value)
    if not ids:
        raise errors.blank("id")
    if len(ids) > MAX_BATCH:
        raise errors.invalid_data(f"Too many leads: {len(ids)} (at most {MAX_BATCH} per call)")
    return ids


@mapi("GET", f"{V1}/lists.json", "getListsUsingGET")
def browse(ctx: Ctx) -> Response:
    params = ctx.params
    ids = set(id_list(params.raw("id"), "id", limit=10_000))
    names = {name.lower() for name in text_list(params.raw("name"))}
    programs = {name.lower() for name in text_list(params.raw("programName"))}
    workspaces = {name.lower() for name in text_list(params.raw("workspaceName"))}
    start = after_id(params, "S")
    size = batch_size(params)
    items = []
    for row in ctx.store.find("static_list"):
        if row.id <= start or (ids and row.id not in ids):
            continue
        if names and row.name.lower() not in names:
            continue
        if workspaces and row.workspace.lower() not in workspaces:
            continue
        rendered = membership.render_list(ctx.store, row)
        if programs and str(rendered.get("programName", "")).lower() not in programs:
            continue
        items.append(rendered)
        if len(items) > size:
            break
    shown = items[:size]
    extra = page_extra("S", items, size, int(shown[-1]["id"]) if shown else 0)
    return respond(ctx, shown, **extra)


@mapi("GET", f"{V1}/lists/{{listId}}.json", "getListByIdUsingGET")
def get_by_id(ctx: Ctx) -> Response:
    row = membership.require_list(ctx.store, ctx.params.path_int("listId"))
    return respond(ctx, [membership.render_list(ctx.store, row)])


def members(ctx: Ctx) -> Response:
    params = ctx.params
    row = membership.require_list(ctx.store, params.path_int("listId"))
    names = leads.requested_fields(params.raw("fields"), leads.schema(ctx.store))
    size = batch_size(params)
    ids = membership.list_member_ids(ctx.store, row.id, after=after_id(params, "L"), limit=size + 1)
    shown = ids[:size]
    rows = leads.get_many(ctx.store, shown)
    items = [leads.render(rows[lead_id], names) for lead_id in shown if lead_id in rows]
    extra = page_extra("L", [{"id": value} for value in ids], size, shown[-1] if shown else 0)
    return respond(ctx, items, **extra)


mapi("GET", f"{V1}/lists/{{listId}}/leads.json", "getLeadsByListIdUsingGET_1")(members)
mapi("GET", f"{V1}/list/{{listId}}/leads.json", "getLeadsByListIdUsingGET")(members)


@mapi("POST", f"{V1}/lists/{{listId}}/leads.json", "addLeadsToListUsingPOST")
def add(ctx: Ctx) -> Response:
    results = membership.add_to_list(
        ctx.store,
        ctx.params.path_int("listId"),
        _lead_ids(ctx),
        source=source(ctx, "addLeadsToList"),
    )
    return respond(ctx, results)


@mapi("DELETE", f"{V1}/lists/{{listId}}/leads.json", "removeLeadsFromListUsingDELETE")
def remove(ctx: Ctx) -> Response:
    results = membership.remove_from_list(
        ctx.store,
        ctx.params.path_int("listId"),
        _lead_ids(ctx),
        source=source(ctx, "removeLeadsFromList"),
    )
    return respond(ctx, results)


def is_member(ctx: Ctx) -> Response:
    results = membership.is_member(ctx.store, ctx.params.path_int("listId"), _lead_ids(ctx))
    return respond(ctx, results)


mapi("GET", f"{V1}/lists/{{listId}}/leads/ismember.json", "areLeadsMemberOfListUsingGET")(is_member)
