"""Project-wide test settings and the shared sandbox fixtures.

Any test can talk to a fresh, in-memory Marketo sandbox through the real SDK:

    def test_something(sandbox_client: Marketo) -> None:
        sandbox_client.assets.programs.create(...)

    @pytest.mark.anyio
    async def test_async(asandbox_client: AsyncMarketo) -> None: ...

The sandbox runs on a :class:`ManualClock` shared with the client, so token expiry, the rate
window and retry back-offs take no real time (``sandbox_clock.advance(3600)`` expires a token).
Every JSON answer is checked against the official specs, so a sandbox answer that breaks the
contract fails the test (HTTP 500) instead of passing silently. A module needing limits or
faults overrides ``sandbox_config``; one needing the sandbox directly (``sandbox.admin`` to
seed what the REST API cannot write) asks for ``sandbox``.

``tests/sandbox/conftest.py`` has its own ``sandbox`` (built from its ``config`` and ``clock``
fixtures); the client fixtures below use whichever ``sandbox`` is in scope.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.config import env_has_credentials
from marketo_ops.sandbox import Sandbox, SandboxConfig


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sandbox-loopback",
        action="store_true",
        help="Serve the test sandbox over real HTTP on loopback (its second face) instead of the "
        "in-process transport, for the tests that use sandbox_client or marketo.",
    )
    parser.addoption(
        "--marketo-live",
        action="store_true",
        help="Run the tests marked marketo_verified against the real Marketo instance named by "
        "MARKETO_PROFILE or the MARKETO_* variables, instead of the sandbox.",
    )


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machine-wide rate ledger (and any cache) of a test run lives in a temp dir, never in
    the user's ~/.cache, so tests neither share limits with real runs nor leave files behind."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio (anyio's pytest plugin ships with httpx)."""
    return "asyncio"


@pytest.fixture
def sandbox_clock() -> ManualClock:
    """The time of the shared sandbox and its clients; sleeping on it advances it at once."""
    return ManualClock()


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    """No limits, no faults, responses validated; override in a module to change that."""
    return SandboxConfig(validate_responses=True)


@pytest.fixture
def sandbox(sandbox_config: SandboxConfig, sandbox_clock: ManualClock) -> Iterator[Sandbox]:
    """A fresh in-memory Marketo sandbox (seeded workspaces, channels, tag types), closed after."""
    box = Sandbox(":memory:", sandbox_config, clock=sandbox_clock)
    yield box
    box.close()


def _client_of(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Marketo]:
    """The SDK on the sandbox's in-process face, or over loopback with --sandbox-loopback."""
    loopback = bool(request.config.getoption("--sandbox-loopback"))
    with Marketo.sandbox(sandbox, loopback=loopback) as client:
        yield client


@pytest.fixture
def sandbox_client(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Marketo]:
    """``Marketo.sandbox(sandbox)``: the real SDK over an in-process transport, no port (or
    over HTTP on loopback with ``--sandbox-loopback``: one backend, two faces)."""
    yield from _client_of(request, sandbox)


@pytest.fixture
async def asandbox_client(sandbox: Sandbox) -> AsyncIterator[AsyncMarketo]:
    """``AsyncMarketo.sandbox(sandbox)`` on the test's event loop (mark the test ``anyio``)."""
    async with AsyncMarketo.sandbox(sandbox) as client:
        yield client


@pytest.fixture
def marketo(request: pytest.FixtureRequest, sandbox: Sandbox) -> Iterator[Marketo]:
    """The instance a ``marketo_verified`` test checks: the sandbox, or with ``--marketo-live``
    the real instance of the environment, so the sandbox's behaviour is confirmed against
    Marketo itself whenever credentials are at hand."""
    if request.config.getoption("--marketo-live"):
        if not (env_has_credentials() or os.environ.get("MARKETO_PROFILE")):
            pytest.skip("--marketo-live needs MARKETO_PROFILE or the MARKETO_* credentials")
        with Marketo() as client:
            yield client
        return
    yield from _client_of(request, sandbox)
