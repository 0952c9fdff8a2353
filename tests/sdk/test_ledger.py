"""The machine-wide ledger: limiters of different processes booking in one file act as one."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from marketo_ops import ManualClock, Marketo
from marketo_ops._ledger import ARRIVAL_GUARD, FileLedger, Limits, process_alive
from marketo_ops._limits import Limiter
from tests.sdk.mock_marketo import BASE_URL, CLIENT_ID, CLIENT_SECRET

INSTANCE = "https://123-abc-456.mktorest.com"


def ledger(path: Path, clock: ManualClock, pid: int) -> FileLedger:
    """A ledger as process ``pid`` sees it (every fake pid is alive unless said otherwise)."""
    return FileLedger(path, INSTANCE, time=clock.time, pid=pid, alive=lambda _: True)


def test_two_limiters_on_one_file_share_the_window(tmp_path: Path) -> None:
    clock = ManualClock()
    path = tmp_path / "limits.sqlite3"
    first = Limiter(3, 20.0, 10, clock, ledger=ledger(path, clock, pid=101))
    second = Limiter(3, 20.0, 10, clock, ledger=ledger(path, clock, pid=102))
    first.release(first.acquire())
    first.release(first.acquire())
    second.release(second.acquire())
    assert clock.slept == []
    second.acquire()  # the window holds 3 calls of two "processes": wait for the oldest
    assert clock.slept == [pytest.approx(20.0)]


def test_two_limiters_on_one_file_share_the_in_flight_cap(tmp_path: Path) -> None:
    clock = ManualClock()
    path = tmp_path / "limits.sqlite3"
    first = Limiter(100, 20.0, 2, clock, ledger=ledger(path, clock, pid=101))
    other = ledger(path, clock, pid=102)
    held = [first.acquire(), first.acquire()]
    limits = Limits(100, 20.0, 2)
    assert other.try_acquire(limits) == (None, math.inf)
    first.release(held[0])
    ticket, wait = other.try_acquire(limits)
    assert ticket is not None
    assert wait == 0.0


def test_the_bookings_of_a_dead_process_stop_holding_slots(tmp_path: Path) -> None:
    clock = ManualClock()
    path = tmp_path / "limits.sqlite3"
    dead = ledger(path, clock, pid=101)
    limits = Limits(100, 20.0, 1)
    assert dead.try_acquire(limits)[0] is not None  # then the process is killed mid-call
    survivor = FileLedger(path, INSTANCE, time=clock.time, pid=102, alive=lambda pid: pid != 101)
    ticket, _ = survivor.try_acquire(limits)
    assert ticket is not None  # its in-flight slot is free at once
    # ... but the call it sent still counts in the window, as it does at Marketo
    assert survivor.try_acquire(Limits(2, 20.0, 5)) == (None, pytest.approx(20.0 + ARRIVAL_GUARD))


def test_a_killed_process_does_not_hold_a_slot_forever(tmp_path: Path) -> None:
    path = tmp_path / "limits.sqlite3"
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from marketo_ops._ledger import FileLedger, Limits
        ledger = FileLedger(Path({str(path)!r}), {INSTANCE!r}, time=time.time)
        ledger.try_acquire(Limits(100, 20.0, 1))
        print(os.getpid(), flush=True)
        os._exit(9)  # killed while its call is in flight
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    pid = int(done.stdout)
    assert not process_alive(pid)
    clock = ManualClock(start=time.time())
    survivor = FileLedger(path, INSTANCE, time=clock.time)
    ticket, wait = survivor.try_acquire(Limits(100, 20.0, 1))
    assert (ticket is not None, wait) == (True, 0.0)


def test_clients_of_a_real_instance_share_the_machine_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET) as real:
        assert real.limiter.shared_across_processes
        assert isinstance(real.limiter.ledger, FileLedger)
        assert real.limiter.ledger.path == tmp_path / "marketo-ops" / "limits.sqlite3"
    with Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=ManualClock()) as faked:
        assert not faked.limiter.shared_across_processes
    with Marketo.sandbox() as sandbox:
        assert not sandbox.limiter.shared_across_processes


def test_an_unwritable_cache_dir_falls_back_to_process_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET) as client:
        assert not client.limiter.shared_across_processes
    assert "rate limits not shared with other processes" in caplog.text
