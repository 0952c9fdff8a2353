"""Smart Campaigns and Smart Lists APIs."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import assets, campaigns
from ..routing import operation
from .common import container, ids, one, optional_container, paged

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/smartCampaign/{{id}}.json", "getSmartCampaignByIdUsingGET")
def get_by_id(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("smart_campaign", ctx.params.path_int())
    return one(campaigns.render(ctx.store, row) if row else None)


@operation("GET", f"{BASE}/smartCampaign/byName.json", "getSmartCampaignByNameUsingGET")
def get_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = ctx.store.find("smart_campaign", name=ctx.params.required("name"))
    return [campaigns.render(ctx.store, row) for row in rows[:1]]


@operation("GET", f"{BASE}/smartCampaigns.json", "getAllSmartCampaignsGET")
def browse(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    folder = optional_container(ctx)
    window = assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
    is_active = params.boolean("isActive")
    rows = [
        row
        for row in ctx.store.find("smart_campaign")
        if assets.in_container(ctx.store, row, folder)
        and assets.in_window(row, window)
        and (is_active is None or bool(row.data.get("isActive")) == is_active)
    ]
    return paged(ctx, [campaigns.render(ctx.store, row) for row in rows])


@operation("POST", f"{BASE}/smartCampaigns.json", "createSmartCampaignUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    row = campaigns.create(
        ctx.store, name=name, container=container(ctx), description=params.text("description") or ""
    )
    return one(campaigns.render(ctx.store, row))


@operation("POST", f"{BASE}/smartCampaign/{{id}}.json", "updateSmartCampaignUsingPOST")
def update(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = campaigns.require(ctx.store, params.path_int())
    row = campaigns.update(
        ctx.store, row, name=params.text("name"), description=params.text("description")
    )
    return one(campaigns.render(ctx.store, row))


@operation("POST", f"{BASE}/smartCampaign/{{id}}/clone.json", "cloneSmartCampaignUsingPOST")
def clone(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = campaigns.require(ctx.store, params.path_int())
    name = params.required("name")
    row = campaigns.clone(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(campaigns.render(ctx.store, row))


@operation("POST", f"{BASE}/smartCampaign/{{id}}/activate.json", "activateSmartCampaignUsingPOST")
def activate(ctx: Ctx) -> list[dict[str, Any]]:
    row = campaigns.activate(ctx.store, campaigns.require(ctx.store, ctx.params.path_int()))
    return ids(row.id)


@operation(
    "POST", f"{BASE}/smartCampaign/{{id}}/deactivate.json", "deactivateSmartCampaignUsingPOST"
)
def deactivate(ctx: Ctx) -> list[dict[str, Any]]:
    row = campaigns.deactivate(ctx.store, campaigns.require(ctx.store, ctx.params.path_int()))
    return ids(row.id)


@operation("POST", f"{BASE}/smartCampaign/{{id}}/delete.json", "deleteSmartCampaignUsingPOST")
def delete(ctx: Ctx) -> list[dict[str, Any]]:
    row = campaigns.require(ctx.store, ctx.params.path_int())
    campaigns.delete(ctx.store, row)
    return ids(row.id)


@operation(
    "GET", f"{BASE}/smartCampaign/{{id}}/smartList.json", "getSmartListBySmartCampaignIdUsingGET"
)
def campaign_smart_list(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("smart_campaign", ctx.params.path_int())
    if row is None:
        return []
    include = bool(ctx.params.boolean("includeRules", default=False))
    return one(
        campaigns.render_list(campaigns.smart_list_of(ctx.store, row), include_rules=include)
    )


# --- smart lists --------------------------------------------------------------------------------
@operation("GET", f"{BASE}/smartList/{{id}}.json", "getSmartListByIdUsingGET")
def smart_list_by_id(ctx: Ctx) -> list[dict[str, Any]]:
    row = ctx.store.get("smart_list", ctx.params.path_int())
    include = bool(ctx.params.boolean("includeRules", default=False))
    return one(campaigns.render_list(row, include_rules=include) if row else None)


@operation("GET", f"{BASE}/smartList/byName.json", "getSmartListByNameUsingGET")
def smart_list_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    rows = assets.visible(ctx.store.find("smart_list", name=ctx.params.required("name")))
    return [campaigns.render_list(row, include_rules=False) for row in rows[:1]]


@operation("GET", f"{BASE}/smartLists.json", "getSmartListsUsingGET")
def smart_lists(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    folder = optional_container(ctx)
    window = assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
    rows = [
        row
        for row in assets.visible(ctx.store.find("smart_list"))
        if assets.in_container(ctx.store, row, folder) and assets.in_window(row, window)
    ]
    return paged(ctx, [campaigns.render_list(row, include_rules=False) for row in rows])


@operation("POST", f"{BASE}/smartList/{{id}}/clone.json", "cloneSmartListUsingPOST")
def clone_smart_list(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = campaigns.require_list(ctx.store, params.path_int())
    name = params.required("name")
    row = campaigns.clone_list(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(campaigns.render_list(row, include_rules=False))


@operation("POST", f"{BASE}/smartList/{{id}}/delete.json", "deleteSmartListByIdUsingPOST")
def delete_smart_list(ctx: Ctx) -> list[dict[str, Any]]:
    row = campaigns.require_list(ctx.store, ctx.params.path_int())
    campaigns.delete_list(ctx.store, row)
    return ids(row.id)
