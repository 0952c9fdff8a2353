"""``marketo-ops plan``: show what an import would change, without writing anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .application import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, App, pass_app
from .import_options import import_options, options_from
from .import_output import show_plan
from .target import connect


@click.command("plan")
@import_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="PLANFILE",
    help="Save the plan (JSON) to apply exactly it later: 'marketo-ops apply PLANFILE'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan document as JSON.")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when nothing would change, 2 when the plan has changes, 1 on errors.",
)
@pass_app
def plan(
    app: App, /, out: Path | None, as_json: bool, detailed_exitcode: bool, **params: Any
) -> None:
    """Plan importing TEMPLATE: every asset, what would happen to it, and why.

    TEMPLATE is a template folder or the short name of a built-in template
    (see 'marketo-ops templates list'). Nothing is written to the instance. With --out the plan
    is saved; 'marketo-ops apply PLANFILE' then applies exactly it, and refuses if the template
    or the destination changed since.
    """
    options = options_from(params)
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        request = options.request(app, client)
        result = client.importer.plan_request(request)
    if out is not None:
        result.save(out)
    if as_json:
        app.terminal.json(result.to_json())
    else:
        show_plan(app.terminal, result)
        if out is not None:
            app.terminal.success(
                f"Plan saved to {out}. Apply exactly this plan with: marketo-ops apply {out}"
            )
    if result.problems:
        raise click.exceptions.Exit(EXIT_ERROR)
    if detailed_exitcode and result.has_changes:
        raise click.exceptions.Exit(EXIT_CHANGES)
    raise click.exceptions.Exit(EXIT_OK)
