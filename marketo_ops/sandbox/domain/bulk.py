"""Bulk extract and import jobs with real files on disk, driven by the sandbox's clock.

Exports (leads, activities, program members, custom objects) follow Marketo's life cycle:
Created -> (enqueue) Queued -> Processing -> Completed, or Cancelled/Failed. The queue is shared
by every export kind: at most 10 jobs queued or processing (1029 "Too many jobs in queue") and 2
processing at once; files count against a 500 MB daily quota (US-Central day; 1029 "Export daily
quota exceeded" on create and enqueue once it is used up). Date-range filters span at most 31
days (1003). The file is written when a job starts processing (a snapshot of that moment) and the
job completes a short simulated time later, so tests on a manual clock see every state. Status
carries ``numberOfRecords``, ``fileSize`` and the file's SHA-256 ``fileChecksum``.

Imports (leads, program members, custom objects) take CSV/TSV/SSV files of at most 10 MB (larger
bodies get HTTP 413 like Marketo); at most 10 imports may be queued or importing (1016 "Too many
imports") and 2 import at once; an import into a static list that another unfinished import is
filling is refused with 1019 "Import in progress". Rows that cannot be imported go to a failures
file, rows imported with a caveat (a value cut to the field's length) to a warnings file; both
are the input rows plus a reason column.

Nothing here runs in the background: :func:`advance` moves jobs along whenever a bulk call
arrives, from the clock alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .. import errors
from ..store.db import Store
from ..timefmt import central_day
from . import activities, custom_objects, leads, membership, records
from .leaddb import iso, parse_when

MAX_QUEUED: Final = 10
MAX_PROCESSING: Final = 2
DAILY_QUOTA_BYTES: Final = 500 * 1024 * 1024
QUOTA_META_KEY: Final = "bulk_export_daily_quota_bytes"
"""Store meta key that overrides the daily quota (a test/admin knob; Marketo sells increases)."""
MAX_RANGE_SECONDS: Final = 31 * 24 * 3600
QUEUE_DELAY: Final = 1.0
PROCESSING_BASE: Final = 2.0
RECORDS_PER_SECOND: Final = 100_000
MAX_IMPORT_BYTES: Final = 10 * 1024 * 1024
IMPORT_DELAY: Final = 1.0
IMPORT_DURATION: Final = 2.0
DELIMITERS: Final = {"CSV": ",", "TSV": "\t", "SSV": ";"}
NULL: Final = "null"
ACTIVITY_FIELDS: Final = (
    "marketoGUID",
    "leadId",
    "activityDate",
    "activityTypeId",
    "campaignId",
    "primaryAttributeValueId",
    "primaryAttributeValue",
    "attributes",
)
EXPORT_STATUSES: Final = ("Created", "Queued", "Processing", "Cancelled", "Completed", "Failed")


@dataclass
class Job:
    id: str
    kind: str
    status: str
    data: dict[str, Any]
    created_at: float


def _job(values: Sequence[Any]) -> Job:
    return Job(str(values[0]), str(values[1]), str(values[2]), json.loads(values[3]), values[4])


def _get(store: Store, kind: str, job_id: str) -> Job | None:
    rows = store.execute(
        "SELECT id, kind, status, data, created_at FROM bulk_jobs WHERE id = ? AND kind = ?",
        (job_id, kind),
    )
    return _job(rows[0]) if rows else None


def _jobs(store: Store, prefix: str, statuses: Iterable[str] | None = None) -> list[Job]:
    rows = store.execute(
        "SELECT id, kind, status, data, created_at FROM bulk_jobs WHERE kind LIKE ?"
        " ORDER BY created_at, rowid",
        (prefix + "%",),
    )
    found = [_job(values) for values in rows]
    if statuses is not None:
        wanted = set(statuses)
        found = [job for job in found if job.status in wanted]
    return found


def _save(store: Store, job: Job) -> None:
    store.execute(
        "INSERT OR REPLACE INTO bulk_jobs (id, kind, status, data, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (job.id, job.kind, job.status, json.dumps(job.data), job.created_at),
    )


def _file(store: Store, name: str) -> Path:
    return store.files_dir / name


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _cell(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


# --- exports: validation ------------------------------------------------------------------------
def _format(value: Any) -> str:
    text = str(value or "CSV").upper()
    if text not in DELIMITERS:
        raise errors.invalid_value(value, "format (CSV, TSV, SSV)")
    return text


def _range(filter_: Mapping[str, Any], name: str) -> tuple[float, float]:
    window = filter_.get(name)
    if not isinstance(window, dict):
        raise errors.invalid_value(window, f"{name} date range")
    start = parse_when(window.get("startAt"), f"{name}.startAt")
    end = parse_when(window.get("endAt"), f"{name}.endAt")
    if end <= start:
        raise errors.invalid_data(f"{name}.endAt must be after {name}.startAt")
    if end - start > MAX_RANGE_SECONDS:
        raise errors.invalid_data(f"Date range of '{name}' exceeds the maximum of 31 days")
    return start, end


def _static_list(store: Store, filter_: Mapping[str, Any]) -> int | None:
    if filter_.get("staticListId") is not None:
        try:
            list_id = int(filter_["staticListId"])
        except (TypeError, ValueError):
            raise errors.invalid_value(filter_["staticListId"], "Integer") from None
        membership.require_list(store, list_id)
        return list_id
    if filter_.get("staticListName"):
        found = store.find("static_list", name=str(filter_["staticListName"]))
        if not found:
            raise errors.ApiError(1013, f"Static list '{filter_['staticListName']}' not found")
        return found[0].id
    return None


def _no_smart_lists(filter_: Mapping[str, Any]) -> None:
    if filter_.get("smartListId") is not None or filter_.get("smartListName"):
        raise errors.ApiError(
            1035,
            "Unsupported filter type for target subscription: the sandbox does not evaluate"
            " smart lists",
        )


def _fields(requested: Any, known: Iterable[str]) -> list[str]:
    if not isinstance(requested, list) or not requested:
        raise errors.blank("fields")
    allowed = set(known)
    names = [str(item) for item in requested]
    for name in names:
        if name not in allowed:
            raise errors.ApiError(1006, f"Field '{name}' not found")
    return names


def _validate_export(
    store: Store, kind: str, api_name: str | None, body: Mapping[str, Any]
) -> dict[str, Any]:
    filter_ = body.get("filter")
    if not isinstance(filter_, dict) or not filter_:
        raise errors.blank("filter")
    spec: dict[str, Any] = {"format": _format(body.get("format"))}
    headers = body.get("columnHeaderNames") or {}
    if not isinstance(headers, dict):
        raise errors.invalid_value(headers, "columnHeaderNames")
    spec["columnHeaderNames"] = {str(k): str(v) for k, v in headers.items()}
    if kind == "leads":
        spec["fields"] = _fields(body.get("fields"), leads.schema(store))
        _no_smart_lists(filter_)
        chosen = [name for name in ("createdAt", "updatedAt") if name in filter_]
        list_id = _static_list(store, filter_)
        if len(chosen) + (list_id is not None) != 1:
            raise errors.invalid_data(
                "The filter needs exactly one of createdAt, updatedAt, staticListId, staticListName"
            )
        spec["filter"] = {"staticListId": list_id} if list_id is not None else {}
        for name in chosen:
            spec["filter"][name] = _range(filter_, name)
    elif kind == "activities":
        fields = body.get("fields") or list(ACTIVITY_FIELDS)
        spec["fields"] = _fields(fields, ACTIVITY_FIELDS)
        if "createdAt" not in filter_:
            raise errors.blank("filter.createdAt")
        type_ids = filter_.get("activityTypeIds")
        if type_ids is not None and (
            not isinstance(type_ids, list) or not all(isinstance(i, int) for i in type_ids)
        ):
            raise errors.invalid_value(type_ids, "activityTypeIds")
        spec["filter"] = {
            "createdAt": _range(filter_, "createdAt"),
            "activityTypeIds": type_ids,
            "primaryAttributeValueIds": filter_.get("primaryAttributeValueIds"),
        }
    elif kind == "program_members":
        member_fields = {item["name"] for item in _member_field_names(store)}
        spec["fields"] = _fields(body.get("fields"), set(leads.schema(store)) | member_fields)
        ids = filter_.get("programIds") or (
            [filter_["programId"]] if filter_.get("programId") is not None else []
        )
        if not ids:
            raise errors.blank("filter.programId")
        for program_id in ids:
            membership.require_program(store, int(program_id))
        spec["filter"] = {
            "programIds": [int(i) for i in ids],
            "statusNames": filter_.get("statusNames"),
            "updatedAt": _range(filter_, "updatedAt") if "updatedAt" in filter_ else None,
        }
    else:
        kind_def = custom_objects.record_kind(store, str(api_name))
        spec["fields"] = _fields(body.get("fields"), kind_def.by_name)
        _no_smart_lists(filter_)
        list_id = _static_list(store, filter_)
        if "updatedAt" not in filter_ and list_id is None:
            raise errors.invalid_data("The filter needs updatedAt, staticListId or staticListName")
        spec["filter"] = {
            "updatedAt": _range(filter_, "updatedAt") if "updatedAt" in filter_ else None,
            "staticListId": list_id,
        }
        spec["apiName"] = api_name
    return spec


def _member_field_names(store: Store) -> list[dict[str, Any]]:
    from .lead_schema import program_member_fields

    return program_member_fields(store)


# --- exports: life cycle ------------------------------------------------------------------------
def _export_kind(kind: str, api_name: str | None) -> str:
    return f"export:{kind}" + (f":{api_name}" if api_name else "")


def quota(store: Store) -> int:
    value = store.get_meta(QUOTA_META_KEY)
    return int(value) if value else DAILY_QUOTA_BYTES


def used_today(store: Store) -> int:
    today = central_day(store.now())
    return sum(
        int(job.data.get("fileSize") or 0)
        for job in _jobs(store, "export:", ["Completed", "Processing"])
        if job.data.get("startedAt") and central_day(float(job.data["startedAt"])) == today
    )


def _check_quota(store: Store) -> None:
    if used_today(store) >= quota(store):
        raise errors.ApiError(1029, "Export daily quota exceeded")


def create_export(
    store: Store, kind: str, api_name: str | None, body: Mapping[str, Any]
) -> dict[str, Any]:
    advance(store)
    spec = _validate_export(store, kind, api_name, body)
    _check_quota(store)
    now = store.now()
    job = Job(str(uuid.uuid4()), _export_kind(kind, api_name), "Created", spec, now)
    job.data["createdAt"] = now
    with store.transaction():
        _save(store, job)
    return render_export(job)


def require_export(store: Store, kind: str, api_name: str | None, export_id: str) -> Job:
    job = _get(store, _export_kind(kind, api_name), export_id)
    if job is None:
        raise errors.ApiError(1003, f"Export job '{export_id}' not found")
    return job


def enqueue(store: Store, kind: str, api_name: str | None, export_id: str) -> dict[str, Any]:
    with store.transaction():
        advance(store)
        job = require_export(store, kind, api_name, export_id)
        if job.status != "Created":
            raise errors.invalid_data(
                f"Export job '{export_id}' is {job.status}; only a Created job can be enqueued"
            )
        if len(_jobs(store, "export:", ["Queued", "Processing"])) >= MAX_QUEUED:
            raise errors.ApiError(1029, "Too many jobs in queue")
        _check_quota(store)
        job.status = "Queued"
        job.data["queuedAt"] = store.now()
        _save(store, job)
        advance(store)
        return render_export(require_export(store, kind, api_name, export_id))


def cancel(store: Store, kind: str, api_name: str | None, export_id: str) -> dict[str, Any]:
    with store.transaction():
        advance(store)
        job = require_export(store, kind, api_name, export_id)
        if job.status in {"Completed", "Cancelled", "Failed"}:
            raise errors.invalid_data(f"Export job '{export_id}' is already {job.status}")
        job.status = "Cancelled"
        path = job.data.pop("file", None)
        if path:
            _file(store, path).unlink(missing_ok=True)
        for key in ("fileSize", "fileChecksum", "numberOfRecords", "finishAt"):
            job.data.pop(key, None)
        _save(store, job)
        return render_export(job)


def status(store: Store, kind: str, api_name: str | None, export_id: str) -> dict[str, Any]:
    with store.transaction():
        advance(store)
        return render_export(require_export(store, kind, api_name, export_id))


def list_exports(
    store: Store, kind: str, api_name: str | None, statuses: Sequence[str]
) -> list[dict[str, Any]]:
    """Jobs of this kind created in the past 7 days, optionally with some statuses."""
    with store.transaction():
        advance(store)
    wanted = {item.lower() for item in statuses}
    since = store.now() - 7 * 24 * 3600
    return [
        render_export(job)
        for job in _jobs(store, _export_kind(kind, api_name))
        if job.created_at >= since
        and (not wanted or job.status.lower() in wanted)
        and job.kind == _export_kind(kind, api_name)
    ]


def export_file(store: Store, kind: str, api_name: str | None, export_id: str) -> Path:
    with store.transaction():
        advance(store)
        job = require_export(store, kind, api_name, export_id)
    if job.status != "Completed":
        raise errors.invalid_data(
            f"Export job '{export_id}' is {job.status}; its file is available once Completed"
        )
    return _file(store, str(job.data["file"]))


def render_export(job: Job) -> dict[str, Any]:
    data = job.data
    body: dict[str, Any] = {
        "exportId": job.id,
        "status": job.status,
        "format": data["format"],
        "createdAt": iso(data["createdAt"]),
    }
    if data.get("queuedAt"):
        body["queuedAt"] = iso(data["queuedAt"])
    if data.get("startedAt"):
        body["startedAt"] = iso(data["startedAt"])
    if job.status in {"Completed", "Failed"}:
        body["finishedAt"] = iso(data.get("finishedAt"))
    if job.status == "Completed":
        body["numberOfRecords"] = data["numberOfRecords"]
        body["fileSize"] = data["fileSize"]
        body["fileChecksum"] = data["fileChecksum"]
    if job.status == "Failed":
        body["errorMsg"] = data.get("errorMsg") or "Export failed"
    return body


def advance(store: Store) -> None:
    """Move every job along to where the clock says it is now."""
    now = store.now()
    with store.transaction():
        _advance_exports(store, now)
        _advance_imports(store, now)


def _advance_exports(store: Store, now: float) -> None:
    while True:
        progressed = False
        freed_at = 0.0
        for job in _jobs(store, "export:", ["Processing"]):
            if float(job.data["finishAt"]) <= now:
                job.status = "Completed"
                job.data["finishedAt"] = job.data["finishAt"]
                freed_at = max(freed_at, float(job.data["finishAt"]))
                _save(store, job)
                progressed = True
        running = len(_jobs(store, "export:", ["Processing"]))
        for job in _jobs(store, "export:", ["Queued"])[: max(0, MAX_PROCESSING - running)]:
            start = max(float(job.data["queuedAt"]) + QUEUE_DELAY, freed_at)
            if start > now:
                continue
            _start_export(store, job, start)
            progressed = True
        if not progressed:
            return


def _start_export(store: Store, job: Job, start: float) -> None:
    name = f"export-{job.id}.{job.data['format'].lower()}"
    path = _file(store, name)
    try:
        count = _write_export(store, job, path)
    except errors.ApiError as failure:
        job.status = "Failed"
        job.data.update(startedAt=start, finishedAt=start, errorMsg=failure.message)
        _save(store, job)
        return
    job.status = "Processing"
    job.data.update(
        startedAt=start,
        file=name,
        numberOfRecords=count,
        fileSize=path.stat().st_size,
        fileChecksum=_checksum(path),
        finishAt=start + PROCESSING_BASE + count / RECORDS_PER_SECOND,
    )
    _save(store, job)


def _write_export(store: Store, job: Job, path: Path) -> int:
    data = job.data
    fields: list[str] = data["fields"]
    headers = [data["columnHeaderNames"].get(name, name) for name in fields]
    kind = job.kind.split(":")[1]
    rows: Iterator[list[Any]]
    if kind == "leads":
        rows = _lead_rows(store, data["filter"], fields)
    elif kind == "activities":
        rows = _activity_rows(store, data["filter"], fields)
    elif kind == "program_members":
        rows = _member_rows(store, data["filter"], fields)
    else:
        rows = _object_rows(store, str(data["apiName"]), data["filter"], fields)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=DELIMITERS[data["format"]], lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell(value) for value in row])
            count += 1
    return count


def _lead_rows(store: Store, filter_: Mapping[str, Any], fields: list[str]) -> Iterator[list[Any]]:
    join, join_params = "", []
    if filter_.get("staticListId") is not None:
        join = " JOIN list_members m ON m.lead_id = leads.id AND m.list_id = ?"
        join_params.append(filter_["staticListId"])
    clauses, params = [], []
    for name, column in (("createdAt", "created_at"), ("updatedAt", "updated_at")):
        if filter_.get(name):
            start, end = filter_[name]
            clauses.append(f"leads.{column} >= ? AND leads.{column} < ?")
            params.extend([start, end])
    where = " AND ".join(["leads.id > ?", *clauses])
    sql = (
        "SELECT leads.id, email, partition_id, leads.data, leads.created_at, leads.updated_at"
        f" FROM leads{join} WHERE {where} ORDER BY leads.id LIMIT 5000"
    )
    last = 0
    while True:
        chunk = store.execute(sql, [*join_params, last, *params])
        if not chunk:
            return
        for values in chunk:
            lead = leads.LeadRow(
                int(values[0]),
                values[1],
                int(values[2]),
                json.loads(values[3]),
                float(values[4]),
                float(values[5]),
            )
            yield [lead.value(name) for name in fields]
        last = int(chunk[-1][0])


def _activity_rows(
    store: Store, filter_: Mapping[str, Any], fields: list[str]
) -> Iterator[list[Any]]:
    start, end = filter_["createdAt"]
    type_ids = set(filter_["activityTypeIds"]) if filter_.get("activityTypeIds") else None
    primaries = (
        set(filter_["primaryAttributeValueIds"])
        if filter_.get("primaryAttributeValueIds")
        else None
    )
    for item in activities.rows_between(store, start, end, type_ids):
        if item["activityTypeId"] == activities.DELETE_LEAD:
            # Adobe's Bulk Activity Extract: "The Delete Lead activity is not supported (use
            # the Get Deleted Leads endpoint instead)". A job asking for it gets no such rows.
            continue
        if primaries is not None and item.get("primaryAttributeValueId") not in primaries:
            continue
        item["attributes"] = activities.attributes_object(item.get("attributes") or [])
        yield [item.get(name) for name in fields]


def _member_rows(
    store: Store, filter_: Mapping[str, Any], fields: list[str]
) -> Iterator[list[Any]]:
    statuses = {s.lower() for s in filter_.get("statusNames") or []}
    window = filter_.get("updatedAt")
    lead_fields = leads.schema(store)
    for program_id in filter_["programIds"]:
        found = membership.members(store, program_id)
        for start in range(0, len(found), 1000):
            chunk = found[start : start + 1000]
            rows = leads.get_many(store, [m.lead_id for m in chunk])
            for m in chunk:
                if statuses and m.status.lower() not in statuses:
                    continue
                if window and not window[0] <= m.updated_at < window[1]:
                    continue
                lead = rows.get(m.lead_id)
                yield [
                    lead.value(name)
                    if name in lead_fields and name not in {"createdAt", "updatedAt"} and lead
                    else membership.member_value(m, name)
                    for name in fields
                ]


def _object_rows(
    store: Store, api_name: str, filter_: Mapping[str, Any], fields: list[str]
) -> Iterator[list[Any]]:
    kind = custom_objects.record_kind(store, api_name)
    window = filter_.get("updatedAt")
    members: set[int] | None = None
    if filter_.get("staticListId") is not None:
        members = {
            int(row[0])
            for row in store.execute(
                "SELECT lead_id FROM list_members WHERE list_id = ?", (filter_["staticListId"],)
            )
        }
    links = [item.name for item in kind.fields if item.related_to]
    for record in records.all_records(store, kind):
        if window and not window[0] <= record.updated_at < window[1]:
            continue
        if members is not None and not any(
            isinstance(record.data.get(link), int) and record.data[link] in members
            for link in links
        ):
            continue
        yield [record.value(name) for name in fields]


# --- imports ------------------------------------------------------------------------------------
def _import_kind(kind: str, scope: str | None = None) -> str:
    return f"import:{kind}" + (f":{scope}" if scope else "")


def create_import(
    store: Store,
    kind: str,
    content: bytes,
    *,
    file_format: str | None,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """Queue an import; the caller has refused files over 10 MB with HTTP 413 already."""
    fmt = _format(file_format)
    with store.transaction():
        advance(store)
        if len(_jobs(store, "import:", ["Queued", "Importing"])) >= MAX_QUEUED:
            raise errors.ApiError(1016, "Too many imports")
        list_id = options.get("listId")
        if list_id is not None:
            membership.require_list(store, int(list_id))
            for other in _jobs(store, "import:", ["Queued", "Importing"]):
                if other.data.get("listId") == int(list_id):
                    raise errors.ApiError(1019, "Import in progress")
        if kind == "leads":
            definitions = leads.schema(store)
            leads.check_lookup_field(str(options.get("lookupField") or "email"), definitions)
            if options.get("partitionName"):
                leads.partition_id(store, str(options["partitionName"]))
        batch_id = store.next_id("bulk_import")
        name = f"import-{batch_id}.{fmt.lower()}"
        _file(store, name).write_bytes(content)
        scope = options.get("apiName")
        job = Job(
            str(batch_id),
            _import_kind(kind, str(scope) if scope else None),
            "Queued",
            {
                "batchId": batch_id,
                "format": fmt,
                "file": name,
                "queuedAt": store.now(),
                **{k: v for k, v in options.items() if v is not None},
            },
            store.now(),
        )
        _save(store, job)
        return render_import(job)


def require_import(store: Store, kind: str, batch_id: int, scope: str | None = None) -> Job:
    job = _get(store, _import_kind(kind, scope), str(batch_id))
    if job is None:
        raise errors.ApiError(1003, f"Import batch {batch_id} not found")
    return job


def import_status(
    store: Store, kind: str, batch_id: int, scope: str | None = None
) -> dict[str, Any]:
    with store.transaction():
        advance(store)
        return render_import(require_import(store, kind, batch_id, scope))


def import_report(
    store: Store, kind: str, batch_id: int, which: str, scope: str | None = None
) -> bytes:
    """The failures or warnings file of a finished import (1019 while it is still running)."""
    with store.transaction():
        advance(store)
        job = require_import(store, kind, batch_id, scope)
    if job.status in {"Queued", "Importing"}:
        raise errors.ApiError(1019, "Import in progress")
    name = job.data.get(which)
    return _file(store, name).read_bytes() if name else b""


def render_import(job: Job) -> dict[str, Any]:
    data = job.data
    kind = job.kind.split(":")[1]
    body: dict[str, Any] = {"batchId": data["batchId"], "status": job.status}
    if kind in {"leads", "program_members"}:
        body["importId"] = str(data["batchId"])
    done = job.status in {"Complete", "Failed"}
    processed = int(data.get("processed", 0)) if done else 0
    failed = int(data.get("failed", 0)) if done else 0
    warned = int(data.get("warned", 0)) if done else 0
    if kind == "custom_objects":
        body.update(
            objectApiName=data.get("apiName"),
            operation="import",
            numOfObjectsProcessed=processed,
            numOfRowsFailed=failed,
            numOfRowsWithWarning=warned,
        )
        if done:
            body["importTime"] = f"{IMPORT_DURATION:.0f} seconds"
    else:
        body.update(
            numOfLeadsProcessed=processed, numOfRowsFailed=failed, numOfRowsWithWarning=warned
        )
    if done:
        body["message"] = data.get("message", "")
    return body


def _advance_imports(store: Store, now: float) -> None:
    while True:
        progressed = False
        freed_at = 0.0
        for job in _jobs(store, "import:", ["Importing"]):
            if float(job.data["finishAt"]) <= now:
                job.status = "Failed" if job.data.get("fatal") else "Complete"
                freed_at = max(freed_at, float(job.data["finishAt"]))
                _save(store, job)
                progressed = True
        running = len(_jobs(store, "import:", ["Importing"]))
        for job in _jobs(store, "import:", ["Queued"])[: max(0, MAX_PROCESSING - running)]:
            start = max(float(job.data["queuedAt"]) + IMPORT_DELAY, freed_at)
            if start > now:
                continue
            _run_import(store, job)
            job.status = "Importing"
            job.data["startedAt"] = start
            job.data["finishAt"] = start + IMPORT_DURATION
            _save(store, job)
            progressed = True
        if not progressed:
            return


@dataclass
class _Outcome:
    warning: str | None = None


def _read_rows(store: Store, job: Job) -> tuple[list[str], list[list[str]]]:
    raw = _file(store, str(job.data["file"])).read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=DELIMITERS[job.data["format"]])
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        return [], []
    return [cell.strip() for cell in rows[0]], rows[1:]


def _run_import(store: Store, job: Job) -> None:
    """Import every row now; counts and reports are shown once the job completes."""
    header, rows = _read_rows(store, job)
    kind = job.kind.split(":")[1]
    failures: list[list[str]] = []
    warnings: list[list[str]] = []
    processed = 0
    try:
        importer = _importer(store, job, kind, header)
    except errors.ApiError as fatal:
        job.data.update(fatal=True, message=f"Import failed: {fatal.message}", processed=0)
        job.data.update(failed=len(rows), warned=0)
        return
    for row in rows:
        if len(row) != len(header):
            failures.append([*row, f"Invalid row: {len(row)} values for {len(header)} columns"])
            continue
        record = dict(zip(header, row, strict=True))
        try:
            outcome = importer(record)
        except leads.RecordError as failure:
            failures.append([*row, failure.message])
            continue
        processed += 1
        if outcome.warning:
            warnings.append([*row, outcome.warning])
    if failures:
        job.data["failures"] = _report(
            store,
            job,
            which="failures",
            header=header,
            rows=failures,
            column="Import Failure Reason",
        )
    if warnings:
        job.data["warnings"] = _report(
            store,
            job,
            which="warnings",
            header=header,
            rows=warnings,
            column="Import Warning Reason",
        )
    members = " members" if kind != "custom_objects" else ""
    message = f"Import succeeded, {processed} records imported ({processed}{members or ' objects'})"
    if failures:
        message = (
            f"Import completed with errors, {processed} records imported"
            f" ({processed}{members or ' objects'}), {len(failures)} failed"
        )
    job.data.update(
        processed=processed, failed=len(failures), warned=len(warnings), message=message
    )


def _report(
    store: Store, job: Job, *, which: str, header: list[str], rows: list[list[str]], column: str
) -> str:
    name = f"import-{job.id}-{which}.csv"
    with _file(store, name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=DELIMITERS[job.data["format"]], lineterminator="\n")
        writer.writerow([*header, column])
        writer.writerows(rows)
    return name


def _fit(definition: leads.FieldDef, value: str) -> tuple[Any, str | None]:
    """Bulk import cuts a too-long text to the field's length (with a warning) instead of
    refusing the row, as the UI's list import does."""
    if definition.length is not None and len(value) > int(definition.length):
        return (
            value[: int(definition.length)],
            f"Value for field '{definition.name}' truncated to {definition.length} characters",
        )
    return value, None


