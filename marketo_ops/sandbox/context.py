"""What a handler gets: the store, the clock, the configuration and the call's parameters."""

from __future__ import annotations

from dataclasses import dataclass

from .._clock import Clock
from .config import SandboxConfig
from .params import Params
from .routing import Operation
from .store.db import Store


@dataclass
class Ctx:
    store: Store
    clock: Clock
    config: SandboxConfig
    params: Params
    request_id: str
    operation: Operation
    base_url: str
    """Scheme and host the call arrived on, for URLs the sandbox hands out (file URLs)."""
