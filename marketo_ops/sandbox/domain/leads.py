"""Leads: records whose fields follow the instance's lead schema, with Marketo's sync rules.

The schema is the ``lead_field`` catalog (seeded standard fields plus fields created through
``/rest/v1/leads/schema/fields.json``). Values are checked against each field's data type; an
unknown field skips the record with 1006, a bad value with 1003. Sync follows the action:

* ``createOnly``: a lead matching the lookup field skips the record (1005 "Lead already exists");
* ``updateOnly``: no match skips it (1004 "Lead not found");
* ``createOrUpdate`` (default): update the match or create;
* ``createDuplicate``: always create;
* more than one match skips the record (1007).

Every creation logs New Lead (12) and every changed value Change Data Value (13), so activities
and lead changes read the real history. Deleting logs Delete Lead (37) and drops memberships.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from .. import errors
from ..store.db import Store
from ..timefmt import parse_datetime
from . import activities
from .leaddb import (
    LEAD_EXISTS,
    LEAD_NOT_FOUND,
    MULTIPLE_MATCH,
    field_not_found,
    iso,
    skipped,
)

DEFAULT_FIELDS: Final = ("id", "firstName", "lastName", "email", "updatedAt", "createdAt")
SYSTEM_FIELDS: Final = frozenset({"id", "createdAt", "updatedAt", "leadPartitionId"})
ACTIONS: Final = ("createOnly", "updateOnly", "createOrUpdate", "createDuplicate")
SEARCHABLE_TYPES: Final = frozenset({"string", "email", "integer", "phone", "url"})
DEFAULT_PARTITION: Final = "Default"
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+$")


@dataclass(frozen=True)
class FieldDef:
    """One lead field as the schema describes it."""

    name: str
    display_name: str
    data_type: str
    length: int | None = None
    read_only: bool = False
    custom: bool = False
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def searchable(self) -> bool:
        return self.name in {"id", "email", "leadPartitionId"} or (
            self.data_type in SEARCHABLE_TYPES and not self.read_only
        )


class RecordError(Exception):
    """A record-level failure: the record is skipped with this code and message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def schema(store: Store) -> dict[str, FieldDef]:
    """The lead fields by REST name, with the partition id Marketo adds to every lead."""
    fields: dict[str, FieldDef] = {}
    for item in store.catalog_all("lead_field"):
        rest = item.get("rest") or {}
        name = str(rest.get("name"))
        fields[name] = FieldDef(
            name=name,
            display_name=str(item.get("displayName", name)),
            data_type=str(item.get("dataType", "string")),
            length=item.get("length"),
            read_only=bool(rest.get("readOnly", False)),
            custom=bool(item.get("isCustom", False)),
            data=item,
        )
    fields.setdefault(
        "leadPartitionId",
        FieldDef("leadPartitionId", "Lead Partition Id", "integer", read_only=True),
    )
    return fields


def coerce(definition: FieldDef, value: Any) -> Any:
    """The stored form of a value for a field; RecordError(1003) when it does not fit."""
    if value is None or value == "":
        return None
    kind = definition.data_type
    name = definition.name
    try:
        if kind in {"integer", "score"}:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
            if number != int(number):
                raise ValueError
            return int(number)
        if kind in {"float", "currency", "percent"}:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"true", "1", "yes"}:
                return True
            if text in {"false", "0", "no"}:
                return False
            raise ValueError
        if kind in {"date", "datetime"}:
            parsed = parse_datetime(str(value))
            if parsed is None:
                raise ValueError
            return iso(parsed) if kind == "datetime" else iso(parsed)[:10]  # type: ignore[index]
    except (TypeError, ValueError):
        raise RecordError(
            1003, f"Invalid value '{value}' for field '{name}' of type '{kind}'"
        ) from None
    text = (
        value
        if isinstance(value, str)
        else json.dumps(value)
        if isinstance(value, dict | list)
        else str(value)
    )
    if kind == "email" and not _EMAIL.match(text):
        raise RecordError(1003, f"Invalid email address '{text}' for field '{name}'")
    if definition.length is not None and len(text) > int(definition.length):
        raise RecordError(
            1003, f"Value for field '{name}' exceeds the maximum length of {definition.length}"
        )
    return text


# --- rows ---------------------------------------------------------------------------------------
@dataclass
class LeadRow:
    id: int
    email: str | None
    partition_id: int
    data: dict[str, Any]
    created_at: float
    updated_at: float

    def value(self, name: str) -> Any:
        if name == "id":
            return self.id
        if name == "createdAt":
            return iso(self.created_at)
        if name == "updatedAt":
            return iso(self.updated_at)
        if name == "leadPartitionId":
            return self.partition_id
        return self.data.get(name)


