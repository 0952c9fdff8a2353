"""Admin-defined catalogs the API can only read: channels, tag types, lead fields.

Marketo defines these in Admin; the REST API reads them and validates programs against them
(a program's channel must apply to its type, its tags must be known types with allowed values,
and required tag types must be present). Responses keep Marketo's odd formats: a tag type's
``applicableProgramTypes`` and ``allowableValues`` are strings like ``"[AMER, EMEA]"``.
"""

from __future__ import annotations

from typing import Any, Final

from .. import errors
from ..store.db import Store
from ..timefmt import marketo_timestamp

PROGRAM_TYPES: Final[dict[str, str]] = {
    "default": "Default",
    "program": "Default",
    "event": "Event",
    "event with webinar": "Event with Webinar",
    "webinar": "Event with Webinar",
    "engagement": "Engagement",
    "nurture": "Engagement",
    "email": "Email",
    "email_batch": "Email",
}
"""Accepted spellings of a program type -> the name Marketo shows."""

TYPE_CODES: Final[dict[str, str]] = {
    "Default": "program",
    "Event": "event",
    "Event with Webinar": "webinar",
    "Engagement": "nurture",
    "Email": "email_batch",
}
"""Program type -> the code channels and tag types use for it."""


def program_type(value: str) -> str:
    found = PROGRAM_TYPES.get(value.strip().lower())
    if found is None:
        raise errors.business_rule(
            f"Invalid program type '{value}'; expected Default, Event, Event with Webinar,"
            " Engagement or Email"
        )
    return found


# --- channels -----------------------------------------------------------------------------------
def channels(store: Store) -> list[dict[str, Any]]:
    return store.catalog_all("channel")


def channel(store: Store, name: str) -> dict[str, Any] | None:
    return store.catalog_get("channel", name)


def check_channel(store: Store, name: str, type_name: str) -> dict[str, Any]:
    found = channel(store, name)
    if found is None:
        raise errors.business_rule(f"Invalid channel '{name}': no such channel")
    code = TYPE_CODES[type_name]
    if found["applicableProgramType"] != code:
        raise errors.business_rule(
            f"Channel '{found['name']}' cannot be used with {type_name} programs"
            f" (it applies to '{found['applicableProgramType']}' programs)"
        )
    return found


def render_channel(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": data["id"],
        "name": data["name"],
        "applicableProgramType": data["applicableProgramType"],
        "progressionStatuses": data["progressionStatuses"],
        "createdAt": marketo_timestamp(data["createdAt"]),
        "updatedAt": marketo_timestamp(data["updatedAt"]),
    }


# --- tag types ----------------------------------------------------------------------------------
def tag_types(store: Store) -> list[dict[str, Any]]:
    return store.catalog_all("tag_type")


def render_tag_type(data: dict[str, Any], *, with_values: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "tagType": data["tagType"],
        "applicableProgramTypes": "[" + ",".join(data["applicableProgramTypes"]) + "]",
        "required": bool(data["required"]),
    }
    if with_values:
        body["allowableValues"] = "[" + ", ".join(data["allowableValues"]) + "]"
    return body


def parse_tags(value: Any) -> list[dict[str, str]]:
    """``[{"tagType": .., "tagValue": ..}]`` (a single object is accepted too)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    tags: list[dict[str, str]] = []
    for item in items:
        if not isinstance(item, dict) or not item.get("tagType"):
            raise errors.invalid_value(item, "Tag ({tagType, tagValue})")
        tags.append({"tagType": str(item["tagType"]), "tagValue": str(item.get("tagValue", ""))})
    return tags


def check_tags(store: Store, tags: list[dict[str, str]], type_name: str) -> list[dict[str, str]]:
    """Normalised tags, or 709 for unknown types, values not allowed, or wrong program type."""
    code = TYPE_CODES[type_name]
    checked: list[dict[str, str]] = []
    for tag in tags:
        definition = store.catalog_get("tag_type", tag["tagType"])
        if definition is None:
            raise errors.business_rule(
                f"Invalid tag type '{tag['tagType']}': tag types are defined in Admin > Tags"
            )
        allowed = {value.lower(): value for value in definition["allowableValues"]}
        value = allowed.get(tag["tagValue"].lower())
        if value is None:
            raise errors.business_rule(
                f"Invalid tag value '{tag['tagValue']}' for tag type '{definition['tagType']}';"
                f" allowed: {', '.join(definition['allowableValues'])}"
            )
        if code not in definition["applicableProgramTypes"]:
            raise errors.business_rule(
                f"Tag type '{definition['tagType']}' does not apply to {type_name} programs"
            )
        checked = [item for item in checked if item["tagType"] != definition["tagType"]]
        checked.append({"tagType": definition["tagType"], "tagValue": value})
    return checked


def check_required_tags(store: Store, tags: list[dict[str, str]], type_name: str) -> None:
    code = TYPE_CODES[type_name]
    present = {tag["tagType"].lower() for tag in tags}
    for definition in tag_types(store):
        if (
            definition["required"]
            and code in definition["applicableProgramTypes"]
            and definition["tagType"].lower() not in present
        ):
            raise errors.business_rule(
                f"Tag type '{definition['tagType']}' is required for {type_name} programs"
            )


# --- lead fields --------------------------------------------------------------------------------
def lead_fields(store: Store) -> list[dict[str, Any]]:
    return store.catalog_all("lead_field")
