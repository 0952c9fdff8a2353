"""``marketo-ops verify``: read the instance back and compare it with the template."""

from __future__ import annotations

from typing import Any

import click

from .application import EXIT_OK, EXIT_VERIFY_FAILED, App, pass_app
from .console_link import program_page
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
    approval states, Design Studio assets, smart lists and (over Marketo's MCP server) flows.
    What cannot be read or written by API is listed as manual steps. Exit 3 when the instance
    differs.
    """
    options = options_from(params)
    app.terminal.info(f"Target: {options.target.describe()}")
    with connect(options.target) as client:
        request = options.request(app, client)
        report = client.importer.verify_request(request)
        page = None if as_json else program_page(options.target, client, report.program_id)
    if as_json:
        app.terminal.json(report.to_json())
    else:
        show_verify(app.terminal, report)
        if page is not None:
            app.terminal.text(f"Console: {page}")
    raise click.exceptions.Exit(EXIT_OK if report.ok else EXIT_VERIFY_FAILED)
