"""Verify: read the instance back and compare it with the template, item by item.

Verification is a fresh plan (the same comparisons apply uses, so "verified" and "nothing to
do" always agree) turned into a checklist, plus what a plan does not need: the smart lists of
the campaigns, read with ``includeRules=true`` and compared with the template's rules. What the
REST API cannot read or write (flow steps, smart lists still empty) is listed as manual steps,
never counted as passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Action, Op
from .plan_state import ImportRequest, PlanDraft
from .planner import build_draft
from .rules_compare import is_empty, smart_list_differences

if TYPE_CHECKING:
    from ..client import Marketo


@dataclass
class Check:
    subject: str
    ok: bool
    detail: str
    manual: bool = False  # not verifiable yet: a manual step is pending

    @property
    def status(self) -> str:
        return "manual" if self.manual else ("ok" if self.ok else "failed")


@dataclass
class VerifyReport:
    program: str
    program_id: int | None
    location: str
    checks: list[Check] = field(default_factory=list)
    manual_steps: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    @property
    def pending(self) -> list[Check]:
        return [c for c in self.checks if c.manual]

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
        }


def _subject(action: Action) -> str:
    return f"{action.kind.label} '{action.name}'"


def _check_of(action: Action) -> Check:
    if action.op is Op.REUSE:
        return Check(_subject(action), True, action.reason)
    if action.op in (Op.CREATE, Op.COPY, Op.CLONE):
        return Check(_subject(action), False, "missing in the destination")
    if action.op is Op.SKIP:
        return Check(_subject(action), True, action.reason)
    details = "; ".join(
        f"{c.field}: {c.before!r} in Marketo, {c.after!r} in the template" for c in action.changes
    )
    return Check(_subject(action), False, details or action.reason)


def verify_draft(draft: PlanDraft) -> VerifyReport:
    request = draft.request
    template = request.template
    program = draft.program if draft.seed_program is None else None
    report = VerifyReport(
        program=template.name,
        program_id=program.id if program else None,
        location=f"{request.into} (workspace {request.workspace})",
        manual_steps=draft.manual_steps,
    )
    report.checks += [Check("prerequisite", False, p.message) for p in draft.problems]
    report.checks += [_check_of(a) for a in draft.actions]
    contents = draft.contents if program is not None else None
    if contents is None:
        return report
    for entry in template.smart_campaigns:
        found = contents.campaigns.get(entry.name)
        if found is None or found.id is None:
            continue
        subject = f"smart list of '{entry.name}'"
        smart_list = draft.destination.campaign_smart_list(found.id)
        if smart_list is None:
            report.checks.append(Check(subject, False, "cannot be read from Marketo"))
            continue
        if is_empty(smart_list):
            if entry.smart_list.triggers or entry.smart_list.filters:
                report.checks.append(
                    Check(
                        subject,
                        True,
                        "empty, as the REST API creates it: build it from the manual steps",
                        manual=True,
                    )
                )
            continue
        differences = smart_list_differences(smart_list, template.smart_list_api(entry))
        report.checks.append(
            Check(subject, not differences, "; ".join(differences) or "matches the template")
        )
    return report


def verify(client: Marketo, request: ImportRequest) -> VerifyReport:
    """Compare the destination with the template; read-only."""
    return verify_draft(build_draft(client, request))
