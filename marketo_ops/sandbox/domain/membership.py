"""Who belongs where: static list membership and program membership with progression statuses.

Static lists are the asset API's ``static_list`` rows; the lead database adds and removes members
with the same ids (Add to List 24 / Remove from List 25 are logged). Program members carry a
status from the program's channel; Marketo never moves a member backwards in the channel's
progression (1037), reaching a success status sets ``reachedSuccess``, and each change logs
Change Status in Progression (104). Custom program member fields are written with
``syncProgramMemberData`` (Change Program Member Data, 123).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from . import activities, leads
from .lead_schema import custom_member_fields
from .leaddb import LEAD_NOT_FOUND, NOT_IN_LIST, iso, skipped

NOT_IN_PROGRAM: Final = "Not in Program"
ALREADY_PAST: Final = (1037, "Lead was skipped: it is already at or past this status")


# --- static lists -------------------------------------------------------------------------------
def require_list(store: Store, list_id: int) -> Row:
    row = store.get("static_list", list_id)
    if row is None:
        raise errors.ApiError(1013, f"Static list {list_id} not found")
    return row


def render_list(store: Store, row: Row) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description") or "",
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "workspaceName": row.workspace,
    }
    if row.program_id is not None:
        program = store.get("program", row.program_id)
        if program is not None:
            body["programName"] = program.name
    return body


def _list_source(source: leads.Source | None, method: str) -> leads.Source:
    return source or leads.Source(api_method=method)


def add_to_list(
    store: Store, list_id: int, lead_ids: Sequence[int], *, source: leads.Source | None = None
) -> list[dict[str, Any]]:
    """Add leads; members already in the list are reported ``added`` too, as Marketo does."""
    source = _list_source(source, "addLeadsToList")
    with store.transaction():
        row = require_list(store, list_id)
        results = []
        for lead_id in lead_ids:
            if not leads.exists(store, lead_id):
                results.append(skipped(*LEAD_NOT_FOUND, id=lead_id))
                continue
            _add(store, row, lead_id, source)
            results.append({"id": lead_id, "status": "added"})
        return results


def _add(store: Store, row: Row, lead_id: int, source: leads.Source) -> bool:
    if store.execute(
        "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?", (row.id, lead_id)
    ):
        return False
    store.execute(
        "INSERT INTO list_members (list_id, lead_id, added_at) VALUES (?, ?, ?)",
        (row.id, lead_id, store.now()),
    )
    activities.record(
        store,
        lead_id=lead_id,
        type_id=activities.ADD_TO_LIST,
        primary_id=row.id,
        primary_value=row.name,
        attributes={
            "API Method Name": source.api_method,
            "Modifying User": source.user,
            "Request Id": source.request_id,
            "Source": source.reason,
        },
    )
    return True


def add_quietly(store: Store, list_id: int, lead_id: int, source: leads.Source) -> None:
    """Add one lead (bulk import with ``listId``); the list was checked by the caller."""
    row = require_list(store, list_id)
    _add(store, row, lead_id, source)


def remove_from_list(
    store: Store, list_id: int, lead_ids: Sequence[int], *, source: leads.Source | None = None
) -> list[dict[str, Any]]:
    source = _list_source(source, "removeLeadsFromList")
    with store.transaction():
        row = require_list(store, list_id)
        results = []
        for lead_id in lead_ids:
            if not leads.exists(store, lead_id):
                results.append(skipped(*LEAD_NOT_FOUND, id=lead_id))
                continue
            if not store.execute(
                "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?", (row.id, lead_id)
            ):
                results.append(skipped(*NOT_IN_LIST, id=lead_id))
                continue
            store.execute(
                "DELETE FROM list_members WHERE list_id = ? AND lead_id = ?", (row.id, lead_id)
            )
            activities.record(
                store,
                lead_id=lead_id,
                type_id=activities.REMOVE_FROM_LIST,
                primary_id=row.id,
                primary_value=row.name,
                attributes={
                    "API Method Name": source.api_method,
                    "Modifying User": source.user,
                    "Request Id": source.request_id,
                    "Source": source.reason,
                },
            )
            results.append({"id": lead_id, "status": "removed"})
        return results


def is_member(store: Store, list_id: int, lead_ids: Sequence[int]) -> list[dict[str, Any]]:
    require_list(store, list_id)
    results = []
    for lead_id in lead_ids:
        if not leads.exists(store, lead_id):
            results.append(skipped(*LEAD_NOT_FOUND, id=lead_id))
            continue
        member = store.execute(
            "SELECT 1 FROM list_members WHERE list_id = ? AND lead_id = ?", (list_id, lead_id)
        )
        results.append({"id": lead_id, "status": "memberof" if member else "notmemberof"})
    return results


def list_member_ids(store: Store, list_id: int, *, after: int, limit: int) -> list[int]:
    return [
        int(values[0])
        for values in store.execute(
            "SELECT lead_id FROM list_members WHERE list_id = ? AND lead_id > ?"
            " ORDER BY lead_id LIMIT ?",
            (list_id, after, limit),
        )
    ]


def lists_of(store: Store, lead_id: int, *, after: int, limit: int) -> list[dict[str, Any]]:
    rows = store.execute(
        "SELECT list_id, added_at FROM list_members WHERE lead_id = ? AND list_id > ?"
        " ORDER BY list_id LIMIT ?",
        (lead_id, after, limit),
    )
    return [
        {"listId": int(list_id), "createdAt": iso(added), "updatedAt": iso(added)}
        for list_id, added in rows
    ]


# --- programs -----------------------------------------------------------------------------------
def require_program(store: Store, program_id: int) -> Row:
    row = store.get("program", program_id)
    if row is None:
        raise errors.ApiError(1013, f"Program {program_id} not found")
    return row


def statuses(store: Store, program: Row) -> list[dict[str, Any]]:
    channel = store.catalog_get("channel", str(program.data.get("channel", "")))
    if channel is None:  # pragma: no cover - programs are created with a known channel
        return [{"name": NOT_IN_PROGRAM, "step": 0, "success": False}]
    return list(channel.get("progressionStatuses") or [])


def find_status(store: Store, program: Row, name: str) -> dict[str, Any]:
    for status in statuses(store, program):
        if str(status["name"]).lower() == name.strip().lower():
            return status
    raise errors.ApiError(
        1025, f"Program status '{name}' not found in channel '{program.data.get('channel')}'"
    )


@dataclass
class Member:
    program_id: int
    lead_id: int
    status: str
    reached_success: bool
    acquired_by: bool
    data: dict[str, Any]
    membership_date: float
    updated_at: float


_MEMBER_COLUMNS: Final = (
    "program_id, lead_id, status, reached_success, acquired_by, data, membership_date, updated_at"
)


def _member(values: Sequence[Any]) -> Member:
    return Member(
        program_id=int(values[0]),
        lead_id=int(values[1]),
        status=str(values[2]),
        reached_success=bool(values[3]),
        acquired_by=bool(values[4]),
        data=json.loads(values[5]),
        membership_date=float(values[6]),
        updated_at=float(values[7]),
    )


def member(store: Store, program_id: int, lead_id: int) -> Member | None:
    rows = store.execute(
        f"SELECT {_MEMBER_COLUMNS} FROM program_members WHERE program_id = ? AND lead_id = ?",
        (program_id, lead_id),
    )
    return _member(rows[0]) if rows else None


def members(
    store: Store, program_id: int, *, after: int = 0, limit: int | None = None
) -> list[Member]:
    sql = (
        f"SELECT {_MEMBER_COLUMNS} FROM program_members WHERE program_id = ? AND lead_id > ?"
        " ORDER BY lead_id"
    )
    params: list[Any] = [program_id, after]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_member(values) for values in store.execute(sql, params)]


def memberships_of(store: Store, lead_id: int) -> list[Member]:
    return [
        _member(values)
        for values in store.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM program_members WHERE lead_id = ? ORDER BY program_id",
            (lead_id,),
        )
    ]


def set_status(
    store: Store,
    program: Row,
    lead_id: int,
    status: Mapping[str, Any],
    *,
    reason: str = "Changed by API",
    acquired_by: bool = False,
) -> tuple[bool, tuple[int, str] | None]:
    """Move a lead to ``status`` (joining the program if needed): (changed, skip reason)."""
    current = member(store, program.id, lead_id)
    by_name = {str(item["name"]).lower(): item for item in statuses(store, program)}
    new_step = int(status.get("step", 0))
    now = store.now()
    if current is not None:
        old = by_name.get(current.status.lower(), {"name": current.status, "step": 0})
        if current.status.lower() == str(status["name"]).lower():
            return False, None
        if new_step < int(old.get("step", 0)):
            return False, ALREADY_PAST
        success = current.reached_success or bool(status.get("success"))
        store.execute(
            "UPDATE program_members SET status = ?, reached_success = ?, updated_at = ?"
            " WHERE program_id = ? AND lead_id = ?",
            (status["name"], int(success), now, program.id, lead_id),
        )
        old_name = current.status
        old_step = int(old.get("step", 0))
    else:
        if new_step == 0:
            return False, ALREADY_PAST
        store.execute(
            f"INSERT INTO program_members ({_MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?, '{{}}', ?, ?)",
            (
                program.id,
                lead_id,
                status["name"],
                int(bool(status.get("success"))),
                int(acquired_by),
                now,
                now,
            ),
        )
        old_name, old_step = NOT_IN_PROGRAM, 0
    activities.record(
        store,
        lead_id=lead_id,
        type_id=activities.CHANGE_PROGRAM_STATUS,
        primary_id=program.id,
        primary_value=program.name,
        attributes={
            "Acquired By": acquired_by,
            "New Status": status["name"],
            "New Status ID": new_step,
            "Old Status": old_name,
            "Old Status ID": old_step,
            "Program Member ID": lead_id,
            "Reason": reason,
            "Success": bool(status.get("success")),
        },
    )
    return True, None


def change_status(
    store: Store, program_id: int, status_name: str, lead_ids: Iterable[int], *, seq: bool
) -> list[dict[str, Any]]:
    """``changeLeadProgramStatus`` (``seq=False``, results keyed by ``id``) and
    ``syncProgramMemberStatus`` (``seq=True``, keyed by ``seq``/``leadId``)."""
    with store.transaction():
        program = require_program(store, program_id)
        status = find_status(store, program, status_name)
        results = []
        for index, lead_id in enumerate(lead_ids):
            keys: dict[str, Any] = {"seq": index, "leadId": lead_id} if seq else {"id": lead_id}
            if not leads.exists(store, lead_id):
                results.append(skipped(*LEAD_NOT_FOUND, **keys))
                continue
            _changed, skip = set_status(store, program, lead_id, status)
            if skip is not None:
                results.append(skipped(*skip, **keys))
            else:
                results.append({**keys, "status": "updated"})
        return results


def sync_member_data(
    store: Store, program_id: int, inputs: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Write custom program member fields of existing members (1013 for a non-member)."""
    with store.transaction():
        program = require_program(store, program_id)
        custom = custom_member_fields(store)
        results: list[dict[str, Any]] = []
        for index, item in enumerate(inputs):
            lead_id = item.get("leadId")
            keys: dict[str, Any] = {
                "seq": index,
                "leadId": lead_id if isinstance(lead_id, int) else 0,
            }
            if not isinstance(lead_id, int) or not leads.exists(store, lead_id):
                results.append(skipped(*LEAD_NOT_FOUND, **keys))
                continue
            current = member(store, program.id, lead_id)
            if current is None:
                results.append(skipped(1013, "Program member not found", **keys))
                continue
            unknown = [name for name in item if name != "leadId" and name not in custom]
            if unknown:
                results.append(skipped(1006, f"Field '{unknown[0]}' not found", **keys))
                continue
            for name, value in item.items():
                if name == "leadId":
                    continue
                old = current.data.get(name)
                if old == value:
                    continue
                current.data[name] = value
                activities.record(
                    store,
                    lead_id=lead_id,
                    type_id=activities.CHANGE_PROGRAM_MEMBER_DATA,
                    primary_id=program.id,
                    primary_value=program.name,
                    attributes={
                        "Attribute Name": name,
                        "New Value": None if value is None else str(value),
                        "Old Value": None if old is None else str(old),
                        "Reason": "Changed by API",
                    },
                )
            store.execute(
                "UPDATE program_members SET data = ?, updated_at = ? WHERE program_id = ?"
                " AND lead_id = ?",
                (json.dumps(current.data), store.now(), program.id, lead_id),
            )
            results.append({**keys, "status": "updated"})
        return results


