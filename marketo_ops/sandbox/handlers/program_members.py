"""Program members (``/rest/v1/programs/{id}/members``) and their field schema.

Members are queried by a searchable member field (``leadId``, ``statusName``,
``reachedSuccess``, ``acquiredBy`` or a custom member field), optionally within an ``updatedAt``
window (``startAt``/``endAt``). Statuses follow the program's channel; custom member data is
written only for existing members.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import lead_schema, membership
from ..domain.leaddb import (
    MAX_BATCH,
    after_id,
    batch_size,
    body,
    encode_token,
    input_list,
    page_extra,
    parse_when,
    text_list,
)
from ._leaddb import mapi, respond

V1 = "/rest/v1"
_SEARCHABLE = {"leadId", "statusName", "reachedSuccess", "acquiredBy"}


def _matches(value: object, wanted: set[str]) -> bool:
    if isinstance(value, bool):
        return ("true" if value else "false") in wanted
    return str(value).lower() in wanted


@mapi("GET", f"{V1}/programs/{{programId}}/members.json", "getProgramMembersUsingGET")
def browse(ctx: Ctx) -> Response:
    params = ctx.params
    program = membership.require_program(ctx.store, params.path_int("programId"))
    filter_type = params.required("filterType")
    custom = lead_schema.custom_member_fields(ctx.store)
    if filter_type not in _SEARCHABLE and filter_type not in custom:
        raise errors.invalid_data(f"Invalid filterType '{filter_type}'")
    values = text_list(params.raw("filterValues"))
    if not values:
        raise errors.blank("filterValues")
    if len(values) > MAX_BATCH:
        raise errors.invalid_data(f"Too many values for 'filterValues' (at most {MAX_BATCH})")
    wanted = {value.lower() for value in values}
    start_at = parse_when(params.text("startAt"), "startAt") if params.text("startAt") else None
    end_at = parse_when(params.text("endAt"), "endAt") if params.text("endAt") else None
    known = {item["name"] for item in lead_schema.program_member_fields(ctx.store)}
    fields = text_list(params.raw("fields")) or ["statusName", "leadId", "programId"]
    for name in fields:
        if name not in known:
            raise errors.ApiError(1006, f"Field '{name}' not found")
    size = batch_size(params)
    start = after_id(params, "L")
    found = []
    for m in membership.members(ctx.store, program.id, after=start):
        if not _matches(membership.member_value(m, filter_type), wanted):
            continue
        if start_at is not None and m.updated_at < start_at:
            continue
        if end_at is not None and m.updated_at > end_at:
            continue
        found.append(m)
        if len(found) > size:
            break
    shown = found[:size]
    items = [membership.render_member(m, index, fields) for index, m in enumerate(shown)]
    extra = page_extra("L", found, size, shown[-1].lead_id if shown else 0)
    return respond(ctx, items, **extra)


@mapi(
    "POST", f"{V1}/programs/{{programId}}/members/status.json", "syncProgramMemberStatusUsingPOST"
)
def sync_status(ctx: Ctx) -> Response:
    status = body(ctx.params).get("statusName")
    if not status:
        raise errors.blank("statusName")
    ids = []
    for item in input_list(ctx.params):
        lead_id = item.get("leadId")
        if not isinstance(lead_id, int):
            raise errors.invalid_value(lead_id, "Integer")
        ids.append(lead_id)
    results = membership.change_status(
        ctx.store, ctx.params.path_int("programId"), str(status), ids, seq=True
    )
    return respond(ctx, results)


@mapi("POST", f"{V1}/programs/{{programId}}/members.json", "syncProgramMemberDataUsingPOST")
def sync_data(ctx: Ctx) -> Response:
    results = membership.sync_member_data(
        ctx.store, ctx.params.path_int("programId"), input_list(ctx.params)
    )
    return respond(ctx, results)


@mapi("POST", f"{V1}/programs/{{programId}}/members/delete.json", "deleteProgramMemberUsingPOST")
def delete(ctx: Ctx) -> Response:
    ids = []
    for item in input_list(ctx.params):
        lead_id = item.get("leadId")
        if not isinstance(lead_id, int):
            raise errors.invalid_value(lead_id, "Integer")
        ids.append(lead_id)
    return respond(ctx, membership.delete_members(ctx.store, ctx.params.path_int("programId"), ids))


@mapi("GET", f"{V1}/programs/members/describe.json", "describeProgramMemberUsingGET2")
def describe2(ctx: Ctx) -> Response:
    return respond(ctx, [lead_schema.member_describe2(ctx.store)])


@mapi("GET", f"{V1}/program/members/describe.json", "describeProgramMemberUsingGET")
def describe(ctx: Ctx) -> Response:
    return respond(
        ctx,
        [{"name": "Program Member", "fields": lead_schema.member_describe_fields(ctx.store)}],
    )


@mapi("GET", f"{V1}/programs/members/schema/fields.json", "getProgramMemberFieldsUsingGET")
def fields_list(ctx: Ctx) -> Response:
    items = [
        lead_schema.render_member_field(item)
        for item in lead_schema.program_member_fields(ctx.store)
    ]
    size = batch_size(ctx.params)
    start = after_id(ctx.params, "F")
    shown = items[start : start + size]
    extra: dict[str, Any] = (
        {"nextPageToken": encode_token("F", start + size), "moreResult": True}
        if start + size < len(items)
        else {}
    )
    return respond(ctx, shown, **extra)


@mapi(
    "GET",
    f"{V1}/programs/members/schema/fields/{{fieldApiName}}.json",
    "getProgramMemberFieldByNameUsingGET",
)
def field_by_name(ctx: Ctx) -> Response:
    lead_schema.program_member_fields(ctx.store)
    item = ctx.store.catalog_get("pm_field", ctx.params.path["fieldApiName"])
    if item is None:
        raise errors.ApiError(1006, f"Field '{ctx.params.path['fieldApiName']}' not found")
    return respond(ctx, [lead_schema.render_member_field(item)])


@mapi("POST", f"{V1}/programs/members/schema/fields.json", "createProgramMemberFieldUsingPOST")
def create_fields(ctx: Ctx) -> Response:
    return respond(ctx, lead_schema.create_member_fields(ctx.store, input_list(ctx.params)))


@mapi(
    "POST",
    f"{V1}/programs/members/schema/fields/{{fieldApiName}}.json",
    "updateProgramMemberFieldUsingPOST",
)
def update_field(ctx: Ctx) -> Response:
    change = input_list(ctx.params, limit=1)[0]
    return respond(
        ctx, lead_schema.update_member_field(ctx.store, ctx.params.path["fieldApiName"], change)
    )
