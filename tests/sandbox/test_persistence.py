"""State in one SQLite file: restarts, id sequences, reset, two sandboxes on one file."""

from __future__ import annotations

from pathlib import Path

import httpx

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox, default_db_path

from .conftest import MA_DEFAULT, folder_ref

A = "/rest/asset/v1"


def client_for(sandbox: Sandbox) -> httpx.Client:
    client = httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)
    token = client.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    ).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def create_program(client: httpx.Client, sandbox: Sandbox, name: str) -> int:
    body = client.post(
        f"{A}/programs.json",
        data={
            "name": name,
            "folder": folder_ref(sandbox.admin.folder(MA_DEFAULT).id),
            "type": "Default",
            "channel": "Operational",
        },
    ).json()
    assert body["success"], body
    return int(body["result"][0]["id"])


def test_state_and_ids_survive_restarts(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    clock = ManualClock()
    with Sandbox(path, clock=clock) as first:
        client = client_for(first)
        kept = create_program(client, first, "Kept")
        dropped = create_program(client, first, "Dropped")
        assert client.post(f"{A}/program/{dropped}/delete.json").json()["success"]
    with Sandbox(path, clock=clock) as second:
        client = client_for(second)
        assert client.get(f"{A}/program/{kept}.json").json()["result"][0]["name"] == "Kept"
        newer = create_program(client, second, "Newer")
        assert newer > dropped  # ids never repeat, even after a delete and a restart
        folders = client.get(
            f"{A}/folder/byName.json", params={"name": "Marketing Activities"}
        ).json()["result"]
        assert len(folders) == 1  # seeding happens once


def test_two_sandboxes_on_one_file_see_the_same_instance(tmp_path: Path) -> None:
    """What `sandbox serve --db F` and the CLI's embedded sandbox do at the same time."""
    path = tmp_path / "shared.sqlite3"
    with Sandbox(path) as served, Sandbox(path) as embedded:
        program_id = create_program(client_for(served), served, "Shared")
        body = client_for(embedded).get(f"{A}/program/{program_id}.json").json()
        assert body["result"][0]["name"] == "Shared"


def test_reset_forgets_everything_and_reseeds(tmp_path: Path) -> None:
    path = tmp_path / "reset.sqlite3"
    with Sandbox(path) as sandbox:
        client = client_for(sandbox)
        create_program(client, sandbox, "Gone")
        sandbox.reset()
        client = client_for(sandbox)  # tokens are forgotten too
        assert (
            "result" not in client.get(f"{A}/program/byName.json", params={"name": "Gone"}).json()
        )
        assert client.get(f"{A}/tagTypes.json").json()["result"]
        assert create_program(client, sandbox, "Again") == 1001


def test_default_db_path_honours_the_environment(monkeypatch: object, tmp_path: Path) -> None:
    import pytest

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    mp.setenv("MARKETO_OPS_SANDBOX_DB", str(tmp_path / "env.sqlite3"))
    assert default_db_path() == tmp_path / "env.sqlite3"
    mp.delenv("MARKETO_OPS_SANDBOX_DB")
    assert default_db_path().name == "sandbox.sqlite3"
    assert "marketo-ops" in str(default_db_path())