def delete_members(store: Store, program_id: int, lead_ids: Sequence[int]) -> list[dict[str, Any]]:
    with store.transaction():
        require_program(store, program_id)
        results: list[dict[str, Any]] = []
        for index, lead_id in enumerate(lead_ids):
            keys: dict[str, Any] = {"seq": index, "leadId": lead_id}
            if member(store, program_id, lead_id) is None:
                results.append(skipped(1013, "Program member not found", **keys))
                continue
            store.execute(
                "DELETE FROM program_members WHERE program_id = ? AND lead_id = ?",
                (program_id, lead_id),
            )
            results.append({**keys, "status": "deleted"})
        return results


def member_value(m: Member, name: str) -> Any:
    standard: dict[str, Any] = {
        "leadId": m.lead_id,
        "programId": m.program_id,
        "statusName": m.status,
        "membershipDate": iso(m.membership_date),
        "reachedSuccess": m.reached_success,
        "acquiredBy": m.acquired_by,
        "isExhausted": False,
        "createdAt": iso(m.membership_date),
        "updatedAt": iso(m.updated_at),
    }
    if name in standard:
        return standard[name]
    return m.data.get(name)


def render_member(m: Member, seq: int, fields: Sequence[str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "seq": seq,
        "leadId": m.lead_id,
        "programId": m.program_id,
        "reachedSuccess": m.reached_success,
        "acquiredBy": m.acquired_by,
        "membershipDate": iso(m.membership_date),
    }
    for name in fields:
        if name not in item:
            item[name] = member_value(m, name)
    return item


def render_membership(m: Member) -> dict[str, Any]:
    """A lead's program membership (``getProgramMembershipUsingGET``)."""
    return {
        "id": m.program_id,
        "progressionStatus": m.status,
        "acquiredBy": m.acquired_by,
        "reachedSuccess": m.reached_success,
        "membershipDate": iso(m.membership_date),
        "updatedAt": iso(m.updated_at),
        "isExhausted": False,
    }


def push(
    store: Store,
    records: Sequence[Mapping[str, Any]],
    *,
    program_name: str | None,
    program_status: str | None,
    reason: str | None,
    lookup_field: str,
    partition_name: str | None,
    source: leads.Source,
) -> list[dict[str, Any]]:
    """Push Lead to Marketo: upsert like sync and, with a program, make the leads members.

    The status is the one named, else the program channel's first step past "not in program".
    """
    program = None
    status = None
    if program_name:
        found = store.find("program", name=program_name)
        if not found:
            raise errors.ApiError(1013, f"Program '{program_name}' not found")
        program = found[0]
        status = (
            find_status(store, program, program_status)
            if program_status
            else next(
                (item for item in statuses(store, program) if int(item.get("step", 0)) > 0), None
            )
        )
    with store.transaction():
        results = leads.sync(
            store,
            records,
            action="createOrUpdate",
            lookup_field=lookup_field,
            partition_name=partition_name,
            source=source,
        )
        if program is not None and status is not None:
            for result in results:
                if result.get("status") in {"created", "updated"}:
                    set_status(
                        store,
                        program,
                        int(result["id"]),
                        status,
                        reason=reason or "Pushed by API",
                        acquired_by=result["status"] == "created",
                    )
    return results
