"""Verify: read the instance back and compare it with the template, item by item.

Verification is the plan's own comparison (so "verified" and "nothing to do" always agree) turned
into a checklist, plus what a plan does not need: each campaign's smart list, read with
``includeRules=true`` and compared with the template's rules. What the REST API cannot read or
write (flow steps, smart lists still empty) is listed as manual steps, never counted as passed;
what could not be read (a file URL that fails) is said so, never counted as different.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .kinds import KINDS
from .kinds.base import Check, PlanContext, changes_text
from .kinds.smart_campaign import manual_steps
from .model import Action, Op
from .snapshot import Snapshot


@dataclass
class VerifyReport:
    program: str
    program_id: int | None
    location: str
    checks: list[Check] = field(default_factory=list)
    manual_steps: dict[str, list[str]] = field(default_factory=dict)
    calls: int = 0
    snapshot: Snapshot | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def pending(self) -> list[Check]:
        return [c for c in self.checks if c.manual]

    @property
    def unread(self) -> list[Check]:
        return [c for c in self.checks if c.unread]

    def to_json(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "program_id": self.program_id,
            "location": self.location,
            "verified": self.ok,
            "checks": [
                {"subject": c.subject, "status": c.status, "detail": c.detail} for c in self.checks
            ],
            "manual_steps": self.manual_steps,
            "calls": self.calls,
        }


def _subject(action: Action) -> str:
    return f"{action.kind.label} '{action.name}'"


def check_of(action: Action) -> Check:
    if action.op is Op.REUSE:
        return Check(_subject(action), True, action.reason)
    if action.op is Op.SKIP:
        return Check(_subject(action), True, action.reason, unread=True)
    if action.op.adds:
        return Check(_subject(action), False, "missing in the destination")
    return Check(_subject(action), False, changes_text(action.changes) or action.reason)


def report_of(ctx: PlanContext) -> VerifyReport:
    request = ctx.request
    program = ctx.snapshot.program("program")
    report = VerifyReport(
        program=request.template.name,
        program_id=program.id if program is not None else None,
        location=f"{request.into} (workspace {request.workspace})",
        manual_steps=manual_steps(ctx) if program is not None else {},
        calls=ctx.snapshot.calls,
        snapshot=ctx.snapshot,
    )
    report.checks += [Check("prerequisite", False, p.message) for p in ctx.problems]
    report.checks += [check_of(a) for a in ctx.actions.values()]
    if program is not None:
        for kind in KINDS.values():
            report.checks += kind.checks(ctx)
    return report
