"""``marketo-ops import``: the main job, validate -> plan -> apply -> verify, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .application import EXIT_ERROR, EXIT_OK, EXIT_VERIFY_FAILED, App, pass_app
from .applying import apply_plan, show_verified_program
from .console_link import program_page
from .import_options import import_options, journal_option, options_from
from .import_output import show_plan, show_verify
from .target import connect


@click.command("import")
@import_options
@journal_option
@click.option("--yes", "-y", is_flag=True, help="Do not ask before writing to a real instance.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print plan, result and verification as JSON."
)
@pass_app
def import_(app: App, /, journal: Path | None, yes: bool, as_json: bool, **params: Any) -> None:
    """Import TEMPLATE into Marketo and verify it: validate, plan, apply, verify.

    TEMPLATE is a template folder or a built-in template's short name, e.g.
    'marketo-ops import op-lead-management'. Without --profile/--base-url (or the MARKETO_*
    variables) it imports into the embedded sandbox. The destination is read once; verify
    re-reads only what apply wrote. Exit codes: 0 imported and verified, 1 error (nothing
    half-written: see the journal), 3 verification failed.
    """
    options = options_from(params)
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        request = options.request(app, client)  # validates the template first
        plan = client.importer.plan_request(request)
        if not as_json:
            show_plan(app.terminal, plan)
        if plan.problems:
            if as_json:
                app.terminal.json({"plan": plan.to_json()})
            raise click.exceptions.Exit(EXIT_ERROR)
        result = None
        if plan.has_changes:
            result = apply_plan(app, client, plan, options.target, yes=yes, journal=journal)
        report = client.importer.verify_applied(plan, result)
        calls = {
            "plan": plan.read_calls,
            "apply": result.calls if result is not None else 0,
            "verify": report.calls,
        }
        if as_json:
            app.terminal.json(
                {
                    "plan": plan.to_json(),
                    "applied": result is not None,
                    "journal": str(result.journal_path) if result else None,
                    "program_id": report.program_id,
                    "calls": sum(calls.values()),
                    "calls_by_phase": calls,
                    "verification": report.to_json(),
                }
            )
        else:
            app.terminal.print()
            show_verify(app.terminal, report)
            show_verified_program(app, report)
            app.terminal.info(
                f"API calls: {sum(calls.values())} (plan {calls['plan']}, apply "
                f"{calls['apply']}, verify {calls['verify']})."
            )
            page = program_page(options.target, client, report.program_id)
            if page is not None:
                app.terminal.text(f"Console: {page}")
    raise click.exceptions.Exit(EXIT_OK if report.ok else EXIT_VERIFY_FAILED)
