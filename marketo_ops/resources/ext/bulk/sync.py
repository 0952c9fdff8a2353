"""Synchronous bulk export and import runs (``client.bulk.*.exports.run`` ...)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

from ...._network import transport_error
from ....errors import APIConnectionError, QueueFullError
from ....types.leads import ExportJob
from ..._base import SyncResource
from .jobs import (
    _DELIMITERS,
    CHUNK_BYTES,
    DEFAULT_POLLING,
    MAX_IMPORT_BYTES,
    MAX_RESUMES,
    BulkJobError,
    ExportCallback,
    ExportProgress,
    ExportResult,
    ImportCallback,
    ImportProgress,
    ImportResult,
    Polling,
    _check_deadline,
    _export_body,
    _export_paths,
    _ExportPaths,
    _file_format,
    _ImportPaths,
    _is_quota,
    _notify,
    _record_job,
    _verify,
    parse_report,
    split_csv,
)


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
        at = Path(to)
        return self._download(paths, job, at, progress=progress, verify=verify, resume=False)

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
        at = Path(to)
        return self._download(paths, job, at, progress=progress, verify=verify, resume=resume)


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
            answer = self._request(paths.job("status", batch_id))
            job: dict[str, Any] = dict(answer.result[0])
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


# --- the mixins attached to the generated classes ----------------------------------------------


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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
        polling: Polling = DEFAULT_POLLING,
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
