"""A wrong base URL fails in seconds with a clear message, never after a minute of retries."""

from __future__ import annotations

import socket

import pytest

from marketo_ops import ManualClock, Marketo
from marketo_ops.errors import ConnectionFailedError, HostNotFoundError
from tests.sdk.mock_marketo import CLIENT_ID, CLIENT_SECRET


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_is_tried_twice_then_reported(clock: ManualClock):
    base_url = f"http://127.0.0.1:{closed_port()}"
    with Marketo(base_url, CLIENT_ID, CLIENT_SECRET, clock=clock) as client:
        with pytest.raises(ConnectionFailedError) as caught:
            client.request("GET", "/rest/asset/v1/channels.json")
        assert client.stats.calls == 0
        assert client.stats.retries == 0  # the call is not retried around its token request
    assert clock.slept == [1.0]  # one more try of the token request, a second later
    assert str(caught.value) == (
        f"cannot connect to Marketo at {base_url}: connection refused (is the base URL right, "
        "and the instance reachable from this machine?) (operation=identityUsingGET)"
    )
    assert CLIENT_SECRET not in repr(caught.value)


def test_an_unknown_host_is_not_retried(clock: ManualClock):
    base_url = "https://no-such-instance.invalid"
    with (
        Marketo(base_url, CLIENT_ID, CLIENT_SECRET, clock=clock) as client,
        pytest.raises(HostNotFoundError) as caught,
    ):
        client.request("GET", "/rest/asset/v1/channels.json")
    assert clock.slept == []
    assert str(caught.value).startswith(
        f"cannot connect to Marketo at {base_url}: host not found (check the base URL or "
        "munchkin id)"
    )
