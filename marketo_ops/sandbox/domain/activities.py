"""The activity log: what the sandbox itself did to leads, with Marketo's activity type ids.

Every change the sandbox makes to a lead is logged here as Marketo logs it, so activity
extracts, lead changes and the activities API read real history: New Lead (12), Change Data Value
(13), Change Score (22), Add to List (24), Remove from List (25), Merge Leads (32), Delete Lead
(37), Request Campaign (47), Change Lead Partition (100), Change Status in Progression (104),
Change Program Member Data (123), plus approved custom activity types (ids from 100001).

Paging follows Marketo: a paging token stands for a point in time (``pagingtoken.json``), each
page scans the next ``batchSize`` activities after the token's position and returns the ones
that match the filters, so a page may be empty while ``moreResult`` is still true.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

from .. import errors
from ..store.db import Store
from .leaddb import decode_token, encode_token, iso

FILL_OUT_FORM: Final = 2
NEW_LEAD: Final = 12
CHANGE_DATA_VALUE: Final = 13
CHANGE_SCORE: Final = 22
ADD_TO_LIST: Final = 24
REMOVE_FROM_LIST: Final = 25
MERGE_LEADS: Final = 32
DELETE_LEAD: Final = 37
REQUEST_CAMPAIGN: Final = 47
CHANGE_LEAD_PARTITION: Final = 100
CHANGE_PROGRAM_STATUS: Final = 104
CHANGE_PROGRAM_MEMBER_DATA: Final = 123

CAMPAIGN_RUN_ID: Final = "Campaign Run ID"
"""Attribute of activities a campaign run logs; always a number (Marketo's August 2026 release
fixed it being sent as a quoted string)."""
MAX_TYPE_IDS: Final = 10
MAX_LEAD_IDS: Final = 30


@dataclass(frozen=True)
class ActivityType:
    id: int
    name: str
    description: str
    primary: tuple[str, str]
    attributes: tuple[tuple[str, str], ...]

    def render(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "primaryAttribute": {"name": self.primary[0], "dataType": self.primary[1]},
            "attributes": [{"name": name, "dataType": kind} for name, kind in self.attributes],
        }


_S, _I, _B, _T, _D = "string", "integer", "boolean", "text", "datetime"

TYPES: Final[dict[int, ActivityType]] = {
    item.id: item
    for item in (
        ActivityType(
            1,
            "Visit Webpage",
            "User visits a web page",
            ("Webpage ID", _I),
            (("Client IP Address", _S), ("Query Parameters", _S), ("Webpage URL", _S)),
        ),
        ActivityType(
            2,
            "Fill Out Form",
            "User fills out and submits a form on web page",
            ("Webform ID", _I),
            (
                ("Client IP Address", _S),
                ("Form Fields", _T),
                ("Query Parameters", _S),
                ("Referrer URL", _S),
                ("User Agent", _S),
                ("Webpage ID", _I),
            ),
        ),
        ActivityType(6, "Send Email", "Send Marketo Email to a person", ("Mailing ID", _I), ()),
        ActivityType(
            7, "Email Delivered", "Marketo Email is delivered to a person", ("Mailing ID", _I), ()
        ),
        ActivityType(10, "Open Email", "User opens Marketo Email", ("Mailing ID", _I), ()),
        ActivityType(
            11, "Click Email", "User clicks on a link in a Marketo Email", ("Mailing ID", _I), ()
        ),
        ActivityType(
            NEW_LEAD,
            "New Lead",
            "New person",
            ("Lead ID", _I),
            (
                ("API Method Name", _S),
                ("Created Date", _D),
                ("List Name", _S),
                ("Modifying User", _S),
                ("Request Id", _S),
                ("Source Type", _S),
            ),
        ),
        ActivityType(
            CHANGE_DATA_VALUE,
            "Change Data Value",
            "Changed attribute value for a person",
            ("Attribute Name", _I),
            (
                ("API Method Name", _S),
                ("Modifying User", _S),
                ("New Value", _S),
                ("Old Value", _S),
                ("Reason", _S),
                ("Request Id", _S),
                ("Source", _S),
                (CAMPAIGN_RUN_ID, _I),
            ),
        ),
        ActivityType(
            CHANGE_SCORE,
            "Change Score",
            "Changed score for a person",
            ("Attribute Name", _I),
            (
                ("Change Value", _S),
                ("New Value", _I),
                ("Old Value", _I),
                ("Reason", _S),
                (CAMPAIGN_RUN_ID, _I),
            ),
        ),
        ActivityType(
            ADD_TO_LIST,
            "Add to List",
            "Person added to a list",
            ("List ID", _I),
            (
                ("API Method Name", _S),
                ("Modifying User", _S),
                ("Request Id", _S),
                ("Source", _S),
                (CAMPAIGN_RUN_ID, _I),
            ),
        ),
        ActivityType(
            REMOVE_FROM_LIST,
            "Remove from List",
            "Person removed from a list",
            ("List ID", _I),
            (
                ("API Method Name", _S),
                ("Modifying User", _S),
                ("Request Id", _S),
                ("Source", _S),
                (CAMPAIGN_RUN_ID, _I),
            ),
        ),
        ActivityType(
            MERGE_LEADS,
            "Merge Leads",
            "Merge two or more people",
            ("Lead ID", _I),
            (("Merge IDs", _S), ("Merged in Sales", _B), ("Master Updated", _B)),
        ),
        ActivityType(
            DELETE_LEAD,
            "Delete Lead",
            "Delete a person from Marketo",
            ("Lead ID", _I),
            (("Remove from CRM", _B), ("API Method Name", _S), ("Request Id", _S)),
        ),
        ActivityType(
            REQUEST_CAMPAIGN,
            "Request Campaign",
            "Request a person to be processed by a campaign",
            ("Campaign ID", _I),
            (("Source", _S), ("Tokens", _T), ("Request Id", _S), (CAMPAIGN_RUN_ID, _I)),
        ),
        ActivityType(
            CHANGE_LEAD_PARTITION,
            "Change Lead Partition",
            "Changed the lead partition of a person",
            ("Lead Partition ID", _I),
            (("New Partition", _S), ("Old Partition", _S), ("Reason", _S)),
        ),
        ActivityType(
            CHANGE_PROGRAM_STATUS,
            "Change Status in Progression",
            "Change a person's status in a program",
            ("Program ID", _I),
            (
                ("Acquired By", _B),
                ("New Status", _S),
                ("New Status ID", _I),
                ("Old Status", _S),
                ("Old Status ID", _I),
                ("Program Member ID", _I),
                ("Reason", _S),
                ("Success", _B),
            ),
        ),
        ActivityType(
            CHANGE_PROGRAM_MEMBER_DATA,
            "Change Program Member Data",
            "Changed a program member field of a person",
            ("Program ID", _I),
            (("Attribute Name", _S), ("New Value", _S), ("Old Value", _S), ("Reason", _S)),
        ),
    )
}


def all_types(store: Store) -> list[dict[str, Any]]:
    """Built-in types and approved custom activity types, by id."""
    items = [item.render() for item in TYPES.values()]
    for custom in store.catalog_all("custom_activity_type"):
        approved = custom.get("approved")
        if approved:
            items.append(
                {
                    "id": custom["id"],
                    "name": approved["name"],
                    "apiName": custom["apiName"],
                    "description": approved.get("description") or "",
                    "primaryAttribute": {
                        "name": approved["primaryAttribute"]["name"],
                        "apiName": approved["primaryAttribute"]["apiName"],
                        "dataType": approved["primaryAttribute"].get("dataType", "string"),
                    },
                    "attributes": [
                        {
                            "name": attribute["name"],
                            "apiName": attribute["apiName"],
                            "dataType": attribute.get("dataType", "string"),
                        }
                        for attribute in approved.get("attributes", [])
                    ],
                }
            )
    return sorted(items, key=lambda item: int(item["id"]))


def known_type_ids(store: Store) -> set[int]:
    return set(TYPES) | {
        int(custom["id"])
        for custom in store.catalog_all("custom_activity_type")
        if custom.get("approved")
    }


# --- recording ----------------------------------------------------------------------------------
_RUN: ContextVar[tuple[int, int] | None] = ContextVar("campaign_run", default=None)


@contextmanager
def campaign_run(campaign_id: int, run_id: int) -> Iterator[None]:
    """Activities logged inside carry the campaign and its run's ``Campaign Run ID``."""
    token = _RUN.set((campaign_id, run_id))
    try:
        yield
    finally:
        _RUN.reset(token)


