"""What sync and async bulk runs share: results, errors, polling, CSV splitting, job calls."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ...._http import RequestSpec
from ....errors import InvalidArgumentError, MarketoError, QueueFullError
from ....types.leads import ExportJob
from ..._support import path_segment

MAX_IMPORT_BYTES: Final = 10 * 1024 * 1024
CHUNK_BYTES: Final = 64 * 1024
MAX_RESUMES: Final = 5
_DELIMITERS: Final = {"csv": ",", "tsv": "\t", "ssv": ";"}


# --- results and errors -------------------------------------------------------------------------
class BulkJobError(MarketoError):
    """A bulk job ended Failed or Cancelled (``status`` and Marketo's message say why)."""

    def __init__(self, message: str, *, job_id: str, status: str) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.status = status


class BulkTimeoutError(MarketoError):
    """A bulk job did not finish within the time given; it goes on running in Marketo."""

    def __init__(self, message: str, *, job_id: str) -> None:
        super().__init__(message)
        self.job_id = job_id


class DownloadIntegrityError(MarketoError):
    """The downloaded file's size or SHA-256 checksum differs from the job's."""


@dataclass(frozen=True)
class Polling:
    """How to wait for a bulk job: first interval, growth factor, cap, and overall timeout."""

    interval: float = 5.0
    factor: float = 1.5
    max_interval: float = 60.0
    timeout: float | None = 3 * 3600.0

    def delays(self) -> Iterator[float]:
        delay = self.interval
        while True:
            yield delay
            delay = min(delay * self.factor, self.max_interval)


@dataclass(frozen=True)
class ExportProgress:
    """One step of ``exports.run``: the job's status, then bytes written while downloading."""

    export_id: str
    status: str
    """Marketo's status (Created, Queued, Processing, Completed), "Waiting for queue",
    "Downloading", or "Done"."""
    records: int | None = None
    bytes_written: int = 0
    total_bytes: int | None = None


@dataclass(frozen=True)
class ExportResult:
    export_id: str
    path: Path
    records: int
    size: int
    checksum: str | None
    job: ExportJob


@dataclass(frozen=True)
class ImportProgress:
    part: int
    parts: int
    batch_id: int | None
    status: str


@dataclass(frozen=True)
class ImportRow:
    """A row Marketo could not import (failures) or imported with a caveat (warnings)."""

    part: int
    batch_id: int
    values: dict[str, str]
    reason: str


@dataclass
class ImportResult:
    """All parts of an import: their jobs, counters and the failed and warned rows."""

    jobs: list[dict[str, Any]] = field(default_factory=list)
    processed: int = 0
    failed: int = 0
    warned: int = 0
    failures: list[ImportRow] = field(default_factory=list)
    warnings: list[ImportRow] = field(default_factory=list)

    @property
    def batch_ids(self) -> list[int]:
        return [int(job["batchId"]) for job in self.jobs]


DEFAULT_POLLING: Final = Polling()
ExportCallback = Callable[[ExportProgress], None]
ImportCallback = Callable[[ImportProgress], None]


# --- pure helpers -------------------------------------------------------------------------------
def split_csv(
    path: Path, *, max_bytes: int = MAX_IMPORT_BYTES, delimiter: str = ","
) -> Iterator[bytes]:
    """The file as parts of at most ``max_bytes`` (UTF-8), cut between rows, each with the
    header. Quoted fields spanning lines stay whole (rows are parsed, not lines)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return
        head = _encode_row(header, delimiter)
        if len(head) >= max_bytes:
            raise InvalidArgumentError("the header alone is larger than the import size limit")
        part = io.BytesIO()
        part.write(head)
        rows = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            encoded = _encode_row(row, delimiter)
            if len(head) + len(encoded) > max_bytes:
                raise InvalidArgumentError(
                    f"a row of {len(encoded)} bytes does not fit in {max_bytes} bytes"
                )
            if part.tell() + len(encoded) > max_bytes:
                yield part.getvalue()
                part = io.BytesIO()
                part.write(head)
                rows = 0
            part.write(encoded)
            rows += 1
        if rows:
            yield part.getvalue()


def _encode_row(row: Sequence[str], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(row)
    return buffer.getvalue().encode("utf-8")


def parse_report(content: bytes, *, part: int, batch_id: int, delimiter: str) -> list[ImportRow]:
    """A failures/warnings file: the input columns plus a last reason column."""
    text = content.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(rows) < 2:
        return []
    header = rows[0]
    found = []
    for row in rows[1:]:
        if not row:
            continue
        values = dict(zip(header[:-1], row[:-1], strict=False))
        found.append(ImportRow(part, batch_id, values, row[-1] if len(row) >= len(header) else ""))
    return found


def _file_format(path: Path, given: str | None) -> str:
    value = (given or path.suffix.lstrip(".") or "csv").lower()
    if value not in _DELIMITERS:
        raise InvalidArgumentError(f"unknown import format {value!r}: use csv, tsv or ssv")
    return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(path: Path, job: ExportJob, verify: bool) -> tuple[int, str | None]:
    size = path.stat().st_size
    checksum = _sha256(path) if verify and job.file_checksum else None
    if verify and job.file_size is not None and size != job.file_size:
        raise DownloadIntegrityError(
            f"export {job.export_id}: downloaded {size} bytes, the job says {job.file_size}"
        )
    if checksum is not None and checksum != job.file_checksum:
        raise DownloadIntegrityError(
            f"export {job.export_id}: SHA-256 {checksum} differs from the job's {job.file_checksum}"
        )
    return size, checksum


def _is_quota(exc: QueueFullError) -> bool:
    return "quota" in exc.message.lower()


class _ExportPaths:
    """Paths and operationIds of one export area."""

    def __init__(self, prefix: str, suffix: str) -> None:
        self.prefix = prefix
        self.suffix = suffix

    def create(self, body: Mapping[str, Any]) -> RequestSpec:
        return RequestSpec(
            operation=f"createExport{self.suffix}UsingPOST",
            method="POST",
            path=f"{self.prefix}/create.json",
            json_body={k: v for k, v in body.items() if v is not None},
            encoding="json",
            idempotent=False,
        )

    def job(self, action: str, export_id: str) -> RequestSpec:
        method, operation = {
            "enqueue": ("POST", f"enqueueExport{self.suffix}UsingPOST"),
            "status": ("GET", f"getExport{self.suffix}StatusUsingGET"),
            "cancel": ("POST", f"cancelExport{self.suffix}UsingPOST"),
        }[action]
        return RequestSpec(
            operation=operation,
            method=method,
            path=f"{self.prefix}/{path_segment(export_id)}/{action}.json",
        )

    def file(self, export_id: str, start: int) -> RequestSpec:
        return RequestSpec(
            operation=f"getExport{self.suffix}FileUsingGET",
            method="GET",
            path=f"{self.prefix}/{path_segment(export_id)}/file.json",
            headers={"Range": f"bytes={start}-"} if start else None,
            response="bytes",
        )


def _export_paths(area: str, api_name: str | None = None) -> _ExportPaths:
    if area == "leads":
        return _ExportPaths("/bulk/v1/leads/export", "Leads")
    if area == "activities":
        return _ExportPaths("/bulk/v1/activities/export", "Activities")
    if area == "program_members":
        return _ExportPaths("/bulk/v1/program/members/export", "ProgramMembers")
    return _ExportPaths(f"/bulk/v1/customobjects/{path_segment(api_name)}/export", "CustomObjects")


def _export_body(
    fields: Sequence[str] | None,
    filter_: Mapping[str, Any] | Any,
    file_format: str,
    column_header_names: Mapping[str, str] | None,
) -> dict[str, Any]:
    return {
        "fields": list(fields) if fields is not None else None,
        "filter": filter_,
        "format": file_format,
        "columnHeaderNames": dict(column_header_names) if column_header_names else None,
    }


class _ImportPaths:
    """Paths and operationIds of one import area."""

    def __init__(self, area: str, scope: Any = None) -> None:
        self.area = area
        self.scope = scope

    def create(self, content: bytes, name: str, query: Mapping[str, Any]) -> RequestSpec:
        if self.area == "leads":
            operation, path = "importLeadUsingPOST", "/bulk/v1/leads.json"
        elif self.area == "program_members":
            operation = "importProgramMemberUsingPOST"
            path = f"/bulk/v1/program/{self.scope}/members/import.json"
        else:
            operation = "importCustomObjectUsingPOST"
            path = f"/bulk/v1/customobjects/{path_segment(self.scope)}/import.json"
        return RequestSpec(
            operation=operation,
            method="POST",
            path=path,
            query=dict(query),
            files={"file": (name, content, "text/csv")},
            encoding="multipart",
            idempotent=False,
        )

    def job(self, which: str, batch_id: int) -> RequestSpec:
        if self.area == "leads":
            base, suffix = f"/bulk/v1/leads/batch/{batch_id}", "Lead"
            path = f"{base}.json" if which == "status" else f"{base}/{which}.json"
        elif self.area == "program_members":
            suffix = "ProgramMember"
            path = f"/bulk/v1/program/members/import/{batch_id}/{which}.json"
        else:
            suffix = "CustomObject"
            path = (
                f"/bulk/v1/customobjects/{path_segment(self.scope)}/import/{batch_id}/{which}.json"
            )
        operation = f"getImport{suffix}{which.capitalize()}UsingGET"
        return RequestSpec(
            operation=operation,
            method="GET",
            path=path,
            response="envelope" if which == "status" else "bytes",
        )


def _processed(job: Mapping[str, Any]) -> int:
    return int(job.get("numOfLeadsProcessed") or job.get("numOfObjectsProcessed") or 0)


def _record_job(result: ImportResult, job: Mapping[str, Any]) -> None:
    result.jobs.append(dict(job))
    result.processed += _processed(job)
    result.failed += int(job.get("numOfRowsFailed") or 0)
    result.warned += int(job.get("numOfRowsWithWarning") or 0)


# --- sync runners -------------------------------------------------------------------------------


def _notify(callback: Callable[[Any], None] | None, event: Any) -> None:
    if callback is not None:
        callback(event)


def _check_deadline(polling: Polling, started: float, now: float, job_id: str, what: str) -> None:
    if polling.timeout is not None and now - started >= polling.timeout:
        raise BulkTimeoutError(
            f"bulk job {job_id} did not get {what} within {polling.timeout:g} s", job_id=job_id
        )