_COLUMNS: Final = "id, email, partition_id, data, created_at, updated_at"


def _lead(values: Sequence[Any]) -> LeadRow:
    return LeadRow(
        id=int(values[0]),
        email=values[1],
        partition_id=int(values[2]),
        data=json.loads(values[3]),
        created_at=float(values[4]),
        updated_at=float(values[5]),
    )


def get(store: Store, lead_id: int) -> LeadRow | None:
    rows = store.execute(f"SELECT {_COLUMNS} FROM leads WHERE id = ?", (lead_id,))
    return _lead(rows[0]) if rows else None


def exists(store: Store, lead_id: int) -> bool:
    return bool(store.execute("SELECT 1 FROM leads WHERE id = ?", (lead_id,)))


def get_many(store: Store, ids: Iterable[int]) -> dict[int, LeadRow]:
    wanted = sorted(set(ids))
    found: dict[int, LeadRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for values in store.execute(f"SELECT {_COLUMNS} FROM leads WHERE id IN ({marks})", chunk):
            lead = _lead(values)
            found[lead.id] = lead
    return found


def _match_clause(name: str, definition: FieldDef) -> str:
    if name == "id":
        return "id"
    if name == "email":
        return "email"
    if name == "leadPartitionId":
        return "partition_id"
    if definition.data_type in {"integer", "score"}:
        return f"json_extract(data, '$.\"{name}\"')"
    return f"CAST(json_extract(data, '$.\"{name}\"') AS TEXT)"


def _match_values(definition: FieldDef, values: Sequence[Any]) -> list[Any]:
    converted: list[Any] = []
    for value in values:
        if definition.name in {"id", "leadPartitionId"} or definition.data_type in {
            "integer",
            "score",
        }:
            try:
                converted.append(int(str(value).strip()))
            except ValueError:
                continue
        else:
            converted.append(str(value))
    return converted


def find(
    store: Store,
    name: str,
    values: Sequence[Any],
    *,
    after: int = 0,
    limit: int | None = None,
    fields: Mapping[str, FieldDef] | None = None,
) -> list[LeadRow]:
    """Leads whose field ``name`` is one of ``values`` (text values compare without case)."""
    definitions = fields if fields is not None else schema(store)
    definition = definitions[name]
    converted = _match_values(definition, values)
    if not converted:
        return []
    column = _match_clause(name, definition)
    text = definition.data_type not in {"integer", "score"} and name not in {
        "id",
        "leadPartitionId",
    }
    marks = ", ".join("?" for _ in converted)
    collate = " COLLATE NOCASE" if text else ""
    sql = (
        f"SELECT {_COLUMNS} FROM leads WHERE {column}{collate} IN ({marks}) AND id > ? ORDER BY id"
    )
    params: list[Any] = [*converted, after]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_lead(values) for values in store.execute(sql, params)]


def render(lead: LeadRow, names: Sequence[str]) -> dict[str, Any]:
    """``{id, ...asked fields}``; fields without a value are null, as Marketo answers them."""
    item: dict[str, Any] = {"id": lead.id}
    for name in names:
        if name != "id":
            item[name] = lead.value(name)
    return item


def requested_fields(text_or_list: Any, definitions: Mapping[str, FieldDef]) -> list[str]:
    """The ``fields`` parameter (default: Marketo's default lead fields); 1006 for unknown ones."""
    if text_or_list is None or text_or_list in ("", []):
        return list(DEFAULT_FIELDS)
    items = text_or_list if isinstance(text_or_list, list) else str(text_or_list).split(",")
    names = [str(item).strip() for item in items if str(item).strip()]
    for name in names:
        if name not in definitions:
            code, message = field_not_found(name)
            raise errors.ApiError(code, message)
    return names


# --- partitions ---------------------------------------------------------------------------------
def partitions(store: Store) -> list[dict[str, Any]]:
    found = store.catalog_all("lead_partition")
    if not found:
        store.catalog_put(
            "lead_partition",
            DEFAULT_PARTITION,
            {"id": 1, "name": DEFAULT_PARTITION, "description": "Initial system lead partition"},
        )
        found = store.catalog_all("lead_partition")
    return found


def partition_id(store: Store, name: str | None) -> int:
    """The id of a partition by name (the Default partition when none is given); 1003 if none."""
    wanted = (name or DEFAULT_PARTITION).strip().lower()
    for item in partitions(store):
        if str(item["name"]).lower() == wanted:
            return int(item["id"])
    raise errors.invalid_data(f"Lead partition '{name}' not found")


