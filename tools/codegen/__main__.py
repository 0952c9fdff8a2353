"""``python -m tools.codegen [--check]``: regenerate, or verify that nothing would change."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import generate, stale_files
from .spec import ROOT


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.codegen", description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if any generated file is missing, differs or is stale",
    )
    args = parser.parse_args(argv)
    outputs = generate()
    stale = stale_files(outputs)
    changed = [
        path
        for path, text in outputs.items()
        if not path.exists() or path.read_text("utf-8") != text
    ]
    if args.check:
        for path in changed:
            print(f"out of date: {path.relative_to(ROOT)}")
        for path in stale:
            print(f"stale (no longer generated): {path.relative_to(ROOT)}")
        if changed or stale:
            print("run: python -m tools.codegen")
            return 1
        print(f"{len(outputs)} generated files are up to date")
        return 0
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outputs[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    print(f"{len(outputs)} generated files, {len(changed)} changed, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
