"""Apply: run a plan's actions in dependency order, several at a time, journaling each step.

Independent actions (the emails of a program, its campaigns, its tokens) run concurrently on a
thread pool; the client's limiter keeps the whole run within the instance's limits. Each action
is carried out by its kind (:data:`marketo_ops.importer.kinds.KINDS`). When a step fails,
nothing new starts, the steps in flight finish, and the error names the asset, the cause and the
journal to resume or roll back from. An interruption (Ctrl-C) does the same: the steps in flight
finish, so the journal says exactly what was written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MarketoError
from .journal import Journal, default_journal_path
from .kinds import KINDS
from .kinds.base import ApplyContext
from .model import KIND_ORDER, Action, AssetKind
from .reader import Written

if TYPE_CHECKING:
    from ..client import Marketo
    from ..templates import ProgramTemplate
    from .plan import Plan

#: progress(event, action): event is "start", "done" or "failed".
Progress = Callable[[str, Action], None]


class PlanNotApplicableError(MarketoError):
    """The plan has problems (missing prerequisites, conflicts): nothing was written."""


class ApplyError(MarketoError):
    """A step failed: what was done is in the journal, ready to be resumed or rolled back."""

    def __init__(self, action: Action, cause: BaseException, journal: Path) -> None:
        self.action = action
        self.cause = cause
        self.journal = journal
        super().__init__(
            f"{action.kind.label} '{action.name}' could not be {action.op.value}d: {cause}. "
            f"What was done is recorded in the journal {journal}, which can resume the import "
            "or roll it back."
        )


class ApplyInterrupted(MarketoError):
    """Apply was interrupted; the steps in flight finished and the journal records them."""

    def __init__(self, journal: Path, done: int, remaining: int) -> None:
        self.journal = journal
        super().__init__(
            f"interrupted after {done} step{'s' if done != 1 else ''} ({remaining} not run). "
            f"What was done is recorded in the journal {journal}, which can resume the import "
            "or roll it back."
        )


@dataclass
class ApplyResult:
    journal_path: Path
    program_id: int | None
    done: list[Action] = field(default_factory=list)
    calls: int = 0
    seconds: float = 0.0
    manual_steps: dict[str, list[str]] = field(default_factory=dict)
    written: dict[AssetKind, dict[str, int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # action key -> name written
    observed: dict[str, dict[str, Any]] = field(default_factory=dict)  # read back after writing

    def as_written(self) -> Written:
        """What verify needs to re-read only what this apply wrote."""
        return Written(self.written, self.names, self.observed)

    @property
    def created(self) -> list[Action]:
        return [a for a in self.done if a.op.adds]

    @property
    def changed(self) -> list[Action]:
        return [a for a in self.done if a.op.changes]


def known_ids(plan: Plan, context: ApplyContext) -> None:
    """What the plan already knows: existing assets' ids, existing images' URLs."""
    for action in plan.actions:
        if action.existing_id is not None and not action.op.adds:
            context.set(action.key, action.existing_id)
        url = action.payload.get("url") if action.kind is AssetKind.FILE else None
        if url and not action.op.adds:
            context.urls[action.entry] = str(url)


def run_actions(
    actions: list[Action],
    run_one: Callable[[Action], None],
    *,
    workers: int,
    journal: Path,
    progress: Progress | None = None,
) -> list[Action]:
    """Run ``actions`` respecting ``depends_on``; returns those done, raises the first failure."""
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    keys = {a.key for a in actions}
    pending = {a.key: a for a in sorted(actions, key=lambda a: rank[a.kind])}
    done: list[Action] = []
    done_keys: set[str] = set()
    failure: tuple[Action, BaseException] | None = None
    interrupted = False
    running: dict[Future[None], Action] = {}

    def call(action: Action) -> None:
        if progress:
            progress("start", action)
        run_one(action)

    pool = ThreadPoolExecutor(max_workers=max(workers, 1), thread_name_prefix="apply")
    try:
        while pending or running:
            if failure is None and not interrupted:
                ready = [
                    a
                    for a in pending.values()
                    if all(d in done_keys or d not in keys for d in a.depends_on)
                ]
                for action in ready:
                    del pending[action.key]
                    running[pool.submit(call, action)] = action
            if not running:
                break
            try:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
            except KeyboardInterrupt:
                interrupted = True  # let the steps in flight finish; start nothing new
                continue
            for future in finished:
                action = running.pop(future)
                error = future.exception()
                if error is None:
                    done.append(action)
                    done_keys.add(action.key)
                    if progress:
                        progress("done", action)
                else:
                    if progress:
                        progress("failed", action)
                    failure = failure or (action, error)
    finally:
        pool.shutdown(wait=True)
    if failure is not None:
        raise ApplyError(failure[0], failure[1], journal) from failure[1]
    if interrupted:
        raise ApplyInterrupted(journal, len(done), len(pending))
    if pending:
        stuck = ", ".join(sorted(pending))
        raise MarketoError(f"the plan's dependencies cannot be ordered: {stuck}")
    return done


def execute(
    client: Marketo,
    plan: Plan,
    template: ProgramTemplate | None,
    *,
    journal: Journal | Path | str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ApplyResult:
    """Apply a plan exactly as it says."""
    if plan.problems:
        raise PlanNotApplicableError(
            "the plan cannot be applied until these are fixed: "
            + "; ".join(p.message for p in plan.problems)
        )
    if not isinstance(journal, Journal):
        path = Path(journal) if journal else default_journal_path(plan.template.program)
        journal = Journal(path, plan.journal_header())
    started, calls_before = time.monotonic(), client.stats.calls
    context = ApplyContext(client, journal, template, plan.template.id)
    known_ids(plan, context)
    writes = plan.writes
    journal.manual_steps = plan.manual_steps
    journal.set_status("in-progress")
    try:
        done = run_actions(
            writes,
            lambda action: KINDS[action.kind].apply(action, context),
            workers=workers or client.settings.max_concurrency,
            journal=journal.path,
            progress=progress,
        )
    except ApplyInterrupted:
        journal.set_status("interrupted")
        raise
    except BaseException:
        journal.set_status("failed")
        raise
    journal.set_status("applied")
    written: dict[AssetKind, dict[str, int]] = {}
    for action in done:
        asset_id = context.ids.get(action.key)
        written.setdefault(action.kind, {})[action.key] = asset_id if asset_id is not None else 0
    return ApplyResult(
        journal_path=journal.path,
        program_id=context.ids.get("program"),
        done=done,
        calls=client.stats.calls - calls_before,
        seconds=time.monotonic() - started,
        manual_steps=journal.manual_steps,
        written=written,
        names={action.key: action.name for action in done},
        observed=dict(context.observed),
    )
