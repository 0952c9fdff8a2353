"""The MCP side of one REST client and its copies, made on first use of ``client.mcp``.

A client's ``with_options``/``counting`` copies share it (as they share the token cache), so
one session serves them all while each copy counts its own calls; the client that made it closes
it when it closes.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from .core import MCPCore
from .target import target_of

if TYPE_CHECKING:
    from ..client import _ClientBase


class MCPLink:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._core: MCPCore | None = None

    def core(self, client: _ClientBase[Any, Any]) -> MCPCore:
        with self._lock:
            if self._core is None:
                self._core = MCPCore(target_of(client), limiter=client.limiter, clock=client._clock)
            return self._core

    def close(self) -> None:
        with self._lock:
            core, self._core = self._core, None
        if core is not None:
            core.close()

    def __repr__(self) -> str:
        return f"MCPLink(open={self._core is not None})"
