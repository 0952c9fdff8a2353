"""What an asset kind is to the importer: one record of functions, and the contexts they get.

Each module of this package describes one kind of asset (program, folder, token, email, ...)
with a :class:`Kind` holding how that kind is read from the destination, planned (compared with
the template), prepared for writing, applied, verified, rolled back and exported. The engine
(:mod:`~marketo_ops.importer.planning`, :mod:`~marketo_ops.importer.executor`,
:mod:`~marketo_ops.importer.verify`, :mod:`~marketo_ops.importer.rollback`) only walks the table
in :mod:`marketo_ops.importer.kinds` and calls these functions: a new kind is a new module, a
new verb a new function in each module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...errors import MarketoError
from ..model import Action, AssetKind, Change, Problem
from ..reader import Phase, Reader, Task
from ..request import ImportRequest
from ..snapshot import Snapshot

if TYPE_CHECKING:
    from ...client import Marketo
    from ...templates import ProgramTemplate
    from ..export_context import ExportContext
    from ..journal import Entry, Journal


class ImportStepError(MarketoError):
    """A step of apply cannot be carried out as planned (the destination changed meanwhile)."""


@dataclass
class Binding:
    """Where a Design Studio entry of the template lands in the destination."""

    name: str  # the name in the destination
    existing_id: int | None = None  # known now (reuse/update/replace), else set by apply
    url: str | None = None  # files: public URL when known now


@dataclass
class Check:
    """One line of a verification: a subject, whether it holds, and why."""

    subject: str
    ok: bool
    detail: str
    manual: bool = False  # not verifiable yet: a manual step is pending
    unread: bool = False  # could not be read: neither confirmed nor refuted

    @property
    def status(self) -> str:
        if self.unread:
            return "unread"
        return "manual" if self.manual else ("ok" if self.ok else "failed")


@dataclass
class Needs:
    """What a write needs to have read first: destination folders and catalog entries."""

    folders: set[str] = field(default_factory=set)  # full paths
    channels: bool = False
    tag_types: set[str] = field(default_factory=set)
    lead_fields: bool = False
    segmentations: bool = False
    reads: list[Callable[[Reader], None]] = field(default_factory=list)  # further lookups

    def merge(self, other: Needs) -> None:
        self.folders |= other.folders
        self.channels |= other.channels
        self.tag_types |= other.tag_types
        self.lead_fields |= other.lead_fields
        self.segmentations |= other.segmentations
        self.reads += other.reads


@dataclass
class PlanContext:
    """The planner's state while the kinds compare the template with the snapshot."""

    request: ImportRequest
    snapshot: Snapshot
    actions: dict[str, Action] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bindings: dict[str, Binding] = field(default_factory=dict)
    verifying: bool = False  # the plan is made for verify: say "differs", not "will change"

    @property
    def template(self) -> ProgramTemplate:
        return self.request.template

    @property
    def template_id(self) -> str:
        return self.request.template_id

    def add(self, action: Action) -> Action:
        self.actions[action.key] = action
        return action

    def problem(self, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code, message, hint))

    def action(self, key: str) -> Action | None:
        return self.actions.get(key)


@dataclass
class ApplyContext:
    """What apply knows while it runs: ids and URLs made so far, shared by the worker threads."""

    client: Marketo
    journal: Journal
    request_template: ProgramTemplate | None
    template_id: str
    ids: dict[str, int] = field(default_factory=dict)  # action key -> asset id
    urls: dict[str, str] = field(default_factory=dict)  # file entry name -> public URL
    observed: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> read back
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, key: str, asset_id: int) -> None:
        with self.lock:
            self.ids[key] = asset_id

    def id(self, key: str) -> int:
        with self.lock:
            found = self.ids.get(key)
        if found is None:
            raise ImportStepError(f"'{key}' has no id yet: the step it depends on did not run")
        return found

    def parent(self, ref: dict[str, Any]) -> dict[str, Any]:
        """A payload's parent: ``{"key": "folder:Campaigns"}`` resolved to ``{id, type}``."""
        if "id" in ref:
            return {"id": int(ref["id"]), "type": str(ref.get("type", "Folder"))}
        key = str(ref["key"])
        return {"id": self.id(key), "type": "Program" if key == "program" else "Folder"}

    def image_urls(self) -> dict[str, str]:
        with self.lock:
            return dict(self.urls)


@dataclass
class RollbackContext:
    client: Marketo
    journal: Journal
    deleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)

    @property
    def template_id(self) -> str:
        return self.journal.header.template_id

    @property
    def program_created(self) -> bool:
        """Whether this journal made the program: its local assets went with it."""
        return any(e.kind == "program" and e.created for e in self.journal.entries)


ReadFn = Callable[[Reader, Phase], list[Task]]
PlanFn = Callable[[PlanContext], None]
NeedsFn = Callable[[PlanContext, Action], Needs]
PrepareFn = Callable[[PlanContext, Action], None]
ApplyFn = Callable[[Action, ApplyContext], None]
ChecksFn = Callable[[PlanContext], list[Check]]
RollbackFn = Callable[["Entry", RollbackContext], None]
ExportFn = Callable[["ExportContext"], None]


def _no_reads(_reader: Reader, _phase: Phase) -> list[Task]:
    return []


def _no_needs(_ctx: PlanContext, _action: Action) -> Needs:
    return Needs()


def _nothing_to_prepare(_ctx: PlanContext, _action: Action) -> None:
    return None


def _no_checks(_ctx: PlanContext) -> list[Check]:
    return []


def _nothing_to_export(_ctx: ExportContext) -> None:
    return None


@dataclass(frozen=True)
class Kind:
    """One asset kind's functions. ``read``/``plan`` never write; ``apply``/``rollback`` do."""

    kind: AssetKind
    plan: PlanFn
    apply: ApplyFn
    rollback: RollbackFn
    read: ReadFn = _no_reads
    needs: NeedsFn = _no_needs
    prepare: PrepareFn = _nothing_to_prepare
    checks: ChecksFn = _no_checks
    export: ExportFn = _nothing_to_export  # the kind's records, read back, as template entries


def changes_text(changes: list[Change]) -> str:
    return "; ".join(
        f"{c.field}: {c.before!r} in Marketo, {c.after!r} in the template" for c in changes
    )
