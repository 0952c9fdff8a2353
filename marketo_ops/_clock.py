"""Time as a dependency.

Token lifetimes, the 20-second rate window and the daily quota all depend on time. The SDK's
limiter and token cache, and the sandbox's limits and token expiry, read the same kind of clock,
so tests swap in a :class:`ManualClock` and never sleep for real.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (for windows and lifetimes)."""
        ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch (for dates and the daily quota reset)."""
        ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0))

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that moves only when told to, or when someone sleeps on it.

    Sleeping advances the clock by the requested time instead of waiting, so code that waits for
    a rate window runs instantly in tests while still seeing time pass consistently.
    """

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._epoch = start
        self.slept: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._offset

    def time(self) -> float:
        with self._lock:
            return self._epoch + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._offset += seconds

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            with self._lock:
                self.slept.append(seconds)
                self._offset += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"ManualClock(t={self.monotonic():.3f})"


SYSTEM_CLOCK = SystemClock()
