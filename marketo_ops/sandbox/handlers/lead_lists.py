"""Static list membership through the lead database (``/rest/v1/lists``).

The lists are the asset API's static lists (same ids); this area reads them and changes who is
in them. Lead ids come in the ``id`` query parameter or an ``input`` body (at most 300).
``ismember`` may be tunnelled as ``POST ...?_method=GET`` with the ids in a JSON ``input`` body
(the app routes every ``_method=GET`` POST to the GET operation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
)
from ..routing import Handler
from ._leaddb import browse_named, mapi, respond, source

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
    return browse_named(
        ctx,
        ctx.store.find("static_list"),
        lambda row: membership.render_list(ctx.store, row),
        "S",
    )


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


def _change(change: Callable[..., list[dict[str, Any]]], method: str) -> Handler:
    """Add leads to, or remove them from, the list: one result per lead id."""

    def handler(ctx: Ctx) -> Response:
        list_id = ctx.params.path_int("listId")
        results = change(ctx.store, list_id, _lead_ids(ctx), source=source(ctx, method))
        return respond(ctx, results)

    return handler


LEADS = f"{V1}/lists/{{listId}}/leads.json"
mapi("POST", LEADS, "addLeadsToListUsingPOST")(_change(membership.add_to_list, "addLeadsToList"))
mapi("DELETE", LEADS, "removeLeadsFromListUsingDELETE")(
    _change(membership.remove_from_list, "removeLeadsFromList")
)


def is_member(ctx: Ctx) -> Response:
    results = membership.is_member(ctx.store, ctx.params.path_int("listId"), _lead_ids(ctx))
    return respond(ctx, results)


mapi("GET", f"{V1}/lists/{{listId}}/leads/ismember.json", "areLeadsMemberOfListUsingGET")(is_member)
