"""Names: Marketo's camelCase wire names to Python identifiers, and text clean-up for docs."""

from __future__ import annotations

import html
import keyword
import re

_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def snake(name: str) -> str:
    """snake_case of a camelCase wire name: ``createdAt`` -> ``created_at``.

    Acronyms stay one word: ``marketoGUID`` -> ``marketo_guid``, ``replyTO`` -> ``reply_to``.
    """
    text = _ACRONYM_BOUNDARY.sub(r"\1_\2", name)
    text = _WORD_BOUNDARY.sub(r"\1_\2", text)
    text = _NOT_IDENTIFIER.sub("_", text).strip("_").lower()
    return re.sub(r"_+", "_", text)


def is_placeholder(name: str) -> bool:
    """Spec property names like ``{fieldApiName}`` document dynamic fields; they are not fields."""
    return not name or name.startswith("{") or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)


def safe_identifier(name: str, taken: frozenset[str] = frozenset()) -> str:
    """A valid, non-keyword identifier that avoids ``taken`` (a trailing ``_`` when needed)."""
    result = name if name and not name[0].isdigit() else f"_{name}"
    while keyword.iskeyword(result) or result in taken:
        result += "_"
    return result


def plain_text(text: str | None) -> str:
    """Spec descriptions without HTML tags, entities or runs of whitespace."""
    if not text:
        return ""
    text = html.unescape(_TAG.sub("", text)).translate(_TYPOGRAPHIC)
    return _SPACES.sub(" ", text).strip()


def first_sentence(text: str) -> str:
    """The first sentence of a description (what fits a one-line summary)."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text
