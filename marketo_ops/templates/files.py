"""Which file a template entry names, and whether the template may read it.

A template may come from a pull request, so it must never make marketo-ops read the reviewer's
disk: every path is relative, stays inside the template folder *after following symbolic links*
(a linked file, a linked folder on the way, a linked image), and is not larger than the limit
for its kind, checked on the file's size before a byte is read. Validation, the importer and the
Python API all go through :func:`locate_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import TemplateFileError
from .marketo_facts import MEGABYTE


@dataclass(frozen=True)
class TemplateFile:
    """A file of the template: as the template names it, and where it really is."""

    relative: str
    shown: Path
    """Under the template folder as given (relative paths stay relative in findings)."""
    real: Path
    """With every symbolic link followed; always inside the template folder."""


def locate_file(source_dir: Path, relative: str) -> TemplateFile:
    """The file ``relative`` names, or :class:`TemplateFileError` if it leaves the folder."""
    candidate = PurePosixPath(relative.replace("\\", "/"))
    if candidate.is_absolute() or ".." in candidate.parts or not candidate.parts:
        raise TemplateFileError(f"'{relative}' must be a relative path inside the template folder")
    shown = source_dir.joinpath(*candidate.parts)
    root = source_dir.resolve()
    real = shown.resolve()
    if real != root and not real.is_relative_to(root):
        raise TemplateFileError(
            f"'{relative}' leads outside the template folder through a symbolic link (to "
            f"{real.as_posix()}); a template reads only files inside its folder"
        )
    return TemplateFile(relative, shown, real)


def size_text(size: int) -> str:
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def too_large(relative: str, size: int, limit: int, whose: str) -> str:
    """The message for a file over its limit, naming the file, its size and the limit."""
    return f"file '{relative}' is {size_text(size)}; {whose} {size_text(limit)}"


def read_limited(file: TemplateFile, limit: int, whose: str) -> bytes:
    """The file's bytes, refusing (before reading) a file over ``limit``."""
    try:
        size = file.real.stat().st_size
        if size > limit:
            raise TemplateFileError(too_large(file.relative, size, limit, whose))
        with file.real.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise TemplateFileError(f"cannot read {file.shown}: {exc.strerror or exc}") from exc
    if len(data) > limit:  # grew since the stat
        raise TemplateFileError(too_large(file.relative, len(data), limit, whose))
    return data


FILE_LIMIT_WHOSE = "Marketo accepts images and files up to"
TEXT_LIMIT_WHOSE = "marketo-ops reads HTML and text files up to"
