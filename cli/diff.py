"""``marketo-ops diff``: a template against what the instance holds now, as a drift alarm."""

from __future__ import annotations

from typing import Any

import click

from .application import EXIT_CHANGES, EXIT_OK, App, pass_app
from .import_options import import_options, options_from
from .import_output import show_lines
from .target import connect


@click.command("diff")
@import_options
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@pass_app
def diff(app: App, /, as_json: bool, **params: Any) -> None:
    """Show how the instance differs from TEMPLATE, asset by asset.

    Fields that differ are shown with Marketo's value and the template's; HTML as a unified
    diff from the instance to the template. A program the template did not import is compared
    all the same. Nothing is written. Exit codes: 0 in sync, 2 drift, 1 error, so it can run
    on a schedule in CI as a drift alarm.
    """
    options = options_from(params)
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        request = options.request(app, client)
        report = client.importer.diff_request(request)
    if as_json:
        app.terminal.json(report.to_json())
    else:
        show_lines(app.terminal, report.render())
    raise click.exceptions.Exit(EXIT_OK if report.in_sync else EXIT_CHANGES)
