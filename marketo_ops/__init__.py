"""marketo-ops: a typed SDK for the Marketo Engage REST APIs and a program-template importer.

>>> from marketo_ops import Marketo
>>> client = Marketo.sandbox()            # in-process emulator, no credentials needed
>>> client = Marketo(munchkin_id="123-ABC-456", client_id="...", client_secret="...")
"""

from __future__ import annotations

__version__ = "0.1.0"

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
    HTTPStatusError,
    MarketoError,
    NameConflictError,
    NotFoundError,
    RateLimitError,
    TransientError,
)
from .pagination import AsyncPaginator, SyncPaginator
from .templates import ProgramTemplate

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
