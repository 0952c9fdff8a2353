"""File arguments of multipart operations: what callers may pass, and how it is sent.

Templates, files and bulk imports are uploaded as multipart parts. Callers pass whatever they
have at hand:

* ``bytes``: the content itself;
* ``str``: the content itself as text (HTML templates are usually built as strings), sent UTF-8;
* ``pathlib.Path``: a file on disk, read when the call is made (its name becomes the file name);
* ``(file name, bytes, content type)``: sent as given.

A path must be a ``Path``: a ``str`` is never opened as a file name, so an HTML string that
happens to look like a path cannot read the local disk.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TypeAlias

from .._encoding import FileTuple

__all__ = ["FileInput", "FileTuple", "as_file"]

FileInput: TypeAlias = bytes | str | Path | FileTuple

_FALLBACK_TYPE = "application/octet-stream"


def _guess_type(filename: str) -> str:
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or _FALLBACK_TYPE


def as_file(value: FileInput, default_name: str) -> FileTuple:
    """``(file name, content, content type)`` for one multipart file part.

    ``default_name`` names the part when the value does not carry a name itself (bytes, text);
    the content type is guessed from the file name.
    """
    if isinstance(value, tuple):
        return value
    if isinstance(value, Path):
        return value.name, value.read_bytes(), _guess_type(value.name)
    content = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return default_name, content, _guess_type(default_name)
