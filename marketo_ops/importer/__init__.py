"""The program-template importer: plan -> apply -> verify, with a journal to resume or roll back.

>>> from marketo_ops import Marketo
>>> client = Marketo.sandbox()
>>> plan = client.importer.plan("op-lead-management", into="Marketing Activities")
>>> print(plan.render())
>>> result = plan.apply()
>>> report = client.importer.verify("op-lead-management")
>>> report.ok
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from ..templates import ConflictRules, ProgramTemplate, TemplateError, resolve_template
from .executor import ApplyError, ApplyResult, PlanNotApplicableError, Progress
from .journal import Journal, JournalError
from .model import Action, AssetKind, Change, Op, Problem, Summary
from .plan import Plan
from .plan_state import ImportRequest
from .planner import build_draft
from .render import program_tree, render_tree
from .rollback import RollbackResult, rollback
from .rules import RuleError, parse_rules
from .verify import VerifyReport, verify

if TYPE_CHECKING:
    from ..client import Marketo

TemplateLike = ProgramTemplate | str | Path


def load_template(
    template: TemplateLike,
    *,
    variables: Mapping[str, str] | None = None,
    name: str | None = None,
    prefix: str | None = None,
) -> ProgramTemplate:
    """A template from an object, a folder path or a built-in short name, with naming applied."""
    loaded = (
        template
        if isinstance(template, ProgramTemplate)
        else ProgramTemplate.load(resolve_template(template))
    )
    if variables:
        loaded = loaded.with_vars(variables)
    if name is not None or prefix is not None:
        loaded = loaded.renamed(name=name, prefix=prefix)
    return loaded


def _rules(template: ProgramTemplate, rules: ConflictRules | Iterable[str] | None) -> ConflictRules:
    if isinstance(rules, ConflictRules):
        return rules
    return parse_rules(rules or (), template.rules)


class ImportOptions(TypedDict, total=False):
    """What names an import besides its template (the same keywords on request/plan/verify).

    ``rules`` is a ConflictRules or CLI-style choices (``["images=replace"]``) applied over the
    template's defaults; ``variables`` fill the template's naming variables; ``name`` and
    ``prefix`` rename the program and its local assets; ``seed`` names a destination program to
    clone instead of creating one.
    """

    into: str
    workspace: str
    rules: ConflictRules | Iterable[str] | None
    variables: Mapping[str, str] | None
    name: str | None
    prefix: str | None
    seed: str | None


class Importer:
    """``client.importer``: the importer bound to one client.

    ``instance`` names the destination in journals: the base URL by default; the CLI's embedded
    sandbox, served on a new loopback port each time, is named by its database file instead so
    that a journal can be resumed or rolled back by a later command.
    """

    def __init__(self, client: Marketo, instance: str | None = None) -> None:
        self.client = client
        self.instance = instance or client.base_url

    def request(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> ImportRequest:
        """What to import where: the template with naming applied, the rules, the target.

        Raises TemplateError (with every finding) for a template that does not validate: an
        import never starts from a template that ``marketo-ops validate`` rejects.
        """
        loaded = load_template(
            template,
            variables=options.get("variables"),
            name=options.get("name"),
            prefix=options.get("prefix"),
        )
        errors = loaded.errors()
        if errors:
            raise TemplateError(f"the template {loaded.source_dir} does not validate:", errors)
        return ImportRequest(
            template=loaded,
            into=options.get("into", "Marketing Activities"),
            workspace=options.get("workspace", "Default"),
            rules=_rules(loaded, options.get("rules")),
            seed=options.get("seed"),
        )

    def plan(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> Plan:
        """Read the destination and plan the import; never writes.

        The plan (and its apply) count their own calls in ``plan.client.stats``, even when
        several imports share this client.
        """
        return self.plan_request(self.request(template, **options))

    def plan_request(self, request: ImportRequest) -> Plan:
        client = self.client.counting()
        return Plan(client, build_draft(client, request), self.instance)

    def verify(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> VerifyReport:
        """Read the instance back and compare it with the template; never writes."""
        return self.verify_request(self.request(template, **options))

    def verify_request(self, request: ImportRequest) -> VerifyReport:
        return verify(self.client, request)

    def load_journal(self, journal: Journal | Path | str) -> Journal:
        """A journal written for this instance (JournalError otherwise)."""
        loaded = journal if isinstance(journal, Journal) else Journal.load(Path(journal))
        if loaded.header.instance.rstrip("/") != self.instance.rstrip("/"):
            raise JournalError(
                f"the journal {loaded.path} was written for {loaded.header.instance}, "
                f"not for {self.instance}"
            )
        return loaded

    def resume(self, journal: Journal | Path | str) -> tuple[Plan, Journal]:
        """Plan again from a journal's inputs; apply that plan with the same journal."""
        loaded = self.load_journal(journal)
        header = loaded.header
        request = self.request(
            Path(header.template_path),
            into=header.into,
            workspace=header.workspace,
            rules=ConflictRules.model_validate(header.rules),
            variables=header.variables,
            name=header.program_name_override,
            prefix=header.prefix,
            seed=header.seed,
        )
        return self.plan_request(request), loaded

    def rollback(self, journal: Journal | Path | str) -> RollbackResult:
        """Delete what the journal created, restore what it changed."""
        return rollback(self.client, self.load_journal(journal))

    def tree(self, program_id: int) -> str:
        """The program as it is in the instance, as an indented tree."""
        return render_tree(program_tree(self.client, program_id))


__all__ = [
    "Action",
    "ApplyError",
    "ApplyResult",
    "AssetKind",
    "Change",
    "ImportOptions",
    "ImportRequest",
    "Importer",
    "Journal",
    "JournalError",
    "Op",
    "Plan",
    "PlanNotApplicableError",
    "Problem",
    "Progress",
    "RollbackResult",
    "RuleError",
    "Summary",
    "VerifyReport",
    "load_template",
]
