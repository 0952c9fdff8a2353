"""The official Marketo Swagger files, shipped as package data (see README.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

SpecName = Literal["identity", "asset", "mapi", "user"]
SPEC_NAMES: tuple[SpecName, ...] = ("identity", "asset", "mapi", "user")


def spec_text(name: SpecName) -> str:
    return (resources.files(__package__) / f"swagger-{name}.json").read_text(encoding="utf-8")


@cache
def load_spec(name: SpecName) -> dict[str, Any]:
    """The parsed spec; cached, so callers must not mutate it."""
    data: dict[str, Any] = json.loads(spec_text(name))
    return data
