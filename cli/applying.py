"""Applying a plan from the command line: confirm, progress, journal, summary, interruptions.

Shared by ``apply`` and ``import`` so both behave the same: a real instance asks before writing
(or needs --yes), the sandbox does not; a failure prints what failed and the commands to resume
or roll back with, and exits 1; Ctrl-C lets the steps in flight finish, says the same, and
exits 130.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .application import EXIT_ERROR, EXIT_INTERRUPTED, App
from .import_options import confirm_write
from .import_output import apply_progress, show_lines, show_tree
from .target import Target

if TYPE_CHECKING:
    from marketo_ops import Marketo
    from marketo_ops.importer import ApplyResult, Journal, Plan, VerifyReport


def next_steps(journal: Path) -> str:
    return (
        f"Continue with 'marketo-ops apply --resume {journal}' or undo with "
        f"'marketo-ops rollback {journal}'."
    )


def apply_plan(
    app: App,
    client: Marketo,
    plan: Plan,
    target: Target,
    *,
    yes: bool,
    journal: Journal | Path | None,
) -> ApplyResult:
    from marketo_ops.importer import ApplyError, ApplyInterrupted, Journal
    from marketo_ops.importer.journal import default_journal_path

    writes = plan.writes
    confirm_write(app, target, yes, f"Apply these {len(writes)} changes to {target.describe()}?")
    if journal is None:
        journal = default_journal_path(plan.template.program)
    path = journal.path if isinstance(journal, Journal) else journal
    app.interrupt_hint = next_steps(path)
    try:
        with apply_progress(app.terminal, len(writes)) as progress:
            result = client.importer.apply(plan, journal=journal, progress=progress)
    except ApplyInterrupted as exc:
        app.terminal.error(f"Interrupted: {exc} {next_steps(exc.journal)}")
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    except ApplyError as exc:
        app.terminal.error(f"{exc} {next_steps(exc.journal)}")
        raise click.exceptions.Exit(EXIT_ERROR) from None
    finally:
        app.interrupt_hint = None
    app.terminal.success(
        f"Apply complete: {len(result.created)} added, {len(result.changed)} changed, "
        f"in {result.calls} API calls ({result.seconds:.1f} s). Journal: {result.journal_path}"
    )
    return result


def show_verified_program(app: App, report: VerifyReport) -> None:
    """The program as verify read it (no further API call)."""
    from marketo_ops.importer.render import snapshot_tree

    if report.snapshot is None:
        return
    node = snapshot_tree(report.snapshot)
    if node is not None:
        app.terminal.print()
        show_tree(app.terminal, node)


def show_manual_steps(app: App, steps: dict[str, list[str]]) -> None:
    from marketo_ops.importer.render import render_manual_steps

    show_lines(app.terminal, "\n".join(render_manual_steps(steps)))
