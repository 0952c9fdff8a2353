"""Custom activity types (draft and approved versions) and custom activities.

A type is created as a draft; approving it makes it usable (it then appears in
``activities/types.json`` and accepts activities). Changing an approved type edits a new draft
("approved with draft") until that draft is approved or discarded. Activities of a type are
logged like the sandbox's own, so they page, filter and export the same way.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .. import errors
from ..store.db import Store
from . import activities, leads
from .leaddb import LEAD_NOT_FOUND, iso, parse_when

ATTRIBUTE_TYPES: Final = frozenset(
    {
        "string",
        "boolean",
        "integer",
        "float",
        "link",
        "email",
        "currency",
        "date",
        "datetime",
        "phone",
        "text",
    }
)
_API_NAME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")


def _require(store: Store, api_name: str) -> dict[str, Any]:
    found = store.catalog_get("custom_activity_type", api_name)
    if found is None:
        raise errors.ApiError(1013, f"Custom activity type '{api_name}' not found")
    return found


def _attribute(item: Mapping[str, Any], *, primary: bool = False) -> dict[str, Any]:
    api_name = str(item.get("apiName") or "").strip()
    name = str(item.get("name") or "").strip()
    if not api_name:
        raise errors.blank("apiName")
    if not name:
        raise errors.blank("name")
    if not _API_NAME.match(api_name):
        raise errors.invalid_value(api_name, "API name")
    data_type = str(item.get("dataType") or "string")
    if data_type not in ATTRIBUTE_TYPES:
        raise errors.invalid_value(data_type, "dataType")
    return {
        "apiName": api_name,
        "name": name,
        "dataType": data_type,
        "description": item.get("description") or "",
        "isPrimary": primary,
    }


def _definition(body: Mapping[str, Any]) -> dict[str, Any]:
    for key in ("apiName", "name", "triggerName", "filterName"):
        if not str(body.get(key) or "").strip():
            raise errors.blank(key)
    primary = body.get("primaryAttribute")
    if not isinstance(primary, dict):
        raise errors.blank("primaryAttribute")
    return {
        "name": str(body["name"]).strip(),
        "description": body.get("description") or "",
        "triggerName": str(body["triggerName"]).strip(),
        "filterName": str(body["filterName"]).strip(),
        "primaryAttribute": _attribute(primary, primary=True),
        "attributes": [],
    }


def _status(entry: Mapping[str, Any]) -> str:
    if entry.get("approved") and entry.get("draft"):
        return "approved with draft"
    return "approved" if entry.get("approved") else "draft"


def render(entry: Mapping[str, Any], *, draft: bool = False) -> dict[str, Any]:
    version = (entry.get("draft") if draft else None) or entry.get("approved") or entry["draft"]
    return {
        "id": entry["id"],
        "apiName": entry["apiName"],
        "name": version["name"],
        "description": version.get("description") or "",
        "triggerName": version["triggerName"],
        "filterName": version["filterName"],
        "primaryAttribute": dict(version["primaryAttribute"]),
        "attributes": [dict(item) for item in version.get("attributes", [])],
        "status": _status(entry),
        "createdAt": iso(entry["createdAt"]),
        "updatedAt": iso(entry["updatedAt"]),
    }


def all_types(store: Store) -> list[dict[str, Any]]:
    return [render(entry) for entry in store.catalog_all("custom_activity_type")]


def create(store: Store, body: Mapping[str, Any]) -> dict[str, Any]:
    api_name = str(body.get("apiName") or "").strip()
    definition = _definition(body)
    if not _API_NAME.match(api_name):
        raise errors.invalid_value(api_name, "API name")
    with store.transaction():
        if store.catalog_get("custom_activity_type", api_name) is not None:
            raise errors.ApiError(1017, f"Custom activity type '{api_name}' already exists")
        for other in store.catalog_all("custom_activity_type"):
            version = other.get("approved") or other.get("draft") or {}
            if str(version.get("name", "")).lower() == definition["name"].lower():
                raise errors.ApiError(
                    1017, f"Custom activity type named '{definition['name']}' already exists"
                )
        now = store.now()
        entry = {
            "id": store.next_id("custom_activity_type"),
            "apiName": api_name,
            "draft": definition,
            "approved": None,
            "createdAt": now,
            "updatedAt": now,
        }
        store.catalog_put("custom_activity_type", api_name, entry)
        return render(entry, draft=True)


def _edit(store: Store, api_name: str) -> dict[str, Any]:
    entry = _require(store, api_name)
    if entry.get("draft") is None:
        entry["draft"] = copy.deepcopy(entry["approved"])
    return entry


def _save(store: Store, entry: dict[str, Any]) -> dict[str, Any]:
    entry["updatedAt"] = store.now()
    store.catalog_put("custom_activity_type", entry["apiName"], entry)
    return render(entry, draft=entry.get("draft") is not None)


def update(store: Store, api_name: str, body: Mapping[str, Any]) -> dict[str, Any]:
    with store.transaction():
        entry = _edit(store, api_name)
        merged = {**entry["draft"], **{k: v for k, v in body.items() if v is not None}}
        merged.setdefault("apiName", api_name)
        definition = _definition(merged)
        definition["attributes"] = entry["draft"].get("attributes", [])
        entry["draft"] = definition
        return _save(store, entry)


def approve(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        if entry.get("draft") is None:
            raise errors.business_rule(f"Custom activity type '{api_name}' has no draft to approve")
        entry["approved"], entry["draft"] = entry["draft"], None
        return _save(store, entry)


def discard_draft(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        if entry.get("draft") is None or entry.get("approved") is None:
            raise errors.business_rule(
                f"Custom activity type '{api_name}' has no draft of an approved version to discard"
            )
        entry["draft"] = None
        return _save(store, entry)


def delete(store: Store, api_name: str) -> dict[str, Any]:
    with store.transaction():
        entry = _require(store, api_name)
        rendered = render(entry)
        store.execute(
            "DELETE FROM catalog WHERE kind = 'custom_activity_type' AND name = ?", (api_name,)
        )
        return rendered


def describe(store: Store, api_name: str, *, draft: bool) -> dict[str, Any]:
    entry = _require(store, api_name)
    if draft and entry.get("draft") is None:
        raise errors.ApiError(1013, f"Custom activity type '{api_name}' has no draft")
    return render(entry, draft=draft)


def change_attributes(
    store: Store, api_name: str, items: Sequence[Mapping[str, Any]], mode: str
) -> dict[str, Any]:
    """``create``, ``update`` or ``delete`` attributes of the type's draft."""
    if not items:
        raise errors.blank("attributes")
    with store.transaction():
        entry = _edit(store, api_name)
        draft = entry["draft"]
        current = {item["apiName"]: item for item in draft.get("attributes", [])}
        for item in items:
            key = str(item.get("apiName") or "")
            if mode == "delete":
                if key not in current:
                    raise errors.ApiError(1013, f"Attribute '{key}' not found")
                del current[key]
                continue
            if mode == "create" and (key in current or key == draft["primaryAttribute"]["apiName"]):
                raise errors.ApiError(1017, f"Attribute '{key}' already exists")
            if mode == "update":
                if key == draft["primaryAttribute"]["apiName"]:
                    draft["primaryAttribute"] = _attribute(
                        {**draft["primaryAttribute"], **item}, primary=True
                    )
                    continue
                if key not in current:
                    raise errors.ApiError(1013, f"Attribute '{key}' not found")
                current[key] = _attribute({**current[key], **item})
                continue
            current[key] = _attribute(item)
        draft["attributes"] = list(current.values())
        return _save(store, entry)


