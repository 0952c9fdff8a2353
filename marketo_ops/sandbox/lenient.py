"""Lenient parsing of the JSON-encoded fields Marketo receives inside form bodies.

Real Marketo accepts more than strict JSON for object-valued parameters (``folder``, ``parent``,
``tags``, ``costs``...): single-quoted keys and strings, unquoted enum values such as
``{'id': 12, 'type': Folder}``, Python reprs of lists of dicts (``[{'tagType': 'Region', ...}]``,
what ``str(list_of_dicts)`` gives), ``True``/``None`` and even ``"type"="Folder"`` as printed in
Adobe's own examples. Popular third-party clients depend on that, so the sandbox parses the same
way: strict JSON first, then a small tolerant recursive-descent parser.
"""

from __future__ import annotations

import json
from typing import Any

_BARE_STOP = set(",:=}] \t\r\n")
_LITERALS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "True": True,
    "False": False,
    "None": None,
}


class LenientJSONError(ValueError):
    """The text is not even leniently JSON."""


def loads(text: str) -> Any:
    """Parse strict JSON, falling back to Marketo's lenient dialect."""
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        pass
    parser = _Parser(text)
    value = parser.value()
    parser.skip_ws()
    if parser.pos != len(text):
        raise LenientJSONError(f"unexpected trailing text at {parser.pos}: {text[parser.pos :]!r}")
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        self.skip_ws()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, chars: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise LenientJSONError(f"expected one of {chars!r} at {self.pos} in {self.text!r}")
        self.pos += 1
        return char

    def value(self) -> Any:
        char = self.peek()
        if char == "{":
            return self.obj()
        if char == "[":
            return self.array()
        if char in "\"'":
            return self.string()
        if not char:
            raise LenientJSONError("unexpected end of text")
        return self.bare()

    def obj(self) -> dict[str, Any]:
        self.expect("{")
        result: dict[str, Any] = {}
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            key = self.string() if self.peek() in "\"'" else self.bare_word()
            self.expect(":=")
            result[str(key)] = self.value()
            if self.expect(",}") == "}":
                return result
            if self.peek() == "}":  # trailing comma
                self.pos += 1
                return result

    def array(self) -> list[Any]:
        self.expect("[")
        items: list[Any] = []
        if self.peek() == "]":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            if self.expect(",]") == "]":
                return items
            if self.peek() == "]":
                self.pos += 1
                return items

    def string(self) -> str:
        quote = self.expect("\"'")
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char == "\\" and self.pos < len(self.text):
                escaped = self.text[self.pos]
                self.pos += 1
                if escaped == "u" and self.pos + 4 <= len(self.text):
                    out.append(chr(int(self.text[self.pos : self.pos + 4], 16)))
                    self.pos += 4
                else:
                    out.append(
                        {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(
                            escaped, escaped
                        )
                    )
            elif char == quote:
                return "".join(out)
            else:
                out.append(char)
        raise LenientJSONError("unterminated string")

    def bare_word(self) -> str:
        self.skip_ws()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _BARE_STOP:
            self.pos += 1
        word = self.text[start : self.pos]
        if not word:
            raise LenientJSONError(f"expected a value at {start} in {self.text!r}")
        return word

    def bare(self) -> Any:
        self.skip_ws()
        start = self.pos
        # Bare values may contain spaces ("Email Send"); stop only at structural characters.
        while self.pos < len(self.text) and self.text[self.pos] not in ",}]":
            self.pos += 1
        word = self.text[start : self.pos].strip()
        if not word:
            raise LenientJSONError(f"expected a value at {start} in {self.text!r}")
        if word in _LITERALS:
            return _LITERALS[word]
        try:
            return int(word)
        except ValueError:
            pass
        try:
            return float(word)
        except ValueError:
            return word
