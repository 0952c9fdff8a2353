"""Files next to program.yaml: present, inside the folder (links followed), within Marketo's size
limit, readable, and what they claim to be.

An upload of ``logo.png`` that is really an HTML error page saved by a browser is accepted by
Marketo and shows up broken in every email; checking the magic number costs nothing.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..marketo_facts import IMAGE_SIGNATURES
from .context import CheckContext


def check_files(ctx: CheckContext) -> None:
    for _ in ctx.content_texts():
        pass  # reading reports missing, unreadable and non-text files
    for i, entry in enumerate(ctx.spec.files):
        path = ("files", i, "file")
        start = ctx.file_start(entry.file, path)
        if start is None:
            continue
        size, head = start
        if not size:
            ctx.error(path, "empty-file", f"file '{entry.file}' is empty")
            continue
        suffix = PurePosixPath(entry.file).suffix.lower()
        signatures = IMAGE_SIGNATURES.get(suffix)
        if signatures and not head.startswith(signatures):
            kind = suffix.lstrip(".").upper()
            ctx.error(
                path,
                "file-type",
                f"file '{entry.file}' is not a {kind} file, although its name says so",
            )
