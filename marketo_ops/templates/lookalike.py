"""Characters that make a name look like something it is not.

Marketo shows names as text: two campaigns whose names differ only by a zero-width space, or
by a Cyrillic "a" (U+0430) in place of a Latin one, look identical in every list and report
while being two assets. A template is reviewed as text in a pull request, where those
characters are invisible too. This module finds them, and reduces a name to a *skeleton* (after
Unicode's confusable detection, UTS #39, with a small table of the homoglyphs that occur in
practice) so that look-alike names can be compared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

#: Format characters (category Cf) and others that render as nothing at all.
_INVISIBLE_EXTRA: Final = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")

#: Letters of other scripts that are drawn like Latin letters.
HOMOGLYPHS: Final[dict[str, str]] = {
    # Cyrillic
    "\u0430": "a", "\u0432": "b", "\u0435": "e", "\u043a": "k", "\u043c": "m", "\u043d": "h",
    "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0442": "t", "\u0443": "y", "\u0445": "x",
    "\u0455": "s", "\u0456": "i", "\u0458": "j", "\u0501": "d", "\u04bb": "h", "\u04cf": "l",
    "\u051b": "q", "\u051d": "w", "\u04af": "y",
    # Greek
    "\u03b1": "a", "\u03b2": "b", "\u03b5": "e", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v",
    "\u03bf": "o", "\u03c1": "p", "\u03c4": "t", "\u03c5": "u", "\u03c7": "x", "\u03c9": "w",
    "\u03b3": "y",
}  # fmt: skip
_SCRIPTS_LIKE_LATIN: Final = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def is_invisible(char: str) -> bool:
    """Drawn as nothing, or as a space that is not a space (no-break, thin, ideographic...)."""
    category = unicodedata.category(char)
    return (
        category == "Cf"
        or char in _INVISIBLE_EXTRA
        or (category == "Zs" and char != " ")
        or category in {"Zl", "Zp"}
    )


def is_control(char: str) -> bool:
    """C0/C1 control characters other than tab and line breaks (which YAML allows)."""
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: how to name a character nobody can see."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = _CONTROL_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} {name}".rstrip()


_CONTROL_NAMES: Final = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION",
    0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE",
}  # fmt: skip


def shown(text: str) -> str:
    """The text with every invisible or control character written as ``<U+200B>``."""
    return "".join(
        f"<U+{ord(ch):04X}>" if is_invisible(ch) or is_control(ch) else ch for ch in text
    )


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


@dataclass(frozen=True)
class Confusable:
    char: str
    looks_like: str

    def __str__(self) -> str:
        return f"'{self.char}' ({describe(self.char)}) looks like '{self.looks_like}'"


def confusables(name: str) -> list[Confusable]:
    """Letters that pass for others: another script's letter inside a Latin name, or a
    compatibility form (fullwidth, mathematical, ligature) of a Latin letter or digit."""
    found: list[Confusable] = []
    scripts = {_script(ch) for ch in name} - {None}
    mixed = "LATIN" in scripts and bool(scripts & _SCRIPTS_LIKE_LATIN)
    for char in name:
        category = unicodedata.category(char)
        if not (category.startswith("L") or category == "Nd"):
            continue
        plain = unicodedata.normalize("NFKC", char)
        if plain != char and plain.isascii():
            found.append(Confusable(char, plain))
        elif mixed and _script(char) in _SCRIPTS_LIKE_LATIN:
            twin = HOMOGLYPHS.get(char.lower())
            if twin is not None:
                found.append(Confusable(char, twin.upper() if char.isupper() else twin))
    return found


_SPACES = re.compile(r"\s+")


def skeleton(name: str) -> str:
    """What a reader sees: compatibility forms folded, invisible characters dropped, homoglyphs
    mapped to Latin, case and runs of spaces ignored."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in text
        if not (is_invisible(ch) and unicodedata.category(ch) != "Zs") and not is_control(ch)
    )
    text = "".join(HOMOGLYPHS.get(ch, ch) for ch in text.casefold())
    return _SPACES.sub(" ", text).strip()
