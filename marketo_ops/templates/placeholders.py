"""The three ``{{ ... }}`` syntaxes a template contains, told apart in one place.

- ``{{ region }}``: a naming variable of ours, filled from ``--var region=EMEA`` in every string
  of program.yaml. Always a lower-case identifier without a dot.
- ``{{my.MQL Score Threshold}}``: a Marketo program token. Marketo fills it at send time, so it
  is never substituted, only checked against the template's tokens. Every Marketo token has a
  namespace and a dot (``my.``, ``lead.``, ``system.``...), which is why it can never be mistaken
  for a naming variable.
- ``{{image:Quick Start Logo}}`` (or ``{{file:Price List}}`` for documents): a reference to an
  entry of ``files``, used in HTML. The importer replaces it with the uploaded file's URL
  (:func:`replace_image_refs`), after any conflict rule has renamed the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .findings import FieldPath

VARIABLE_RE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
VARIABLE_NAME_RE = re.compile(r"[a-z_][a-z0-9_]*")
MY_TOKEN_RE = re.compile(r"\{\{\s*my\.([^{}:]+?)\s*(?::[^{}]*)?\}\}", re.IGNORECASE)
IMAGE_RE = re.compile(r"\{\{\s*(?:image|file):\s*([^{}]+?)\s*\}\}")

BUILTIN_VARIABLES = frozenset({"program"})
"""``{{ program }}`` is the final program name, e.g. for 'Change Program Status: Program'."""


@dataclass(frozen=True)
class Occurrence:
    """A placeholder found in a text: its argument and its character offset."""

    name: str
    offset: int


def variables_in(text: str) -> list[Occurrence]:
    return [Occurrence(m.group(1), m.start()) for m in VARIABLE_RE.finditer(text)]


def my_tokens_in(text: str) -> list[Occurrence]:
    return [Occurrence(m.group(1).strip(), m.start()) for m in MY_TOKEN_RE.finditer(text)]


def image_refs_in(text: str) -> list[Occurrence]:
    return [Occurrence(m.group(1), m.start()) for m in IMAGE_RE.finditer(text)]


def fill_variables(text: str, values: Mapping[str, str]) -> str:
    """Replace the variables that have a value; unknown ones stay visible for validation."""

    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return VARIABLE_RE.sub(replace, text)


def replace_image_refs(html: str, urls: Mapping[str, str]) -> str:
    """Point every ``{{image:NAME}}`` at the URL Marketo gave the uploaded file NAME.

    Unknown names are left in place, so a forgotten upload shows up in the approved asset
    rather than as a broken empty ``src``.
    """

    def replace(match: re.Match[str]) -> str:
        return urls.get(match.group(1), match.group(0))

    return IMAGE_RE.sub(replace, html)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def column_of(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def iter_strings(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string value in plain data, with its field path (dictionary keys excluded)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from iter_strings(value, (*path, str(key)))
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            yield from iter_strings(item, (*path, index))


def map_strings(data: Any, change: Callable[[str], str]) -> Any:
    """A copy of plain data with every string value passed through ``change``."""
    if isinstance(data, str):
        return change(data)
    if isinstance(data, Mapping):
        return {key: map_strings(value, change) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [map_strings(item, change) for item in data]
    return data
