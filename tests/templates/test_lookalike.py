"""Invisible and look-alike characters in names (marketo_ops.templates.lookalike)."""

from __future__ import annotations

import pytest

from marketo_ops.templates.lookalike import confusables, is_invisible, shown, skeleton

CYRILLIC_A = "\u0430"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Send alert", "Send alert\u200b"),  # zero-width space
        ("Send alert", "Send\u00a0alert"),  # no-break space
        ("Send alert", f"Send {CYRILLIC_A}lert"),  # Cyrillic a
        ("Send alert", "\uff33end alert"),  # fullwidth S
        ("Send alert", "send  ALERT"),  # case and spacing
    ],
)
def test_look_alike_names_share_a_skeleton(first: str, second: str) -> None:
    assert skeleton(first) == skeleton(second)


def test_different_names_keep_different_skeletons() -> None:
    assert skeleton("Send alert") != skeleton("Send alerts")


@pytest.mark.parametrize(
    ("name", "found"),
    [
        (f"Send {CYRILLIC_A}lert", [(CYRILLIC_A, "a")]),
        ("\uff33end", [("\uff33", "S")]),
        ("Отправка письма", []),  # a name wholly in Cyrillic is just Russian
        ("Send alert", []),
        ("Café \u2013 Déjà vu", []),  # accents and an en dash are not look-alikes
    ],
)
def test_confusables(name: str, found: list[tuple[str, str]]) -> None:
    assert [(c.char, c.looks_like) for c in confusables(name)] == found


def test_invisible_characters_are_shown() -> None:
    assert [is_invisible(ch) for ch in "a\u200b\u00a0\u2060 b"] == [
        False, True, True, True, False, False,
    ]  # fmt: skip
    assert shown("Send\u200b alert\x07") == "Send<U+200B> alert<U+0007>"
