"""Where the limiter books calls: in this process, or in a file every process on the machine shares.

A *ledger* holds the calls of one Marketo instance that still count against its limits: the
calls in flight, and the finished ones until their 20-second window has passed. The limiter
asks it for a slot (:meth:`try_acquire`) and gives it back (:meth:`release`); the ledger only
books and counts, the waiting is the limiter's.

* :class:`MemoryLedger`: a deque in this process (tests with a fake clock, the in-process
  sandbox, and the fallback when no shared file can be written).
* :class:`FileLedger`: one SQLite file under the user cache dir for every instance, so that
  parallel scripts and CLI commands against one instance share one budget and never meet a 606
  between themselves. Crash-safe: a transaction is atomic, and a call booked by a process that
  died (killed, crashed) is treated as finished when it was sent, so no process can hold a slot
  forever.

A call counts from the moment it is *sent*, because Marketo counts it when it arrives, which is
after. It is booked until ``window`` after sending plus the smaller of its round trip and
:data:`ARRIVAL_GUARD`: the request reached Marketo at the latest when the answer came back, and
in practice within a second of sending, so the server can never see more calls in one window
than the limiter allows, while a long-running call does not hold the window for 20 seconds after
it ends.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

#: At most this many seconds between sending a call and its arrival at Marketo (see above).
ARRIVAL_GUARD: Final = 1.0
#: An in-flight booking older than this is abandoned, whatever the process that made it.
IN_FLIGHT_LEASE: Final = 3600.0
#: Waits shorter than this are rounded up, so float rounding never turns a wait into a busy loop.
MIN_WAIT: Final = 0.001


@dataclass(frozen=True)
class Limits:
    calls: int
    window: float
    concurrency: int


class Ledger(Protocol):
    """The bookings of one instance. Not thread-safe by itself: the limiter serialises calls."""

    def now(self) -> float:
        """Seconds on the ledger's time scale (shared by every process that uses it)."""
        ...

    def try_acquire(self, limits: Limits) -> tuple[int | None, float]:
        """``(ticket, 0)`` when a call may be sent now, else ``(None, seconds to wait)``;
        ``inf`` means "until a call in flight ends"."""
        ...

    def release(self, ticket: int, limits: Limits) -> None: ...


def booked_until(sent: float, answered: float, window: float) -> float:
    """When a finished call stops counting against the window."""
    return sent + window + min(max(answered - sent, 0.0), ARRIVAL_GUARD)


class MemoryLedger:
    """The bookings of this process only, on the clock's monotonic scale."""

    def __init__(self, monotonic: Callable[[], float]) -> None:
        self.now = monotonic
        self._next = 0
        self._in_flight: dict[int, float] = {}  # ticket -> sent
        self._finished: deque[float] = deque()  # expiries, oldest first

    def try_acquire(self, limits: Limits) -> tuple[int | None, float]:
        now = self.now()
        while self._finished and self._finished[0] <= now:
            self._finished.popleft()
        if len(self._in_flight) >= limits.concurrency:
            return None, math.inf
        if len(self._in_flight) + len(self._finished) >= limits.calls:
            if not self._finished:
                return None, math.inf
            return None, max(self._finished[0] - now, MIN_WAIT)
        self._next += 1
        self._in_flight[self._next] = now
        return self._next, 0.0

    def release(self, ticket: int, limits: Limits) -> None:
        sent = self._in_flight.pop(ticket)
        expiry = booked_until(sent, self.now(), limits.window)
        # answers arrive out of order: keep the deque sorted (it holds at most `calls` items)
        index = len(self._finished)
        while index and self._finished[index - 1] > expiry:
            index -= 1
        self._finished.insert(index, expiry)


_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY,
    instance TEXT NOT NULL,
    pid INTEGER NOT NULL,
    sent REAL NOT NULL,
    expires REAL
);
CREATE INDEX IF NOT EXISTS calls_by_instance ON calls (instance, expires);
"""


def process_alive(pid: int) -> bool:
    """Whether a process of this machine is still running (so its bookings still count)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return True  # cannot tell: keep its bookings (the lease still ends them)
    return True


class FileLedger:
    """The bookings of every process on this machine, in one SQLite file, on wall-clock time.

    Each booking is a row ``(instance, pid, sent, expires)``; ``expires`` is NULL while the call
    is in flight. Every :meth:`try_acquire` runs in one ``BEGIN IMMEDIATE`` transaction (one
    writer at a time, a few hundred microseconds): it drops expired rows, turns the in-flight
    rows of dead processes into finished ones, counts, and books.
    """

    def __init__(
        self,
        path: Path,
        instance: str,
        *,
        time: Callable[[], float],
        pid: int | None = None,
        alive: Callable[[int], bool] = process_alive,
    ) -> None:
        self.path = path
        self.instance = instance
        self.now = time
        self.pid = os.getpid() if pid is None else pid
        self._alive = alive
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _reclaim(self, now: float, window: float) -> None:
        """In-flight rows of dead processes (or past the lease) count as sent, then finished."""
        rows = self._db.execute(
            "SELECT id, pid, sent FROM calls WHERE instance = ? AND expires IS NULL",
            (self.instance,),
        ).fetchall()
        alive: dict[int, bool] = {self.pid: True}
        for row_id, pid, sent in rows:
            if pid not in alive:
                alive[pid] = self._alive(pid)
            if not alive[pid] or sent + IN_FLIGHT_LEASE <= now:
                self._db.execute(
                    "UPDATE calls SET expires = ? WHERE id = ?",
                    (sent + window + ARRIVAL_GUARD, row_id),
                )

    def try_acquire(self, limits: Limits) -> tuple[int | None, float]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                now = self.now()
                self._reclaim(now, limits.window)
                self._db.execute(
                    "DELETE FROM calls WHERE expires IS NOT NULL AND expires <= ?", (now,)
                )
                in_flight, booked, first_expiry = self._db.execute(
                    "SELECT COUNT(*) - COUNT(expires), COUNT(*), MIN(expires) FROM calls "
                    "WHERE instance = ?",
                    (self.instance,),
                ).fetchone()
                if in_flight >= limits.concurrency:
                    wait = math.inf
                elif booked >= limits.calls:
                    wait = math.inf if first_expiry is None else max(first_expiry - now, MIN_WAIT)
                else:
                    cursor = self._db.execute(
                        "INSERT INTO calls (instance, pid, sent, expires) VALUES (?, ?, ?, NULL)",
                        (self.instance, self.pid, now),
                    )
                    self._db.execute("COMMIT")
                    return cursor.lastrowid, 0.0
                self._db.execute("COMMIT")
                return None, wait
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def release(self, ticket: int, limits: Limits) -> None:
        with self._lock:
            now = self.now()
            self._db.execute(
                "UPDATE calls SET expires = sent + ? + MIN(MAX(? - sent, 0), ?) WHERE id = ?",
                (limits.window, now, ARRIVAL_GUARD, ticket),
            )

    def __repr__(self) -> str:
        return f"FileLedger({self.path.as_posix()!r}, instance={self.instance!r})"


def default_ledger_path() -> Path:
    """``limits.sqlite3`` in the user cache dir (``$XDG_CACHE_HOME/marketo-ops`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("marketo-ops", appauthor=False)) / "limits.sqlite3"
