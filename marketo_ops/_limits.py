"""Client-side throttling so that a well-behaved run never sees 606 or 615.

Marketo counts calls per instance: at most 100 calls in any 20-second window and 10 in flight.
The limiter books each call when it is *sent* (see :mod:`._ledger` for exactly how long it
counts), so a run that fits in the window never waits, and one that does not waits only until
the oldest call leaves the window, not 20 seconds after the last answer.

One :class:`Limiter` exists per instance (base URL) and clock in a process, shared by every
client talking to it: sync clients in threads and async clients in event loops alike. Clients
that reach a real instance on the system clock also share their bookings with every other
process of the machine (:class:`~._ledger.FileLedger`), so four scripts started together stay
within one budget.

When the limiter has to wait for the window, it tells its *wait listeners*
(:meth:`Limiter.add_wait_listener`): the command line prints "Waiting 12.3 s for Marketo's rate
limit (50 calls per 20 s)" instead of stalling in silence.
"""

from __future__ import annotations

import asyncio
import math
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ._clock import SYSTEM_CLOCK, Clock
from ._ledger import FileLedger, Ledger, Limits, MemoryLedger, default_ledger_path
from ._logging import logger
from .errors import InvalidArgumentError

#: How long a waiter blocks before re-checking, in case a release happened in another loop or
#: another process.
_RECHECK_SECONDS: Final = 0.25
_CROSS_PROCESS_RECHECK: Final = 0.05

WaitListener = Callable[[float, str], None]
"""Called with the seconds about to be waited and the reason, in the waiting thread."""


@dataclass
class LimiterStats:
    acquired: int = 0
    max_in_flight: int = 0
    waited_seconds: float = 0.0


@dataclass
class _Listener:
    callback: WaitListener
    min_seconds: float


