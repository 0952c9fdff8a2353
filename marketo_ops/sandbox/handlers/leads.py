"""Leads API (``/rest/v1/lead*``): get, query, sync, delete, merge, partitions, memberships,
the lead field schema, push and form submission.

Queries by filter take any searchable field (``describe2``'s ``searchableFields``) with at most
300 values; a long query may come as ``POST ...?_method=GET`` with a form body, which Marketo
accepts to avoid 414 on long URLs.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import activities, lead_schema, leads, membership
from ..domain.leaddb import (
    LEAD_NOT_FOUND,
    MAX_BATCH,
    after_id,
    batch_size,
    body,
    encode_token,
    id_list,
    input_ids,
    input_list,
    iso,
    page_extra,
    text_list,
)
from ._leaddb import mapi, respond, source

V1 = "/rest/v1"


def _lead_page(ctx: Ctx, rows: list[leads.LeadRow], names: list[str], size: int) -> Response:
    shown = rows[:size]
    extra = page_extra("L", rows, size, shown[-1].id if shown else 0)
    return respond(ctx, [leads.render(lead, names) for lead in shown], **extra)


@mapi("GET", f"{V1}/lead/{{leadId}}.json", "getLeadByIdUsingGET")
def get_by_id(ctx: Ctx) -> Response:
    definitions = leads.schema(ctx.store)
    names = leads.requested_fields(ctx.params.raw("fields"), definitions)
    lead = leads.get(ctx.store, ctx.params.path_int("leadId"))
    return respond(ctx, [leads.render(lead, names)] if lead else [])


@mapi("GET", f"{V1}/leads.json", "getLeadsByFilterUsingGET")
def get_by_filter(ctx: Ctx) -> Response:
    params = ctx.params
    definitions = leads.schema(ctx.store)
    filter_type = params.required("filterType")
    definition = definitions.get(filter_type)
    if definition is None or not definition.searchable:
        raise errors.invalid_data(f"Invalid filterType '{filter_type}'")
    values = text_list(params.raw("filterValues"))
    if not values:
        raise errors.blank("filterValues")
    if len(values) > MAX_BATCH:
        raise errors.invalid_data(
            f"Too many values for 'filterValues': {len(values)} (at most {MAX_BATCH})"
        )
    names = leads.requested_fields(params.raw("fields"), definitions)
    size = batch_size(params)
    rows = leads.find(
        ctx.store,
        filter_type,
        values,
        after=after_id(params, "L"),
        limit=size + 1,
        fields=definitions,
    )
    return _lead_page(ctx, rows, names, size)


@mapi("POST", f"{V1}/leads.json", "syncLeadUsingPOST")
def sync(ctx: Ctx) -> Response:
    payload = body(ctx.params)
    records = input_list(ctx.params)
    results = leads.sync(
        ctx.store,
        records,
        action=str(payload.get("action") or "createOrUpdate"),
        lookup_field=str(payload.get("lookupField") or "email"),
        partition_name=payload.get("partitionName"),
        source=source(ctx, "syncLead"),
    )
    return respond(ctx, results)


@mapi("POST", f"{V1}/leads/delete.json", "deleteLeadsUsingPOST")
def delete(ctx: Ctx) -> Response:
    ids = id_list(ctx.params.raw("id"), "id")
    ids += input_ids(input_list(ctx.params, required=False))
    if not ids:
        raise errors.blank("input")
    if len(ids) > MAX_BATCH:
        raise errors.invalid_data(f"Too many records: {len(ids)} (at most {MAX_BATCH} per call)")
    return respond(ctx, leads.delete(ctx.store, ids, source=source(ctx, "deleteLead")))


@mapi("GET", f"{V1}/leads/describe2.json", "describeUsingGET_6")
def describe2(ctx: Ctx) -> Response:
    return respond(ctx, [lead_schema.describe2(ctx.store)])


# --- field schema -------------------------------------------------------------------------------
def _paged_list(ctx: Ctx, items: list[dict[str, Any]], kind: str) -> Response:
    size = batch_size(ctx.params)
    start = after_id(ctx.params, kind)
    shown = items[start : start + size]
    extra: dict[str, Any] = {}
    if start + size < len(items):
        extra = {"nextPageToken": encode_token(kind, start + size), "moreResult": True}
    return respond(ctx, shown, **extra)


@mapi("GET", f"{V1}/leads/schema/fields.json", "getLeadFieldsUsingGET")
def lead_fields(ctx: Ctx) -> Response:
    items = [lead_schema.render_field(item) for item in ctx.store.catalog_all("lead_field")]
    return _paged_list(ctx, items, "F")


@mapi("GET", f"{V1}/leads/schema/fields/{{fieldApiName}}.json", "getLeadFieldByNameUsingGET")
def lead_field(ctx: Ctx) -> Response:
    item = ctx.store.catalog_get("lead_field", ctx.params.path["fieldApiName"])
    if item is None:
        raise errors.ApiError(1006, f"Field '{ctx.params.path['fieldApiName']}' not found")
    return respond(ctx, [lead_schema.render_field(item)])


@mapi("POST", f"{V1}/leads/schema/fields.json", "createLeadFieldUsingPOST")
def create_lead_fields(ctx: Ctx) -> Response:
    return respond(ctx, lead_schema.create_lead_fields(ctx.store, input_list(ctx.params)))


@mapi("POST", f"{V1}/leads/schema/fields/{{fieldApiName}}.json", "updateLeadFieldUsingPOST")
def update_lead_field(ctx: Ctx) -> Response:
    changes = input_list(ctx.params, limit=1)
    return respond(
        ctx,
        lead_schema.update_lead_field(ctx.store, ctx.params.path["fieldApiName"], changes[0]),
    )


# --- partitions ---------------------------------------------------------------------------------
@mapi("GET", f"{V1}/leads/partitions.json", "getLeadPartitionsUsingGET")
def partitions(ctx: Ctx) -> Response:
    return respond(ctx, leads.partitions(ctx.store))


@mapi("POST", f"{V1}/leads/partitions.json", "updatePartitionsUsingPOST")
def update_partitions(ctx: Ctx) -> Response:
    return respond(ctx, leads.change_partitions(ctx.store, input_list(ctx.params)))


# --- program membership -------------------------------------------------------------------------
@mapi("GET", f"{V1}/leads/programs/{{programId}}.json", "getLeadsByProgramIdUsingGET")
def leads_by_program(ctx: Ctx) -> Response:
    params = ctx.params
    program = membership.require_program(ctx.store, params.path_int("programId"))
    names = leads.requested_fields(params.raw("fields"), leads.schema(ctx.store))
    size = batch_size(params)
    found = membership.members(ctx.store, program.id, after=after_id(params, "L"), limit=size + 1)
    shown = found[:size]
    rows = leads.get_many(ctx.store, [m.lead_id for m in shown])
    items = []
    for m in shown:
        lead = rows.get(m.lead_id)
        if lead is None:
            continue
        item = leads.render(lead, names)
        item["membership"] = {
            "progressionStatus": m.status,
            "acquiredBy": m.acquired_by,
            "reachedSuccess": m.reached_success,
            "membershipDate": iso(m.membership_date),
            "isExhausted": False,
        }
        items.append(item)
    extra = page_extra("L", found, size, shown[-1].lead_id if shown else 0)
    return respond(ctx, items, **extra)


@mapi("POST", f"{V1}/leads/programs/{{programId}}/status.json", "changeLeadProgramStatusUsingPOST")
def change_program_status(ctx: Ctx) -> Response:
    payload = body(ctx.params)
    status = payload.get("status")
    if not status:
        raise errors.blank("status")
    ids = input_ids(input_list(ctx.params))
    results = membership.change_status(
        ctx.store, ctx.params.path_int("programId"), str(status), ids, seq=False
    )
    return respond(ctx, results)


@mapi("GET", f"{V1}/leads/{{leadId}}/listMembership.json", "getListMembershipUsingGET")
def list_membership(ctx: Ctx) -> Response:
    lead_id = ctx.params.path_int("leadId")
    if not leads.exists(ctx.store, lead_id):
        raise errors.ApiError(*LEAD_NOT_FOUND)
    size = batch_size(ctx.params)
    found = membership.lists_of(ctx.store, lead_id, after=after_id(ctx.params, "M"), limit=size + 1)
    shown = found[:size]
    extra = page_extra("M", found, size, int(shown[-1]["listId"]) if shown else 0)
    return respond(ctx, shown, **extra)


@mapi("GET", f"{V1}/leads/{{leadId}}/programMembership.json", "getProgramMembershipUsingGET")
def program_membership(ctx: Ctx) -> Response:
    params = ctx.params
    lead_id = params.path_int("leadId")
    if not leads.exists(ctx.store, lead_id):
        raise errors.ApiError(*LEAD_NOT_FOUND)
    found = membership.memberships_of(ctx.store, lead_id)
    if (params.text("filterType") or "") == "programId":
        wanted = set(id_list(params.raw("filterValues"), "filterValues"))
        found = [m for m in found if m.program_id in wanted]
    start = after_id(params, "P")
    size = batch_size(params)
    later = [m for m in found if m.program_id > start]
    shown = later[:size]
    extra = page_extra("P", later, size, shown[-1].program_id if shown else 0)
    return respond(ctx, [membership.render_membership(m) for m in shown], **extra)


@mapi(
    "GET",
    f"{V1}/leads/{{leadId}}/smartCampaignMembership.json",
    "getSmartCampaignMembershipUsingGET",
)
def campaign_membership(ctx: Ctx) -> Response:
    """Campaigns a lead was requested into (the sandbox runs no smart lists, so these are all)."""
    lead_id = ctx.params.path_int("leadId")
    if not leads.exists(ctx.store, lead_id):
        raise errors.ApiError(*LEAD_NOT_FOUND)
    requested = activities.requested_campaigns(ctx.store, lead_id)
    start = after_id(ctx.params, "C")
    size = batch_size(ctx.params)
    items: list[dict[str, Any]] = [
        {"smartCampaignId": cid, "createdAt": iso(first), "updatedAt": iso(last)}
        for cid, first, last in requested
        if cid > start
    ]
    shown = items[:size]
    extra = page_extra("C", items, size, int(shown[-1]["smartCampaignId"]) if shown else 0)
    return respond(ctx, shown, **extra)


# --- merge, associate, push, forms ------------------------------------------------------------
@mapi("POST", f"{V1}/leads/{{leadId}}/merge.json", "mergeLeadsUsingPOST")
def merge(ctx: Ctx) -> Response:
    params = ctx.params
    losers = id_list(params.raw("leadIds"), "leadIds") or id_list(params.raw("leadId"), "leadId")
    if params.boolean("mergeInCRM", default=False):
        raise errors.ApiError(1076, "Merge in CRM is not possible: the sandbox has no CRM sync")
    leads.merge(ctx.store, params.path_int("leadId"), losers)
    return respond(ctx)


@mapi("POST", f"{V1}/leads/{{leadId}}/associate.json", "associateLeadUsingPOST")
def associate(ctx: Ctx) -> Response:
    """Associate a Munchkin cookie with a known lead (kept on the lead, not a field)."""
    leads.associate_cookie(ctx.store, ctx.params.path_int("leadId"), ctx.params.required("cookie"))
    return respond(ctx)


@mapi("POST", f"{V1}/leads/push.json", "pushToMarketoUsingPOST")
def push(ctx: Ctx) -> Response:
    """Upsert leads (like sync) and, with ``programName``, add them to that program."""
    payload = body(ctx.params)
    results = membership.push(
        ctx.store,
        input_list(ctx.params),
        program_name=str(payload["programName"]) if payload.get("programName") else None,
        program_status=str(payload["programStatus"]) if payload.get("programStatus") else None,
        reason=str(payload["reason"]) if payload.get("reason") else None,
        lookup_field=str(payload.get("lookupField") or "email"),
        partition_name=payload.get("partitionName"),
        source=source(ctx, "pushLeadToMarketo"),
    )
    return respond(ctx, results)


@mapi("POST", f"{V1}/leads/submitForm.json", "SubmitFormUsingPOST")
def submit_form(ctx: Ctx) -> Response:
    """Submit a form for leads: upsert by email, log Fill Out Form (2)."""
    payload = body(ctx.params)
    form_id = payload.get("formId")
    if not isinstance(form_id, int):
        raise errors.blank("formId")
    form = ctx.store.get("form", form_id)
    if form is None:
        raise errors.ApiError(1013, f"Form {form_id} not found")
    results = leads.submit_form(
        ctx.store, form, input_list(ctx.params, limit=1), source=source(ctx, "submitForm")
    )
    return respond(ctx, results)