def partition_name(store: Store, pid: int) -> str:
    for item in partitions(store):
        if int(item["id"]) == pid:
            return str(item["name"])
    return DEFAULT_PARTITION


# --- writes -------------------------------------------------------------------------------------
@dataclass
class Source:
    """Who made a change, for the activity attributes."""

    api_method: str = "syncLead"
    request_id: str | None = None
    user: str = "API"
    reason: str = "Web service API"


def check_values(
    record: Mapping[str, Any], definitions: Mapping[str, FieldDef], *, allow: Iterable[str] = ()
) -> dict[str, Any]:
    """Stored values of a record's writable fields; RecordError for unknown or bad ones."""
    allowed = set(allow)
    values: dict[str, Any] = {}
    for name, raw in record.items():
        if name in allowed:
            continue
        definition = definitions.get(name)
        if definition is None:
            code, message = field_not_found(name)
            raise RecordError(code, message)
        if name in SYSTEM_FIELDS or definition.read_only:
            raise RecordError(1003, f"Field '{name}' is read-only")
        values[name] = coerce(definition, raw)
    return values


def create(
    store: Store,
    values: Mapping[str, Any],
    *,
    partition: int = 1,
    source: Source | None = None,
    when: float | None = None,
) -> LeadRow:
    """Insert a lead and log New Lead (12)."""
    source = source or Source()
    now = store.now() if when is None else when
    lead_id = store.next_id("lead")
    data = {key: value for key, value in values.items() if value is not None}
    email = data.get("email")
    store.execute(
        f"INSERT INTO leads ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (lead_id, email, partition, json.dumps(data), now, now),
    )
    activities.record(
        store,
        lead_id=lead_id,
        type_id=activities.NEW_LEAD,
        primary_id=lead_id,
        attributes={
            "API Method Name": source.api_method,
            "Created Date": iso(now),
            "Modifying User": source.user,
            "Request Id": source.request_id,
            "Source Type": source.reason,
        },
        when=now,
    )
    return LeadRow(lead_id, email, partition, data, now, now)


def update(
    store: Store,
    lead: LeadRow,
    values: Mapping[str, Any],
    *,
    definitions: Mapping[str, FieldDef],
    source: Source | None = None,
) -> LeadRow:
    """Apply changed values and log one Change Data Value (13) per changed field."""
    source = source or Source()
    changed = False
    for name, value in values.items():
        old = lead.data.get(name)
        if old == value:
            continue
        changed = True
        if value is None:
            lead.data.pop(name, None)
        else:
            lead.data[name] = value
        definition = definitions[name]
        field_id = int(definition.data.get("id", 0))
        activities.record(
            store,
            lead_id=lead.id,
            type_id=activities.CHANGE_DATA_VALUE,
            primary_id=field_id,
            primary_value=definition.display_name,
            attributes={
                "API Method Name": source.api_method,
                "Modifying User": source.user,
                "New Value": None if value is None else str(value),
                "Old Value": None if old is None else str(old),
                "Reason": source.reason,
                "Request Id": source.request_id,
                "Source": "Web service API",
            },
            fields=[
                {
                    "id": field_id,
                    "name": name,
                    "newValue": None if value is None else str(value),
                    "oldValue": None if old is None else str(old),
                }
            ],
        )
    now = store.now()
    lead.updated_at = now
    lead.email = lead.data.get("email")
    if changed:
        store.execute(
            "UPDATE leads SET email = ?, data = ?, updated_at = ? WHERE id = ?",
            (lead.email, json.dumps(lead.data), now, lead.id),
        )
    else:
        store.execute("UPDATE leads SET updated_at = ? WHERE id = ?", (now, lead.id))
    return lead


def lookup(
    store: Store, name: str, value: Any, definitions: Mapping[str, FieldDef], partition: int | None
) -> list[LeadRow]:
    found = find(store, name, [value], fields=definitions, limit=2)
    if partition is not None and name != "id":
        found = [lead for lead in found if lead.partition_id == partition]
    return found


def check_lookup_field(name: str, definitions: Mapping[str, FieldDef]) -> None:
    definition = definitions.get(name)
    if definition is None or not definition.searchable:
        raise errors.invalid_data(f"Invalid lookupField '{name}'")