class Limiter:
    """Sliding-window rate limit plus an in-flight cap, safe across threads and event loops."""

    def __init__(
        self,
        calls: int,
        window: float,
        concurrency: int,
        clock: Clock = SYSTEM_CLOCK,
        *,
        ledger: Ledger | None = None,
    ) -> None:
        if calls < 1 or concurrency < 1 or window <= 0:
            raise InvalidArgumentError("limits must be positive")
        self._limits = Limits(calls, window, concurrency)
        self.clock = clock
        self.ledger: Ledger = ledger if ledger is not None else MemoryLedger(clock.monotonic)
        self._shared = not isinstance(self.ledger, MemoryLedger)
        self.stats = LimiterStats()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._async_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._listeners: list[_Listener] = []
        self._announced_until = -math.inf

    @property
    def calls(self) -> int:
        return self._limits.calls

    @property
    def window(self) -> float:
        return self._limits.window

    @property
    def concurrency(self) -> int:
        return self._limits.concurrency

    @property
    def shared_across_processes(self) -> bool:
        """True when the bookings live in the machine-wide ledger file."""
        return self._shared

    def tighten(self, calls: int, window: float, concurrency: int) -> None:
        """Adopt stricter limits when another client of the same instance asks for them."""
        with self._cond:
            current = self._limits
            self._limits = Limits(
                min(current.calls, calls),
                max(current.window, window),
                min(current.concurrency, concurrency),
            )

    @property
    def in_flight(self) -> int:
        return self._in_flight

    # -- listeners ------------------------------------------------------------------------------

    def add_wait_listener(
        self, callback: WaitListener, *, min_seconds: float = 1.0
    ) -> Callable[[], None]:
        """Call ``callback(seconds, reason)`` whenever the limiter starts waiting for the rate
        window for at least ``min_seconds``; returns a function that removes the listener.

        Concurrent callers waiting for the same stretch of the window are announced once.
        Waits for a free in-flight slot are short and not announced.
        """
        listener = _Listener(callback, min_seconds)
        with self._cond:
            self._listeners.append(listener)

        def remove() -> None:
            with self._cond:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def _reason(self) -> str:
        limits = self._limits
        return f"Marketo's rate limit ({limits.calls} calls per {limits.window:g} s)"

    def _announce(self, wait: float) -> None:
        """Tell the listeners about a new stall (called without the lock held)."""
        now = self.clock.monotonic()
        with self._cond:
            if now + wait <= self._announced_until + 0.5:
                return  # another waiter already announced this stretch
            self._announced_until = now + wait
            listeners = list(self._listeners)
            reason = self._reason()
        logger.info("waiting %.1f s for %s", wait, reason)
        for listener in listeners:
            if wait >= listener.min_seconds:
                listener.callback(wait, reason)

    # -- slots ----------------------------------------------------------------------------------

    def _try_acquire(self) -> tuple[int | None, float]:
        """A ticket, or how long to wait (inf: until a release). Called with the lock held."""
        ticket, wait = self.ledger.try_acquire(self._limits)
        if ticket is None:
            return None, wait
        self._in_flight += 1
        self.stats.acquired += 1
        self.stats.max_in_flight = max(self.stats.max_in_flight, self._in_flight)
        return ticket, 0.0

    def _recheck_seconds(self) -> float:
        return _CROSS_PROCESS_RECHECK if self._shared else _RECHECK_SECONDS

    def release(self, ticket: int) -> None:
        """Give back the slot of a finished call (answered, failed or abandoned)."""
        with self._cond:
            self._in_flight -= 1
            self.ledger.release(ticket, self._limits)
            self._cond.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, future in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_wake, future)

    def acquire(self) -> int:
        """Wait for a slot; returns the ticket to :meth:`release` when the call is over."""
        while True:
            with self._cond:
                ticket, wait = self._try_acquire()
                if ticket is not None:
                    return ticket
                if math.isinf(wait):
                    self._cond.wait(timeout=self._recheck_seconds())
                    continue
            self._announce(wait)
            self.stats.waited_seconds += wait
            self.clock.sleep(wait)

    async def aacquire(self) -> int:
        loop = asyncio.get_running_loop()
        while True:
            future: asyncio.Future[None] | None = None
            with self._cond:
                ticket, wait = self._try_acquire()
                if ticket is not None:
                    return ticket
                if math.isinf(wait):
                    future = loop.create_future()
                    self._async_waiters.append((loop, future))
            if future is None:
                self._announce(wait)
                self.stats.waited_seconds += wait
                await self.clock.asleep(wait)
                continue
            try:
                await asyncio.wait_for(asyncio.shield(future), timeout=self._recheck_seconds())
            except TimeoutError:
                with self._cond:
                    if (loop, future) in self._async_waiters:
                        self._async_waiters.remove((loop, future))

    @contextmanager
    def slot(self) -> Iterator[None]:
        ticket = self.acquire()
        try:
            yield
        finally:
            self.release(ticket)

    @asynccontextmanager
    async def aslot(self) -> AsyncIterator[None]:
        ticket = await self.aacquire()
        try:
            yield
        finally:
            self.release(ticket)

    def __repr__(self) -> str:
        limits = self._limits
        where = ", shared by the machine's processes" if self._shared else ""
        return (
            f"Limiter({limits.calls} calls/{limits.window:g}s, {limits.concurrency} in flight"
            f"{where}, now {self._in_flight} in flight)"
        )


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


_REGISTRY: dict[tuple[str, int, str], Limiter] = {}
_REGISTRY_LOCK = threading.Lock()


def instance_key(base_url: str) -> str:
    return base_url.rstrip("/").lower()


def _machine_ledger(instance: str, clock: Clock, path: Path) -> Ledger | None:
    """The machine-wide ledger, or None (in-process limits) when its file cannot be used."""
    try:
        return FileLedger(path, instance, time=clock.time)
    except (OSError, sqlite3.Error) as exc:
        logger.warning("rate limits not shared with other processes (%s: %s)", path, exc)
    return None


def shared_limiter(
    base_url: str,
    *,
    calls: int,
    window: float,
    concurrency: int,
    clock: Clock = SYSTEM_CLOCK,
    machine_wide: bool = False,
    ledger_path: Path | None = None,
) -> Limiter:
    """The one limiter of an instance; a client asking for stricter limits tightens it.

    ``machine_wide`` books calls in the ledger file shared by every process of the machine
    (clients of a real instance on the system clock); otherwise bookings stay in this process.
    """
    instance = instance_key(base_url)
    path = (ledger_path or default_ledger_path()) if machine_wide else None
    key = (instance, id(clock), str(path))
    with _REGISTRY_LOCK:
        limiter = _REGISTRY.get(key)
        if limiter is None or limiter.clock is not clock:
            ledger = _machine_ledger(instance, clock, path) if path is not None else None
            limiter = Limiter(calls, window, concurrency, clock, ledger=ledger)
            _REGISTRY[key] = limiter
        else:
            limiter.tighten(calls, window, concurrency)
        return limiter
