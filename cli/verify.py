"""``marketo-ops verify``: read the instance back and compare it with the template."""

from __future__ import annotations

from typing import Any

import click

from .application import EXIT_OK, EXIT_VERIFY_FAILED, App, pass_app
from .import_options import import_options, options_from
from .import_output import show_verify
from .target import connect


@click.command("verify")
@import_options
@click.option("--json", "as_json", is_flag=True, help="Print the verification as JSON.")
@pass_app
def verify(app: App, /, as_json: bool, **params: Any) -> None:
    """Check that the instance holds exactly what TEMPLATE describes.

    Compares the program, tokens, folders, each asset's folder, email fields and content,
    approval states, Design Studio assets and smart lists. What the REST API cannot read or
    write is listed as manual steps. Exit 3 when the instance differs.
    """
    options = options_from(params)
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        request = options.request(app, client)
        report = client.importer.verify_request(request)
    if as_json:
        app.terminal.json(report.to_json())
    else:
        show_verify(app.terminal, report)
    raise click.exceptions.Exit(EXIT_OK if report.ok else EXIT_VERIFY_FAILED)