def sync(
    store: Store,
    records: Sequence[Mapping[str, Any]],
    *,
    action: str = "createOrUpdate",
    lookup_field: str = "email",
    partition_name: str | None = None,
    source: Source | None = None,
) -> list[dict[str, Any]]:
    """Marketo's Sync Leads: one outcome per input record, in input order."""
    if action not in ACTIONS:
        raise errors.invalid_value(action, "action")
    definitions = schema(store)
    check_lookup_field(lookup_field, definitions)
    if lookup_field == "id" and action != "updateOnly":
        raise errors.invalid_data("Lookup field 'id' is only allowed with action 'updateOnly'")
    partition = partition_id(store, partition_name) if partition_name else None
    results: list[dict[str, Any]] = []
    with store.transaction():
        for record in records:
            results.append(
                _sync_one(
                    store,
                    record,
                    action=action,
                    lookup_field=lookup_field,
                    partition=partition,
                    definitions=definitions,
                    source=source,
                )
            )
    return results


def _sync_one(
    store: Store,
    record: Mapping[str, Any],
    *,
    action: str,
    lookup_field: str,
    partition: int | None,
    definitions: Mapping[str, FieldDef],
    source: Source | None,
) -> dict[str, Any]:
    try:
        values = check_values(record, definitions, allow=("id",) if lookup_field == "id" else ())
        key = record.get(lookup_field)
        matches: list[LeadRow] = []
        if action != "createDuplicate":
            if key is None or key == "":
                if action in {"updateOnly", "createOrUpdate"}:
                    raise RecordError(1003, f"Value for lookup field '{lookup_field}' missing")
            else:
                matches = lookup(store, lookup_field, key, definitions, partition)
        if len(matches) > 1:
            raise RecordError(*MULTIPLE_MATCH)
        if matches:
            if action == "createOnly":
                raise RecordError(*LEAD_EXISTS)
            lead = update(store, matches[0], values, definitions=definitions, source=source)
            return {"id": lead.id, "status": "updated"}
        if action == "updateOnly":
            raise RecordError(*LEAD_NOT_FOUND)
        lead = create(store, values, partition=partition or 1, source=source)
        return {"id": lead.id, "status": "created"}
    except RecordError as failure:
        return skipped(failure.code, failure.message)


def delete(
    store: Store, ids: Sequence[int], *, source: Source | None = None
) -> list[dict[str, Any]]:
    """Delete leads (and their memberships); log Delete Lead (37). Unknown ids are skipped."""
    source = source or Source(api_method="deleteLead")
    results: list[dict[str, Any]] = []
    with store.transaction():
        for lead_id in ids:
            if not exists(store, lead_id):
                results.append(skipped(*LEAD_NOT_FOUND, id=lead_id))
                continue
            remove(store, lead_id)
            activities.record(
                store,
                lead_id=lead_id,
                type_id=activities.DELETE_LEAD,
                primary_id=lead_id,
                attributes={
                    "Remove from CRM": False,
                    "API Method Name": source.api_method,
                    "Request Id": source.request_id,
                },
            )
            results.append({"id": lead_id, "status": "deleted"})
    return results


def remove(store: Store, lead_id: int) -> None:
    store.execute("DELETE FROM leads WHERE id = ?", (lead_id,))
    store.execute("DELETE FROM list_members WHERE lead_id = ?", (lead_id,))
    store.execute("DELETE FROM program_members WHERE lead_id = ?", (lead_id,))


MAX_MERGE_IDS: Final = 25


def merge(store: Store, winner_id: int, loser_ids: Sequence[int]) -> None:
    """Marketo's merge: the winner keeps its values, fills blanks from the losers, inherits their
    memberships and activities; the losers are deleted; Merge Leads (32) is logged on the winner.
    """
    if not loser_ids:
        raise errors.blank("leadId")
    if len(loser_ids) > MAX_MERGE_IDS:
        # Marketo Engage's August 2026 release: more than 25 ids in leadIds fail with 1080.
        raise errors.ApiError(
            1080, f"Too many leads to merge: {len(loser_ids)} (at most {MAX_MERGE_IDS} per call)"
        )
    if winner_id in loser_ids:
        raise errors.ApiError(712, "A lead cannot be merged with itself")
    with store.transaction():
        winner = get(store, winner_id)
        if winner is None:
            raise errors.ApiError(*LEAD_NOT_FOUND)
        losers = []
        for loser_id in loser_ids:
            loser = get(store, loser_id)
            if loser is None:
                raise errors.ApiError(*LEAD_NOT_FOUND)
            losers.append(loser)
        for loser in losers:
            for name, value in loser.data.items():
                if winner.data.get(name) in (None, "") and value not in (None, ""):
                    winner.data[name] = value
            store.execute(
                "INSERT OR IGNORE INTO list_members (list_id, lead_id, added_at)"
                " SELECT list_id, ?, added_at FROM list_members WHERE lead_id = ?",
                (winner.id, loser.id),
            )
            store.execute(
                "INSERT OR IGNORE INTO program_members (program_id, lead_id, status,"
                " reached_success, acquired_by, data, membership_date, updated_at)"
                " SELECT program_id, ?, status, reached_success, acquired_by, data,"
                " membership_date, updated_at FROM program_members WHERE lead_id = ?",
                (winner.id, loser.id),
            )
            activities.reassign(store, loser.id, winner.id)
            remove(store, loser.id)
        store.execute(
            "UPDATE leads SET email = ?, data = ?, updated_at = ? WHERE id = ?",
            (winner.data.get("email"), json.dumps(winner.data), store.now(), winner.id),
        )
        activities.record(
            store,
            lead_id=winner.id,
            type_id=activities.MERGE_LEADS,
            primary_id=winner.id,
            attributes={
                "Merge IDs": ",".join(str(loser.id) for loser in losers),
                "Merged in Sales": False,
                "Master Updated": True,
            },
        )


