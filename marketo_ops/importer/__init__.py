"""The program-template importer: plan -> apply -> verify, with a journal to resume or roll back.

>>> from marketo_ops import Marketo
>>> client = Marketo.sandbox()
>>> plan = client.importer.plan("op-lead-management", into="Marketing Activities")
>>> print(plan.render())
>>> result = plan.apply()
>>> report = client.importer.verify("op-lead-management")
>>> report.ok
True

A plan is a document (:class:`Plan`): ``plan.save(path)`` writes it, and
``client.importer.apply(path)`` applies exactly it later, after checking that neither the
template nor the destination changed since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, Unpack

from ..templates import ConflictRules, ProgramTemplate, TemplateError, resolve_template
from .diff import AssetDiff, DiffReport, FieldDiff, diff_request
from .executor import (
    ApplyError,
    ApplyInterrupted,
    ApplyResult,
    PlanNotApplicableError,
    Progress,
    execute,
)
from .export import (
    ExportDestinationError,
    ExportError,
    ExportResult,
    ProgramNotFoundError,
    export_program,
)
from .journal import Journal, JournalError
from .kinds.base import Check, PlanContext
from .kinds.smart_campaign import manual_steps
from .model import Action, AssetKind, Change, Op, Problem, Summary
from .plan import (
    BoundPlan,
    Plan,
    PlanFileError,
    StalePlanError,
    plan_from,
    template_fingerprint,
)
from .planning import compare, load_needs, needs_of, prepare, read_destination
from .reader import Written
from .render import render_tree, snapshot_tree
from .request import ImportRequest
from .rollback import RollbackResult, rollback
from .rules import RuleError, parse_rules
from .snapshot import fingerprint_differences
from .verify import VerifyReport, report_of

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
    clone instead of creating one; ``create_prerequisites`` lets the import create the lead
    fields the template declares; ``use_mcp=False`` leaves campaigns' logic to the manual steps
    even when the destination has Marketo's MCP server.
    """

    into: str
    workspace: str
    rules: ConflictRules | Iterable[str] | None
    variables: Mapping[str, str] | None
    name: str | None
    prefix: str | None
    seed: str | None
    create_prerequisites: bool
    use_mcp: bool


