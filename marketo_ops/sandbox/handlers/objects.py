"""Companies, opportunities, opportunity roles, named accounts and their lists, sales persons,
custom objects and the custom object type schema: one generic engine
(:mod:`marketo_ops.sandbox.domain.records`), one set of handlers per object.

Queries take ``filterType`` + ``filterValues`` (at most 300) or, for compound dedupe keys, a JSON
body with ``input`` sent as ``POST ...?_method=GET``; pages are continued with
``nextPageToken``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import custom_objects, records
from ..domain.leaddb import (
    MAX_BATCH,
    after_id,
    batch_size,
    body,
    encode_token,
    input_list,
    iso,
    text_list,
)
from ..domain.records import STANDARD, ObjectKind
from ._leaddb import mapi, respond, tunnelled_get, type_verb

V1 = "/rest/v1"
KindOf = Callable[[Ctx], ObjectKind]


def _standard(name: str) -> KindOf:
    return lambda _ctx: STANDARD[name]


def _custom(ctx: Ctx) -> ObjectKind:
    return custom_objects.record_kind(ctx.store, ctx.params.path["customObjectName"])


def _paged(ctx: Ctx, items: list[dict[str, Any]]) -> Response:
    size = batch_size(ctx.params)
    start = after_id(ctx.params, "O")
    shown = items[start : start + size]
    extra: dict[str, Any] = {}
    if start + size < len(items):
        extra = {"nextPageToken": encode_token("O", start + size), "moreResult": True}
    return respond(ctx, shown, **extra)


def query(ctx: Ctx, kind: ObjectKind) -> Response:
    params = ctx.params
    payload = body(params) if tunnelled_get(ctx) else {}
    filter_type = str(payload.get("filterType") or params.text("filterType") or "")
    if not filter_type:
        raise errors.blank("filterType")
    compound = payload.get("input") or []
    if not isinstance(compound, list):
        raise errors.invalid_value(compound, "List")
    values = text_list(params.raw("filterValues"))
    if not compound and not values:
        raise errors.blank("filterValues")
    if len(values) > MAX_BATCH or len(compound) > MAX_BATCH:
        raise errors.invalid_data(f"Too many filter values (at most {MAX_BATCH})")
    names = records.requested_fields(kind, payload.get("fields") or params.raw("fields"))
    found = records.query(ctx.store, kind, filter_type, values, compound)
    return _paged(ctx, [records.render(record, kind, names, seq) for seq, record in found])


def sync(ctx: Ctx, kind: ObjectKind) -> Response:
    payload = body(ctx.params)
    results = records.sync(
        ctx.store,
        kind,
        input_list(ctx.params),
        action=payload.get("action"),
        dedupe_by=payload.get("dedupeBy"),
    )
    return respond(ctx, results)


def delete(ctx: Ctx, kind: ObjectKind) -> Response:
    payload = body(ctx.params)
    results = records.delete(
        ctx.store, kind, input_list(ctx.params), delete_by=payload.get("deleteBy")
    )
    return respond(ctx, results)


def describe(ctx: Ctx, kind: ObjectKind) -> Response:
    return respond(ctx, [kind.describe()])


def fields(ctx: Ctx, kind: ObjectKind) -> Response:
    return _paged(ctx, records.fields_page(kind))


def field(ctx: Ctx, kind: ObjectKind) -> Response:
    name = ctx.params.path["fieldApiName"]
    for item in records.fields_page(kind):
        if item["name"] == name:
            return respond(ctx, [item])
    raise errors.ApiError(1006, f"Field '{name}' not found")


def _bind(op: Callable[[Ctx, ObjectKind], Response], kind_of: KindOf) -> Callable[[Ctx], Response]:
    def handler(ctx: Ctx) -> Response:
        return op(ctx, kind_of(ctx))

    handler.__name__ = op.__name__
    return handler


# (object, base path, {operation: operationId})
_ROUTES: tuple[tuple[KindOf, str, dict[str, str]], ...] = (
    (
        _standard("company"),
        f"{V1}/companies",
        {
            "query": "getCompaniesUsingGET",
            "sync": "syncCompaniesUsingPOST",
            "delete": "deleteCompaniesUsingPOST",
            "describe": "describeUsingGET",
            "fields": "getCompanyFieldsUsingGET",
            "field": "getCompanyFieldByNameUsingGET",
        },
    ),
    (
        _standard("opportunity"),
        f"{V1}/opportunities",
        {
            "query": "getOpportunitiesUsingGET",
            "sync": "syncOpportunitiesUsingPOST",
            "delete": "deleteOpportunitiesUsingPOST",
            "describe": "describeUsingGET_4",
            "fields": "getOpportunityFieldsUsingGET",
            "field": "getOpportunityFieldByNameUsingGET",
        },
    ),
    (
        _standard("opportunityRole"),
        f"{V1}/opportunities/roles",
        {
            "query": "getOpportunityRolesUsingGET",
            "sync": "syncOpportunityRolesUsingPOST",
            "delete": "deleteOpportunityRolesUsingPOST",
            "describe": "describeOpportunityRoleUsingGET",
        },
    ),
    (
        _standard("namedAccount"),
        f"{V1}/namedaccounts",
        {
            "query": "getNamedAccountsUsingGET",
            "sync": "syncNamedAccountsUsingPOST",
            "delete": "deleteNamedAccountsUsingPOST",
            "describe": "describeUsingGET_3",
            "fields": "getNamedAccountFieldsUsingGET",
            "field": "getNamedAccountFieldByNameUsingGET",
        },
    ),
    (
        _standard("salesPerson"),
        f"{V1}/salespersons",
        {
            "query": "getSalesPersonUsingGET",
            "sync": "syncSalesPersonsUsingPOST",
            "delete": "deleteSalesPersonUsingPOST",
            "describe": "describeUsingGET_5",
        },
    ),
    (
        _custom,
        f"{V1}/customobjects/{{customObjectName}}",
        {
            "query": "getCustomObjectsUsingGET",
            "sync": "syncCustomObjectsUsingPOST",
            "delete": "deleteCustomObjectsUsingPOST",
            "describe": "describeUsingGET_1",
        },
    ),
)

for _kind_of, _base, _ops in _ROUTES:
    if "query" in _ops:
        mapi("GET", f"{_base}.json", _ops["query"])(_bind(query, _kind_of))
    if "sync" in _ops:
        mapi("POST", f"{_base}.json", _ops["sync"])(_bind(sync, _kind_of))
    if "delete" in _ops:
        mapi("POST", f"{_base}/delete.json", _ops["delete"])(_bind(delete, _kind_of))
    if "describe" in _ops:
        mapi("GET", f"{_base}/describe.json", _ops["describe"])(_bind(describe, _kind_of))
    if "fields" in _ops:
        mapi("GET", f"{_base}/schema/fields.json", _ops["fields"])(_bind(fields, _kind_of))
    if "field" in _ops:
        mapi("GET", f"{_base}/schema/fields/{{fieldApiName}}.json", _ops["field"])(
            _bind(field, _kind_of)
        )


# --- named account lists ------------------------------------------------------------------------
_LISTS = STANDARD["namedAccountList"]
_ACCOUNTS = STANDARD["namedAccount"]


def _render_list(record: records.Record, seq: int) -> dict[str, Any]:
    return {
        "seq": seq,
        "marketoGUID": record.guid,
        "name": record.data.get("name"),
        "type": record.data.get("type", "default"),
        "updateable": True,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


@mapi("GET", f"{V1}/namedAccountLists.json", "getNamedAccountListsUsingGET")
def account_lists(ctx: Ctx) -> Response:
    filter_type = ctx.params.required("filterType")
    values = text_list(ctx.params.raw("filterValues"))
    if not values:
        raise errors.blank("filterValues")
    found = records.query(ctx.store, _LISTS, filter_type, values)
    return _paged(ctx, [_render_list(record, seq) for seq, record in found])


@mapi("POST", f"{V1}/namedAccountLists.json", "syncNamedAccountListsUsingPOST")
def sync_account_lists(ctx: Ctx) -> Response:
    payload = body(ctx.params)
    action = payload.get("action") or "createOnly"
    if not isinstance(action, str) or action not in {"createOnly", "updateOnly"}:
        raise errors.invalid_value(action, "action")
    inputs = [
        {**item, "type": "default"} if "type" not in item else item
        for item in input_list(ctx.params)
    ]
    results = records.sync(
        ctx.store, _LISTS, inputs, action=action, dedupe_by=payload.get("dedupeBy")
    )
    return respond(ctx, results)


@mapi("POST", f"{V1}/namedAccountLists/delete.json", "deleteNamedAccountListsUsingPOST")
def delete_account_lists(ctx: Ctx) -> Response:
    return delete(ctx, _LISTS)


def _account_list(ctx: Ctx) -> records.Record:
    return records.require_list(ctx.store, _LISTS, ctx.params.path["id"])


@mapi(
    "GET", f"{V1}/namedAccountList/{{id}}/namedAccounts.json", "getNamedAccountListMembersUsingGET"
)
def account_list_members(ctx: Ctx) -> Response:
    account_list = _account_list(ctx)
    names = records.requested_fields(_ACCOUNTS, ctx.params.raw("fields") or "marketoGUID,name")
    members = records.guids_in(ctx.store, _ACCOUNTS, account_list.data.get("members", []))
    return _paged(
        ctx, [records.render(record, _ACCOUNTS, names, seq) for seq, record in enumerate(members)]
    )


def _change_members(ctx: Ctx, add: bool) -> Response:
    results = records.change_list_members(
        ctx.store, _LISTS, _ACCOUNTS, ctx.params.path["id"], input_list(ctx.params), add=add
    )
    return respond(ctx, results)


@mapi(
    "POST",
    f"{V1}/namedAccountList/{{id}}/namedAccounts.json",
    "addNamedAccountListMembersUsingPOST",
)
def add_account_list_members(ctx: Ctx) -> Response:
    return _change_members(ctx, add=True)


@mapi(
    "POST",
    f"{V1}/namedAccountList/{{id}}/namedAccounts/remove.json",
    "removeNamedAccountListMembersUsingPOST",
)
def remove_account_list_members(ctx: Ctx) -> Response:
    return _change_members(ctx, add=False)


# --- custom object types ------------------------------------------------------------------------
@mapi("GET", f"{V1}/customobjects.json", "listCustomObjectsUsingGET")
def list_custom_objects(ctx: Ctx) -> Response:
    names = {name.lower() for name in text_list(ctx.params.raw("names"))}
    items = [
        custom_objects.kind_of(entry).describe()
        for entry in custom_objects.types(ctx.store)
        if entry.get("approved") and (not names or entry["apiName"].lower() in names)
    ]
    return respond(ctx, items)


@mapi("GET", f"{V1}/customobjects/schema.json", "listCustomObjectTypesUsingGET")
def list_types(ctx: Ctx) -> Response:
    names = {name.lower() for name in text_list(ctx.params.raw("names"))}
    state = ctx.params.text("state")
    items = []
    for entry in custom_objects.types(ctx.store):
        if names and entry["apiName"].lower() not in names:
            continue
        if state == "approved" and not entry.get("approved"):
            continue
        draft = state == "draft" or not entry.get("approved")
        if state == "draft" and not entry.get("draft"):
            continue
        items.append(custom_objects.kind_of(entry, draft=draft).describe())
    return respond(ctx, items)


@mapi("POST", f"{V1}/customobjects/schema.json", "syncCustomObjectTypeUsingPOST")
def sync_type(ctx: Ctx) -> Response:
    return respond(ctx, [custom_objects.sync_type(ctx.store, body(ctx.params))])


def _type_name(ctx: Ctx) -> str:
    return ctx.params.path["apiName"]


SCHEMA = f"{V1}/customobjects/schema/{{apiName}}"
type_verb(
    "POST", f"{SCHEMA}/approve.json", "approveCustomObjectTypeUsingPOST", custom_objects.approve
)
type_verb(
    "POST",
    f"{SCHEMA}/discardDraft.json",
    "discardCustomObjectTypeUsingPOST",
    custom_objects.discard_draft,
)
type_verb("POST", f"{SCHEMA}/delete.json", "deleteCustomObjectTypeUsingPOST", custom_objects.delete)


@mapi(
    "GET",
    f"{V1}/customobjects/schema/{{apiName}}/describe.json",
    "describeCustomObjectTypeUsingGET",
)
def describe_type(ctx: Ctx) -> Response:
    return respond(
        ctx, [custom_objects.describe(ctx.store, _type_name(ctx), ctx.params.text("state"))]
    )


@mapi(
    "POST",
    f"{V1}/customobjects/schema/{{apiName}}/addField.json",
    "addCustomObjectTypeFieldsUsingPOST",
)
def add_fields(ctx: Ctx) -> Response:
    return respond(
        ctx, [custom_objects.add_fields(ctx.store, _type_name(ctx), input_list(ctx.params))]
    )


@mapi(
    "POST",
    f"{V1}/customobjects/schema/{{apiName}}/deleteField.json",
    "deleteCustomObjectTypeFieldsUsingPOST",
)
def delete_fields(ctx: Ctx) -> Response:
    names = [str(item.get("name") or "") for item in input_list(ctx.params)]
    return respond(ctx, [custom_objects.delete_fields(ctx.store, _type_name(ctx), names)])


@mapi(
    "POST",
    f"{V1}/customobjects/schema/{{apiName}}/{{fieldApiName}}/updateField.json",
    "updateCustomObjectTypeFieldUsingPOST",
)
def update_field(ctx: Ctx) -> Response:
    change = body(ctx.params).get("input") or body(ctx.params)
    if not isinstance(change, dict):
        raise errors.invalid_value(change, "Object")
    return respond(
        ctx,
        [
            custom_objects.update_field(
                ctx.store, _type_name(ctx), ctx.params.path["fieldApiName"], change
            )
        ],
    )


@mapi(
    "GET",
    f"{V1}/customobjects/schema/fieldDataTypes.json",
    "getCustomObjectTypeFieldDataTypesUsingGET",
)
def field_types(ctx: Ctx) -> Response:
    return respond(ctx, list(custom_objects.FIELD_TYPES))


@mapi(
    "GET",
    f"{V1}/customobjects/schema/linkableObjects.json",
    "getCustomObjectTypeLinkableObjectsUsingGET",
)
def linkable(ctx: Ctx) -> Response:
    return respond(ctx, list(custom_objects.LINKABLE))


@mapi(
    "GET",
    f"{V1}/customobjects/schema/{{apiName}}/dependentAssets.json",
    "getCustomObjectTypeDependentAssetsUsingGET",
)
def dependent_assets(ctx: Ctx) -> Response:
    """Assets using the type's fields: smart lists and campaigns are not evaluated, so none."""
    custom_objects.describe(ctx.store, _type_name(ctx), None)
    return respond(ctx, [])
