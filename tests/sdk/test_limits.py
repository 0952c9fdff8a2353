"""The client-side limiter keeps bursts under Marketo's window and in-flight limits (fake clock)."""

from __future__ import annotations

import asyncio
import bisect
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import respx

from marketo_ops import ConfigurationError, ManualClock, Marketo
from marketo_ops._limits import Limiter, shared_limiter
from tests.sdk.mock_marketo import BASE_URL, CLIENT_ID, CLIENT_SECRET, envelope

pytestmark = pytest.mark.anyio


def max_in_any_window(starts: list[float], window: float) -> int:
    starts = sorted(starts)
    return max(bisect.bisect_left(starts, s + window) - i for i, s in enumerate(starts))


async def test_burst_of_300_stays_under_100_per_20s_and_10_in_flight():
    clock = ManualClock()
    limiter = Limiter(calls=100, window=20.0, concurrency=10, clock=clock)
    starts: list[float] = []
    in_flight = peak = 0

    async def call() -> None:
        nonlocal in_flight, peak
        async with limiter.aslot():
            starts.append(clock.monotonic())
            in_flight += 1
            peak = max(peak, in_flight)
            await clock.asleep(0.2)  # the call takes a while
            in_flight -= 1

    await asyncio.gather(*(call() for _ in range(300)))

    assert len(starts) == 300
    assert peak == 10
    assert limiter.stats.max_in_flight == 10
    assert max_in_any_window(starts, 20.0) <= 100
    assert clock.monotonic() >= 40.0  # 300 calls need at least three windows


def test_threads_share_the_default_limits_of_one_integration():
    clock = ManualClock()
    limiter = Limiter(calls=50, window=20.0, concurrency=5, clock=clock)
    starts: list[float] = []
    lock = threading.Lock()
    in_flight = peak = 0

    def call(_: int) -> None:
        nonlocal in_flight, peak
        with limiter.slot():
            with lock:
                starts.append(clock.monotonic())
                in_flight += 1
                peak = max(peak, in_flight)
            threading.Event().wait(0.001)
            with lock:
                in_flight -= 1

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(call, range(300)))

    assert peak <= 5
    assert max_in_any_window(starts, 20.0) <= 50


def test_a_call_counts_from_when_it_was_sent():
    clock = ManualClock()
    limiter = Limiter(calls=2, window=20.0, concurrency=10, clock=clock)
    first, second = limiter.acquire(), limiter.acquire()
    clock.advance(5)  # answers arrive 5 s after sending
    limiter.release(first)
    limiter.release(second)
    limiter.acquire()
    # sent at 0, plus the round trip up to the 1 s arrival guard: not 20 s after the answer
    assert clock.monotonic() == pytest.approx(21.0)


def test_a_run_that_fits_in_the_window_never_waits():
    clock = ManualClock()
    limiter = Limiter(calls=50, window=20.0, concurrency=5, clock=clock)
    for _ in range(50):
        with limiter.slot():
            clock.advance(0.15)  # each call takes 150 ms
    assert clock.slept == []
    assert limiter.stats.waited_seconds == 0


def test_a_run_over_the_budget_waits_only_for_the_oldest_call():
    clock = ManualClock()
    limiter = Limiter(calls=50, window=20.0, concurrency=5, clock=clock)
    for _ in range(51):
        with limiter.slot():
            clock.advance(0.15)
    # the 51st call was ready at 7.5 s and waited until the first left the window (20.15 s)
    assert clock.slept == [pytest.approx(20.15 - 7.5)]


def test_waits_are_announced_once_to_listeners():
    clock = ManualClock()
    limiter = Limiter(calls=2, window=20.0, concurrency=10, clock=clock)
    heard: list[tuple[float, str]] = []
    remove = limiter.add_wait_listener(lambda seconds, reason: heard.append((seconds, reason)))
    tickets = [limiter.acquire(), limiter.acquire()]
    clock.advance(0.5)
    for ticket in tickets:
        limiter.release(ticket)
    limiter.acquire()
    assert heard == [(pytest.approx(20.0), "Marketo's rate limit (2 calls per 20 s)")]
    remove()
    limiter.acquire()
    clock.advance(30)
    assert len(heard) == 1


def test_short_waits_are_not_announced():
    clock = ManualClock()
    limiter = Limiter(calls=1, window=0.5, concurrency=10, clock=clock)
    heard: list[float] = []
    limiter.add_wait_listener(lambda seconds, reason: heard.append(seconds))
    limiter.release(limiter.acquire())
    limiter.acquire()
    assert clock.slept
    assert heard == []


def test_clients_of_one_instance_share_one_limiter_and_tighten_it():
    clock = ManualClock()
    first = shared_limiter("https://1-A.example", calls=50, window=20, concurrency=5, clock=clock)
    second = shared_limiter("https://1-a.example/", calls=30, window=20, concurrency=8, clock=clock)
    assert first is second
    assert (first.calls, first.concurrency) == (30, 5)


def test_client_uses_the_shared_limiter(api: respx.MockRouter, clock: ManualClock):
    api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    with (
        Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock, rate_limit_calls=3) as a,
        Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock) as b,
    ):
        assert a.limiter is b.limiter
        for c in (a, b, a, b):
            c.request("GET", "/rest/asset/v1/channels.json")
    assert clock.monotonic() >= 20.0  # the 4th call waited for the window


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("rate_limit_calls", 101, "exceeds the instance limit of 100 calls per 20 seconds"),
        ("max_concurrency", 11, "exceeds the instance limit of 10 calls in flight"),
    ],
)
def test_limits_cannot_exceed_the_instance(option: str, value: int, message: str):
    with pytest.raises(ConfigurationError, match=message):
        Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, **{option: value})
