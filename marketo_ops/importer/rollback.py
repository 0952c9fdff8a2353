"""Rollback: undo an import from its journal, newest step first.

Only what the journal says this import created is deleted, and what it changed is put back as it
was; each asset kind knows how (:data:`marketo_ops.importer.kinds.KINDS`). A program the import
created is deleted with everything inside it (Marketo deletes a program's local assets with it).
Marketo's REST API cannot delete Design Studio files, so images the import uploaded are reported
as a manual step instead of being silently left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import MarketoError
from .journal import Journal
from .kinds import KINDS
from .kinds.base import RollbackContext
from .kinds.writing import label, made_by
from .model import LOCAL_KINDS, AssetKind

if TYPE_CHECKING:
    from ..client import Marketo


@dataclass
class RollbackResult:
    deleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def rollback(client: Marketo, journal: Journal) -> RollbackResult:
    """Undo an import; the caller checks that the journal belongs to this instance."""
    ctx = RollbackContext(client, journal)
    failed: list[str] = []
    program_created = ctx.program_created
    for entry in [e for e in reversed(journal.entries) if e.status != "rolled-back"]:
        try:
            kind = AssetKind(entry.kind)
        except ValueError:
            failed.append(f"{label(entry)}: unknown kind in the journal")
            continue
        try:
            if not (program_created and kind in LOCAL_KINDS and made_by(entry)):
                KINDS[kind].rollback(entry, ctx)  # local assets made here go with the program
            journal.update(entry, status="rolled-back")
        except MarketoError as exc:
            failed.append(f"{label(entry)}: {exc}")
    journal.set_status("rolled-back" if not failed else "rollback-incomplete")
    return RollbackResult(ctx.deleted, ctx.restored, ctx.manual, failed)
