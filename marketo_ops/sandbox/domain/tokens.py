"""My Tokens on folders and programs.

Creating a token with an existing name updates it (Marketo's "create or update"); reading a
folder's tokens includes those inherited from its parents (the nearest definition wins), as the
Marketo UI shows them; only tokens defined on the folder itself can be deleted there. Values are
checked by type (date ``yyyy-MM-dd``, number, score, text, rich text, sfdc campaign) and names are
limited to 50 characters.
"""

from __future__ import annotations

import re
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from . import tree

TOKEN_TYPES: Final = ("date", "number", "rich text", "score", "sfdc campaign", "text")
MAX_NAME: Final = 50


def clean_name(name: str) -> str:
    """``{{my.Event Date}}`` and ``my.Event Date`` both mean ``Event Date``."""
    match = re.fullmatch(r"\s*\{\{\s*my\.(.+?)\s*\}\}\s*", name) or re.fullmatch(
        r"\s*my\.(.+?)\s*", name
    )
    return (match.group(1) if match else name).strip()


def check_value(kind: str, value: str) -> None:
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise errors.business_rule(
                f"Invalid value '{value}' for a date token; expected yyyy-MM-dd"
            )
    elif kind == "number":
        try:
            float(value)
        except ValueError:
            raise errors.business_rule(f"Invalid value '{value}' for a number token") from None
    elif kind == "score" and not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise errors.business_rule(
            f"Invalid value '{value}' for a score token; expected an integer"
        )


def put(store: Store, owner: Row, name: str, kind: str, value: str) -> None:
    name = clean_name(name)
    kind = kind.strip().lower()
    if kind not in TOKEN_TYPES:
        raise errors.invalid_value(kind, "token type (" + ", ".join(TOKEN_TYPES) + ")")
    if len(name) > MAX_NAME:
        raise errors.business_rule(f"Token name '{name}' is longer than {MAX_NAME} characters")
    check_value(kind, value)
    store.put_token(owner.ref_type, owner.id, name, kind, value)


def visible(store: Store, owner: Row) -> list[dict[str, Any]]:
    """Tokens defined here and inherited from parent folders and programs."""
    seen: dict[str, dict[str, Any]] = {}
    for level in [owner, *tree.ancestors(store, owner)]:
        for token in store.tokens(level.ref_type, level.id):
            key = token["name"].lower()
            if key not in seen:
                prefix = "PG" if level.kind == "program" else "MF"
                seen[key] = {
                    **token,
                    "computedUrl": tree.ui_url(prefix, level.id, "C3"),
                }
    return list(seen.values())


def render(store: Store, owner: Row) -> dict[str, Any]:
    return {
        "folder": {"type": owner.ref_type, "value": owner.id, "id": owner.id},
        "tokens": visible(store, owner),
    }


def delete(store: Store, owner: Row, name: str) -> None:
    name = clean_name(name)
    if not store.delete_token(owner.ref_type, owner.id, name):
        raise errors.ApiError(
            702, f"Token '{name}' not found in {owner.ref_type.lower()} {owner.id}"
        )
