"""Custom object types: a schema with draft and approved versions, and their records.

A type is created as a draft (``syncCustomObjectTypeUsingPOST``), gets fields (``addField``),
and becomes usable for records once approved. Dedupe fields can only be set before the first
approval (Marketo's rule: they define record identity); a link field (``relatedTo`` Lead) ties a
record to a lead and must name an existing lead. A type with records cannot be deleted (1022).
Records reuse the generic engine of :mod:`.records` with an :class:`~.records.ObjectKind` built
from the approved version.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .. import errors
from ..store.db import Store
from .records import ObjectKind, ObjField

FIELD_TYPES: Final = (
    "string",
    "integer",
    "float",
    "boolean",
    "date",
    "datetime",
    "email",
    "phone",
    "url",
    "currency",
    "text",
    "percent",
    "link",
)
LINKABLE: Final = (
    {
        "name": "Lead",
        "displayName": "Person",
        "fields": [
            {"name": "id", "displayName": "Id", "dataType": "integer"},
            {"name": "email", "displayName": "Email Address", "dataType": "email"},
        ],
    },
    {
        "name": "Company",
        "displayName": "Company",
        "fields": [
            {"name": "id", "displayName": "Id", "dataType": "integer"},
            {
                "name": "externalCompanyId",
                "displayName": "External Company Id",
                "dataType": "string",
            },
        ],
    },
)
_API_NAME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")


def _require(store: Store, api_name: str) -> dict[str, Any]:
    found = store.catalog_get("co_type", api_name)
    if found is None:
        raise errors.ApiError(1013, f"Custom object type '{api_name}' not found")
    return found


def state(entry: Mapping[str, Any]) -> str:
    if entry.get("approved") and entry.get("draft"):
        return "approvedWithDraft"
    return "approved" if entry.get("approved") else "draft"


def kind_of(entry: Mapping[str, Any], *, draft: bool = False) -> ObjectKind:
    """The object as its approved (or draft) version describes it."""
    version = (entry.get("draft") if draft else None) or entry.get("approved") or entry["draft"]
    fields = [ObjField("marketoGUID", "Marketo GUID", "string", False, 36)]
    dedupe: list[str] = []
    searchable: list[tuple[str, ...]] = [("marketoGUID",)]
    relationships: list[dict[str, Any]] = []
    for item in version.get("fields", []):
        related = item.get("relatedTo")
        kind = item["dataType"]
        if kind == "link":
            kind = "integer" if (related or {}).get("field", "id") == "id" else "string"
        fields.append(
            ObjField(
                item["name"],
                item["displayName"],
                kind,
                True,
                255 if kind in {"string", "email", "phone", "url"} else None,
                item.get("description") or "",
                related,
            )
        )
        if item.get("isDedupeField"):
            dedupe.append(item["name"])
        if related:
            searchable.append((item["name"],))
            relationships.append(
                {
                    "field": item["name"],
                    "type": "child",
                    "relatedTo": {"name": related["name"], "field": related["field"]},
                }
            )
    if dedupe:
        searchable.insert(1, tuple(dedupe))
    fields.append(ObjField("createdAt", "Created At", "datetime", False))
    fields.append(ObjField("updatedAt", "Updated At", "datetime", False))
    return ObjectKind(
        api_name=entry["apiName"],
        display_name=version["displayName"],
        plural_name=version.get("pluralName") or version["displayName"] + "s",
        id_field="marketoGUID",
        dedupe_fields=tuple(dedupe),
        searchable=tuple(searchable),
        fields=tuple(fields),
        description=version.get("description") or "",
        relationships=tuple(relationships),
        created_at=float(entry["createdAt"]),
        updated_at=float(entry["updatedAt"]),
        extra={
            "state": state(entry),
            "version": "draft"
            if draft and entry.get("draft")
            else "approved"
            if entry.get("approved")
            else "draft",
            "showInLeadDetail": bool(version.get("showInLeadDetail", False)),
        },
    )


def record_kind(store: Store, api_name: str) -> ObjectKind:
    """The kind records of ``api_name`` use; only approved types hold records."""
    entry = store.catalog_get("co_type", api_name)
    if entry is None or not entry.get("approved"):
        raise errors.ApiError(1013, f"Custom object type '{api_name}' not found")
    kind = kind_of(entry)
    return ObjectKind(**{**kind.__dict__, "api_name": api_name})


def table_kind(api_name: str) -> str:
    return api_name


def types(store: Store) -> list[dict[str, Any]]:
    return store.catalog_all("co_type")


def sync_type(store: Store, body: Mapping[str, Any]) -> dict[str, Any]:
    action = str(body.get("action") or "createOrUpdate")
    if action not in {"createOnly", "updateOnly", "createOrUpdate"}:
        raise errors.invalid_value(action, "action")
    api_name = str(body.get("apiName") or "").strip()
    display = str(body.get("displayName") or "").strip()
    if not api_name:
        raise errors.blank("apiName")
    if not _API_NAME.match(api_name):
        raise errors.invalid_value(api_name, "API name")
    with store.transaction():
        entry = store.catalog_get("co_type", api_name)
        now = store.now()
        if entry is None:
            if action == "updateOnly":
                raise errors.ApiError(1013, f"Custom object type '{api_name}' not found")
            if not display:
                raise errors.blank("displayName")
            entry = {
                "apiName": api_name,
                "id": api_name,
                "createdAt": now,
                "updatedAt": now,
                "approved": None,
                "draft": {
                    "displayName": display,
                    "pluralName": body.get("pluralName") or display + "s",
                    "description": body.get("description") or "",
                    "showInLeadDetail": bool(body.get("showInLeadDetail", False)),
                    "fields": [],
                },
            }
            status = "created"
        else:
            if action == "createOnly":
                raise errors.ApiError(1017, f"Custom object type '{api_name}' already exists")
            draft = _draft(entry)
            for key in ("displayName", "pluralName", "description", "showInLeadDetail"):
                if body.get(key) is not None:
                    draft[key] = body[key]
            entry["updatedAt"] = now
            status = "updated"
        store.catalog_put("co_type", api_name, entry)
        return {"apiName": api_name, "id": api_name, "status": status}


def _draft(entry: dict[str, Any]) -> dict[str, Any]:
    if entry.get("draft") is None:
        entry["draft"] = copy.deepcopy(entry["approved"])
    draft: dict[str, Any] = entry["draft"]
    return draft


def _save(store: Store, entry: dict[str, Any], status: str) -> dict[str, Any]:
    entry["updatedAt"] = store.now()
    store.catalog_put("co_type", entry["apiName"], entry)
    return {"apiName": entry["apiName"], "id": entry["apiName"], "status": status}


def approve(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        draft = entry.get("draft")
        if draft is None:
            raise errors.business_rule(f"Custom object type '{api_name}' has no draft to approve")
        if not any(item.get("isDedupeField") for item in draft.get("fields", [])):
            raise errors.invalid_data(
                f"Custom object type '{api_name}' needs at least one dedupe field to be approved"
            )
        entry["approved"], entry["draft"] = draft, None
        return _save(store, entry, "approved")


def discard_draft(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        if entry.get("draft") is None or entry.get("approved") is None:
            raise errors.ApiError(
                1048, f"Custom object type '{api_name}' has no draft of an approved version"
            )
        entry["draft"] = None
        return _save(store, entry, "discarded")


def delete(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        _require(store, api_name)
        if store.execute("SELECT 1 FROM records WHERE kind = ? LIMIT 1", (api_name,)):
            raise errors.ApiError(
                1022, f"Custom object type '{api_name}' has records; delete them first"
            )
        store.execute("DELETE FROM catalog WHERE kind = 'co_type' AND name = ?", (api_name,))
        return {"apiName": api_name, "id": api_name, "status": "deleted"}


def add_fields(store: Store, api_name: str, items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    if not items:
        raise errors.blank("input")
    with store.transaction():
        entry = _require(store, api_name)
        draft = _draft(entry)
        existing = {item["name"].lower() for item in draft["fields"]}
        for item in items:
            name = str(item.get("name") or "").strip()
            display = str(item.get("displayName") or "").strip()
            data_type = str(item.get("dataType") or "").strip()
            if not name or not display or not data_type:
                raise errors.blank(
                    "name" if not name else "displayName" if not display else "dataType"
                )
            if not _API_NAME.match(name):
                raise errors.invalid_value(name, "API name")
            if data_type not in FIELD_TYPES:
                raise errors.invalid_value(data_type, "dataType")
            if name.lower() in existing or name in {"marketoGUID", "createdAt", "updatedAt"}:
                raise errors.ApiError(1017, f"Field '{name}' already exists")
            if item.get("isDedupeField") and entry.get("approved"):
                raise errors.invalid_data(
                    "Dedupe fields can only be added before the type is first approved"
                )
            related = item.get("relatedTo")
            if data_type == "link":
                if not isinstance(related, dict) or not related.get("name"):
                    raise errors.blank("relatedTo")
                if str(related["name"]).lower() not in {"lead", "company"}:
                    raise errors.invalid_value(related["name"], "linkable object")
            existing.add(name.lower())
            draft["fields"].append(
                {
                    "name": name,
                    "displayName": display,
                    "dataType": data_type,
                    "description": item.get("description") or "",
                    "isDedupeField": bool(item.get("isDedupeField", False)),
                    "relatedTo": {
                        "name": str(related["name"]),
                        "field": str(related.get("field") or "id"),
                    }
                    if data_type == "link" and isinstance(related, dict)
                    else None,
                }
            )
        return _save(store, entry, "updated")


def delete_fields(store: Store, api_name: str, names: Sequence[str]) -> dict[str, Any]:
    if not names:
        raise errors.blank("input")
    with store.transaction():
        entry = _require(store, api_name)
        draft = _draft(entry)
        by_name = {item["name"]: item for item in draft["fields"]}
        for name in names:
            item = by_name.get(name)
            if item is None:
                raise errors.ApiError(1006, f"Field '{name}' not found")
            if item.get("isDedupeField") and entry.get("approved"):
                raise errors.invalid_data(f"Dedupe field '{name}' cannot be deleted")
        draft["fields"] = [item for item in draft["fields"] if item["name"] not in set(names)]
        return _save(store, entry, "updated")


def update_field(
    store: Store, api_name: str, field_name: str, change: Mapping[str, Any]
) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        draft = _draft(entry)
        for item in draft["fields"]:
            if item["name"] == field_name:
                for key in ("displayName", "description"):
                    if change.get(key) is not None:
                        item[key] = str(change[key])
                if change.get("dataType") and change["dataType"] != item["dataType"]:
                    if entry.get("approved"):
                        raise errors.invalid_data(
                            "The data type of a field of an approved type cannot change"
                        )
                    if change["dataType"] not in FIELD_TYPES:
                        raise errors.invalid_value(change["dataType"], "dataType")
                    item["dataType"] = change["dataType"]
                return _save(store, entry, "updated")
        raise errors.ApiError(1006, f"Field '{field_name}' not found")


def describe(store: Store, api_name: str, state_name: str | None) -> dict[str, Any]:
    entry = _require(store, api_name)
    draft = state_name == "draft"
    if draft and entry.get("draft") is None:
        raise errors.ApiError(1013, f"Custom object type '{api_name}' has no draft")
    if state_name == "approved" and not entry.get("approved"):
        raise errors.ApiError(1013, f"Custom object type '{api_name}' is not approved")
    return kind_of(entry, draft=draft or not entry.get("approved")).describe()
