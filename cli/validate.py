"""``marketo-ops validate``: check program templates offline, for people and for CI.

Exit codes: 0 clean (warnings allowed unless --strict), 1 findings, 64 usage error (bad option,
path or template name not found). Never needs credentials or the network.
"""

from __future__ import annotations

from pathlib import Path

import click

from .application import EXIT_ERROR, EXIT_OK, EXIT_USAGE, App, pass_app


def parse_vars(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """``--var region=EMEA`` (repeatable) -> ``{"region": "EMEA"}``; the value may hold '='."""
    parsed: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", ctx=ctx, param=param)
        parsed[name.strip()] = value
    return parsed


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "junit"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for pull-request annotations, junit for "
    "CI test reports.",
)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    callback=parse_vars,
    help="Fill the naming variable {{ NAME }} (repeatable).",
)
@click.option("--name", "program_name", metavar="NAME", help="Override the program name.")
@click.option("--prefix", metavar="TEXT", help="Prefix the names of the program's local assets.")
@click.option(
    "--naming-policy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of naming rules per asset kind (see 'marketo-ops schema --naming-policy').",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@pass_app
def validate(  # noqa: PLR0917 - click passes every option positionally
    app: App,
    paths: tuple[str, ...],
    output_format: str,
    variables: dict[str, str],
    program_name: str | None,
    prefix: str | None,
    naming_policy: Path | None,
    strict: bool,
    output: Path | None,
) -> None:
    """Check program templates offline: schema, references, names, files and HTML.

    PATH is a template folder, its program.yaml, a folder of templates (each one below it is
    checked), or the short name of a built-in template. Every finding names the file, the line
    and the field.
    """
    from marketo_ops.templates import (
        TemplateNotFoundError,
        TemplateReport,
        load_naming_policy,
        render_report,
        resolve_template,
        validate_paths,
    )
    from marketo_ops.templates.reports import summary

    targets = []
    for given in paths:
        try:
            targets.append(resolve_template(given))
        except TemplateNotFoundError as exc:
            app.abort(str(exc), code=EXIT_USAGE)

    reports: list[TemplateReport] = []
    policy = None
    if naming_policy is not None:
        policy, problems = load_naming_policy(naming_policy)
        if problems:
            reports.append(TemplateReport(path=naming_policy.as_posix(), findings=problems))

    reports += validate_paths(
        targets,
        variables=variables,
        program_name=program_name,
        prefix=prefix,
        policy=policy,
        raise_unexpected=app.debug,
    )
    text = render_report(reports, output_format, strict=strict)
    if output is None:
        stream = app.terminal.out.file
        stream.write(text)
        stream.flush()
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            app.abort(f"cannot write {output}: {exc.strerror or exc}", code=EXIT_USAGE)
        app.terminal.info(f"{summary(reports, strict=strict)} Report written to {output}.")
    ok = all(report.ok(strict=strict) for report in reports)
    raise click.exceptions.Exit(EXIT_OK if ok else EXIT_ERROR)
