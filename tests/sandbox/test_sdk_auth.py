"""Token expiry through the SDK: the user never sees it, the wire shows a second identity call.

Tokens live ``expires_in`` seconds on the sandbox's clock. Two ways to run past that: the SDK
notices first (its cache reads the same clock) and fetches a new token before the call, or the
sandbox notices first (the client's clock lags) and answers 602, which the SDK answers by
fetching a new token and replaying the call once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.errors import AuthenticationError
from marketo_ops.sandbox import Sandbox

IDENTITY = "/identity/oauth/token"


@dataclass
class Recorder:
    """What went over the wire: request paths and the bearer token each API call carried."""

    paths: list[str] = field(default_factory=list)
    bearers: list[str] = field(default_factory=list)

    @property
    def identity_calls(self) -> int:
        return self.paths.count(IDENTITY)

    def note(self, request: httpx.Request) -> None:
        self.paths.append(request.url.path)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            self.bearers.append(token)


class RecordingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, recorder: Recorder) -> None:
        self.inner = inner
        self.recorder = recorder

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.note(request)
        return self.inner.handle_request(request)


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, recorder: Recorder) -> None:
        self.inner = inner
        self.recorder = recorder

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.note(request)
        return await self.inner.handle_async_request(request)


def recording_client(sandbox: Sandbox, clock: ManualClock) -> tuple[Marketo, Recorder]:
    recorder = Recorder()
    client = Marketo(
        base_url=sandbox.base_url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        transport=RecordingTransport(sandbox.sync_transport(), recorder),
        clock=clock,
    )
    return client, recorder


def test_expired_token_is_replaced_before_the_call(sandbox: Sandbox, clock: ManualClock) -> None:
    client, wire = recording_client(sandbox, clock)  # the sandbox's own clock
    with client:
        assert [c.name for c in client.assets.channels.list()]
        assert wire.identity_calls == 1
        clock.advance(sandbox.config.token_lifetime + 1)
        assert client.assets.programs.get_by_name(name="Nothing Here") is None
    assert wire.identity_calls == 2
    first, *_, last = wire.bearers
    assert first != last  # a new token, not the expired one replayed
    assert client.stats.errors == {}  # the user never saw the expiry


def test_602_from_the_instance_refreshes_and_replays_once(
    sandbox: Sandbox, clock: ManualClock
) -> None:
    lagging = ManualClock()  # the client's clock: it does not know the token expired
    client, wire = recording_client(sandbox, lagging)
    with client:
        client.assets.channels.list().first()
        clock.advance(sandbox.config.token_lifetime + 1)
        channel = client.assets.channels.get_by_name(name="Operational")
    assert channel is not None
    assert channel.name == "Operational"
    assert wire.identity_calls == 2
    assert wire.paths[-3:] == [
        "/rest/asset/v1/channel/byName.json",  # refused with 602
        IDENTITY,
        "/rest/asset/v1/channel/byName.json",  # replayed with the new token
    ]
    assert client.stats.by_operation["getChannelByNameUsingGET"] == 2


def test_wrong_secret_is_an_authentication_error(sandbox: Sandbox) -> None:
    with (
        Marketo(
            base_url=sandbox.base_url,
            client_id=sandbox.client_id,
            client_secret="not-the-secret",
            transport=sandbox.sync_transport(),
            clock=sandbox.clock,
        ) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.assets.channels.list().first()
    assert "not-the-secret" not in str(caught.value)


@pytest.mark.anyio
async def test_async_client_replaces_an_expired_token(sandbox: Sandbox, clock: ManualClock) -> None:
    wire = Recorder()
    async with AsyncMarketo(
        base_url=sandbox.base_url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        transport=AsyncRecordingTransport(sandbox.async_transport(), wire),
        clock=clock,
    ) as client:
        await client.assets.channels.get_by_name(name="Operational")
        clock.advance(sandbox.config.token_lifetime + 1)
        found = await client.assets.channels.get_by_name(name="Operational")
    assert found is not None
    assert wire.identity_calls == 2