def add_activities(store: Store, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Log custom activities; each record is ``added`` or skipped with its reason."""
    by_id = {
        int(entry["id"]): entry
        for entry in store.catalog_all("custom_activity_type")
        if entry.get("approved")
    }
    results: list[dict[str, Any]] = []
    with store.transaction():
        for item in items:
            type_id = item.get("activityTypeId")
            entry = by_id.get(type_id) if isinstance(type_id, int) else None
            if entry is None:
                results.append(_skip(1013, f"Activity type '{type_id}' not found"))
                continue
            lead_id = item.get("leadId")
            if not isinstance(lead_id, int) or not leads.exists(store, lead_id):
                results.append(_skip(*LEAD_NOT_FOUND))
                continue
            primary = item.get("primaryAttributeValue")
            if primary is None or primary == "":
                results.append(_skip(1003, "primaryAttributeValue is required"))
                continue
            approved = entry["approved"]
            known = {a["apiName"]: a["name"] for a in approved.get("attributes", [])}
            known.update({a["name"]: a["name"] for a in approved.get("attributes", [])})
            pairs: list[tuple[str, Any]] = []
            unknown = None
            for attribute in item.get("attributes") or []:
                key = str(attribute.get("apiName") or attribute.get("name") or "")
                if key not in known:
                    unknown = key
                    break
                pairs.append((known[key], attribute.get("value")))
            if unknown is not None:
                results.append(_skip(1006, f"Attribute '{unknown}' not found"))
                continue
            when = (
                parse_when(item["activityDate"], "activityDate")
                if item.get("activityDate")
                else None
            )
            activity_id = activities.record(
                store,
                lead_id=lead_id,
                type_id=int(entry["id"]),
                primary_value=str(primary),
                attributes=pairs,
                when=when,
            )
            guid = store.execute("SELECT guid FROM activities WHERE id = ?", (activity_id,))[0][0]
            results.append({"id": activity_id, "marketoGUID": guid, "status": "added"})
    return results


def _skip(code: int, message: str) -> dict[str, Any]:
    return {"status": "skipped", "errors": [{"code": str(code), "message": message}]}