def record(
    store: Store,
    *,
    lead_id: int,
    type_id: int,
    primary_id: int | None = None,
    primary_value: str | None = None,
    attributes: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
    campaign_id: int | None = None,
    fields: list[dict[str, Any]] | None = None,
    when: float | None = None,
) -> int:
    """Log one activity; attributes with a ``None`` value are left out, as Marketo does."""
    pairs = attributes.items() if isinstance(attributes, Mapping) else attributes
    attrs = [{"name": name, "value": value} for name, value in pairs if value is not None]
    run = _RUN.get()
    if run is not None:
        campaign_id = campaign_id if campaign_id is not None else run[0]
        if all(item["name"] != CAMPAIGN_RUN_ID for item in attrs):
            attrs.append({"name": CAMPAIGN_RUN_ID, "value": run[1]})
    for item in attrs:
        if item["name"] == CAMPAIGN_RUN_ID and str(item["value"]).strip('"').isdigit():
            item["value"] = int(str(item["value"]).strip('"'))
    store.execute(
        "INSERT INTO activities (guid, lead_id, type_id, activity_date, primary_id, primary_value,"
        " campaign_id, attributes, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(uuid.uuid4()),
            lead_id,
            type_id,
            store.now() if when is None else when,
            primary_id,
            primary_value,
            campaign_id,
            json.dumps(attrs),
            json.dumps(fields) if fields is not None else None,
        ),
    )
    return int(store.execute("SELECT last_insert_rowid()")[0][0])


