"""marketo-ops: a typed SDK for the Marketo Engage REST APIs and a program-template importer.

>>> from marketo_ops import Marketo
>>> client = Marketo.sandbox()            # in-process emulator, no credentials needed
>>> client = Marketo(munchkin_id="123-ABC-456", client_id="...", client_secret="...")

The public names are imported on first use (PEP 562 ``__getattr__``): ``import marketo_ops``
alone loads nothing heavy, so ``marketo-ops --version`` and ``marketo-ops --help`` start fast,
and ``from marketo_ops import Marketo`` still works as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._clock import Clock, ManualClock, SystemClock
    from ._response import APIResponse
    from .client import AsyncMarketo, Marketo
    from .config import Settings, resolve_settings
    from .errors import (
        APIConnectionError,
        APIError,
        APITimeoutError,
        AuthenticationError,
        BusinessRuleError,
        ConcurrencyLimitError,
        ConfigurationError,
        DailyQuotaError,
        DownloadError,
        HTTPStatusError,
        MarketoError,
        NameConflictError,
        NotFoundError,
        RateLimitError,
        TransientError,
    )
    from .pagination import AsyncPaginator, SyncPaginator
    from .templates import ProgramTemplate

#: public name -> the module defining it (relative to this package)
_EXPORTS: dict[str, str] = {
    "APIConnectionError": ".errors",
    "APIError": ".errors",
    "APIResponse": "._response",
    "APITimeoutError": ".errors",
    "AsyncMarketo": ".client",
    "AsyncPaginator": ".pagination",
    "AuthenticationError": ".errors",
    "BusinessRuleError": ".errors",
    "Clock": "._clock",
    "ConcurrencyLimitError": ".errors",
    "ConfigurationError": ".errors",
    "DailyQuotaError": ".errors",
    "DownloadError": ".errors",
    "HTTPStatusError": ".errors",
    "ManualClock": "._clock",
    "Marketo": ".client",
    "MarketoError": ".errors",
    "NameConflictError": ".errors",
    "NotFoundError": ".errors",
    "ProgramTemplate": ".templates",
    "RateLimitError": ".errors",
    "Settings": ".config",
    "SyncPaginator": ".pagination",
    "SystemClock": "._clock",
    "TransientError": ".errors",
    "resolve_settings": ".config",
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APITimeoutError",
    "AsyncMarketo",
    "AsyncPaginator",
    "AuthenticationError",
    "BusinessRuleError",
    "Clock",
    "ConcurrencyLimitError",
    "ConfigurationError",
    "DailyQuotaError",
    "DownloadError",
    "HTTPStatusError",
    "ManualClock",
    "Marketo",
    "MarketoError",
    "NameConflictError",
    "NotFoundError",
    "ProgramTemplate",
    "RateLimitError",
    "Settings",
    "SyncPaginator",
    "SystemClock",
    "TransientError",
    "__version__",
    "resolve_settings",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
