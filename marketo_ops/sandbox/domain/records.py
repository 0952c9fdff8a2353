"""CRM-like objects of the lead database, one engine for all of them.

Companies, opportunities, opportunity roles, named accounts, named account lists, sales persons
and custom objects all work the same way in Marketo: a fixed (or, for custom objects, approved)
set of fields, an id field (integer ``id`` or ``marketoGUID``), dedupe fields used to find the
record a sync or delete means, searchable fields for queries, and record-level outcomes keyed by
``seq`` (the input position). :class:`ObjectKind` describes one object; the functions below
implement sync (createOnly / updateOnly / createOrUpdate, ``dedupeBy`` dedupeFields or idField),
query by a searchable field or by compound keys, delete, and describe.

Record-level reasons: unknown field 1006, bad value 1003, missing dedupe value 1003, record
exists on createOnly 1017, record not found 1013, a link to a lead that does not exist 1004.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from .. import errors
from ..store.db import Store
from . import leads
from .leaddb import iso, skipped

SYNC_ACTIONS: Final = ("createOnly", "updateOnly", "createOrUpdate")


@dataclass(frozen=True)
class ObjField:
    name: str
    display_name: str
    data_type: str
    updateable: bool = True
    length: int | None = None
    description: str = ""
    related_to: Mapping[str, str] | None = None

    def definition(self) -> leads.FieldDef:
        return leads.FieldDef(self.name, self.display_name, self.data_type, self.length)

    def render(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "name": self.name,
            "displayName": self.display_name,
            "dataType": self.data_type,
            "updateable": self.updateable,
            "crmManaged": False,
        }
        if self.length is not None:
            item["length"] = self.length
        return item


@dataclass(frozen=True)
class ObjectKind:
    """What Marketo's describe of an object says, and how its records are keyed."""

    api_name: str
    display_name: str
    plural_name: str
    id_field: str
    dedupe_fields: tuple[str, ...]
    searchable: tuple[tuple[str, ...], ...]
    fields: tuple[ObjField, ...]
    description: str = ""
    relationships: tuple[Mapping[str, Any], ...] = ()
    created_at: float = 0.0
    updated_at: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def table_kind(self) -> str:
        return self.api_name

    @property
    def by_name(self) -> dict[str, ObjField]:
        return {item.name: item for item in self.fields}

    @property
    def int_id(self) -> bool:
        return self.id_field == "id"

    def describe(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": self.api_name,
            "apiName": self.api_name,
            "displayName": self.display_name,
            "pluralName": self.plural_name,
            "description": self.description,
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
            "idField": self.id_field,
            "dedupeFields": list(self.dedupe_fields),
            "searchableFields": [list(item) for item in self.searchable],
            "fields": [item.render() for item in self.fields],
            "relationships": [dict(item) for item in self.relationships],
        }
        body.update(self.extra)
        return body


def _f(name: str, display: str, kind: str = "string", *, updateable: bool = True) -> ObjField:
    length = 255 if kind in {"string", "email", "phone", "url"} else None
    return ObjField(name, display, kind, updateable, length)


_STAMPS: Final = (
    _f("createdAt", "Created At", "datetime", updateable=False),
    _f("updatedAt", "Updated At", "datetime", updateable=False),
)
_GUID: Final = _f("marketoGUID", "Marketo GUID", "string", updateable=False)

