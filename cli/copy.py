"""``marketo-ops copy``: a program from one instance to another, export then import, in one step.

The program is exported from --from into a temporary template folder, planned against --to, the
plan shown (and confirmed for a real instance, or --yes), applied and verified, exactly as
``import`` does with a template folder. The temporary folder goes away once the copy is done;
when the apply fails it is kept, since the journal (to resume or roll back) refers to it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click

from .application import EXIT_ERROR, EXIT_OK, EXIT_USAGE, EXIT_VERIFY_FAILED, App, pass_app
from .applying import apply_plan
from .export import export_options, show_export
from .import_options import RULE_HELP, journal_option
from .import_output import show_plan, show_verify
from .target import Target, TargetType, connect, same_instance

TARGET_HELP = "a profile name, a base URL or munchkin id, or sandbox:PATH (a sandbox database)"


@click.command("copy")
@click.argument("program")
@click.option(
    "--from",
    "source",
    required=True,
    type=TargetType(),
    help=f"Where the program is: {TARGET_HELP}.",
)
@click.option(
    "--to",
    "destination",
    required=True,
    type=TargetType(),
    help=f"Where to copy it: {TARGET_HELP}.",
)
@click.option("--name", metavar="NAME", help="Program name in the destination.")
@click.option("--prefix", metavar="TEXT", help="Prefix for the program's local assets.")
@click.option("--rule", "rules", multiple=True, metavar="RULE=CHOICE", help=RULE_HELP)
@click.option(
    "--into",
    default="Marketing Activities",
    show_default=True,
    metavar="FOLDER_PATH",
    help="Marketing Activities folder of the destination to copy into.",
)
@click.option(
    "--from-workspace", default="Default", show_default=True, help="Workspace of the source."
)
@click.option(
    "--workspace", default="Default", show_default=True, help="Workspace of the destination."
)
@export_options
@journal_option
@click.option("--yes", "-y", is_flag=True, help="Do not ask before writing to a real instance.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print plan, result and verification as JSON."
)
@pass_app
def copy(
    app: App,
    /,
    *,
    program: str,
    source: Target,
    destination: Target,
    name: str | None,
    prefix: str | None,
    rules: tuple[str, ...],
    into: str,
    from_workspace: str,
    workspace: str,
    partial: bool,
    no_flows: bool,
    journal: Path | None,
    yes: bool,
    as_json: bool,
) -> None:
    """Copy the program PROGRAM from --from to --to: export, plan, confirm, apply, verify.

    Exit codes: 0 copied and verified, 1 error (nothing written to --to unless the plan was
    applied; see the journal), 3 verification failed.
    """
    from marketo_ops.importer import ExportError, RuleError
    from marketo_ops.importer.export_context import slug
    from marketo_ops.importer.journal import default_journal_path
    from marketo_ops.templates import TemplateError

    if same_instance(source, destination) and name is None:
        app.abort(
            "--from and --to are the same instance: give the copy another --name",
            EXIT_USAGE,
        )
    staging = Path(tempfile.mkdtemp(prefix="marketo-ops-copy-"))
    folder = staging / slug(program)
    keep = False
    try:
        app.terminal.info(f"Exporting '{program}' from {source.describe()}")
        with connect(source) as client:
            try:
                exported = client.importer.export(
                    program,
                    folder,
                    workspace=from_workspace,
                    partial=partial,
                    flows=False if no_flows else None,
                )
            except ExportError as exc:
                app.abort(str(exc))
        if not as_json:
            show_export(app, exported)
            app.terminal.print()
        app.terminal.info(f"Copying into {destination.describe()}")
        with connect(destination) as client:
            try:
                request = client.importer.request(
                    folder,
                    into=into,
                    workspace=workspace,
                    rules=rules,
                    name=name,
                    prefix=prefix,
                )
            except RuleError as exc:
                app.abort(str(exc), EXIT_USAGE)
            except TemplateError as exc:
                app.abort(str(exc))
            plan = client.importer.plan_request(request)
            if not as_json:
                show_plan(app.terminal, plan)
            if plan.problems:
                if as_json:
                    app.terminal.json({"export": exported.to_json(), "plan": plan.to_json()})
                raise click.exceptions.Exit(EXIT_ERROR)
            result = None
            if plan.has_changes:
                journal = journal or default_journal_path(plan.template.program)
                try:
                    result = apply_plan(app, client, plan, destination, yes=yes, journal=journal)
                except click.exceptions.Exit:
                    keep = journal.exists()  # the journal names the exported folder
                    raise
            report = client.importer.verify_applied(plan, result)
        if as_json:
            app.terminal.json(
                {
                    "export": exported.to_json(),
                    "plan": plan.to_json(),
                    "applied": result is not None,
                    "journal": str(result.journal_path) if result else None,
                    "verification": report.to_json(),
                }
            )
        else:
            app.terminal.print()
            show_verify(app.terminal, report)
    finally:
        if keep:
            app.terminal.info(f"The exported template is kept in {folder} (the journal uses it).")
        else:
            shutil.rmtree(staging, ignore_errors=True)
    raise click.exceptions.Exit(EXIT_OK if report.ok else EXIT_VERIFY_FAILED)
