"""Options shared by plan, apply, verify and import, and turning them into an import request.

Every option that names the import (template, --into, --name, --var, --rule, --workspace,
--seed) is the same on every command, so ``plan`` shows exactly what ``apply`` will do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .application import EXIT_USAGE, App
from .target import Target, target_from, target_options
from .validate import parse_vars

if TYPE_CHECKING:
    from marketo_ops import Marketo
    from marketo_ops.importer import ImportRequest

F = TypeVar("F", bound=Callable[..., Any])

RULE_HELP = (
    "Conflict rule, repeatable: tags=create|ignore, lp-templates=copy|use-destination, "
    "images=keep-both|replace, email-templates=keep-both|replace (default: the template's, "
    "Marketo's recommended create/copy/keep-both/keep-both)."
)


@dataclass(frozen=True)
class ImportOptions:
    template: str
    into: str
    name: str | None
    prefix: str | None
    variables: dict[str, str]
    rules: tuple[str, ...]
    workspace: str
    seed: str | None
    create_prerequisites: bool
    use_mcp: bool
    target: Target

    def request(self, app: App, client: Marketo) -> ImportRequest:
        """The import request, or a clean usage error for a bad template or rule."""
        from marketo_ops.importer import RuleError
        from marketo_ops.templates import TemplateError, TemplateNotFoundError

        try:
            return client.importer.request(
                self.template,
                into=self.into,
                workspace=self.workspace,
                rules=self.rules,
                variables=self.variables,
                name=self.name,
                prefix=self.prefix,
                seed=self.seed,
                create_prerequisites=self.create_prerequisites,
                use_mcp=self.use_mcp,
            )
        except TemplateNotFoundError as exc:
            app.abort(str(exc), EXIT_USAGE)
        except RuleError as exc:
            app.abort(str(exc), EXIT_USAGE)
        except TemplateError as exc:
            app.abort(str(exc))


def import_options(command: F) -> F:
    """The template argument and every option naming the import (see :func:`options_from`)."""
    return _import_options(command, template_required=True)


def import_options_optional_template(command: F) -> F:
    """As :func:`import_options`, for commands that can also start from a journal."""
    return _import_options(command, template_required=False)


def _import_options(command: F, *, template_required: bool) -> F:
    decorators = [
        click.argument("template", required=template_required),
        click.option(
            "--into",
            default="Marketing Activities",
            show_default=True,
            metavar="FOLDER_PATH",
            help="Marketing Activities folder to import into (inside the workspace).",
        ),
        click.option("--name", metavar="NAME", help="Program name (overrides the template's)."),
        click.option("--prefix", metavar="TEXT", help="Prefix for the program's local assets."),
        click.option(
            "--var",
            "variables",
            multiple=True,
            metavar="NAME=VALUE",
            callback=parse_vars,
            help="Fill the naming variable {{ NAME }} (repeatable).",
        ),
        click.option("--rule", "rules", multiple=True, metavar="RULE=CHOICE", help=RULE_HELP),
        click.option(
            "--workspace",
            default="Default",
            show_default=True,
            envvar="MARKETO_OPS_WORKSPACE",
            help="Marketo workspace of the destination folder and Design Studio.",
        ),
        click.option(
            "--seed",
            metavar="PROGRAM_NAME",
            help="Clone this program of the destination (it holds the smart lists and flows) "
            "instead of creating the program from scratch.",
        ),
        click.option(
            "--create-prerequisites",
            is_flag=True,
            help="Create the lead fields the template declares as prerequisites when they are "
            "missing (journaled like any asset).",
        ),
        click.option(
            "--mcp/--no-mcp",
            "use_mcp",
            default=True,
            show_default=True,
            help="Write the campaigns' triggers, filters and flow steps over Marketo's MCP server "
            "when the instance has one (--no-mcp: leave them to the manual steps).",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return target_options(command)


def options_from(params: dict[str, Any]) -> ImportOptions:
    """Pop the shared options from a command's parameters."""
    target = target_from(params)
    return ImportOptions(
        template=params.pop("template") or "",
        into=params.pop("into"),
        name=params.pop("name"),
        prefix=params.pop("prefix"),
        variables=params.pop("variables"),
        rules=params.pop("rules"),
        workspace=params.pop("workspace"),
        seed=params.pop("seed"),
        create_prerequisites=params.pop("create_prerequisites"),
        use_mcp=params.pop("use_mcp"),
        target=target,
    )


def journal_option(command: F) -> F:
    return click.option(
        "--journal",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Where to write the apply journal (default: ./marketo-ops-journal-<program>-<time>"
        ".json).",
    )(command)


def confirm_write(app: App, target: Target, yes: bool, question: str) -> None:
    """Writes to a real instance need --yes or a person answering the prompt."""
    if target.is_sandbox or yes:
        return
    if not app.terminal.interactive:
        app.abort(
            f"refusing to write to {target.describe()} without a terminal to confirm; "
            "run again with --yes",
        )
    if not app.terminal.confirm(question):
        app.abort("cancelled; nothing was written")
