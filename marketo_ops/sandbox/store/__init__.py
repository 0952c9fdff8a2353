"""SQLite state of the sandbox: rows, catalogs, tokens, and the seed of a fresh instance."""

from __future__ import annotations

from .db import Row, Store
from .seed import DEFAULT_WORKSPACE, SECOND_WORKSPACE, seed

__all__ = ["DEFAULT_WORKSPACE", "SECOND_WORKSPACE", "Row", "Store", "seed"]
