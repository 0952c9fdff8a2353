"""Apply: run a plan's actions in dependency order, several at a time, journaling each step.

Independent actions (the emails of a program, its campaigns, its tokens) run concurrently on
the client's thread pool; the client's limiter keeps the whole run within the instance's limits.
When a step fails, nothing new starts, the steps in flight finish, and the error names the
asset, the cause and the journal to resume or roll back with.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MarketoError
from .journal import Journal
from .model import KIND_ORDER, Action, AssetKind, Op
from .steps import ApplyContext, Steps

if TYPE_CHECKING:
    from ..client import Marketo
    from .plan_state import PlanDraft

#: progress(event, action): event is "start", "done" or "failed".
Progress = Callable[[str, Action], None]

DESIGN_KINDS = frozenset(
    {AssetKind.FILE, AssetKind.EMAIL_TEMPLATE, AssetKind.LP_TEMPLATE, AssetKind.SNIPPET}
)


class PlanNotApplicableError(MarketoError):
    """The plan has problems (missing prerequisites, conflicts): nothing was written."""


class ApplyError(MarketoError):
    """A step failed: what was done is in the journal, ready for --resume or rollback."""

    def __init__(self, action: Action, cause: BaseException, journal: Path) -> None:
        self.action = action
        self.cause = cause
        self.journal = journal
        super().__init__(
            f"{action.kind.label} '{action.name}' could not be {action.op.value}d: {cause}. "
            f"What was done is in the journal {journal}; continue with "
            f"'marketo-ops apply --resume {journal}' or undo with "
            f"'marketo-ops rollback {journal}'."
        )


@dataclass
class ApplyResult:
    journal_path: Path
    program_id: int | None
    done: list[Action] = field(default_factory=list)
    calls: int = 0
    seconds: float = 0.0
    manual_steps: dict[str, list[str]] = field(default_factory=dict)

    @property
    def created(self) -> list[Action]:
        return [a for a in self.done if a.op.adds]

    @property
    def changed(self) -> list[Action]:
        return [a for a in self.done if a.op.changes]


def known_ids(draft: PlanDraft, context: ApplyContext) -> None:
    """What the plan already knows: reused assets' ids, existing images' URLs."""
    for action in draft.actions:
        if action.existing_id is not None and action.op in (Op.REUSE, Op.UPDATE, Op.REPLACE):
            context.set(action.key, action.existing_id, action.name)
    for key, binding in draft.bindings.items():
        if binding.existing_id is not None:
            context.set(key, binding.existing_id, binding.name)
        if key.startswith("file:") and binding.url:
            context.urls[key.split(":", 1)[1]] = binding.url


def _order(actions: Iterable[Action]) -> list[Action]:
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(actions, key=lambda a: rank[a.kind])


def run_actions(
    actions: list[Action],
    run_one: Callable[[Action], None],
    *,
    workers: int,
    journal: Path,
    progress: Progress | None = None,
) -> list[Action]:
    """Run ``actions`` respecting ``depends_on``; returns those done, raises the first failure."""
    keys = {a.key for a in actions}
    pending = {a.key: a for a in _order(actions)}
    done: list[Action] = []
    done_keys: set[str] = set()
    failure: tuple[Action, BaseException] | None = None
    running: dict[Future[None], Action] = {}

    def call(action: Action) -> None:
        if progress:
            progress("start", action)
        run_one(action)

    with ThreadPoolExecutor(max_workers=max(workers, 1), thread_name_prefix="apply") as pool:
        while pending or running:
            if failure is None:
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
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
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
    if failure is not None:
        raise ApplyError(failure[0], failure[1], journal) from failure[1]
    if pending:
        stuck = ", ".join(sorted(pending))
        raise MarketoError(f"the plan's dependencies cannot be ordered: {stuck}")
    return done


def execute(
    client: Marketo,
    draft: PlanDraft,
    journal: Journal,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
    replan: Callable[[], PlanDraft] | None = None,
) -> ApplyResult:
    """Apply a plan (and, for a clone from a seed, the plan made after the clone)."""
    if draft.problems:
        raise PlanNotApplicableError(
            "the plan cannot be applied until these are fixed: "
            + "; ".join(p.message for p in draft.problems)
        )
    started, calls_before = time.monotonic(), client.stats.calls
    context = ApplyContext()
    known_ids(draft, context)
    steps = Steps(client, draft, journal, context)
    writes = [a for a in draft.actions if a.writes]
    cloning = any(a.op is Op.CLONE for a in writes)
    if cloning:
        writes = [a for a in writes if a.kind in DESIGN_KINDS or a.op is Op.CLONE]
    pool_size = workers or client.settings.max_concurrency
    journal.manual_steps = draft.manual_steps
    journal.set_status("in-progress")
    try:
        done = run_actions(
            writes, steps.run, workers=pool_size, journal=journal.path, progress=progress
        )
        if cloning:
            done += _after_clone(
                client,
                journal,
                context=context,
                replan=replan,
                pool_size=pool_size,
                progress=progress,
            )
    except BaseException:
        journal.set_status("failed")
        raise
    journal.set_status("applied")
    program_id = context.ids.get("program")
    return ApplyResult(
        journal_path=journal.path,
        program_id=program_id,
        done=done,
        calls=client.stats.calls - calls_before,
        seconds=time.monotonic() - started,
        manual_steps=journal.manual_steps,
    )


def _after_clone(
    client: Marketo,
    journal: Journal,
    *,
    context: ApplyContext,
    replan: Callable[[], PlanDraft] | None,
    pool_size: int,
    progress: Progress | None,
) -> list[Action]:
    """Plan again against the fresh clone and make it match the template."""
    if replan is None:
        raise MarketoError("a clone from a seed needs a second plan after the clone")
    second = replan()
    if second.problems:
        raise PlanNotApplicableError(
            "after cloning the seed, the program cannot be made to match the template: "
            + "; ".join(p.message for p in second.problems)
        )
    known_ids(second, context)
    follow_up = Steps(client, second, journal, context)
    later = [a for a in second.actions if a.writes]
    journal.manual_steps = second.manual_steps
    return run_actions(
        later, follow_up.run, workers=pool_size, journal=journal.path, progress=progress
    )
