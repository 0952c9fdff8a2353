"""How plans, apply progress, verification and the program tree look in a terminal.

The library renders plain text (``marketo_ops.importer.render``); this adds Terraform's colours
to the same lines and rich's progress bar and tree, so piped output stays plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.tree import Tree

from .terminal import Terminal

if TYPE_CHECKING:
    from marketo_ops.importer import Action, Plan, VerifyReport
    from marketo_ops.importer.render import TreeNode

_COLOURS = {"+": "green", "~": "yellow", "-": "red", "=": "dim", "!": "bold red"}


def _styled(line: str) -> str:
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    first = stripped[:1]
    text = escape(stripped)
    if first in _COLOURS and stripped[1:2] == " ":
        return f"{indent}[{_COLOURS[first]}]{text}[/]"
    if stripped.startswith(("Plan:", "No changes.")):
        return f"[bold]{text}[/bold]"
    if stripped.startswith(("Problems", "Verification failed", "FAIL")):
        return f"[bold red]{text}[/]"
    if stripped.startswith(("Verified", "ok ")):
        return f"{indent}[green]{text}[/]"
    if stripped.startswith("TODO"):
        return f"{indent}[yellow]{text}[/]"
    return f"{indent}{text}"


def show_lines(terminal: Terminal, text: str) -> None:
    for line in text.splitlines():
        terminal.print(_styled(line))


def show_plan(terminal: Terminal, plan: Plan) -> None:
    show_lines(terminal, plan.render())


def show_verify(terminal: Terminal, report: VerifyReport) -> None:
    from marketo_ops.importer.render import render_verify

    show_lines(terminal, render_verify(report))


def show_tree(terminal: Terminal, node: TreeNode) -> None:
    def build(target: Tree, current: TreeNode) -> None:
        for child in current.children:
            build(target.add(escape(child.label)), child)

    tree = Tree(f"[bold]{escape(node.label)}[/bold]")
    build(tree, node)
    terminal.print(tree)


@contextmanager
def apply_progress(terminal: Terminal, total: int) -> Iterator[Callable[[str, Action], None]]:
    """A progress bar on standard error; yields the callback apply reports to."""
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=terminal.err,
        transient=False,
        disable=not terminal.err.is_terminal,
    )
    task = progress.add_task("Applying", total=total)

    def report(event: str, action: Action) -> None:
        label = f"{action.op.symbol} {action.kind.label} '{action.name}'"
        if event == "start":
            progress.update(task, description=escape(f"Applying {label}"))
        elif event == "done":
            progress.advance(task)
        elif event == "failed":
            progress.update(task, description=escape(f"Failed: {label}"))

    with progress:
        yield report
