"""The official Marketo Swagger files, shipped as package data (see README.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

SpecName = Literal["identity", "asset", "mapi", "user", "asset_v2"]
SPEC_NAMES: tuple[SpecName, ...] = ("identity", "asset", "mapi", "user")
"""Adobe's official Swagger files."""
DOC_SPECS: tuple[SpecName, ...] = ("asset_v2",)
"""Specs written by hand from Adobe's docs where no official file exists (marked in the file)."""
_FILES: dict[str, str] = {"asset_v2": "asset-v2.from-docs.json"}


def spec_text(name: SpecName) -> str:
    file_name = _FILES.get(name, f"swagger-{name}.json")
    return (resources.files(__package__) / file_name).read_text(encoding="utf-8")


@cache
def load_spec(name: SpecName) -> dict[str, Any]:
    """The parsed spec; cached, so callers must not mutate it."""
    data: dict[str, Any] = json.loads(spec_text(name))
    return data