class Importer:
    """``client.importer``: the importer bound to one client.

    ``instance`` names the destination in plans and journals: the base URL by default; the
    CLI's embedded sandbox, served on a new loopback port each time, is named by its database
    file instead so that a plan or journal can be used by a later command.
    """

    def __init__(self, client: Marketo, instance: str | None = None) -> None:
        self.client = client
        self.instance = instance or client.base_url

    # -- planning ----------------------------------------------------------------------------------

    def request(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> ImportRequest:
        """What to import where: the template with naming applied, the rules, the target.

        Raises TemplateError (with every finding) for a template that does not validate: an
        import never starts from a template that does not validate.
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
            create_prerequisites=bool(options.get("create_prerequisites", False)),
            use_mcp=bool(options.get("use_mcp", True)),
        )

    def plan(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> BoundPlan:
        """Read the destination and plan the import; never writes.

        The plan (and its apply) count their own calls in ``plan.client.stats``, even when
        several imports share this client.
        """
        return self.plan_request(self.request(template, **options))

    def plan_request(self, request: ImportRequest) -> BoundPlan:
        client = self.client.counting()
        reader = read_destination(client, request)
        ctx = compare(request, reader.snapshot)
        prepare(reader, ctx)
        plan = plan_from(
            request,
            self.instance,
            list(ctx.actions.values()),
            problems=ctx.problems,
            notes=ctx.notes,
            manual_steps=manual_steps(ctx),
            destination=reader.snapshot.fingerprint(),
            read_calls=reader.snapshot.calls,
        )
        return plan.bind(request, client, reader.snapshot)

    # -- applying ----------------------------------------------------------------------------------

    def apply(
        self,
        plan: Plan | Path | str,
        *,
        journal: Journal | Path | str | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> ApplyResult:
        """Apply a plan; a saved one only if its template and destination did not change."""
        if isinstance(plan, BoundPlan):
            return plan.apply(journal=journal, progress=progress, workers=workers)
        loaded = plan if isinstance(plan, Plan) else Plan.load(plan)
        bound = self.check_saved(loaded)
        return execute(
            bound.client,
            loaded,
            bound.request.template,
            journal=journal,
            progress=progress,
            workers=workers,
        )

    def check_saved(self, plan: Plan) -> BoundPlan:
        """Read the destination again and refuse the plan if it, or the template, changed."""
        if plan.target.instance.rstrip("/") != self.instance.rstrip("/"):
            raise PlanFileError(
                f"the plan was made for {plan.target.instance}, not for {self.instance}"
            )
        try:
            template = load_template(
                Path(plan.template.path),
                variables=plan.template.variables,
                name=plan.template.name,
                prefix=plan.template.prefix,
            )
        except TemplateError as exc:
            raise StalePlanError(
                f"the template of the plan ({plan.template.path}) cannot be loaded any more",
                [str(exc)],
            ) from None
        if template_fingerprint(template) != plan.template.fingerprint:
            raise StalePlanError(
                f"the template {plan.template.path} changed since the plan was made; make a new "
                "plan",
                ["program.yaml or a file it names differs from the planned version"],
            )
        request = ImportRequest(
            template=template,
            into=plan.target.into,
            workspace=plan.target.workspace,
            rules=ConflictRules.model_validate(plan.rules),
            seed=plan.seed,
            create_prerequisites=plan.create_prerequisites,
            use_mcp=plan.use_mcp,
        )
        client = self.client.counting()
        reader = read_destination(client, request)
        ctx = PlanContext(request, reader.snapshot, actions={a.key: a for a in plan.actions})
        load_needs(reader, needs_of(ctx))
        differences = fingerprint_differences(plan.destination, reader.snapshot.fingerprint())
        if differences:
            raise StalePlanError(
                "the destination changed since the plan was made; nothing was written. Make a "
                "new plan and review it:",
                differences,
            )
        bound = BoundPlan(**{k: getattr(plan, k) for k in plan.__dataclass_fields__})
        return bound.bind(request, client, reader.snapshot)

    # -- verifying ---------------------------------------------------------------------------------

    def verify(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> VerifyReport:
        """Read the instance back and compare it with the template; never writes."""
        return self.verify_request(self.request(template, **options))

    def verify_request(self, request: ImportRequest) -> VerifyReport:
        client = self.client.counting()
        reader = read_destination(client, request)
        _fold(self.client, client)
        return report_of(compare(request, reader.snapshot, verifying=True))

    def verify_applied(self, plan: BoundPlan, result: ApplyResult | None) -> VerifyReport:
        """Verify right after ``plan`` was applied: re-read only what apply wrote.

        Without a result (nothing to apply), the plan's own reading is the verification.
        """
        client = self.client.counting()
        written = result.as_written() if result is not None else Written()
        if any(a.op is Op.CLONE for a in (result.done if result else [])):
            return self.verify_request(plan.request)  # a clone: read the new program whole
        reader = read_destination(
            client, plan.request, base=plan.snapshot, refresh=written, drafts=False
        )
        _fold(self.client, client)
        return report_of(compare(plan.request, reader.snapshot, verifying=True))

    # -- export and diff -------------------------------------------------------------------------

    def export(
        self,
        program: str,
        out: Path | str,
        *,
        workspace: str = "Default",
        force: bool = False,
        partial: bool = False,
        flows: bool | None = None,
    ) -> ExportResult:
        """Write the program named ``program`` as a template folder (see :mod:`.export`)."""
        return export_program(
            self.client,
            program,
            out,
            workspace=workspace,
            force=force,
            partial=partial,
            flows=flows,
            instance=self.instance,
        )

    def diff(self, template: TemplateLike, **options: Unpack[ImportOptions]) -> DiffReport:
        """Compare the template with what the instance holds now, per asset; never writes."""
        return self.diff_request(self.request(template, **options))

    def diff_request(self, request: ImportRequest) -> DiffReport:
        client = self.client.counting()
        report = diff_request(client, request)
        _fold(self.client, client)
        return report

    # -- journals ----------------------------------------------------------------------------------

    def load_journal(self, journal: Journal | Path | str) -> Journal:
        """A journal written for this instance (JournalError otherwise)."""
        loaded = journal if isinstance(journal, Journal) else Journal.load(Path(journal))
        if loaded.header.instance.rstrip("/") != self.instance.rstrip("/"):
            raise JournalError(
                f"the journal {loaded.path} was written for {loaded.header.instance}, "
                f"not for {self.instance}"
            )
        return loaded

    def resume(self, journal: Journal | Path | str) -> tuple[BoundPlan, Journal]:
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
            create_prerequisites=header.create_prerequisites,
            use_mcp=header.use_mcp,
        )
        return self.plan_request(request), loaded

    def rollback(self, journal: Journal | Path | str) -> RollbackResult:
        """Delete what the journal created, restore what it changed."""
        return rollback(self.client, self.load_journal(journal))

    def tree(self, report: VerifyReport) -> str | None:
        """The verified program as an indented tree, from what verify read (no API call)."""
        if report.snapshot is None:
            return None
        node = snapshot_tree(report.snapshot)
        return render_tree(node) if node is not None else None


def _fold(into: Marketo, counted: Marketo) -> None:
    """Add a counting copy's calls to the client's own statistics (verify counts on both)."""
    if into.stats is counted.stats:
        return
    into.stats.calls += counted.stats.calls
    into.stats.retries += counted.stats.retries
    into.stats.by_operation.update(counted.stats.by_operation)
    into.stats.errors.update(counted.stats.errors)


__all__ = [
    "Action",
    "ApplyError",
    "ApplyInterrupted",
    "ApplyResult",
    "AssetDiff",
    "AssetKind",
    "BoundPlan",
    "Change",
    "Check",
    "DiffReport",
    "ExportDestinationError",
    "ExportError",
    "ExportResult",
    "FieldDiff",
    "ImportOptions",
    "ImportRequest",
    "Importer",
    "Journal",
    "JournalError",
    "Op",
    "Plan",
    "PlanFileError",
    "PlanNotApplicableError",
    "Problem",
    "ProgramNotFoundError",
    "Progress",
    "RollbackResult",
    "RuleError",
    "StalePlanError",
    "Summary",
    "VerifyReport",
    "load_template",
]