STANDARD: Final[dict[str, ObjectKind]] = {
    kind.api_name: kind
    for kind in (
        ObjectKind(
            "company",
            "Company",
            "Companies",
            "id",
            ("externalCompanyId",),
            (("externalCompanyId",), ("id",), ("company",)),
            (
                _f("id", "Id", "integer", updateable=False),
                _f("externalCompanyId", "External Company Id"),
                _f("company", "Company Name"),
                _f("website", "Website", "url"),
                _f("mainPhone", "Main Phone", "phone"),
                _f("industry", "Industry"),
                _f("annualRevenue", "Annual Revenue", "currency"),
                _f("numberOfEmployees", "Num Employees", "integer"),
                _f("billingCity", "Billing City"),
                _f("billingCountry", "Billing Country"),
                *_STAMPS,
            ),
            description="Company records",
        ),
        ObjectKind(
            "opportunity",
            "Opportunity",
            "Opportunities",
            "marketoGUID",
            ("externalOpportunityId",),
            (
                ("marketoGUID",),
                ("externalOpportunityId",),
                ("externalCompanyId",),
                ("externalSalesPersonId",),
            ),
            (
                _GUID,
                _f("externalOpportunityId", "External Opportunity Id"),
                _f("name", "Name"),
                _f("description", "Description"),
                _f("amount", "Amount", "currency"),
                _f("closeDate", "Close Date", "date"),
                _f("isClosed", "Is Closed", "boolean"),
                _f("isWon", "Is Won", "boolean"),
                _f("stage", "Stage"),
                _f("type", "Type"),
                _f("externalCompanyId", "External Company Id"),
                _f("externalSalesPersonId", "External Sales Person Id"),
                *_STAMPS,
            ),
            description="Opportunity records",
        ),
        ObjectKind(
            "opportunityRole",
            "Opportunity Role",
            "Opportunity Roles",
            "marketoGUID",
            ("externalOpportunityId", "leadId", "role"),
            (
                ("marketoGUID",),
                ("externalOpportunityId", "leadId", "role"),
                ("externalOpportunityId",),
                ("leadId",),
            ),
            (
                _GUID,
                _f("externalOpportunityId", "External Opportunity Id"),
                _f("leadId", "Lead Id", "integer"),
                _f("role", "Role"),
                _f("isPrimary", "Is Primary", "boolean"),
                *_STAMPS,
            ),
            description="Opportunity role records",
            relationships=(
                {"field": "leadId", "type": "parent", "relatedTo": {"name": "Lead", "field": "id"}},
            ),
        ),
        ObjectKind(
            "namedAccount",
            "Named Account",
            "Named Accounts",
            "marketoGUID",
            ("name",),
            (("marketoGUID",), ("name",), ("domainName",)),
            (
                _GUID,
                _f("name", "Name"),
                _f("domainName", "Domain Name"),
                _f("industry", "Industry"),
                _f("annualRevenue", "Annual Revenue", "currency"),
                _f("numberOfEmployees", "Num Employees", "integer"),
                _f("city", "City"),
                _f("country", "Country"),
                *_STAMPS,
            ),
            description="Named account records (account-based marketing)",
        ),
        ObjectKind(
            "namedAccountList",
            "Named Account List",
            "Named Account Lists",
            "marketoGUID",
            ("name",),
            (("marketoGUID",), ("name",)),
            (_GUID, _f("name", "Name"), _f("type", "Type", updateable=False), *_STAMPS),
            description="Named account lists",
        ),
        ObjectKind(
            "salesPerson",
            "Sales Person",
            "Sales Persons",
            "id",
            ("externalSalesPersonId",),
            (("externalSalesPersonId",), ("id",), ("email",)),
            (
                _f("id", "Id", "integer", updateable=False),
                _f("externalSalesPersonId", "External Sales Person Id"),
                _f("email", "Email", "email"),
                _f("firstName", "First Name"),
                _f("lastName", "Last Name"),
                _f("phone", "Phone", "phone"),
                _f("title", "Title"),
                *_STAMPS,
            ),
            description="Sales person records",
        ),
    )
}

RECORD_KINDS: Final = {"company", "salesPerson"}
"""Objects whose records are keyed by an integer ``id`` rather than ``marketoGUID``."""


