"""``marketo-ops schema``: the JSON Schema of program.yaml, for editors and CI."""

from __future__ import annotations

from pathlib import Path

import click

from .application import EXIT_USAGE, App, pass_app


@click.command("schema")
@click.option(
    "--naming-policy",
    is_flag=True,
    help="Print the schema of naming-policy files instead of program.yaml.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of standard output.",
)
@pass_app
def schema(app: App, naming_policy: bool, output: Path | None) -> None:
    """Print the JSON Schema of program.yaml.

    Save it (marketo-ops schema > program-template.schema.json) and point VS Code's YAML
    extension at it for completion and inline errors, e.g. with a first line
    "# yaml-language-server: $schema=program-template.schema.json".
    """
    from marketo_ops.templates.schema import (
        dump_schema,
        naming_policy_json_schema,
        template_json_schema,
    )

    document = naming_policy_json_schema() if naming_policy else template_json_schema()
    text = dump_schema(document)
    if output is None:
        stream = app.terminal.out.file
        stream.write(text)
        stream.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        app.abort(f"cannot write {output}: {exc.strerror or exc}", code=EXIT_USAGE)
    app.terminal.info(f"Schema written to {output}.")
