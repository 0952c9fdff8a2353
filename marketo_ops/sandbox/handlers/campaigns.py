"""Smart Campaigns and Smart Lists APIs."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import campaigns
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, one

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    return campaigns.render(ctx.store, row)


def _active_filter(ctx: Ctx, row: Row) -> bool:
    is_active = ctx.params.boolean("isActive")
    return is_active is None or bool(row.data.get("isActive")) == is_active


CAMPAIGNS = crud.Family("smart_campaign", "smartCampaign", "smartCampaigns", _render, window=True)
crud.get(CAMPAIGNS, "getSmartCampaignByIdUsingGET")
crud.by_name(CAMPAIGNS, "getSmartCampaignByNameUsingGET", first=True)
crud.browse(CAMPAIGNS, "getAllSmartCampaignsGET", where=_active_filter)
crud.update(CAMPAIGNS, "updateSmartCampaignUsingPOST", save=campaigns.update)
crud.clone(CAMPAIGNS, "cloneSmartCampaignUsingPOST", campaigns.clone)
crud.transition(CAMPAIGNS, "activate", "activateSmartCampaignUsingPOST", campaigns.activate)
crud.transition(CAMPAIGNS, "deactivate", "deactivateSmartCampaignUsingPOST", campaigns.deactivate)
crud.delete(CAMPAIGNS, "deleteSmartCampaignUsingPOST", campaigns.delete)


@operation("POST", f"{BASE}/smartCampaigns.json", "createSmartCampaignUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = campaigns.create(
        ctx.store, name=name, container=container(ctx), description=params.text("description") or ""
    )
    return one(campaigns.render(ctx.store, row))


@operation(
    "GET", f"{BASE}/smartCampaign/{{id}}/smartList.json", "getSmartListBySmartCampaignIdUsingGET"
)
def campaign_smart_list(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("smart_campaign", ctx.params.path_int())
    if row is None:
        return []
    return one(_render_list(ctx, campaigns.smart_list_of(ctx.store, row), None))


# --- smart lists --------------------------------------------------------------------------------
def _render_list(ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    include = bool(ctx.params.boolean("includeRules", default=False))
    return campaigns.render_list(row, include_rules=include)


def _list_summary(_ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    return campaigns.render_list(row, include_rules=False)


SMART_LISTS = crud.Family(
    "smart_list", "smartList", "smartLists", _list_summary, window=True, owned_hidden=True
)
crud.get(SMART_LISTS, "getSmartListByIdUsingGET", render=_render_list)
crud.by_name(SMART_LISTS, "getSmartListByNameUsingGET", first=True)
crud.browse(SMART_LISTS, "getSmartListsUsingGET")
crud.clone(SMART_LISTS, "cloneSmartListUsingPOST", campaigns.clone_list)
crud.delete(SMART_LISTS, "deleteSmartListByIdUsingPOST", campaigns.delete_list)
