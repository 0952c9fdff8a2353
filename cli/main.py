"""Root of the ``marketo-ops`` command.

Each command lives in its own module and is imported only when it is invoked, so that
``marketo-ops --help`` and ``marketo-ops --version`` stay fast and never load the SDK, rich or
the sandbox. The root group also owns the exit-code contract (see :mod:`cli.application`):
click's usage errors exit 64 instead of click's default 2 (which ``plan --detailed-exitcode``
uses for "changes"), Ctrl-C exits 130, and the library's errors exit 1 with one clear line.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from marketo_ops._version import __version__

from .application import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, App

# command name -> "module:attribute", relative to this package
COMMANDS: dict[str, str] = {
    "plan": "plan:plan",
    "apply": "apply:apply",
    "verify": "verify:verify",
    "rollback": "rollback:rollback",
    "import": "import_cmd:import_",
    "export": "export:export",
    "diff": "diff:diff",
    "copy": "copy:copy",
    "validate": "validate:validate",
    "schema": "schema:schema",
    "templates": "templates:templates",
    "sandbox": "sandbox:sandbox",
}


def _debug_requested(args: Sequence[str]) -> bool:
    value = os.environ.get("MARKETO_OPS_DEBUG", "").strip().lower()
    return "--debug" in args or value in {"1", "true", "yes", "on"}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        """Turn the library's errors into one clear line and exit code 1 (tracebacks: --debug),
        and Ctrl-C into exit code 130 with what the command said to do next."""
        from marketo_ops.errors import MarketoError

        try:
            return super().invoke(ctx)
        except MarketoError as exc:
            app = ctx.find_object(App)
            if app is not None and app.debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            _interrupted(ctx)
        except click.Abort as exc:
            if not isinstance(exc.__context__, KeyboardInterrupt):
                raise
            _interrupted(ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run as click does in standalone mode, with the exit codes of our contract."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            exc.show()
            _exit(EXIT_USAGE)
        except click.ClickException as exc:
            exc.show()
            _exit(exc.exit_code)
        except click.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                click.echo("Error: Interrupted.", err=True)
                _exit(EXIT_INTERRUPTED)
            click.echo("Error: Aborted: no answer (standard input is closed).", err=True)
            _exit(EXIT_ERROR)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            # the reader went away (``| head``): nothing more to say, and no second
            # BrokenPipeError when the interpreter flushes standard output at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            _exit(EXIT_ERROR)
        except Exception as exc:
            if _debug_requested(argv):
                raise
            detail = f"{type(exc).__name__}: {exc}"
            click.echo(f"Error: {detail} (run with --debug for details)", err=True)
            _exit(EXIT_ERROR)
        _exit(result if isinstance(result, int) else EXIT_OK)
        return None  # not reached: _exit never returns

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)  # added with @cli.command
        module_name, _, attribute = target.partition(":")
        package = __package__ or "cli"
        module = importlib.import_module(f"{package}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command


def _interrupted(ctx: click.Context) -> NoReturn:
    app = ctx.find_object(App)
    if app is None:
        click.echo("Error: Interrupted.", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
    app.interrupted()


def _exit(code: int | None) -> NoReturn:
    sys.exit(EXIT_OK if code is None else code)


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

    Exit codes: 0 success, 1 error, 2 changes present (plan --detailed-exitcode, diff), 3
    verification failed, 64 usage error, 130 interrupted.
    """
    from .terminal import Terminal

    app = App(terminal=Terminal(no_color=no_color))
    ctx.obj = app
    if debug:
        app.enable_debug()


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI (the ``marketo-ops`` console script)."""
    return cli.main(args=argv, prog_name="marketo-ops")
