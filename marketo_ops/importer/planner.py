"""Planning: compare the template with the destination and decide, asset by asset, what to do.

The planner only reads. For every entry of the template it finds the asset that would hold it
(by name, where Marketo's names are unique), compares what is there with what the template says,
and records an :class:`~marketo_ops.importer.model.Action` with its reason; missing
prerequisites become problems, all of them at once. The work is split by subject: Design Studio
(``plan_design``), the program and its prerequisites (``plan_program``), and the program's
contents (``plan_local``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .destination import Destination
from .plan_design import DesignStudioPlanning
from .plan_local import LocalPlanning
from .plan_program import ProgramPlanning
from .plan_state import ImportRequest, PlanDraft

if TYPE_CHECKING:
    from ..client import Marketo


class Planner(DesignStudioPlanning, ProgramPlanning, LocalPlanning):
    def run(self) -> PlanDraft:
        self.plan_target()
        self.plan_prerequisites()
        for entry in self.template.files:
            self.plan_file(entry)
        for template in self.template.email_templates:
            self.plan_email_template(template)
        for lp_template in self.template.landing_page_templates:
            self.plan_lp_template(lp_template)
        for snippet in self.template.snippets:
            self.plan_snippet(snippet)
        self.plan_program()
        if not any(p.code in ("program-elsewhere", "program-kind") for p in self.problems):
            self.plan_folders()
            self.plan_tokens()
            self.plan_emails()
            self.plan_landing_pages()
            self.plan_campaigns()
        return PlanDraft(
            request=self.request,
            target_folder=self.target,
            program=self.program,
            contents=self.contents,
            seed_program=self.seed,
            actions=list(self.actions.values()),
            problems=self.problems,
            notes=self.notes,
            bindings=self.bindings,
            manual_steps=self.manual_steps(),
            destination=self.dest,
        )


def build_draft(client: Marketo, request: ImportRequest) -> PlanDraft:
    """Read the destination and plan the import (never writes)."""
    return Planner(Destination(client, request.workspace), request).run()
