"""One rich wrapper for everything the command line prints.

Commands never call ``print`` or build their own ``Console``: results go to standard output
(plain when piped, JSON with ``--json``), diagnostics go to standard error, so that
``marketo-ops plan --json > plan.json`` stays machine-readable.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console, RenderableType
from rich.markup import escape


class Terminal:
    def __init__(self, *, no_color: bool = False, width: int | None = None) -> None:
        self.out = Console(no_color=no_color, width=width, highlight=False, soft_wrap=True)
        self.err = Console(
            stderr=True, no_color=no_color, width=width, highlight=False, soft_wrap=True
        )

    @property
    def interactive(self) -> bool:
        """True when a person can answer a prompt (both stdin and stdout are terminals)."""
        return sys.stdin.isatty() and self.out.is_terminal

    def print(self, renderable: RenderableType = "", *, markup: bool = True) -> None:
        self.out.print(renderable, markup=markup)

    def text(self, message: str) -> None:
        """Print literal text to standard output, never interpreting rich markup in it."""
        self.out.print(message, markup=False, highlight=False)

    def json(self, data: Any) -> None:
        """Write JSON to standard output exactly, without rich's wrapping or colouring."""
        self.out.file.write(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")
        self.out.file.flush()

    def info(self, message: str) -> None:
        self.err.print(escape(message), style="dim")

    def success(self, message: str) -> None:
        self.err.print(escape(message), style="green")

    def warning(self, message: str) -> None:
        self.err.print(f"[yellow]Warning:[/yellow] {escape(message)}")

    def error(self, message: str) -> None:
        self.err.print(f"[bold red]Error:[/bold red] {escape(message)}")

    def confirm(self, question: str) -> bool:
        answer = self.err.input(f"{escape(question)} [y/N]: ")
        return answer.strip().lower() in {"y", "yes"}
