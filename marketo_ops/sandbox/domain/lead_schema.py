"""Field schemas of the lead database: lead fields and program member fields.

Lead fields live in the ``lead_field`` catalog (seeded with Marketo's standard fields); custom
fields created through the schema API join it and are usable at once in sync, filters, describe
and bulk files. Program members have their own schema (``pm_field``): the standard member fields
(status, membership date, success...) and custom fields, the only ones that
``syncProgramMemberData`` writes. Names follow Marketo's rule for API names (a letter, then
letters, digits or underscores); a taken name is refused with 1017 (object already exists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from .. import errors
from ..store.db import Store
from .leaddb import iso

CREATE_TYPES: Final = frozenset(
    {
        "boolean",
        "currency",
        "date",
        "datetime",
        "email",
        "float",
        "integer",
        "percent",
        "phone",
        "score",
        "string",
        "url",
    }
)
_API_NAME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,49}$")

# (name, display name, data type, updateable)
PROGRAM_MEMBER_FIELDS: Final = (
    ("leadId", "Lead Id", "integer", False),
    ("programId", "Program Id", "integer", False),
    ("statusName", "Status", "string", True),
    ("statusReason", "Status Reason", "string", True),
    ("membershipDate", "Membership Date", "datetime", False),
    ("reachedSuccess", "Reached Success", "boolean", False),
    ("reachedSuccessDate", "Reached Success Date", "datetime", False),
    ("acquiredBy", "Acquired By", "boolean", False),
    ("isExhausted", "Is Exhausted", "boolean", False),
    ("nurtureCadence", "Nurture Cadence", "string", False),
    ("webinarUrl", "Webinar Url", "url", True),
    ("createdAt", "Created At", "datetime", False),
    ("updatedAt", "Updated At", "datetime", False),
)


# --- lead fields --------------------------------------------------------------------------------
def render_field(item: Mapping[str, Any]) -> dict[str, Any]:
    """A ``LeadField`` of the schema API."""
    rest = item.get("rest") or {}
    body: dict[str, Any] = {
        "displayName": item.get("displayName"),
        "name": rest.get("name", item.get("name")),
        "description": item.get("description") or "",
        "dataType": item.get("dataType"),
        "isHidden": bool(item.get("isHidden", False)),
        "isHtmlEncodingInEmail": bool(item.get("isHtmlEncodingInEmail", False)),
        "isSensitive": bool(item.get("isSensitive", False)),
        "isCustom": bool(item.get("isCustom", False)),
        "isApiCreated": bool(item.get("isApiCreated", False)),
    }
    if item.get("length") is not None:
        body["length"] = item["length"]
    return body


def _check_new(item: Mapping[str, Any], taken: set[str]) -> tuple[str, str, str]:
    name = str(item.get("name") or "").strip()
    display = str(item.get("displayName") or "").strip()
    data_type = str(item.get("dataType") or "").strip()
    if not name:
        raise errors.blank("name")
    if not display:
        raise errors.blank("displayName")
    if not data_type:
        raise errors.blank("dataType")
    if not _API_NAME.match(name):
        raise errors.invalid_value(name, "API name")
    if data_type not in CREATE_TYPES:
        raise errors.invalid_value(data_type, "dataType")
    if name.lower() in taken:
        raise errors.ApiError(1017, f"Field '{name}' already exists")
    return name, display, data_type


def create_lead_fields(store: Store, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    results = []
    with store.transaction():
        taken = {
            str((item.get("rest") or {}).get("name", "")).lower()
            for item in store.catalog_all("lead_field")
        }
        for item in inputs:
            name, display, data_type = _check_new(item, taken)
            taken.add(name.lower())
            field_id = store.next_id("lead_field")
            entry: dict[str, Any] = {
                "id": field_id,
                "displayName": display,
                "dataType": data_type,
                "rest": {"name": name, "readOnly": False},
                "soap": {"name": name[:1].upper() + name[1:], "readOnly": False},
                "description": item.get("description") or "",
                "isHidden": bool(item.get("isHidden", False)),
                "isHtmlEncodingInEmail": bool(item.get("isHtmlEncodingInEmail", False)),
                "isSensitive": bool(item.get("isSensitive", False)),
                "isCustom": True,
                "isApiCreated": True,
            }
            if data_type in {"string", "email", "phone", "url"}:
                entry["length"] = 255
            store.catalog_put("lead_field", name, entry)
            results.append({"name": name, "status": "created"})
    return results


def _apply_update(entry: dict[str, Any], change: Mapping[str, Any]) -> None:
    for key in ("displayName", "description"):
        if change.get(key) is not None:
            entry[key] = str(change[key])
    for key in ("isHidden", "isHtmlEncodingInEmail", "isSensitive"):
        if change.get(key) is not None:
            entry[key] = bool(change[key])


def update_lead_field(store: Store, name: str, change: Mapping[str, Any]) -> list[dict[str, Any]]:
    entry = store.catalog_get("lead_field", name)
    if entry is None:
        raise errors.ApiError(1006, f"Field '{name}' not found")
    _apply_update(entry, change)
    store.catalog_put("lead_field", str(entry["rest"]["name"]), entry)
    return [{"name": entry["rest"]["name"], "status": "updated"}]


def describe2(store: Store) -> dict[str, Any]:
    from .leads import schema

    definitions = schema(store)
    return {
        "name": "API Lead",
        "searchableFields": [[name] for name, item in definitions.items() if item.searchable],
        "fields": [
            {
                "name": name,
                "displayName": item.display_name,
                "dataType": item.data_type,
                **({"length": item.length} if item.length is not None else {}),
                "updateable": not item.read_only,
                "crmManaged": False,
            }
            for name, item in definitions.items()
        ],
    }


# --- program member fields ----------------------------------------------------------------------
def program_member_fields(store: Store) -> list[dict[str, Any]]:
    found = store.catalog_all("pm_field")
    if not found:
        with store.transaction():
            for name, display, data_type, updateable in PROGRAM_MEMBER_FIELDS:
                store.catalog_put(
                    "pm_field",
                    name,
                    {
                        "name": name,
                        "displayName": display,
                        "dataType": data_type,
                        "updateable": updateable,
                        "description": "",
                        "isCustom": False,
                    },
                )
        found = store.catalog_all("pm_field")
    return found


def custom_member_fields(store: Store) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in program_member_fields(store) if item.get("isCustom")}


def create_member_fields(store: Store, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    results = []
    with store.transaction():
        taken = {str(item["name"]).lower() for item in program_member_fields(store)}
        for item in inputs:
            name, display, data_type = _check_new(item, taken)
            taken.add(name.lower())
            entry = {
                "name": name,
                "displayName": display,
                "dataType": data_type,
                "updateable": True,
                "description": item.get("description") or "",
                "isHidden": bool(item.get("isHidden", False)),
                "isHtmlEncodingInEmail": bool(item.get("isHtmlEncodingInEmail", False)),
                "isSensitive": bool(item.get("isSensitive", False)),
                "isCustom": True,
                "isApiCreated": True,
            }
            if data_type in {"string", "email", "phone", "url"}:
                entry["length"] = 255
            store.catalog_put("pm_field", name, entry)
            results.append({"name": name, "status": "created"})
    return results


def update_member_field(store: Store, name: str, change: Mapping[str, Any]) -> list[dict[str, Any]]:
    program_member_fields(store)
    entry = store.catalog_get("pm_field", name)
    if entry is None:
        raise errors.ApiError(1006, f"Field '{name}' not found")
    _apply_update(entry, change)
    store.catalog_put("pm_field", str(entry["name"]), entry)
    return [{"name": entry["name"], "status": "updated"}]


def render_member_field(item: Mapping[str, Any]) -> dict[str, Any]:
    return render_field({**item, "rest": {"name": item["name"]}})


def member_describe_fields(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "name": item["name"],
            "displayName": item["displayName"],
            "dataType": item["dataType"],
            **({"length": item["length"]} if item.get("length") is not None else {}),
            "updateable": bool(item.get("updateable", False)),
            "crmManaged": False,
        }
        for item in program_member_fields(store)
    ]


def member_describe2(store: Store) -> dict[str, Any]:
    created = store.get_meta("pm_schema_created")
    if created is None:
        created = str(store.now())
        store.set_meta("pm_schema_created", created)
    return {
        "name": "Program Member",
        "description": "Map for Program Member fields",
        "createdAt": iso(float(created)),
        "updatedAt": iso(float(created)),
        "dedupeFields": ["leadId", "programId"],
        "searchableFields": [["leadId"], ["statusName"], ["reachedSuccess"], ["acquiredBy"]],
        "fields": member_describe_fields(store),
    }
