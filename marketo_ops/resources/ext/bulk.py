"""Bulk export and import jobs run end to end: ``exports.run(...)`` and ``imports.run(...)``.

An export is four calls Marketo leaves to the caller: create the job, enqueue it (refused with
1029 while 10 jobs are queued: we wait and try again, except when the 1029 says the daily
export quota is used up), poll its status with a growing interval until ``Completed``, and
download the file. The download streams to ``<to>.part`` in constant memory, resumes with an
HTTP ``Range`` after a dropped connection, is checked against the job's ``fileSize`` and SHA-256
``fileChecksum``, and only then is renamed to ``to``.

An import takes a CSV (or TSV/SSV) of any size: it is cut on row boundaries into files of at
most 10 MB (Marketo's limit), each with the header; each part is submitted when the import queue
accepts it (1016 "Too many imports" and 1019 "Import in progress" mean wait), polled until it
is ``Complete``, and its failure and warning reports are read back as typed rows.

All waits use the client's clock, so a ``ManualClock`` makes them instant in tests.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import httpx

from ..._http import RequestSpec, transport_error
from ...errors import APIConnectionError, MarketoError, QueueFullError
from ...types.leads import ExportJob
from .._base import AsyncResource, SyncResource
from .._support import path_segment

__all__ = [
    "AsyncActivityExportsMixin",
    "AsyncCustomObjectExportsMixin",
    "AsyncCustomObjectImportsMixin",
    "AsyncLeadExportsMixin",
    "AsyncLeadImportsMixin",
    "AsyncProgramMemberExportsMixin",
    "AsyncProgramMemberImportsMixin",
    "BulkJobError",
    "BulkTimeoutError",
    "CustomObjectExportsMixin",
    "CustomObjectImportsMixin",
    "DownloadIntegrityError",
    "ExportProgress",
    "ExportResult",
    "ImportProgress",
    "ImportResult",
    "ImportRow",
    "LeadExportsMixin",
    "LeadImportsMixin",
    "Polling",
    "ProgramMemberExportsMixin",
    "ProgramMemberImportsMixin",
    "split_csv",
]

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
            raise ValueError("the header alone is larger than the import size limit")
        part = io.BytesIO()
        part.write(head)
        rows = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            encoded = _encode_row(row, delimiter)
            if len(head) + len(encoded) > max_bytes:
                raise ValueError(f"a row of {len(encoded)} bytes does not fit in {max_bytes} bytes")
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
        raise ValueError(f"unknown import format {value!r}: use csv, tsv or ssv")
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
class _SyncBulk(SyncResource):
    def _sleep(self, seconds: float) -> None:
        self._client._clock.sleep(seconds)

    def _now(self) -> float:
        return self._client._clock.monotonic()


class _SyncExportRunner(_SyncBulk):
    def _run(
        self,
        paths: _ExportPaths,
        body: Mapping[str, Any],
        to: str | Path,
        *,
        progress: ExportCallback | None,
        polling: Polling,
        verify: bool,
    ) -> ExportResult:
        job = self._request(paths.create(body)).one(ExportJob, what="export job")
        export_id = str(job.export_id)
        _notify(progress, ExportProgress(export_id, job.status or "Created"))
        self._enqueue(paths, export_id, progress, polling)
        job = self._wait(paths, export_id, progress, polling)
        return self._download(paths, job, Path(to), progress=progress, verify=verify, resume=False)

    def _enqueue(
        self, paths: _ExportPaths, export_id: str, progress: ExportCallback | None, polling: Polling
    ) -> None:
        started = self._now()
        for delay in polling.delays():
            try:
                job = self._request(paths.job("enqueue", export_id)).one(ExportJob)
            except QueueFullError as exc:
                if _is_quota(exc):
                    raise
                _check_deadline(polling, started, self._now(), export_id, "to be queued")
                _notify(progress, ExportProgress(export_id, "Waiting for queue"))
                self._sleep(delay)
                continue
            _notify(progress, ExportProgress(export_id, job.status or "Queued"))
            return

    def _wait(
        self, paths: _ExportPaths, export_id: str, progress: ExportCallback | None, polling: Polling
    ) -> ExportJob:
        started = self._now()
        for delay in polling.delays():
            job = self._request(paths.job("status", export_id)).one(ExportJob)
            status = job.status or ""
            _notify(progress, ExportProgress(export_id, status, job.number_of_records))
            if status == "Completed":
                return job
            if status in {"Failed", "Cancelled"}:
                raise BulkJobError(
                    f"export {export_id} ended {status}: {job.error_msg or 'no reason given'}",
                    job_id=export_id,
                    status=status,
                )
            _check_deadline(polling, started, self._now(), export_id, "to complete")
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _download(
        self,
        paths: _ExportPaths,
        job: ExportJob,
        to: Path,
        *,
        progress: ExportCallback | None,
        verify: bool,
        resume: bool,
    ) -> ExportResult:
        export_id = str(job.export_id)
        part = to.with_name(to.name + ".part")
        to.parent.mkdir(parents=True, exist_ok=True)
        written = part.stat().st_size if resume and part.exists() else 0
        if not written:
            part.write_bytes(b"")
        failures = 0
        while True:
            try:
                with self._client._http.stream(paths.file(export_id, written)) as response:
                    if written and response.status_code != 206:
                        written = 0  # the server sent the whole file: start over
                    with part.open("r+b" if written else "wb") as handle:
                        handle.seek(written)
                        handle.truncate()
                        for chunk in response.iter_bytes(CHUNK_BYTES):
                            handle.write(chunk)
                            written += len(chunk)
                            _notify(
                                progress,
                                ExportProgress(
                                    export_id,
                                    "Downloading",
                                    job.number_of_records,
                                    written,
                                    job.file_size,
                                ),
                            )
                break
            except (httpx.TransportError, APIConnectionError) as exc:
                failures += 1
                if failures > MAX_RESUMES:
                    if isinstance(exc, httpx.TransportError):
                        raise transport_error(exc, paths.file(export_id, 0).operation) from exc
                    raise
                self._sleep(min(2.0**failures, 30.0))
        size, checksum = _verify(part, job, verify)
        part.replace(to)
        _notify(progress, ExportProgress(export_id, "Done", job.number_of_records, size, size))
        return ExportResult(export_id, to, int(job.number_of_records or 0), size, checksum, job)

    def _download_existing(
        self,
        paths: _ExportPaths,
        export_id: str,
        to: str | Path,
        *,
        progress: ExportCallback | None,
        verify: bool,
        resume: bool,
    ) -> ExportResult:
        job = self._request(paths.job("status", export_id)).one(ExportJob)
        if job.status != "Completed":
            raise BulkJobError(
                f"export {export_id} is {job.status}; only a Completed export has a file",
                job_id=export_id,
                status=str(job.status),
            )
        return self._download(paths, job, Path(to), progress=progress, verify=verify, resume=resume)


def _notify(callback: Callable[[Any], None] | None, event: Any) -> None:
    if callback is not None:
        callback(event)


def _check_deadline(polling: Polling, started: float, now: float, job_id: str, what: str) -> None:
    if polling.timeout is not None and now - started >= polling.timeout:
        raise BulkTimeoutError(
            f"bulk job {job_id} did not get {what} within {polling.timeout:g} s", job_id=job_id
        )


class _SyncImportRunner(_SyncBulk):
    def _run_import(
        self,
        paths: _ImportPaths,
        csv_path: str | Path,
        query: Mapping[str, Any],
        *,
        file_format: str | None,
        max_file_bytes: int,
        progress: ImportCallback | None,
        polling: Polling,
    ) -> ImportResult:
        source = Path(csv_path)
        fmt = _file_format(source, file_format)
        delimiter = _DELIMITERS[fmt]
        parts = list(split_csv(source, max_bytes=max_file_bytes, delimiter=delimiter))
        result = ImportResult()
        for index, content in enumerate(parts):
            name = f"{source.stem}-{index + 1}.{fmt}" if len(parts) > 1 else source.name
            batch_id = self._submit(paths, content, name, {**query, "format": fmt}, polling)
            _notify(progress, ImportProgress(index, len(parts), batch_id, "Queued"))
            job = self._wait_import(
                paths, batch_id, index=index, parts=len(parts), progress=progress, polling=polling
            )
            _record_job(result, job)
            for which, target in (("failures", result.failures), ("warnings", result.warnings)):
                count_key = "numOfRowsFailed" if which == "failures" else "numOfRowsWithWarning"
                if int(job.get(count_key) or 0):
                    content_bytes = self._request(paths.job(which, batch_id)).content
                    target.extend(
                        parse_report(
                            content_bytes, part=index, batch_id=batch_id, delimiter=delimiter
                        )
                    )
        return result

    def _submit(
        self,
        paths: _ImportPaths,
        content: bytes,
        name: str,
        query: Mapping[str, Any],
        polling: Polling,
    ) -> int:
        started = self._now()
        for delay in polling.delays():
            try:
                created = self._request(paths.create(content, name, query))
            except QueueFullError:
                _check_deadline(polling, started, self._now(), name, "accepted")
                self._sleep(delay)
                continue
            return int(created.result[0]["batchId"])
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_import(
        self,
        paths: _ImportPaths,
        batch_id: int,
        *,
        index: int,
        parts: int,
        progress: ImportCallback | None,
        polling: Polling,
    ) -> dict[str, Any]:
        started = self._now()
        for delay in polling.delays():
            job: dict[str, Any] = dict(self._request(paths.job("status", batch_id)).result[0])
            status = str(job.get("status", ""))
            _notify(progress, ImportProgress(index, parts, batch_id, status))
            if status == "Complete":
                return job
            if status == "Failed":
                raise BulkJobError(
                    f"import batch {batch_id} failed: {job.get('message') or 'no reason given'}",
                    job_id=str(batch_id),
                    status=status,
                )
            _check_deadline(polling, started, self._now(), str(batch_id), "imported")
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


# --- async runners ------------------------------------------------------------------------------
class _AsyncBulk(AsyncResource):
    async def _sleep(self, seconds: float) -> None:
        await self._client._clock.asleep(seconds)

    def _now(self) -> float:
        return self._client._clock.monotonic()


class _AsyncExportRunner(_AsyncBulk):
    async def _run(
        self,
        paths: _ExportPaths,
        body: Mapping[str, Any],
        to: str | Path,
        *,
        progress: ExportCallback | None,
        polling: Polling,
        verify: bool,
    ) -> ExportResult:
        job = (await self._request(paths.create(body))).one(ExportJob, what="export job")
        export_id = str(job.export_id)
        _notify(progress, ExportProgress(export_id, job.status or "Created"))
        await self._enqueue(paths, export_id, progress, polling)
        job = await self._wait(paths, export_id, progress, polling)
        return await self._download(
            paths, job, Path(to), progress=progress, verify=verify, resume=False
        )

    async def _enqueue(
        self, paths: _ExportPaths, export_id: str, progress: ExportCallback | None, polling: Polling
    ) -> None:
        started = self._now()
        for delay in polling.delays():
            try:
                job = (await self._request(paths.job("enqueue", export_id))).one(ExportJob)
            except QueueFullError as exc:
                if _is_quota(exc):
                    raise
                _check_deadline(polling, started, self._now(), export_id, "to be queued")
                _notify(progress, ExportProgress(export_id, "Waiting for queue"))
                await self._sleep(delay)
                continue
            _notify(progress, ExportProgress(export_id, job.status or "Queued"))
            return

    async def _wait(
        self, paths: _ExportPaths, export_id: str, progress: ExportCallback | None, polling: Polling
    ) -> ExportJob:
        started = self._now()
        for delay in polling.delays():
            job = (await self._request(paths.job("status", export_id))).one(ExportJob)
            status = job.status or ""
            _notify(progress, ExportProgress(export_id, status, job.number_of_records))
            if status == "Completed":
                return job
            if status in {"Failed", "Cancelled"}:
                raise BulkJobError(
                    f"export {export_id} ended {status}: {job.error_msg or 'no reason given'}",
                    job_id=export_id,
                    status=status,
                )
            _check_deadline(polling, started, self._now(), export_id, "to complete")
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _download(
        self,
        paths: _ExportPaths,
        job: ExportJob,
        to: Path,
        *,
        progress: ExportCallback | None,
        verify: bool,
        resume: bool,
    ) -> ExportResult:
        export_id = str(job.export_id)
        part = to.with_name(to.name + ".part")
        to.parent.mkdir(parents=True, exist_ok=True)
        written = part.stat().st_size if resume and part.exists() else 0
        if not written:
            part.write_bytes(b"")
        failures = 0
        while True:
            try:
                async with self._client._http.stream(paths.file(export_id, written)) as response:
                    if written and response.status_code != 206:
                        written = 0
                    with part.open("r+b" if written else "wb") as handle:
                        handle.seek(written)
                        handle.truncate()
                        async for chunk in response.aiter_bytes(CHUNK_BYTES):
                            handle.write(chunk)
                            written += len(chunk)
                            _notify(
                                progress,
                                ExportProgress(
                                    export_id,
                                    "Downloading",
                                    job.number_of_records,
                                    written,
                                    job.file_size,
                                ),
                            )
                break
            except (httpx.TransportError, APIConnectionError) as exc:
                failures += 1
                if failures > MAX_RESUMES:
                    if isinstance(exc, httpx.TransportError):
                        raise transport_error(exc, paths.file(export_id, 0).operation) from exc
                    raise
                await self._sleep(min(2.0**failures, 30.0))
        size, checksum = _verify(part, job, verify)
        part.replace(to)
        _notify(progress, ExportProgress(export_id, "Done", job.number_of_records, size, size))
        return ExportResult(export_id, to, int(job.number_of_records or 0), size, checksum, job)

    async def _download_existing(
        self,
        paths: _ExportPaths,
        export_id: str,
        to: str | Path,
        *,
        progress: ExportCallback | None,
        verify: bool,
        resume: bool,
    ) -> ExportResult:
        job = (await self._request(paths.job("status", export_id))).one(ExportJob)
        if job.status != "Completed":
            raise BulkJobError(
                f"export {export_id} is {job.status}; only a Completed export has a file",
                job_id=export_id,
                status=str(job.status),
            )
        return await self._download(
            paths, job, Path(to), progress=progress, verify=verify, resume=resume
        )


class _AsyncImportRunner(_AsyncBulk):
    async def _run_import(
        self,
        paths: _ImportPaths,
        csv_path: str | Path,
        query: Mapping[str, Any],
        *,
        file_format: str | None,
        max_file_bytes: int,
        progress: ImportCallback | None,
        polling: Polling,
    ) -> ImportResult:
        source = Path(csv_path)
        fmt = _file_format(source, file_format)
        delimiter = _DELIMITERS[fmt]
        parts = list(split_csv(source, max_bytes=max_file_bytes, delimiter=delimiter))
        result = ImportResult()
        for index, content in enumerate(parts):
            name = f"{source.stem}-{index + 1}.{fmt}" if len(parts) > 1 else source.name
            batch_id = await self._submit(paths, content, name, {**query, "format": fmt}, polling)
            _notify(progress, ImportProgress(index, len(parts), batch_id, "Queued"))
            job = await self._wait_import(
                paths, batch_id, index=index, parts=len(parts), progress=progress, polling=polling
            )
            _record_job(result, job)
            for which, target in (("failures", result.failures), ("warnings", result.warnings)):
                count_key = "numOfRowsFailed" if which == "failures" else "numOfRowsWithWarning"
                if int(job.get(count_key) or 0):
                    content_bytes = (await self._request(paths.job(which, batch_id))).content
                    target.extend(
                        parse_report(
                            content_bytes, part=index, batch_id=batch_id, delimiter=delimiter
                        )
                    )
        return result

    async def _submit(
        self,
        paths: _ImportPaths,
        content: bytes,
        name: str,
        query: Mapping[str, Any],
        polling: Polling,
    ) -> int:
        started = self._now()
        for delay in polling.delays():
            try:
                created = await self._request(paths.create(content, name, query))
            except QueueFullError:
                _check_deadline(polling, started, self._now(), name, "accepted")
                await self._sleep(delay)
                continue
            return int(created.result[0]["batchId"])
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait_import(
        self,
        paths: _ImportPaths,
        batch_id: int,
        *,
        index: int,
        parts: int,
        progress: ImportCallback | None,
        polling: Polling,
    ) -> dict[str, Any]:
        started = self._now()
        for delay in polling.delays():
            job: dict[str, Any] = dict(
                (await self._request(paths.job("status", batch_id))).result[0]
            )
            status = str(job.get("status", ""))
            _notify(progress, ImportProgress(index, parts, batch_id, status))
            if status == "Complete":
                return job
            if status == "Failed":
                raise BulkJobError(
                    f"import batch {batch_id} failed: {job.get('message') or 'no reason given'}",
                    job_id=str(batch_id),
                    status=status,
                )
            _check_deadline(polling, started, self._now(), str(batch_id), "imported")
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


# --- the mixins attached to the generated classes ----------------------------------------------
_DEFAULT_POLLING: Final = Polling()


class LeadExportsMixin(_SyncExportRunner):
    """``run`` and ``download`` for ``client.bulk.leads.exports``."""

    def run(
        self,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export leads to the file ``to``: create, enqueue (waiting while the queue is full),
        poll, stream the file to disk, check size and checksum."""
        body = _export_body(fields, filter, format, column_header_names)
        return self._run(
            _export_paths("leads"), body, to, progress=progress, polling=polling, verify=verify
        )

    def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed export, resuming ``<to>.part`` with a Range request."""
        return self._download_existing(
            _export_paths("leads"), export_id, to, progress=progress, verify=verify, resume=resume
        )


class ActivityExportsMixin(_SyncExportRunner):
    """``run`` and ``download`` for ``client.bulk.activities.exports``."""

    def run(
        self,
        *,
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        fields: Sequence[str] | None = None,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export activities (``filter.createdAt`` spans at most 31 days) to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return self._run(
            _export_paths("activities"), body, to, progress=progress, polling=polling, verify=verify
        )

    def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed activity export (resumable)."""
        return self._download_existing(
            _export_paths("activities"),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class ProgramMemberExportsMixin(_SyncExportRunner):
    """``run`` and ``download`` for ``client.bulk.program_members.exports``."""

    def run(
        self,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export the members of programs (``filter.programId``) to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return self._run(
            _export_paths("program_members"),
            body,
            to,
            progress=progress,
            polling=polling,
            verify=verify,
        )

    def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed program member export (resumable)."""
        return self._download_existing(
            _export_paths("program_members"),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class CustomObjectExportsMixin(_SyncExportRunner):
    """``run`` and ``download`` for ``client.bulk.custom_objects.exports``."""

    def run(
        self,
        api_name: str,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export records of the custom object ``api_name`` to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return self._run(
            _export_paths("custom_objects", api_name),
            body,
            to,
            progress=progress,
            polling=polling,
            verify=verify,
        )

    def download(
        self,
        api_name: str,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed custom object export (resumable)."""
        return self._download_existing(
            _export_paths("custom_objects", api_name),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class AsyncLeadExportsMixin(_AsyncExportRunner):
    """The async twin of :class:`LeadExportsMixin`."""

    async def run(
        self,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export leads to the file ``to`` (see :meth:`LeadExportsMixin.run`)."""
        body = _export_body(fields, filter, format, column_header_names)
        return await self._run(
            _export_paths("leads"), body, to, progress=progress, polling=polling, verify=verify
        )

    async def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed export (resumable)."""
        return await self._download_existing(
            _export_paths("leads"), export_id, to, progress=progress, verify=verify, resume=resume
        )


class AsyncActivityExportsMixin(_AsyncExportRunner):
    """The async twin of :class:`ActivityExportsMixin`."""

    async def run(
        self,
        *,
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        fields: Sequence[str] | None = None,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export activities to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return await self._run(
            _export_paths("activities"), body, to, progress=progress, polling=polling, verify=verify
        )

    async def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed activity export (resumable)."""
        return await self._download_existing(
            _export_paths("activities"),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class AsyncProgramMemberExportsMixin(_AsyncExportRunner):
    """The async twin of :class:`ProgramMemberExportsMixin`."""

    async def run(
        self,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export program members to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return await self._run(
            _export_paths("program_members"),
            body,
            to,
            progress=progress,
            polling=polling,
            verify=verify,
        )

    async def download(
        self,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed program member export (resumable)."""
        return await self._download_existing(
            _export_paths("program_members"),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class AsyncCustomObjectExportsMixin(_AsyncExportRunner):
    """The async twin of :class:`CustomObjectExportsMixin`."""

    async def run(
        self,
        api_name: str,
        *,
        fields: Sequence[str],
        filter: Mapping[str, Any] | Any,
        to: str | Path,
        format: str = "CSV",
        column_header_names: Mapping[str, str] | None = None,
        progress: ExportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
        verify: bool = True,
    ) -> ExportResult:
        """Export records of a custom object to the file ``to``."""
        body = _export_body(fields, filter, format, column_header_names)
        return await self._run(
            _export_paths("custom_objects", api_name),
            body,
            to,
            progress=progress,
            polling=polling,
            verify=verify,
        )

    async def download(
        self,
        api_name: str,
        export_id: str,
        to: str | Path,
        *,
        resume: bool = True,
        progress: ExportCallback | None = None,
        verify: bool = True,
    ) -> ExportResult:
        """Download a completed custom object export (resumable)."""
        return await self._download_existing(
            _export_paths("custom_objects", api_name),
            export_id,
            to,
            progress=progress,
            verify=verify,
            resume=resume,
        )


class LeadImportsMixin(_SyncImportRunner):
    """``run`` for ``client.bulk.leads.imports``."""

    def run(
        self,
        csv_path: str | Path,
        *,
        lookup_field: str | None = "email",
        list_id: int | None = None,
        partition_name: str | None = None,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import a lead file of any size: split under 10 MB on row boundaries, submit each part
        when the queue accepts it, wait for it, and collect failures and warnings as rows."""
        query = {"lookupField": lookup_field, "listId": list_id, "partitionName": partition_name}
        return self._run_import(
            _ImportPaths("leads"),
            csv_path,
            query,
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )


class ProgramMemberImportsMixin(_SyncImportRunner):
    """``run`` for ``client.bulk.program_members.imports``."""

    def run(
        self,
        program_id: int,
        csv_path: str | Path,
        *,
        status: str,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import program members (with ``status``) from a file of any size."""
        return self._run_import(
            _ImportPaths("program_members", program_id),
            csv_path,
            {"programMemberStatus": status},
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )


class CustomObjectImportsMixin(_SyncImportRunner):
    """``run`` for ``client.bulk.custom_objects.imports``."""

    def run(
        self,
        api_name: str,
        csv_path: str | Path,
        *,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import custom object records from a file of any size."""
        return self._run_import(
            _ImportPaths("custom_objects", api_name),
            csv_path,
            {},
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )


class AsyncLeadImportsMixin(_AsyncImportRunner):
    """The async twin of :class:`LeadImportsMixin`."""

    async def run(
        self,
        csv_path: str | Path,
        *,
        lookup_field: str | None = "email",
        list_id: int | None = None,
        partition_name: str | None = None,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import a lead file of any size (see :meth:`LeadImportsMixin.run`)."""
        query = {"lookupField": lookup_field, "listId": list_id, "partitionName": partition_name}
        return await self._run_import(
            _ImportPaths("leads"),
            csv_path,
            query,
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )


class AsyncProgramMemberImportsMixin(_AsyncImportRunner):
    """The async twin of :class:`ProgramMemberImportsMixin`."""

    async def run(
        self,
        program_id: int,
        csv_path: str | Path,
        *,
        status: str,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import program members from a file of any size."""
        return await self._run_import(
            _ImportPaths("program_members", program_id),
            csv_path,
            {"programMemberStatus": status},
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )


class AsyncCustomObjectImportsMixin(_AsyncImportRunner):
    """The async twin of :class:`CustomObjectImportsMixin`."""

    async def run(
        self,
        api_name: str,
        csv_path: str | Path,
        *,
        format: str | None = None,
        max_file_bytes: int = MAX_IMPORT_BYTES,
        progress: ImportCallback | None = None,
        polling: Polling = _DEFAULT_POLLING,
    ) -> ImportResult:
        """Import custom object records from a file of any size."""
        return await self._run_import(
            _ImportPaths("custom_objects", api_name),
            csv_path,
            {},
            file_format=format,
            max_file_bytes=max_file_bytes,
            progress=progress,
            polling=polling,
        )
