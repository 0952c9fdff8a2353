"""Activities API (``/rest/v1/activities``): types, paging tokens, activities, lead changes,
deleted leads, custom activity types and custom activities.

Marketo answers a page without matches with no ``result`` key at all (``moreResult`` and
``nextPageToken`` still tell whether to go on), which is why these handlers build the envelope
themselves.
"""

from __future__ import annotations

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import activities, custom_activities
from ..domain.activities import MAX_LEAD_IDS, MAX_TYPE_IDS
from ..domain.leaddb import batch_size, body, id_list, input_list, parse_when, text_list
from ..routing import Handler
from ._leaddb import mapi, respond, type_verb

V1 = "/rest/v1/activities"


def _page(ctx: Ctx, page: activities.Page) -> Response:
    return respond(
        ctx,
        page.items or None,
        nextPageToken=page.next_token,
        moreResult=page.more,
    )


def _token(ctx: Ctx) -> str:
    return ctx.params.required("nextPageToken")


def _lead_filter(ctx: Ctx) -> set[int] | None:
    ids = id_list(ctx.params.raw("leadIds"), "leadIds", limit=MAX_LEAD_IDS)
    return set(ids) if ids else None


@mapi("GET", f"{V1}/types.json", "getAllActivityTypesUsingGET")
def types(ctx: Ctx) -> Response:
    return respond(ctx, activities.all_types(ctx.store))


@mapi("GET", f"{V1}/pagingtoken.json", "getActivitiesPagingTokenUsingGET")
def paging_token(ctx: Ctx) -> Response:
    since = parse_when(ctx.params.required("sinceDatetime"), "sinceDatetime")
    return respond(ctx, nextPageToken=activities.paging_token(since))


@mapi("GET", f"{V1}.json", "getLeadActivitiesUsingGET")
def lead_activities(ctx: Ctx) -> Response:
    params = ctx.params
    token = _token(ctx)
    type_ids = id_list(params.raw("activityTypeIds"), "activityTypeIds", limit=MAX_TYPE_IDS)
    if not type_ids:
        raise errors.blank("activityTypeIds")
    unknown = set(type_ids) - activities.known_type_ids(ctx.store)
    if unknown:
        raise errors.invalid_data(f"Invalid activity type id '{sorted(unknown)[0]}'")
    asset_ids = id_list(params.raw("assetIds"), "assetIds")
    page = activities.scan(
        ctx.store,
        token,
        batch_size(params),
        type_ids=set(type_ids),
        lead_ids=_lead_filter(ctx),
        list_id=params.integer("listId"),
        asset_ids=set(asset_ids) if asset_ids else None,
    )
    return _page(ctx, page)


@mapi("GET", f"{V1}/leadchanges.json", "getLeadChangesUsingGET")
def lead_changes(ctx: Ctx) -> Response:
    params = ctx.params
    token = _token(ctx)
    fields = text_list(params.raw("fields"))
    if not fields:
        raise errors.blank("fields")
    page = activities.scan(
        ctx.store,
        token,
        batch_size(params),
        type_ids={activities.NEW_LEAD, activities.CHANGE_DATA_VALUE},
        lead_ids=_lead_filter(ctx),
        list_id=params.integer("listId"),
        changes=set(fields),
        changes_mode=True,
    )
    return _page(ctx, page)


@mapi("GET", f"{V1}/deletedleads.json", "getDeletedLeadsUsingGET")
def deleted_leads(ctx: Ctx) -> Response:
    page = activities.scan(
        ctx.store, _token(ctx), batch_size(ctx.params), type_ids={activities.DELETE_LEAD}
    )
    return _page(ctx, page)


# --- custom activities --------------------------------------------------------------------------
@mapi("POST", f"{V1}/external.json", "addCustomActivityUsingPOST")
def add_custom(ctx: Ctx) -> Response:
    return respond(ctx, custom_activities.add_activities(ctx.store, input_list(ctx.params)))


@mapi("GET", f"{V1}/external/types.json", "getCustomActivityTypeUsingGET")
def custom_types(ctx: Ctx) -> Response:
    return respond(ctx, custom_activities.all_types(ctx.store))


@mapi("POST", f"{V1}/external/type.json", "createCustomActivityTypeUsingPOST")
def create_type(ctx: Ctx) -> Response:
    return respond(ctx, [custom_activities.create(ctx.store, body(ctx.params))])


def _api_name(ctx: Ctx) -> str:
    return ctx.params.path["apiName"]


TYPE = f"{V1}/external/type/{{apiName}}"
type_verb(
    "POST", f"{TYPE}/approve.json", "approveCustomActivityTypeUsingPOST", custom_activities.approve
)
type_verb(
    "POST",
    f"{TYPE}/discardDraft.json",
    "discardDraftofCustomActivityTypeUsingPOST",
    custom_activities.discard_draft,
)
type_verb(
    "POST", f"{TYPE}/delete.json", "deleteCustomActivityTypeUsingPOST", custom_activities.delete
)


@mapi("POST", f"{V1}/external/type/{{apiName}}.json", "updateCustomActivityTypeUsingPOST")
def update_type(ctx: Ctx) -> Response:
    return respond(ctx, [custom_activities.update(ctx.store, _api_name(ctx), body(ctx.params))])


@mapi("GET", f"{V1}/external/type/{{apiName}}/describe.json", "describeCustomActivityTypeUsingGET")
def describe_type(ctx: Ctx) -> Response:
    draft = bool(ctx.params.boolean("draft", default=False))
    return respond(ctx, [custom_activities.describe(ctx.store, _api_name(ctx), draft=draft)])


def _attributes(mode: str) -> Handler:
    """Create, update or delete attributes of a type's draft (``{attributes: [...]}``)."""

    def handler(ctx: Ctx) -> Response:
        items = body(ctx.params).get("attributes")
        if not isinstance(items, list):
            raise errors.blank("attributes")
        return respond(
            ctx, [custom_activities.change_attributes(ctx.store, _api_name(ctx), items, mode)]
        )

    return handler


for _mode, _operation_id in (
    ("create", "createCustomActivityTypeAttributesUsingPOST"),
    ("update", "updateCustomActivityTypeAttributesUsingPOST"),
    ("delete", "deleteCustomActivityTypeAttributesUsingPOST"),
):
    mapi("POST", f"{V1}/external/type/{{apiName}}/attributes/{_mode}.json", _operation_id)(
        _attributes(_mode)
    )
