"""``marketo-ops apply``: carry out an import, a saved plan, or resume an interrupted one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .application import EXIT_ERROR, EXIT_OK, EXIT_USAGE, App, pass_app
from .applying import apply_plan
from .import_options import import_options_optional_template, journal_option, options_from
from .import_output import show_plan
from .target import connect

if TYPE_CHECKING:
    from marketo_ops import Marketo
    from marketo_ops.importer import Journal, Plan


def _is_plan_file(argument: str) -> bool:
    path = Path(argument)
    return path.is_file() and path.suffix.lower() == ".json"


@click.command("apply")
@import_options_optional_template
@journal_option
@click.option(
    "--resume",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="JOURNAL",
    help="Continue an interrupted apply from its journal (plans again, creates nothing twice).",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask before writing to a real instance.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def apply(
    app: App, /, journal: Path | None, resume: Path | None, yes: bool, as_json: bool, **params: Any
) -> None:
    """Import TEMPLATE, or apply a saved PLANFILE: show the plan, then write it.

    TEMPLATE is planned now; a PLANFILE made by 'marketo-ops plan --out' is applied exactly as
    it was reviewed, and refused (nothing written) if the template or the destination changed
    since. Every step is written to a journal, so an interrupted apply can be resumed
    (--resume JOURNAL) or undone ('marketo-ops rollback JOURNAL').
    """
    options = options_from(params)
    if bool(resume) == bool(options.template):
        app.abort(
            "give either TEMPLATE or --resume JOURNAL (TEMPLATE may be a saved plan file)",
            EXIT_USAGE,
        )
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        target_journal: Journal | Path | None = journal
        plan: Plan
        if resume is not None:
            plan, target_journal = client.importer.resume(resume)
        elif _is_plan_file(options.template):
            plan = _saved_plan(app, client, Path(options.template))
        else:
            plan = client.importer.plan_request(options.request(app, client))
        if not as_json:
            show_plan(app.terminal, plan)
        if plan.problems:
            raise click.exceptions.Exit(EXIT_ERROR)
        if not plan.has_changes:
            if as_json:
                app.terminal.json({"applied": False, "plan": plan.to_json()})
            raise click.exceptions.Exit(EXIT_OK)
        result = apply_plan(app, client, plan, options.target, yes=yes, journal=target_journal)
        if as_json:
            app.terminal.json(
                {
                    "applied": True,
                    "program_id": result.program_id,
                    "journal": str(result.journal_path),
                    "calls": result.calls,
                    "created": [a.key for a in result.created],
                    "changed": [a.key for a in result.changed],
                    "manual_steps": result.manual_steps,
                }
            )


def _saved_plan(app: App, client: Marketo, path: Path) -> Plan:
    """A saved plan, checked against the template and the destination as they are now."""
    from marketo_ops.importer import Plan, StalePlanError

    saved = Plan.load(path)
    app.terminal.info(f"Plan: {path} (made {saved.created_at})")
    try:
        return client.importer.check_saved(saved)
    except StalePlanError as exc:
        app.abort(str(exc))
