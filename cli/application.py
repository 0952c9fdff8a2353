"""The application object every command receives as ``ctx.obj``, and the exit codes.

The exit-code contract is the same for every command, so that no error can be taken for a
result by a script or a CI gate (README, "Exit codes"):

====  ==========================================================================================
0     success; in sync; verified
1     error: bad input, invalid template, API failure, plan not applicable
2     changes present (``plan --detailed-exitcode``): a result, not an error
3     verification failed
64    usage error: unknown option, bad option value, missing argument (sysexits' EX_USAGE)
130   interrupted (Ctrl-C), as shells report a SIGINT
====  ==========================================================================================
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from .terminal import Terminal

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_VERIFY_FAILED = 3
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130


def _new_terminal() -> Terminal:
    from .terminal import Terminal  # rich is imported only by commands that print with it

    return Terminal()


@dataclass
class App:
    terminal: Terminal = field(default_factory=_new_terminal)
    debug: bool = False
    interrupt_hint: str | None = None
    """What to tell the user if Ctrl-C stops the command now (e.g. how to resume an apply);
    a command sets it when it starts work that an interruption leaves half done."""

    def enable_debug(self) -> None:
        """Send the SDK's (redacted) request log to standard error."""
        from marketo_ops._logging import configure_debug_logging

        self.debug = True
        configure_debug_logging(logging.DEBUG)

    def abort(self, message: str, code: int = EXIT_ERROR) -> NoReturn:
        """Print a clear error and exit; no traceback unless --debug."""
        self.terminal.error(message)
        raise click.exceptions.Exit(code)

    def interrupted(self) -> NoReturn:
        """Ctrl-C: say so (and what to do next, if the command said), then exit 130."""
        message = "Interrupted."
        if self.interrupt_hint:
            message += " " + self.interrupt_hint
        self.terminal.error(message)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


pass_app = click.make_pass_decorator(App, ensure=True)
