"""Limits (606, 615, 607), latency and injected faults, on a manual clock."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import FaultRule, Sandbox, SandboxConfig
from marketo_ops.sandbox.timefmt import CENTRAL

from .conftest import MA_DEFAULT, folder_ref

CHANNELS = "/rest/asset/v1/channels.json"


def authenticate(client: httpx.Client, sandbox: Sandbox) -> None:
    token = client.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    ).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"


def make(config: SandboxConfig, clock: ManualClock | None = None) -> tuple[Sandbox, httpx.Client]:
    sandbox = Sandbox(":memory:", config, clock=clock or ManualClock())
    client = httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)
    authenticate(client, sandbox)
    return sandbox, client


def codes(client: httpx.Client, calls: int, path: str = CHANNELS) -> list[str]:
    found = []
    for _ in range(calls):
        body = client.get(path).json()
        found.append("ok" if body["success"] else body["errors"][0]["code"])
    return found


@pytest.mark.marketo_verified
def test_rate_limit_606_and_window_recovery() -> None:
    clock = ManualClock()
    sandbox, client = make(SandboxConfig(rate_limit=(5, 20)), clock)
    assert codes(client, 6) == ["ok"] * 5 + ["606"]
    body = client.get(CHANNELS).json()
    assert body["errors"][0]["message"] == "Max rate limit '5' exceeded with in '20' secs"
    # token calls are not counted
    for _ in range(5):
        client.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": sandbox.client_id,
                "client_secret": sandbox.client_secret,
            },
        )
    clock.advance(19.9)
    assert codes(client, 1) == ["606"]
    clock.advance(0.2)
    assert codes(client, 5) == ["ok"] * 5
    sandbox.close()


@pytest.mark.marketo_verified
def test_daily_quota_607_resets_at_us_central_midnight() -> None:
    clock = ManualClock()
    sandbox, client = make(SandboxConfig(daily_quota=3), clock)
    assert codes(client, 4) == ["ok", "ok", "ok", "607"]
    assert client.get(CHANNELS).json()["errors"][0]["message"] == "Daily quota reached"
    now = datetime.fromtimestamp(clock.time(), CENTRAL)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    clock.advance((midnight - now).total_seconds() - 1)
    authenticate(client, sandbox)  # the day outlived the token
    assert codes(client, 1) == ["607"]
    clock.advance(2)
    assert codes(client, 3) == ["ok", "ok", "ok"]
    sandbox.close()


@pytest.mark.marketo_verified
def test_concurrency_limit_615_with_overlapping_threads() -> None:
    sandbox, client = make(SandboxConfig(concurrency_limit=2, latency=(300, 300)))
    results: list[str] = []
    lock = threading.Lock()

    def call() -> None:
        body = client.get(CHANNELS).json()
        with lock:
            results.append("ok" if body["success"] else body["errors"][0]["code"])

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") >= 2
    assert results.count("615") >= 1
    assert set(results) <= {"ok", "615"}
    assert sandbox.app.limits.in_flight == 0
    sandbox.close()


@pytest.mark.anyio
async def test_concurrency_limit_615_async() -> None:
    sandbox = Sandbox(
        ":memory:", SandboxConfig(concurrency_limit=3, latency=(100, 100)), clock=ManualClock()
    )
    async with httpx.AsyncClient(
        transport=sandbox.async_transport(), base_url=sandbox.base_url
    ) as client:
        token = (
            await client.get(
                "/identity/oauth/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": sandbox.client_id,
                    "client_secret": sandbox.client_secret,
                },
            )
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        bodies = await asyncio.gather(*(client.get(CHANNELS) for _ in range(8)))
    outcomes = ["ok" if b.json()["success"] else b.json()["errors"][0]["code"] for b in bodies]
    assert outcomes.count("ok") == 3
    assert outcomes.count("615") == 5
    sandbox.close()


def test_latency_range_is_applied() -> None:
    sandbox, client = make(SandboxConfig(latency=(30, 60)))
    begin = time.perf_counter()
    assert codes(client, 3) == ["ok"] * 3
    assert time.perf_counter() - begin >= 0.09
    sandbox.close()


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        ("604", "604", "Request time-out"),
        ("608", "608", "API Temporarily Unavailable"),
        ("611", "611", "System error"),
        ("713", "713", "Transient Error"),
        ("606", "606", "Max rate limit '100' exceeded with in '20' secs"),
        ("615", "615", "Concurrent access limit reached"),
        ("719", "719", "Lock wait timeout exception"),
    ],
)
def test_envelope_faults(fault: str, code: str, message: str) -> None:
    sandbox, client = make(SandboxConfig(faults={fault: 1.0}))
    body = client.get(CHANNELS).json()
    assert body["success"] is False
    assert body["errors"] == [{"code": code, "message": message}]
    sandbox.close()


@pytest.mark.parametrize(("fault", "status"), [("http502", 502), ("http503", 503)])
def test_gateway_faults_are_not_json(fault: str, status: int) -> None:
    sandbox, client = make(SandboxConfig(faults={fault: 1.0}))
    response = client.get(CHANNELS)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()
    sandbox.close()


def test_dropped_connection_is_a_transport_error() -> None:
    sandbox, client = make(SandboxConfig(faults={"drop": 1.0}))
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(CHANNELS)
    sandbox.close()


@pytest.mark.anyio
async def test_dropped_connection_async() -> None:
    sandbox = Sandbox(":memory:", SandboxConfig(faults={"drop": 1.0}), clock=ManualClock())
    async with httpx.AsyncClient(
        transport=sandbox.async_transport(), base_url=sandbox.base_url
    ) as client:
        token = (
            await client.get(
                "/identity/oauth/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": sandbox.client_id,
                    "client_secret": sandbox.client_secret,
                },
            )
        ).json()["access_token"]
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(CHANNELS, headers={"Authorization": f"Bearer {token}"})
    sandbox.close()


def test_truncated_body_after_the_write_happened() -> None:
    """A create whose answer is cut: the folder exists although the client saw an error."""
    rule = FaultRule("truncate", 1.0, operation="createFolderUsingPOST")
    sandbox, client = make(SandboxConfig(fault_rules=(rule,)))
    parent = sandbox.admin.folder(MA_DEFAULT).id
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(
            "/rest/asset/v1/folders.json", data={"name": "Maybe", "parent": folder_ref(parent)}
        )
    found = client.get("/rest/asset/v1/folder/byName.json", params={"name": "Maybe"}).json()
    assert found["result"][0]["name"] == "Maybe"
    sandbox.close()


def test_targeted_rules_first_match_wins_and_identity_is_never_faulted() -> None:
    rules = (
        FaultRule("611", 1.0, path="/rest/asset/v1/program*"),
        FaultRule("608", 1.0, method="GET"),
    )
    sandbox, client = make(SandboxConfig(fault_rules=rules))
    assert client.get("/rest/asset/v1/programs.json").json()["errors"][0]["code"] == "611"
    assert client.get(CHANNELS).json()["errors"][0]["code"] == "608"
    parent = sandbox.admin.folder(MA_DEFAULT).id
    assert client.post(
        "/rest/asset/v1/folders.json", data={"name": "Fine", "parent": folder_ref(parent)}
    ).json()["success"]
    token = client.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    assert token.status_code == 200
    sandbox.close()


def test_faults_are_reproducible_from_the_seed() -> None:
    runs = []
    for _ in range(2):
        sandbox, client = make(SandboxConfig(faults={"608": 0.3, "604": 0.2}, fault_seed=42))
        runs.append(codes(client, 30))
        sandbox.close()
    assert runs[0] == runs[1]
    assert {"ok", "604", "608"} <= set(runs[0])
    sandbox, client = make(SandboxConfig(faults={"608": 0.3, "604": 0.2}, fault_seed=43))
    assert codes(client, 30) != runs[0]
    sandbox.close()


def test_config_validation() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        SandboxConfig(faults={"999": 0.1})
    with pytest.raises(ValueError, match=r"within 0\.\.1"):
        FaultRule("604", 1.5)
    with pytest.raises(ValueError, match="rate_limit"):
        SandboxConfig(rate_limit=(0, 20))
    assert SandboxConfig(faults={"502": 0.5}).all_fault_rules()[0].fault == "http502"
    defaults = SandboxConfig.marketo_defaults()
    assert (defaults.rate_limit, defaults.concurrency_limit, defaults.daily_quota) == (
        (100, 20.0),
        10,
        50_000,
    )