def requested_campaigns(store: Store, lead_id: int) -> list[tuple[int, float, float]]:
    """(campaign id, first, last request) of every campaign the lead was requested into."""
    rows = store.execute(
        "SELECT primary_id, MIN(activity_date), MAX(activity_date) FROM activities"
        " WHERE lead_id = ? AND type_id = ? GROUP BY primary_id ORDER BY primary_id",
        (lead_id, REQUEST_CAMPAIGN),
    )
    return [(int(cid), float(first), float(last)) for cid, first, last in rows]


def reassign(store: Store, from_lead: int, to_lead: int) -> None:
    """Merged leads keep their history: the loser's activities move to the winner."""
    store.execute("UPDATE activities SET lead_id = ? WHERE lead_id = ?", (to_lead, from_lead))


_COLUMNS: Final = (
    "id, guid, lead_id, type_id, activity_date, primary_id, primary_value, campaign_id,"
    " attributes, fields"
)


def render(values: Sequence[Any]) -> dict[str, Any]:
    (
        activity_id,
        guid,
        lead_id,
        type_id,
        when,
        primary_id,
        primary_value,
        campaign_id,
        attributes,
        _fields,
    ) = values
    item: dict[str, Any] = {
        "id": activity_id,
        "marketoGUID": guid,
        "leadId": lead_id,
        "activityDate": iso(when),
        "activityTypeId": type_id,
    }
    if campaign_id is not None:
        item["campaignId"] = campaign_id
    if primary_id is not None:
        item["primaryAttributeValueId"] = primary_id
    if primary_value is not None:
        item["primaryAttributeValue"] = primary_value
    item["attributes"] = json.loads(attributes)
    return item


