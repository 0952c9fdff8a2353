"""Root of the ``marketo-ops`` command.

Each command lives in its own module and is imported only when it is invoked, so that
``marketo-ops --help`` and ``marketo-ops validate`` stay fast and never load the sandbox.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from marketo_ops import __version__

from .application import EXIT_ERROR, App

# command name -> "module:attribute", relative to this package
COMMANDS: dict[str, str] = {
    "plan": "plan:plan",
    "apply": "apply:apply",
    "verify": "verify:verify",
    "rollback": "rollback:rollback",
    "import": "import_cmd:import_",
    "validate": "validate:validate",
    "schema": "schema:schema",
    "templates": "templates:templates",
    "sandbox": "sandbox:sandbox",
}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        """Turn the library's errors into one clear line and exit code 1 (tracebacks: --debug)."""
        from marketo_ops.errors import MarketoError

        try:
            return super().invoke(ctx)
        except MarketoError as exc:
            app = ctx.find_object(App)
            if app is not None and app.debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        package = __package__ or "cli"
        module = importlib.import_module(f"{package}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marketo-ops")
@click.option(
    "--debug",
    is_flag=True,
    envvar="MARKETO_OPS_DEBUG",
    help="Log every API call (secrets redacted) to standard error and show tracebacks.",
)
@click.option("--no-color", is_flag=True, envvar="NO_COLOR", help="Plain output without colours.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, no_color: bool) -> None:
    """Import Marketo program templates and script the Marketo REST APIs.

    Every command that talks to Marketo targets the embedded sandbox unless it is given a real
    instance (--profile, --base-url or the MARKETO_* environment variables).
    """
    from .terminal import Terminal

    app = App(terminal=Terminal(no_color=no_color))
    ctx.obj = app
    if debug:
        app.enable_debug()


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; unexpected exceptions become one line on stderr unless --debug is given."""
    args = sys.argv[1:] if argv is None else argv
    try:
        return cli.main(args=args, prog_name="marketo-ops", standalone_mode=True)
    except Exception as exc:  # pragma: no cover - last-resort guard, click handles its own
        if "--debug" in args:
            raise
        click.echo(f"Error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(EXIT_ERROR)
