"""``marketo-ops export``: a program of the instance written out as a template folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .application import EXIT_OK, App, pass_app
from .target import connect, target_from, target_options

if TYPE_CHECKING:
    from marketo_ops.importer import ExportResult


def export_options(command: Any) -> Any:
    """What names an export besides its program and target (shared with ``copy``)."""
    decorators = [
        click.option(
            "--partial",
            is_flag=True,
            help="Write what the template format can carry and list the rest (dynamic content, "
            "local smart lists, reports...) instead of stopping.",
        ),
        click.option(
            "--no-flows",
            "no_flows",
            is_flag=True,
            help="Do not read flow steps over Marketo's MCP server: write them as placeholders.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@click.command("export")
@click.argument("program")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Template folder to write (must not exist, or be empty, unless --force).",
)
@click.option("--force", is_flag=True, help="Replace the contents of --out if it is not empty.")
@click.option(
    "--workspace",
    default="Default",
    show_default=True,
    envvar="MARKETO_OPS_WORKSPACE",
    help="Marketo workspace of the program's Design Studio assets.",
)
@export_options
@click.option("--json", "as_json", is_flag=True, help="Print what was exported as JSON.")
@target_options
@pass_app
def export(
    app: App,
    /,
    *,
    program: str,
    out: Path,
    force: bool,
    workspace: str,
    partial: bool,
    no_flows: bool,
    as_json: bool,
    **params: Any,
) -> None:
    """Write the program PROGRAM (its name in Marketo) as a template folder in --out.

    The folder holds program.yaml with the program, its folders, tokens, emails, landing pages
    and smart campaigns, and the Design Studio assets they use (templates, images). It
    validates, and 'marketo-ops import DIR' imports it elsewhere. Flow steps are read over
    Marketo's MCP server when the instance offers it, else written as placeholders that import
    lists as manual steps. Nothing is written unless the whole template is: exit 1 for an
    unknown program, an --out that is not empty, or assets the format cannot carry.
    """
    from marketo_ops.importer import ExportError

    target = target_from(params)
    app.terminal.info(f"Target: {target.describe()}")
    with connect(target) as client:
        try:
            result = client.importer.export(
                program,
                out,
                workspace=workspace,
                force=force,
                partial=partial,
                flows=False if no_flows else None,
            )
        except ExportError as exc:
            app.abort(str(exc))
    if as_json:
        app.terminal.json(result.to_json())
    else:
        show_export(app, result)
    raise click.exceptions.Exit(EXIT_OK)


def show_export(app: App, result: ExportResult) -> None:
    terminal = app.terminal
    counts = result.to_json()["assets"]
    listed = ", ".join(_count(n, k.replace("_", " ")) for k, n in counts.items() if n)
    terminal.text(
        f"Exported program '{result.program}' (id {result.program_id}) to {result.path}: "
        f"{listed or 'nothing but the program'}."
    )
    for placeholder in result.placeholders:
        terminal.text(f"  placeholder: {placeholder} (import lists it as a manual step)")
    for item in result.left_out:
        terminal.text(f"  not exported: {item}")
    for note in result.notes:
        terminal.text(f"  note: {note}")
    for warning in result.warnings:
        if warning.code != "unread-part":  # the placeholders, listed above
            terminal.warning(str(warning))
    terminal.info(f"API calls: {result.calls}.")


def _count(number: int, plural: str) -> str:
    return f"{number} {plural if number != 1 else plural.removesuffix('s')}"


__all__ = ["export", "export_options", "show_export"]
