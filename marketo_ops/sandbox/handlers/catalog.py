"""Read-only catalogs: channels, tag types, segmentations, lead fields.

None of them can be created through the REST API (Marketo defines them in Admin); the sandbox's
admin surface adds them instead.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..domain import catalog, tree
from ..envelope import Envelope
from ..routing import operation
from ..timefmt import marketo_timestamp
from .common import one, paged

BASE = "/rest/asset/v1"


@operation("GET", f"{BASE}/channels.json", "getAllChannelsUsingGET")
def channels(ctx: Ctx) -> list[dict[str, Any]]:
    return paged(ctx, [catalog.render_channel(item) for item in catalog.channels(ctx.store)])


@operation("GET", f"{BASE}/channel/byName.json", "getChannelByNameUsingGET")
def channel_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    # The spec calls the parameter "Name"; Marketo and its docs use "name". Both work.
    found = catalog.channel(ctx.store, ctx.params.required("name", aliases=("Name",)))
    return one(catalog.render_channel(found) if found else None)


@operation("GET", f"{BASE}/tagTypes.json", "getTagTypesUsingGET")
def tag_types(ctx: Ctx) -> list[dict[str, Any]]:
    items = [
        catalog.render_tag_type(item, with_values=False) for item in catalog.tag_types(ctx.store)
    ]
    return paged(ctx, items)


@operation("GET", f"{BASE}/tagType/byName.json", "getTagByNameUsingGET")
def tag_type_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    found = ctx.store.catalog_get("tag_type", ctx.params.required("name"))
    return one(catalog.render_tag_type(found, with_values=True) if found else None)


def _segmentation(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description"),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("SG", row.id),
        "folder": {"id": row.parent_id, "type": row.parent_type or "Folder"},
        "status": row.data.get("status", "approved"),
        "workspace": row.workspace,
    }


@operation("GET", f"{BASE}/segmentation.json", "getSegmentationUsingGET")
def segmentations(ctx: Ctx) -> list[dict[str, Any]]:
    status = (ctx.params.text("status") or "").lower()
    rows = ctx.store.find("segmentation")
    if status:
        rows = [row for row in rows if row.data.get("status", "approved") == status]
    return paged(ctx, [_segmentation(row) for row in rows])


@operation("GET", f"{BASE}/segmentation/{{id}}/segments.json", "getSegmentsForSegmentationUsingGET")
def segments(ctx: Ctx) -> list[dict[str, Any]]:
    segmentation_id = ctx.params.path_int()
    status = (ctx.params.text("status") or "").lower()
    parent = ctx.store.get("segmentation", segmentation_id)
    if parent is None or (status and parent.data.get("status", "approved") != status):
        return []
    rows = [
        row
        for row in ctx.store.find("segment")
        if row.data.get("segmentationId") == segmentation_id
    ]
    items = [
        {
            "id": row.id,
            "name": row.name,
            "description": row.data.get("description"),
            "createdAt": marketo_timestamp(row.created_at),
            "updatedAt": marketo_timestamp(row.updated_at),
            "url": tree.ui_url("SG", segmentation_id),
            "segmentationId": segmentation_id,
        }
        for row in rows
    ]
    return paged(ctx, items)


@operation("GET", "/rest/v1/leads/describe.json", "describeUsingGET_2", spec="mapi", body="json")
def describe_leads(ctx: Ctx) -> Envelope:
    return Envelope(result=catalog.lead_fields(ctx.store))
