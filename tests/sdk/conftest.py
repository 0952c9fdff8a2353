"""Fixtures for SDK unit tests: respx-mocked Marketo, a manual clock, a client wired to both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import respx

from marketo_ops import AsyncMarketo, ManualClock, Marketo
from tests.sdk.mock_marketo import BASE_URL, CLIENT_ID, CLIENT_SECRET, token_body


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Clients of a real URL book calls in the machine-wide ledger: keep it out of ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.get("/identity/oauth/token", name="token").mock(
            return_value=httpx.Response(200, json=token_body())
        )
        yield router


@pytest.fixture
def client(api: respx.MockRouter, clock: ManualClock) -> Iterator[Marketo]:
    with Marketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock) as c:
        yield c


@pytest.fixture
async def aclient(api: respx.MockRouter, clock: ManualClock) -> AsyncIterator[AsyncMarketo]:
    async with AsyncMarketo(BASE_URL, CLIENT_ID, CLIENT_SECRET, clock=clock) as c:
        yield c
