"""``marketo-ops templates``: the built-in program templates."""

from __future__ import annotations

import click

from .application import App, pass_app


@click.group("templates")
def templates() -> None:
    """Built-in program templates (usable by short name in validate and import)."""


@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
def list_templates(app: App, as_json: bool) -> None:
    """List the built-in templates with their description."""
    from marketo_ops.templates import list_builtin_templates

    found = list_builtin_templates()
    if as_json:
        app.terminal.json(
            [{"name": t.name, "description": t.description, "path": str(t.path)} for t in found]
        )
        return
    if not found:
        app.terminal.warning("No built-in templates are installed.")
        return
    width = max(len(t.name) for t in found)
    lines = [f"{'NAME'.ljust(width)}  DESCRIPTION"]
    lines += [f"{t.name.ljust(width)}  {t.description}" for t in found]
    stream = app.terminal.out.file
    stream.write("\n".join(lines) + "\n")
    stream.flush()
