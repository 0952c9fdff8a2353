"""Which failures are retried, how long to wait, and when a retry could duplicate an asset.

Each decision is a small named predicate so the policy reads like Marketo's documentation:

* safe to retry, the call was refused before any work: 606 (window full), 615 (too many in
  flight), 608 (API unavailable), queue-full 1016/1019/1029, and connections that never opened;
* ambiguous, the work may have happened: 604, 611 (at most once), 713, 719, HTTP 5xx, read
  timeouts and dropped connections. These are retried freely for reads and idempotent writes;
  a create or clone is retried only when it has a *recover* check that first looks for the asset
  the failed attempt may have made (no duplicate asset, ever);
* never: 607 (daily quota), 709 (business rules), validation errors, 4xx, a host name that
  does not resolve, and a failed token request (the token provider has its own, shorter retries:
  retrying it again inside every retry of the call would turn a wrong base URL into a minute of
  silence).

The waits are jittered exponential backoff with a cap; 606 waits longer because the window is
20 seconds wide, and a ``Retry-After`` header wins when the server sends one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

from tenacity import RetryCallState

from ._auth import IDENTITY_OPERATION
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ConcurrencyLimitError,
    ConnectionFailedError,
    HostNotFoundError,
    HTTPStatusError,
    MarketoError,
    QueueFullError,
    RateLimitError,
    TransientError,
)

#: Codes Marketo answers without having done the work.
REFUSED_CODES: Final = frozenset({606, 608, 615, 1016, 1019, 1029})
#: Codes after which the work may or may not have happened.
AMBIGUOUS_CODES: Final = frozenset({604, 611, 713, 719})
RETRYABLE_HTTP_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
MAX_SYSTEM_ERROR_RETRIES: Final = 1  # 611 "System error": once, then report it


@dataclass
class RetryContext:
    """Per-call state the predicates read: what kind of call, what happened so far."""

    operation: str
    idempotent: bool
    can_recover: bool = False
    system_errors: int = 0
    previous_ambiguous: bool = False
    history: list[str] = field(default_factory=list)


def error_code(exc: BaseException) -> int | None:
    return getattr(exc, "code", None) if isinstance(exc, MarketoError) else None


def is_final(exc: BaseException) -> bool:
    """Failures no retry of the call can fix."""
    if isinstance(exc, HostNotFoundError):
        return True
    return getattr(exc, "operation", None) == IDENTITY_OPERATION


def is_refused_before_work(exc: BaseException) -> bool:
    """The server (or the network) refused the call before doing anything."""
    if isinstance(exc, ConnectionFailedError):
        return True
    if isinstance(exc, RateLimitError | ConcurrencyLimitError | QueueFullError):
        return True
    return error_code(exc) == 608


def is_ambiguous_failure(exc: BaseException) -> bool:
    """The call may have been carried out even though we got no success."""
    if isinstance(exc, ConnectionFailedError):
        return False
    if isinstance(exc, APIConnectionError | APITimeoutError):
        return True
    if isinstance(exc, HTTPStatusError):
        return exc.status_code in RETRYABLE_HTTP_STATUSES
    return isinstance(exc, TransientError) and error_code(exc) in AMBIGUOUS_CODES


def should_retry(exc: BaseException, ctx: RetryContext) -> bool:
    """The single decision the retry loop asks; updates ``ctx`` as a side effect."""
    code = error_code(exc)
    ctx.history.append(type(exc).__name__ if code is None else str(code))
    if is_final(exc):
        return False
    if is_refused_before_work(exc):
        ctx.previous_ambiguous = False
        return True
    if not is_ambiguous_failure(exc):
        return False
    if code == 611:
        ctx.system_errors += 1
        if ctx.system_errors > MAX_SYSTEM_ERROR_RETRIES:
            return False
    if not ctx.idempotent and not ctx.can_recover:
        return False
    ctx.previous_ambiguous = True
    return True


def backoff_seconds(exc: BaseException | None, attempt: int, rng: random.Random) -> float:
    """Jittered exponential backoff, capped; longer for a full rate window."""
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, int | float) and 0 < retry_after <= 60:
        return float(retry_after)
    if isinstance(exc, RateLimitError):
        base, cap = 5.0, 30.0
    elif isinstance(exc, ConcurrencyLimitError):
        base, cap = 0.5, 5.0
    else:
        base, cap = 0.5, 20.0
    ceiling = min(cap, base * 2.0 ** max(attempt - 1, 0))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


class WaitPolicy:
    """tenacity ``wait`` callable built from :func:`backoff_seconds`."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None else None
        return backoff_seconds(exc, retry_state.attempt_number, self._rng)
