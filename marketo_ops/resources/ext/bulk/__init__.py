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

from .aio import (
    AsyncActivityExportsMixin,
    AsyncCustomObjectExportsMixin,
    AsyncCustomObjectImportsMixin,
    AsyncLeadExportsMixin,
    AsyncLeadImportsMixin,
    AsyncProgramMemberExportsMixin,
    AsyncProgramMemberImportsMixin,
)
from .jobs import (
    BulkJobError,
    BulkTimeoutError,
    DownloadIntegrityError,
    ExportProgress,
    ExportResult,
    ImportProgress,
    ImportResult,
    ImportRow,
    Polling,
    split_csv,
)
from .sync import (
    ActivityExportsMixin,
    CustomObjectExportsMixin,
    CustomObjectImportsMixin,
    LeadExportsMixin,
    LeadImportsMixin,
    ProgramMemberExportsMixin,
    ProgramMemberImportsMixin,
)

__all__ = [
    "ActivityExportsMixin",
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