def attributes_object(attributes: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Bulk extract files carry ``attributes`` as one JSON object of name -> value (Adobe's
    Bulk Activity Extract example: ``{"Reason": ..., "Program Member ID": 3240303, ...}``),
    not the REST activities' list of ``{name, value}``; values keep their JSON types."""
    return {str(item["name"]): item.get("value") for item in attributes}


def render_change(values: Sequence[Any], wanted: set[str] | None) -> dict[str, Any] | None:
    """A Lead Changes item; None for a Change Data Value of a field not asked for."""
    item = render(values)
    changed = json.loads(values[9]) if values[9] else []
    if item["activityTypeId"] == CHANGE_DATA_VALUE:
        changed = [field for field in changed if wanted is None or field["name"] in wanted]
        if not changed:
            return None
    item.pop("primaryAttributeValueId", None)
    item.pop("primaryAttributeValue", None)
    item["fields"] = changed
    return item


# --- paging tokens ------------------------------------------------------------------------------
def paging_token(since: float) -> str:
    """The token for "everything from ``since`` on" (no activity read yet)."""
    return encode_token("A", f"{since:.3f}", 0)


def read_token(token: str) -> tuple[float, int]:
    kind, since, last = decode_token(token, 3)
    if kind != "A":
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'")
    try:
        return float(since), int(last)
    except ValueError:
        raise errors.invalid_data(f"Invalid nextPageToken '{token}'") from None


MAX_LIST_MEMBERS: Final = 10_000
"""Get Lead Activities / Lead Changes refuse a ``listId`` of this many members or more (1003)."""


def _check_list_size(store: Store, list_id: int) -> None:
    """Adobe's "Get Lead API Updates" (effective 2026-09-30): a ``listId`` whose static list
    holds 10,000 or more leads fails with 1003; extract those with bulk exports instead."""
    count = int(
        store.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM list_members WHERE list_id = ? LIMIT ?)",
            (list_id, MAX_LIST_MEMBERS),
        )[0][0]
    )
    if count >= MAX_LIST_MEMBERS:
        raise errors.invalid_data(
            f"Static list {list_id} has too many records: {MAX_LIST_MEMBERS:,} or more members"
            " (filter activities by a smaller list, or use a bulk activity export)"
        )


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_token: str
    more: bool


def scan(
    store: Store,
    token: str,
    size: int,
    *,
    type_ids: set[int] | None = None,
    lead_ids: set[int] | None = None,
    list_id: int | None = None,
    asset_ids: set[int] | None = None,
    changes: set[str] | None = None,
    changes_mode: bool = False,
) -> Page:
    """One page: the next ``size`` activities after the token, filtered (maybe to nothing)."""
    since, last = read_token(token)
    with store.lock:
        rows = store.execute(
            f"SELECT {_COLUMNS} FROM activities WHERE id > ? AND activity_date >= ?"
            " ORDER BY id LIMIT ?",
            (last, since, size),
        )
        members: set[int] | None = None
        if list_id is not None:
            _check_list_size(store, list_id)
            members = {
                int(found[0])
                for found in store.execute(
                    "SELECT lead_id FROM list_members WHERE list_id = ?", (list_id,)
                )
            }
        scanned_to = int(rows[-1][0]) if rows else last
        more = bool(
            store.execute(
                "SELECT 1 FROM activities WHERE id > ? AND activity_date >= ? LIMIT 1",
                (scanned_to, since),
            )
        )
    items: list[dict[str, Any]] = []
    for values in rows:
        if type_ids is not None and int(values[3]) not in type_ids:
            continue
        if lead_ids is not None and int(values[2]) not in lead_ids:
            continue
        if members is not None and int(values[2]) not in members:
            continue
        if asset_ids is not None and (values[5] is None or int(values[5]) not in asset_ids):
            continue
        if changes_mode:
            change = render_change(values, changes)
            if change is not None:
                items.append(change)
        else:
            items.append(render(values))
    return Page(items, encode_token("A", f"{since:.3f}", scanned_to), more)


def rows_between(
    store: Store, start: float, end: float, type_ids: set[int] | None, chunk: int = 5000
) -> Iterable[dict[str, Any]]:
    """Activities with ``start <= date < end`` in id order, read in chunks (bulk extracts)."""
    last = 0
    while True:
        with store.lock:
            rows = store.execute(
                f"SELECT {_COLUMNS} FROM activities WHERE id > ? AND activity_date >= ?"
                " AND activity_date < ? ORDER BY id LIMIT ?",
                (last, start, end, chunk),
            )
        if not rows:
            return
        for values in rows:
            if type_ids is None or int(values[3]) in type_ids:
                yield render(values)
        last = int(rows[-1][0])
