"""Placeholder until tools/codegen generates the resource tree (replaced by the generator)."""

from __future__ import annotations


class SyncResourceTree:
    def _init_resources(self) -> None:
        """Attach the API areas (``assets``, ``leads``...) to a sync client."""


class AsyncResourceTree:
    def _init_resources(self) -> None:
        """Attach the API areas (``assets``, ``leads``...) to an async client."""
