"""Marketo's three call limits, each on only when configured.

* 615 when ``concurrency_limit`` calls are already in flight;
* 606 when the sliding window (``rate_limit`` = calls per seconds) is full;
* 607 when the US-Central day's ``daily_quota`` is used up (it resets at midnight Central).

Windows and days read the sandbox's :class:`~marketo_ops._clock.Clock`, so tests move time
instead of sleeping. A refused call is not counted, so a client that backs off recovers. Identity
calls never reach this (Marketo does not count them).
"""

from __future__ import annotations

import threading
from collections import deque

from .._clock import Clock
from . import errors
from .config import SandboxConfig
from .timefmt import central_day


class Limits:
    def __init__(self, config: SandboxConfig, clock: Clock) -> None:
        self._config = config
        self._clock = clock
        self._lock = threading.Lock()
        self._calls: deque[float] = deque()
        self._in_flight = 0
        self._day = ""
        self._day_count = 0

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def admit(self) -> errors.ApiError | None:
        """Reserve a slot for one call, or the error that refuses it. Pair with :meth:`release`."""
        config = self._config
        with self._lock:
            if config.concurrency_limit is not None and self._in_flight >= config.concurrency_limit:
                return errors.concurrency_limited()
            now = self._clock.monotonic()
            if config.rate_limit is not None:
                calls, seconds = config.rate_limit
                while self._calls and self._calls[0] <= now - seconds:
                    self._calls.popleft()
                if len(self._calls) >= calls:
                    return errors.rate_limited(calls, int(seconds))
            if config.daily_quota is not None:
                day = central_day(self._clock.time())
                if day != self._day:
                    self._day, self._day_count = day, 0
                if self._day_count >= config.daily_quota:
                    return errors.daily_quota()
                self._day_count += 1
            if config.rate_limit is not None:
                self._calls.append(now)
            self._in_flight += 1
            return None

    def release(self) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._day, self._day_count = "", 0
