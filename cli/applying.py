"""Applying a plan from the command line: confirm, progress, journal, summary.

Shared by ``apply`` and ``import`` so both behave the same: a real instance asks before writing
(or needs --yes), the sandbox does not; a failure prints what failed and the journal to resume
or roll back with, and exits 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .application import EXIT_ERROR, App
from .import_options import confirm_write
from .import_output import apply_progress, show_lines, show_tree
from .target import Target

if TYPE_CHECKING:
    from marketo_ops import Marketo
    from marketo_ops.importer import ApplyResult, Journal, Plan


def apply_plan(
    app: App,
    plan: Plan,
    target: Target,
    *,
    yes: bool,
    journal: Journal | Path | None,
) -> ApplyResult:
    from marketo_ops.importer import ApplyError

    writes = [a for a in plan.actions if a.writes]
    confirm_write(
        app,
        target,
        yes,
        f"Apply these {len(writes)} changes to {target.describe()}?",
    )
    try:
        with apply_progress(app.terminal, len(writes)) as progress:
            result = plan.apply(journal=journal, progress=progress)
    except ApplyError as exc:
        app.terminal.error(str(exc))
        raise click.exceptions.Exit(EXIT_ERROR) from None
    app.terminal.success(
        f"Apply complete: {len(result.created)} added, {len(result.changed)} changed, "
        f"in {result.calls} API calls ({result.seconds:.1f} s). Journal: {result.journal_path}"
    )
    return result


def show_program(app: App, client: Marketo, program_id: int | None) -> None:
    if program_id is None:
        return
    from marketo_ops.importer.render import program_tree

    app.terminal.print()
    show_tree(app.terminal, program_tree(client, program_id))


def show_manual_steps(app: App, steps: dict[str, list[str]]) -> None:
    from marketo_ops.importer.render import render_manual_steps

    show_lines(app.terminal, "\n".join(render_manual_steps(steps)))
