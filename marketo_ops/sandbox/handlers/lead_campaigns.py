"""Campaigns API (``/rest/v1/campaigns``): list, get, request (trigger) and schedule."""

from __future__ import annotations

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import lead_campaigns
from ..domain.leaddb import body
from ._leaddb import browse_named, mapi, respond

V1 = "/rest/v1/campaigns"


@mapi("GET", f"{V1}.json", "getCampaignsUsingGET")
def browse(ctx: Ctx) -> Response:
    triggerable = ctx.params.boolean("isTriggerable")
    return browse_named(
        ctx,
        ctx.store.find("smart_campaign"),
        lambda row: lead_campaigns.render(ctx.store, row),
        "C",
        where=lambda row: triggerable is None or bool(row.data.get("isRequestable")) == triggerable,
    )


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
