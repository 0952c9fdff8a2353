"""Campaigns API (``/rest/v1/campaigns``): list, get, request (trigger) and schedule."""

from __future__ import annotations

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import lead_campaigns
from ..domain.leaddb import after_id, batch_size, body, id_list, page_extra, text_list
from ._leaddb import mapi, respond

V1 = "/rest/v1/campaigns"


@mapi("GET", f"{V1}.json", "getCampaignsUsingGET")
def browse(ctx: Ctx) -> Response:
    params = ctx.params
    ids = set(id_list(params.raw("id"), "id", limit=10_000))
    names = {name.lower() for name in text_list(params.raw("name"))}
    programs = {name.lower() for name in text_list(params.raw("programName"))}
    workspaces = {name.lower() for name in text_list(params.raw("workspaceName"))}
    triggerable = params.boolean("isTriggerable")
    start = after_id(params, "C")
    size = batch_size(params)
    items = []
    for row in ctx.store.find("smart_campaign"):
        if row.id <= start or (ids and row.id not in ids):
            continue
        if names and row.name.lower() not in names:
            continue
        if workspaces and row.workspace.lower() not in workspaces:
            continue
        if triggerable is not None and bool(row.data.get("isRequestable")) != triggerable:
            continue
        rendered = lead_campaigns.render(ctx.store, row)
        if programs and str(rendered.get("programName", "")).lower() not in programs:
            continue
        items.append(rendered)
        if len(items) > size:
            break
    shown = items[:size]
    extra = page_extra("C", items, size, int(shown[-1]["id"]) if shown else 0)
    return respond(ctx, shown, **extra)


@mapi("GET", f"{V1}/{{campaignId}}.json", "getCampaignByIdUsingGET")
def get_by_id(ctx: Ctx) -> Response:
    row = lead_campaigns.require(ctx.store, ctx.params.path_int("campaignId"))
    return respond(ctx, [lead_campaigns.render(ctx.store, row)])


@mapi("POST", f"{V1}/{{campaignId}}/trigger.json", "triggerCampaignUsingPOST")
def trigger(ctx: Ctx) -> Response:
    data = body(ctx.params).get("input")
    if not isinstance(data, dict):
        raise errors.blank("input")
    leads = data.get("leads")
    if not isinstance(leads, list) or not leads:
        raise errors.blank("leads")
    lead_ids = []
    for item in leads:
        value = item.get("id") if isinstance(item, dict) else None
        if not isinstance(value, int):
            raise errors.invalid_value(value, "Integer")
        lead_ids.append(value)
    row = lead_campaigns.trigger(
        ctx.store, ctx.params.path_int("campaignId"), lead_ids, data.get("tokens"), ctx.request_id
    )
    return respond(ctx, [{"id": row.id}])


@mapi("POST", f"{V1}/{{campaignId}}/schedule.json", "scheduleCampaignUsingPOST")
def schedule(ctx: Ctx) -> Response:
    data = body(ctx.params).get("input") or {}
    if not isinstance(data, dict):
        raise errors.invalid_value(data, "Object")
    row = lead_campaigns.schedule(ctx.store, ctx.params.path_int("campaignId"), data)
    return respond(ctx, [{"id": row.id}])
