"""The application object every command receives as ``ctx.obj``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import NoReturn

import click

from .terminal import Terminal

# Exit codes shared by every command (Terraform's -detailed-exitcode convention, plus verify).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_USAGE = 2
EXIT_VERIFY_FAILED = 3


@dataclass
class App:
    terminal: Terminal = field(default_factory=Terminal)
    debug: bool = False

    def enable_debug(self) -> None:
        """Send the SDK's (redacted) request log to standard error."""
        from marketo_ops._logging import configure_debug_logging

        self.debug = True
        configure_debug_logging(logging.DEBUG)

    def abort(self, message: str, code: int = EXIT_ERROR) -> NoReturn:
        """Print a clear error and exit; no traceback unless --debug."""
        self.terminal.error(message)
        raise click.exceptions.Exit(code)


pass_app = click.make_pass_decorator(App, ensure=True)