# --- rows ---------------------------------------------------------------------------------------
@dataclass
class Record:
    kind: str
    id: int
    guid: str
    data: dict[str, Any]
    created_at: float
    updated_at: float

    def key(self, kind: ObjectKind) -> dict[str, Any]:
        return {"id": self.id} if kind.int_id else {"marketoGUID": self.guid}

    def value(self, name: str) -> Any:
        if name == "id":
            return self.id
        if name == "marketoGUID":
            return self.guid
        if name == "createdAt":
            return iso(self.created_at)
        if name == "updatedAt":
            return iso(self.updated_at)
        return self.data.get(name)


_COLUMNS: Final = "kind, id, guid, data, created_at, updated_at"


def _record(values: Sequence[Any]) -> Record:
    return Record(
        kind=str(values[0]),
        id=int(values[1]),
        guid=str(values[2]),
        data=json.loads(values[3]),
        created_at=float(values[4]),
        updated_at=float(values[5]),
    )


def all_records(store: Store, kind: ObjectKind) -> list[Record]:
    return [
        _record(values)
        for values in store.execute(
            f"SELECT {_COLUMNS} FROM records WHERE kind = ? ORDER BY id", (kind.table_kind,)
        )
    ]


def by_key(store: Store, kind: ObjectKind, value: Any) -> Record | None:
    if kind.int_id:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        rows = store.execute(
            f"SELECT {_COLUMNS} FROM records WHERE kind = ? AND id = ?", (kind.table_kind, number)
        )
    else:
        rows = store.execute(
            f"SELECT {_COLUMNS} FROM records WHERE kind = ? AND guid = ?",
            (kind.table_kind, str(value)),
        )
    return _record(rows[0]) if rows else None


