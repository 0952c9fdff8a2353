"""Entry point of the ``marketo-ops`` command and of ``python -m marketo_ops``.

The command-line layer lives in the repository's top-level ``cli/`` folder. A built wheel ships
it as ``marketo_ops._cli`` (so nothing generic named ``cli`` lands in site-packages), while an
editable checkout imports it from the source tree. This launcher hides that difference and keeps
click out of the library's import graph.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def load_cli_package() -> ModuleType:
    """Return the CLI package, wherever this installation keeps it."""
    try:
        return importlib.import_module("marketo_ops._cli")
    except ModuleNotFoundError as exc:
        if exc.name != "marketo_ops._cli":
            raise
        return importlib.import_module("cli")


def main() -> None:
    importlib.import_module(load_cli_package().__name__ + ".main").main()


if __name__ == "__main__":
    main()