def _lead_values(
    record: Mapping[str, str], definitions: Mapping[str, leads.FieldDef], skip: Iterable[str] = ()
) -> tuple[dict[str, Any], str | None]:
    values: dict[str, Any] = {}
    warning = None
    ignored = set(skip)
    for name, text in record.items():
        if name in ignored or text == "" or text.lower() == NULL:
            continue
        definition = definitions[name]
        fitted, note = _fit(definition, text)
        warning = warning or note
        values[name] = leads.coerce(definition, fitted)
    return values, warning


def _importer(store: Store, job: Job, kind: str, header: list[str]) -> Any:
    source = leads.Source(api_method="importLead", reason="Bulk import")
    if kind in {"leads", "program_members"}:
        definitions = leads.schema(store)
        member_fields = (
            {item["name"] for item in _member_field_names(store) if item.get("isCustom")}
            if kind == "program_members"
            else set()
        )
        for name in header:
            if name not in definitions and name not in member_fields:
                raise errors.ApiError(1006, f"Field '{name}' not found")
            if name in definitions and (definitions[name].read_only or name in leads.SYSTEM_FIELDS):
                raise errors.ApiError(1003, f"Field '{name}' is read-only")
        lookup = str(job.data.get("lookupField") or "email")
        if lookup not in header:
            raise errors.ApiError(1003, f"The file has no '{lookup}' column to match leads on")
        partition = (
            leads.partition_id(store, job.data["partitionName"])
            if job.data.get("partitionName")
            else None
        )
        program = None
        status: dict[str, Any] | None = None
        if kind == "program_members":
            program = membership.require_program(store, int(job.data["programId"]))
            status = membership.find_status(store, program, str(job.data["programMemberStatus"]))

        def import_lead(record: Mapping[str, str]) -> _Outcome:
            key = record.get(lookup, "")
            if not key:
                raise leads.RecordError(1003, f"Value for lookup field '{lookup}' missing")
            values, warning = _lead_values(record, definitions, member_fields)
            found = leads.lookup(store, lookup, key, definitions, partition)
            if len(found) > 1:
                raise leads.RecordError(1007, "Multiple lead match lookup criteria")
            if found:
                lead = leads.update(store, found[0], values, definitions=definitions, source=source)
            else:
                lead = leads.create(store, values, partition=partition or 1, source=source)
            if job.data.get("listId") is not None:
                membership.add_quietly(store, int(job.data["listId"]), lead.id, source)
            if program is not None and status is not None:
                membership.set_status(store, program, lead.id, status, reason="Bulk import")
                extra = {name: record[name] for name in member_fields if record.get(name)}
                if extra:
                    membership.sync_member_data(store, program.id, [{"leadId": lead.id, **extra}])
            return _Outcome(warning)

        return import_lead

    kind_def = custom_objects.record_kind(store, str(job.data["apiName"]))
    for name in header:
        if name not in kind_def.by_name:
            raise errors.ApiError(1006, f"Field '{name}' not found")

    def import_object(record: Mapping[str, str]) -> _Outcome:
        cleaned = {k: v for k, v in record.items() if v != "" and v.lower() != NULL}
        result = records.sync(store, kind_def, [cleaned], action="createOrUpdate", dedupe_by=None)
        outcome = result[0]
        if outcome["status"] == "skipped":
            raise leads.RecordError(
                int(outcome["reasons"][0]["code"]), outcome["reasons"][0]["message"]
            )
        return _Outcome()

    return import_object