def _same(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return str(left).strip().lower() == str(right).strip().lower()


def matching(store: Store, kind: ObjectKind, criteria: Mapping[str, Any]) -> list[Record]:
    """Records whose fields equal every criterion (text compared without case)."""
    if set(criteria) == {kind.id_field}:
        found = by_key(store, kind, criteria[kind.id_field])
        return [found] if found is not None else []
    return [
        record
        for record in all_records(store, kind)
        if all(_same(record.value(name), value) for name, value in criteria.items())
    ]


def render(record: Record, kind: ObjectKind, names: Sequence[str], seq: int) -> dict[str, Any]:
    item: dict[str, Any] = {"seq": seq, **record.key(kind)}
    for name in names:
        if name not in item:
            item[name] = record.value(name)
    return item


def requested_fields(kind: ObjectKind, value: Any) -> list[str]:
    names = [
        str(item).strip()
        for item in (value if isinstance(value, list) else str(value or "").split(","))
        if str(item).strip()
    ]
    if not names:
        names = [kind.id_field, *kind.dedupe_fields, "createdAt", "updatedAt"]
    for name in names:
        if name not in kind.by_name:
            raise errors.ApiError(1006, f"Field '{name}' not found")
    return list(dict.fromkeys(names))


# --- sync ---------------------------------------------------------------------------------------
def _values(store: Store, kind: ObjectKind, record: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    by_name = kind.by_name
    for name, raw in record.items():
        definition = by_name.get(name)
        if definition is None:
            raise leads.RecordError(1006, f"Field '{name}' not found")
        if name == kind.id_field or not definition.updateable:
            continue
        values[name] = leads.coerce(definition.definition(), raw)
        if definition.related_to and values[name] is not None:
            _check_link(store, definition.related_to, values[name])
    return values


def _check_link(store: Store, related: Mapping[str, str], value: Any) -> None:
    """A link field must name an existing lead (or company) by the linked field."""
    target = str(related.get("name", "")).lower()
    field_name = str(related.get("field") or "id")
    if target == "lead":
        found = (
            leads.exists(store, int(value))
            if field_name == "id"
            else bool(leads.find(store, field_name, [value], limit=1))
        )
        if not found:
            raise leads.RecordError(1004, "Lead not found")
    elif target == "company":
        kind = STANDARD["company"]
        if not matching(store, kind, {field_name: value}):
            raise leads.RecordError(1013, "Linked company not found")


def sync(
    store: Store,
    kind: ObjectKind,
    inputs: Sequence[Mapping[str, Any]],
    *,
    action: str | None,
    dedupe_by: str | None,
) -> list[dict[str, Any]]:
    action = action or "createOrUpdate"
    dedupe_by = dedupe_by or "dedupeFields"
    if not isinstance(action, str) or action not in SYNC_ACTIONS:
        raise errors.invalid_value(action, "action")
    if not isinstance(dedupe_by, str) or dedupe_by not in {"dedupeFields", "idField"}:
        raise errors.invalid_value(dedupe_by, "dedupeBy")
    if dedupe_by == "idField" and action == "createOnly":
        raise errors.invalid_data("dedupeBy 'idField' cannot be used with action 'createOnly'")
    results: list[dict[str, Any]] = []
    with store.transaction():
        for seq, record in enumerate(inputs):
            try:
                results.append(
                    _sync_one(store, kind, record, seq=seq, action=action, dedupe_by=dedupe_by)
                )
            except leads.RecordError as failure:
                results.append(skipped(failure.code, failure.message, seq=seq))
    return results


def _criteria(kind: ObjectKind, record: Mapping[str, Any], dedupe_by: str) -> dict[str, Any]:
    names = (kind.id_field,) if dedupe_by == "idField" else kind.dedupe_fields
    criteria: dict[str, Any] = {}
    for name in names:
        value = record.get(name)
        if value is None or value == "":
            raise leads.RecordError(1003, f"Value for required field '{name}' missing")
        criteria[name] = value
    return criteria


def _sync_one(
    store: Store,
    kind: ObjectKind,
    record: Mapping[str, Any],
    *,
    seq: int,
    action: str,
    dedupe_by: str,
) -> dict[str, Any]:
    values = _values(store, kind, record)
    criteria = _criteria(kind, record, dedupe_by)
    found = matching(store, kind, criteria)
    now = store.now()
    if found:
        if action == "createOnly":
            raise leads.RecordError(1017, "Object already exists")
        target = found[0]
        target.data.update(values)
        store.execute(
            "UPDATE records SET data = ?, updated_at = ? WHERE kind = ? AND id = ?",
            (json.dumps(target.data), now, kind.table_kind, target.id),
        )
        return {"seq": seq, "status": "updated", **target.key(kind)}
    if action == "updateOnly":
        raise leads.RecordError(1013, "Object not found")
    created = insert(store, kind, {k: v for k, v in values.items() if v is not None}, now=now)
    return {"seq": seq, "status": "created", **created.key(kind)}


def insert(store: Store, kind: ObjectKind, data: Mapping[str, Any], *, now: float) -> Record:
    record_id = store.next_id(f"record:{kind.table_kind}")
    guid = str(uuid.uuid4())
    store.execute(
        f"INSERT INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (kind.table_kind, record_id, guid, json.dumps(dict(data)), now, now),
    )
    return Record(kind.table_kind, record_id, guid, dict(data), now, now)


def delete(
    store: Store, kind: ObjectKind, inputs: Sequence[Mapping[str, Any]], *, delete_by: str | None
) -> list[dict[str, Any]]:
    delete_by = delete_by or "dedupeFields"
    if delete_by not in {"dedupeFields", "idField"}:
        raise errors.invalid_value(delete_by, "deleteBy")
    results: list[dict[str, Any]] = []
    with store.transaction():
        for seq, record in enumerate(inputs):
            try:
                found = matching(store, kind, _criteria(kind, record, delete_by))
            except leads.RecordError as failure:
                results.append(skipped(failure.code, failure.message, seq=seq))
                continue
            if not found:
                results.append(skipped(1013, "Object not found", seq=seq))
                continue
            for target in found:
                store.execute(
                    "DELETE FROM records WHERE kind = ? AND id = ?", (kind.table_kind, target.id)
                )
            results.append({"seq": seq, "status": "deleted", **found[0].key(kind)})
    return results


# --- queries ------------------------------------------------------------------------------------
def query(
    store: Store,
    kind: ObjectKind,
    filter_type: str,
    values: Sequence[Any] = (),
    compound: Sequence[Mapping[str, Any]] = (),
) -> list[tuple[int, Record]]:
    """(seq, record) pairs: records matching each filter value (or compound key) in order."""
    searchable = {tuple(item) for item in kind.searchable}
    found: list[tuple[int, Record]] = []
    if compound:
        keys = kind.dedupe_fields if filter_type == "dedupeFields" else (filter_type,)
        if tuple(keys) not in searchable:
            raise errors.invalid_data(f"Invalid filterType '{filter_type}'")
        for seq, item in enumerate(compound):
            criteria = {name: item.get(name) for name in keys}
            if any(value is None for value in criteria.values()):
                raise errors.invalid_data(f"Input {seq} lacks a value for one of {', '.join(keys)}")
            found.extend((seq, record) for record in matching(store, kind, criteria))
        return found
    if filter_type == "dedupeFields" and len(kind.dedupe_fields) == 1:
        filter_type = kind.dedupe_fields[0]
    if (filter_type,) not in searchable:
        raise errors.invalid_data(f"Invalid filterType '{filter_type}'")
    for seq, value in enumerate(values):
        found.extend((seq, record) for record in matching(store, kind, {filter_type: value}))
    return found


def fields_page(kind: ObjectKind) -> list[dict[str, Any]]:
    """The object's fields as the schema API lists them (``LeadField`` shape)."""
    return [
        {
            "name": item.name,
            "displayName": item.display_name,
            "description": item.description,
            "dataType": item.data_type,
            **({"length": item.length} if item.length is not None else {}),
            "isHidden": False,
            "isHtmlEncodingInEmail": False,
            "isSensitive": False,
            "isCustom": False,
            "isApiCreated": False,
        }
        for item in kind.fields
    ]


def guids_in(store: Store, kind: ObjectKind, guids: Iterable[str]) -> list[Record]:
    found = []
    for guid in guids:
        record = by_key(store, kind, guid)
        if record is not None:
            found.append(record)
    return found


def save(store: Store, kind: ObjectKind, record: Record) -> None:
    store.execute(
        "UPDATE records SET data = ?, updated_at = ? WHERE kind = ? AND id = ?",
        (json.dumps(record.data), store.now(), kind.table_kind, record.id),
    )


def require_list(store: Store, lists: ObjectKind, key: str) -> Record:
    """A named account list by its marketoGUID (1013 when none)."""
    found = by_key(store, lists, key)
    if found is None:
        raise errors.ApiError(1013, f"Named account list '{key}' not found")
    return found


def change_list_members(
    store: Store,
    lists: ObjectKind,
    members_kind: ObjectKind,
    key: str,
    items: Sequence[Mapping[str, Any]],
    *,
    add: bool,
) -> list[dict[str, Any]]:
    """Add named accounts to (or remove them from) a named account list, one result each."""
    with store.transaction():
        account_list = require_list(store, lists, key)
        members: list[str] = list(account_list.data.get("members", []))
        results: list[dict[str, Any]] = []
        for seq, item in enumerate(items):
            guid = str(item.get("marketoGUID") or "")
            if by_key(store, members_kind, guid) is None:
                results.append(skipped(1013, "Named account not found", seq=seq))
                continue
            if add and guid not in members:
                members.append(guid)
            elif not add:
                if guid not in members:
                    results.append(skipped(1013, "Named account not in list", seq=seq))
                    continue
                members.remove(guid)
            results.append(
                {"seq": seq, "marketoGUID": guid, "status": "added" if add else "removed"}
            )
        account_list.data["members"] = members
        save(store, lists, account_list)
    return results
