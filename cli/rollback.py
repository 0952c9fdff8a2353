"""``marketo-ops rollback``: undo an import from its journal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from .application import EXIT_ERROR, App, pass_app
from .import_options import confirm_write
from .target import connect, target_from, target_options


@click.command("rollback")
@click.argument("journal", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@target_options
@click.option("--yes", "-y", is_flag=True, help="Do not ask before writing to a real instance.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def rollback(app: App, /, journal: Path, yes: bool, as_json: bool, **params: Any) -> None:
    """Undo the import recorded in JOURNAL.

    Deletes only what the import created (newest first) and restores what it changed. Files
    uploaded to Design Studio cannot be deleted through Marketo's API: they are listed for you
    to delete by hand.
    """
    target = target_from(params)
    app.terminal.info(f"Target: {target.describe()}")
    with connect(target) as client:
        loaded = client.importer.load_journal(journal)
        confirm_write(
            app, target, yes, f"Undo the import of '{loaded.header.program}' from {journal}?"
        )
        result = client.importer.rollback(loaded)
    if as_json:
        app.terminal.json(result.__dict__)
    else:
        for item in result.deleted:
            app.terminal.print(f"[red]- deleted[/red] {escape(item)}")
        for item in result.restored:
            app.terminal.print(f"[yellow]~ restored[/yellow] {escape(item)}")
        for item in result.manual:
            app.terminal.warning(item)
        for item in result.failed:
            app.terminal.error(item)
    if not result.ok:
        raise click.exceptions.Exit(EXIT_ERROR)
    app.terminal.success(f"Rolled back '{loaded.header.program}' ({journal}).")
