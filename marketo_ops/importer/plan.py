"""``Plan``: what an import will do, ready to show, save as JSON, or apply."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .executor import ApplyResult, Progress, execute
from .journal import Journal, JournalHeader, default_journal_path
from .model import Action, Problem, Summary, summarize
from .plan_state import ImportRequest, PlanDraft
from .planner import build_draft

if TYPE_CHECKING:
    from ..client import Marketo


class Plan:
    """A plan never writes; ``apply()`` carries it out (refused while it has problems)."""

    def __init__(self, client: Marketo, draft: PlanDraft, instance: str | None = None) -> None:
        self.client = client
        self.draft = draft
        self.instance = instance or client.base_url

    @property
    def request(self) -> ImportRequest:
        return self.draft.request

    @property
    def actions(self) -> list[Action]:
        return self.draft.actions

    @property
    def problems(self) -> list[Problem]:
        return self.draft.problems

    @property
    def notes(self) -> list[str]:
        return self.draft.notes

    @property
    def manual_steps(self) -> dict[str, list[str]]:
        return self.draft.manual_steps

    @property
    def summary(self) -> Summary:
        return summarize(self.actions)

    @property
    def has_changes(self) -> bool:
        return self.summary.has_changes

    @property
    def applicable(self) -> bool:
        return not self.problems

    def action(self, key: str) -> Action:
        return next(a for a in self.actions if a.key == key)

    def journal_header(self) -> JournalHeader:
        template = self.request.template
        return JournalHeader(
            instance=self.instance,
            workspace=self.request.workspace,
            into=self.request.into,
            template_path=str(template.source_dir.resolve()),
            template_id=self.request.template_id,
            program=template.name,
            variables=dict(template.naming.variables),
            program_name_override=template.naming.program_name,
            prefix=template.naming.prefix,
            rules=self.request.rules.model_dump(),
            seed=self.request.seed,
        )

    def apply(
        self,
        *,
        journal: Journal | Path | str | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> ApplyResult:
        """Carry the plan out, journaling every step (default journal: the current folder)."""
        if not isinstance(journal, Journal):
            path = Path(journal) if journal else default_journal_path(self.request.template.name)
            journal = Journal(path, self.journal_header())
        request = self.request
        no_seed = ImportRequest(
            template=request.template,
            into=request.into,
            workspace=request.workspace,
            rules=request.rules,
        )
        return execute(
            self.client,
            self.draft,
            journal,
            progress=progress,
            workers=workers,
            replan=lambda: build_draft(self.client, no_seed),
        )

    def to_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "program": self.request.template.name,
            "template": self.request.template_id,
            "target": {
                "instance": self.instance,
                "workspace": self.request.workspace,
                "into": self.request.into,
            },
            "rules": self.request.rules.model_dump(),
            "seed": self.request.seed,
            "summary": {
                "add": summary.add,
                "change": summary.change,
                "destroy": summary.destroy,
                "unchanged": summary.unchanged,
            },
            "applicable": self.applicable,
            "actions": [a.to_json() for a in self.actions],
            "problems": [
                {"code": p.code, "message": p.message, "hint": p.hint} for p in self.problems
            ],
            "notes": self.notes,
            "manual_steps": self.manual_steps,
        }

    def render(self) -> str:
        from .render import render_plan

        return render_plan(self)

    def __repr__(self) -> str:
        return f"<Plan {self.request.template.name!r}: {self.summary.line()}>"
