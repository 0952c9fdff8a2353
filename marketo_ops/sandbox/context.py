"""What a handler gets: the store, the clock, the configuration and the call's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    headers: Mapping[str, str] = field(default_factory=dict)
    """The request's headers (case-blind), for APIs that take parameters there (v2's
    ``x-app-type``)."""
