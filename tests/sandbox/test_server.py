"""The second face: the same app over a real socket (uvicorn on a free loopback port)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.server import make_server


@contextmanager
def serving(sandbox: Sandbox) -> Iterator[str]:
    ready = threading.Event()
    urls: list[str] = []

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    server = make_server(sandbox, "127.0.0.1", 0, on_ready)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert ready.wait(10), "server did not start"
    try:
        yield urls[0]
    finally:
        server.should_exit = True
        thread.join(10)


def token(client: httpx.Client, sandbox: Sandbox) -> str:
    response = client.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    return str(response.json()["access_token"])


def test_identity_and_asset_calls_over_http() -> None:
    with Sandbox() as sandbox, serving(sandbox) as url, httpx.Client(base_url=url) as client:
        assert url.startswith("http://127.0.0.1:")
        client.headers["Authorization"] = f"Bearer {token(client, sandbox)}"
        body = client.get(
            "/rest/asset/v1/folder/byName.json", params={"name": "Marketing Activities"}
        ).json()
        assert body["success"] is True
        assert body["result"][0]["folderType"] == "Zone"
        assert client.get("/rest/asset/v1/unknown.json").json()["errors"][0]["code"] == "610"


@pytest.mark.parametrize("fault", ["drop", "truncate"])
def test_cut_connections_over_a_socket(fault: str) -> None:
    with (
        Sandbox(config=SandboxConfig(faults={fault: 1.0})) as sandbox,
        serving(sandbox) as url,
        httpx.Client(base_url=url) as client,
    ):
        client.headers["Authorization"] = f"Bearer {token(client, sandbox)}"
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/rest/asset/v1/channels.json")
