"""Marketo's three call limits, met through the SDK.

The SDK throttles itself (50 calls / 20 s, 5 in flight by default), so these tests configure it
*above* what the sandbox allows, as happens when other integrations share the instance's budget:

* 606 (window full): the SDK waits for the window and retries; the user sees success;
* 615 (too many in flight): retried after a short back-off; the user sees success;
* 607 (daily quota): raised at once as ``DailyQuotaError`` and never retried.

Every sandbox here runs on a manual clock shared with the client, so waiting out a 20-second
window takes no real time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.errors import DailyQuotaError
from marketo_ops.sandbox import Sandbox, SandboxConfig

MA_DEFAULT = "Marketing Activities/Default"


def make_sandbox(clock: ManualClock | None = None, **limits: object) -> Sandbox:
    config = SandboxConfig(validate_responses=True, **limits)  # type: ignore[arg-type]
    return Sandbox(":memory:", config, clock=clock or ManualClock())


@pytest.fixture
def rate_limited() -> Iterator[Sandbox]:
    box = make_sandbox(rate_limit=(5, 20.0))
    yield box
    box.close()


def create_programs(client: Marketo, sandbox: Sandbox, count: int, prefix: str) -> None:
    folder = {"id": sandbox.admin.folder(MA_DEFAULT).id, "type": "Folder"}
    for number in range(count):
        client.assets.programs.create(
            name=f"{prefix} {number}", folder=folder, type="Default", channel="Operational"
        )


def program_names(client: Marketo) -> list[str]:
    return sorted(p.name for p in client.assets.programs.list())


# --- 606 ----------------------------------------------------------------------------------------
def test_606_window_is_waited_out_and_retried(rate_limited: Sandbox) -> None:
    clock = rate_limited.clock
    assert isinstance(clock, ManualClock)
    started = clock.monotonic()
    with Marketo.sandbox(rate_limited, rate_limit_calls=50) as client:
        create_programs(client, rate_limited, 12, "Windowed")
        retries = client.stats.retries
        assert retries > 0
        assert client.stats.errors["RateLimitError"] == retries
        assert client.stats.by_operation["createProgramUsingPOST"] == 12 + retries
        assert clock.monotonic() - started >= 20  # it waited for the window (on the clock)
        assert program_names(client) == sorted(f"Windowed {n}" for n in range(12))


def test_sdk_limiter_set_at_the_instance_limit_never_meets_606(rate_limited: Sandbox) -> None:
    with Marketo.sandbox(rate_limited, rate_limit_calls=5) as client:
        create_programs(client, rate_limited, 12, "Paced")
        assert len(program_names(client)) == 12
    assert client.stats.retries == 0
    assert client.stats.errors == {}


@pytest.mark.anyio
async def test_606_with_the_async_client(rate_limited: Sandbox) -> None:
    folder = {"id": rate_limited.admin.folder(MA_DEFAULT).id, "type": "Folder"}
    async with AsyncMarketo.sandbox(rate_limited, rate_limit_calls=50, max_concurrency=5) as client:
        await asyncio.gather(
            *(
                client.assets.programs.create(
                    name=f"Async {n}", folder=folder, type="Default", channel="Operational"
                )
                for n in range(12)
            )
        )
        names = sorted([p.name async for p in client.assets.programs.list()])
    assert names == sorted(f"Async {n}" for n in range(12))
    assert client.stats.retries > 0


# --- 615 ----------------------------------------------------------------------------------------
class YieldingClock(ManualClock):
    """A manual clock whose sleeps also let other threads run for a moment.

    Back-offs still advance the clock instantly, but a thread that was refused with 615 gives the
    calls in flight (held by the sandbox's real latency) the chance to finish before it retries.
    """

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        time.sleep(0.01)


def test_615_concurrency_limit_is_retried_from_threads() -> None:
    box = make_sandbox(YieldingClock(), concurrency_limit=2, latency=(20.0, 20.0))
    try:
        with Marketo.sandbox(box, max_concurrency=10, max_retries=20) as client:
            client.assets.channels.get_by_name(name="Operational")  # fetch the token once
            with ThreadPoolExecutor(max_workers=6) as pool:
                found = list(
                    pool.map(
                        lambda name: client.assets.channels.get_by_name(name=name),
                        ["Operational", "Webinar", "Nurture", "Content", "Tradeshow", "Email Send"],
                    )
                )
        assert [c.name if c else None for c in found] == [
            "Operational",
            "Webinar",
            "Nurture",
            "Content",
            "Tradeshow",
            "Email Send",
        ]
        assert client.stats.errors["ConcurrencyLimitError"] > 0
        assert client.stats.retries == client.stats.errors["ConcurrencyLimitError"]
    finally:
        box.close()


# --- 607 ----------------------------------------------------------------------------------------
def test_607_daily_quota_is_raised_and_not_retried() -> None:
    box = make_sandbox(daily_quota=3)
    try:
        with Marketo.sandbox(box) as client:
            for _ in range(3):
                client.assets.channels.get_by_name(name="Operational")
            with pytest.raises(DailyQuotaError) as caught:
                client.assets.channels.get_by_name(name="Operational")
            assert caught.value.code == 607
            assert client.stats.retries == 0
            assert client.stats.by_operation["getChannelByNameUsingGET"] == 4  # no second try
            # the quota resets at midnight US Central
            assert isinstance(box.clock, ManualClock)
            box.clock.advance(24 * 3600)
            assert client.assets.channels.get_by_name(name="Operational") is not None
    finally:
        box.close()
