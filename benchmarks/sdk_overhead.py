"""Per-call overhead of the SDK against raw httpx, on the in-process sandbox.

The same call (Get Lead by Id) is made N times three ways on one in-process sandbox:

* ``raw httpx``: ``httpx.Client`` on the sandbox's transport, a bearer header set once, the JSON
  body decoded: the floor any client pays for this transport and this sandbox;
* ``client.request``: the SDK's request loop (token cache, limiter, retry wrapper, envelope
  parsing, error mapping), no model;
* ``client.leads.get``: the typed method (request spec + loop + pydantic model).

The difference to raw httpx is the SDK's own cost per call. Both SDK and sandbox run on a manual
clock, so the client-side limiter (50 calls / 20 s by default) costs its bookkeeping but no
real waiting.

    python -m benchmarks.sdk_overhead [--calls 2000]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import httpx

from marketo_ops import ManualClock, Marketo
from marketo_ops.sandbox import Sandbox, SandboxConfig


def _timed(label: str, call: Callable[[], object], calls: int, rounds: int) -> float:
    for _ in range(min(200, calls)):  # warm-up: imports, caches, first token
        call()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        samples.append((time.perf_counter() - started) / calls * 1e6)
    best = min(samples)
    median = statistics.median(samples)
    print(f"{label:<22} {best:9.1f} µs/call  (median {median:.1f}, {rounds} rounds)")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    clock = ManualClock()
    sandbox = Sandbox(":memory:", SandboxConfig(), clock=clock)
    client = Marketo.sandbox(sandbox, clock=clock)
    lead_id = client.leads.sync_all([{"email": "bench@example.com", "firstName": "Bench"}]).ids[0]
    path = f"/rest/v1/lead/{lead_id}.json"

    raw = httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)
    token = raw.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    ).json()["access_token"]
    raw.headers["Authorization"] = f"Bearer {token}"

    def raw_call() -> object:
        return raw.get(path).json()

    def sdk_request() -> object:
        return client.request("GET", path)

    def sdk_typed() -> object:
        assert lead_id is not None
        return client.leads.get(lead_id)

    print(f"Python {platform.python_version()} on {platform.machine()}, {args.calls} calls/round")
    base = _timed("raw httpx", raw_call, args.calls, args.rounds)
    loop = _timed("client.request", sdk_request, args.calls, args.rounds)
    typed = _timed("client.leads.get", sdk_typed, args.calls, args.rounds)
    print(
        f"SDK overhead: request loop {loop - base:+.1f} µs/call ({loop / base:.2f}x raw),"
        f" typed method {typed - base:+.1f} µs/call ({typed / base:.2f}x raw)"
    )
    raw.close()
    client.close()
    sandbox.close()


if __name__ == "__main__":
    main()
