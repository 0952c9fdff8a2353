"""Client-side throttling so that a well-behaved run never sees 606 or 615.

Marketo counts calls per instance: at most 100 calls in any 20-second window and 10 in flight.
A call counts at the server when it *arrives*, which is somewhere between the moment we send it
and the moment its answer comes back. The limiter therefore books a call from the moment it is
sent until ``window`` seconds after its answer arrived: however the network delays it, the
server can never see more calls in one window than we allow.

One :class:`Limiter` exists per instance (base URL) and clock, shared by every client talking to
it: sync clients in threads and async clients in event loops alike.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

from ._clock import SYSTEM_CLOCK, Clock

#: How long a waiter blocks before re-checking, in case a release happened in another loop.
_RECHECK_SECONDS = 0.25
#: Shortest wait, so float rounding can never turn a wait into a busy loop.
_MIN_WAIT = 0.001


@dataclass
class LimiterStats:
    acquired: int = 0
    max_in_flight: int = 0
    waited_seconds: float = 0.0


class Limiter:
    """Sliding-window rate limit plus an in-flight cap, safe across threads and event loops."""

    def __init__(
        self, calls: int, window: float, concurrency: int, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        if calls < 1 or concurrency < 1 or window <= 0:
            raise ValueError("limits must be positive")
        self.calls = calls
        self.window = window
        self.concurrency = concurrency
        self.clock = clock
        self.stats = LimiterStats()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._finished: deque[float] = deque()  # answer times of calls still inside the window
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def tighten(self, calls: int, window: float, concurrency: int) -> None:
        """Adopt stricter limits when another client of the same instance asks for them."""
        with self._cond:
            self.calls = min(self.calls, calls)
            self.window = max(self.window, window)
            self.concurrency = min(self.concurrency, concurrency)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _try_acquire(self) -> float | None:
        """Take a slot and return None, or return how long to wait (inf: until a release)."""
        now = self.clock.monotonic()
        horizon = now - self.window
        while self._finished and self._finished[0] <= horizon:
            self._finished.popleft()
        if self._in_flight >= self.concurrency:
            return math.inf
        if self._in_flight + len(self._finished) >= self.calls:
            if not self._finished:
                return math.inf
            return max(self._finished[0] - horizon, _MIN_WAIT)
        self._in_flight += 1
        self.stats.acquired += 1
        self.stats.max_in_flight = max(self.stats.max_in_flight, self._in_flight)
        return None

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._finished.append(self.clock.monotonic())
            self._cond.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, future in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_wake, future)

    def acquire(self) -> None:
        while True:
            with self._cond:
                wait = self._try_acquire()
                if wait is None:
                    return
                if math.isinf(wait):
                    self._cond.wait(timeout=_RECHECK_SECONDS)
                    continue
            self.stats.waited_seconds += wait
            self.clock.sleep(wait)

    async def aacquire(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            future: asyncio.Future[None] | None = None
            with self._cond:
                wait = self._try_acquire()
                if wait is None:
                    return
                if math.isinf(wait):
                    future = loop.create_future()
                    self._async_waiters.append((loop, future))
            if future is None:
                self.stats.waited_seconds += wait
                await self.clock.asleep(wait)
                continue
            try:
                await asyncio.wait_for(asyncio.shield(future), timeout=_RECHECK_SECONDS)
            except TimeoutError:
                with self._cond:
                    if (loop, future) in self._async_waiters:
                        self._async_waiters.remove((loop, future))

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    @asynccontextmanager
    async def aslot(self) -> AsyncIterator[None]:
        await self.aacquire()
        try:
            yield
        finally:
            self.release()

    def __repr__(self) -> str:
        return (
            f"Limiter({self.calls} calls/{self.window:g}s, {self.concurrency} in flight, "
            f"now {self._in_flight} in flight)"
        )


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


_REGISTRY: dict[tuple[str, int], Limiter] = {}
_REGISTRY_LOCK = threading.Lock()


def shared_limiter(
    base_url: str, *, calls: int, window: float, concurrency: int, clock: Clock = SYSTEM_CLOCK
) -> Limiter:
    """The one limiter of an instance; a client asking for stricter limits tightens it."""
    key = (base_url.rstrip("/").lower(), id(clock))
    with _REGISTRY_LOCK:
        limiter = _REGISTRY.get(key)
        if limiter is None or limiter.clock is not clock:
            limiter = Limiter(calls, window, concurrency, clock)
            _REGISTRY[key] = limiter
        else:
            limiter.tighten(calls, window, concurrency)
        return limiter