def change_partition(
    store: Store, lead_id: int, name: str, *, source: Source | None = None
) -> dict[str, Any]:
    """Move a lead to another partition; log Change Lead Partition (100)."""
    lead = get(store, lead_id)
    if lead is None:
        return skipped(*LEAD_NOT_FOUND, id=lead_id)
    try:
        new_id = partition_id(store, name)
    except errors.ApiError:
        return skipped(1003, f"Lead partition '{name}' not found", id=lead_id)
    if new_id != lead.partition_id:
        old_name = partition_name(store, lead.partition_id)
        store.execute(
            "UPDATE leads SET partition_id = ?, updated_at = ? WHERE id = ?",
            (new_id, store.now(), lead_id),
        )
        activities.record(
            store,
            lead_id=lead_id,
            type_id=activities.CHANGE_LEAD_PARTITION,
            primary_id=new_id,
            primary_value=partition_name(store, new_id),
            attributes={
                "New Partition": partition_name(store, new_id),
                "Old Partition": old_name,
                "Reason": (source or Source()).reason,
            },
        )
    return {"id": lead_id, "status": "updated"}


def change_partitions(store: Store, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Update Lead Partition: each ``{id, partitionName}`` moved, or skipped with a reason."""
    results = []
    with store.transaction():
        for item in items:
            lead_id = item.get("id")
            name = item.get("partitionName")
            if not isinstance(lead_id, int) or not name:
                results.append(skipped(1003, "Both 'id' and 'partitionName' are required"))
                continue
            results.append(change_partition(store, lead_id, str(name)))
    return results


def associate_cookie(store: Store, lead_id: int, cookie: str) -> None:
    """Associate a Munchkin cookie (``id:...``) with a known lead; kept on the lead, not a field."""
    if not cookie.startswith("id:"):
        raise errors.ApiError(1012, f"Invalid cookie value '{cookie}'")
    lead = get(store, lead_id)
    if lead is None:
        raise errors.ApiError(*LEAD_NOT_FOUND)
    cookies = list(lead.data.get("_cookies", []))
    if cookie not in cookies:
        cookies.append(cookie)
        store.execute(
            "UPDATE leads SET data = json_set(data, '$._cookies', json(?)) WHERE id = ?",
            (json.dumps(cookies), lead.id),
        )


def submit_form(
    store: Store,
    form: Any,
    items: Sequence[Mapping[str, Any]],
    *,
    source: Source,
) -> list[dict[str, Any]]:
    """Submit Form: upsert each lead by email and log Fill Out Form (2) on ``form`` (a row)."""
    results: list[dict[str, Any]] = []
    with store.transaction():
        for item in items:
            fields = item.get("leadFormFields")
            if not isinstance(fields, dict) or not fields.get("email"):
                results.append(skipped(1003, "leadFormFields must contain 'email'", id=0))
                continue
            outcome = sync(store, [fields], action="createOrUpdate", source=source)[0]
            if outcome["status"] == "skipped":
                results.append({**outcome, "id": 0})
                continue
            visitor = item.get("visitorData") or {}
            activities.record(
                store,
                lead_id=int(outcome["id"]),
                type_id=activities.FILL_OUT_FORM,
                primary_id=form.id,
                primary_value=form.name,
                attributes={
                    "Client IP Address": visitor.get("leadClientIpAddress"),
                    "Form Fields": json.dumps(fields),
                    "Query Parameters": visitor.get("queryString"),
                    "Referrer URL": visitor.get("pageURL"),
                    "User Agent": visitor.get("userAgentString"),
                },
            )
            results.append({"id": outcome["id"], "status": outcome["status"]})
    return results
