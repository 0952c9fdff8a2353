"""Identity and bearer-token authentication."""

from __future__ import annotations

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox

from .conftest import Api

TOKEN = "/identity/oauth/token"
FOLDERS = "/rest/asset/v1/folders.json"


def token_params(sandbox: Sandbox, **overrides: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        **overrides,
    }


@pytest.fixture
def raw(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)


@pytest.mark.marketo_verified
def test_token_shape_and_reuse_before_expiry(
    raw: httpx.Client, sandbox: Sandbox, clock: ManualClock
) -> None:
    first = raw.get(TOKEN, params=token_params(sandbox)).json()
    assert first["token_type"] == "bearer"
    assert first["expires_in"] == 3600
    assert first["scope"]
    clock.advance(600)
    second = raw.post(TOKEN, params=token_params(sandbox)).json()
    assert second["access_token"] == first["access_token"]
    assert second["expires_in"] == 3000


@pytest.mark.marketo_verified
def test_bad_credentials_are_http_401(raw: httpx.Client, sandbox: Sandbox) -> None:
    response = raw.get(TOKEN, params=token_params(sandbox, client_secret="wrong"))
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "Bad client credentials",
    }


def test_missing_or_unsupported_grant_type(raw: httpx.Client, sandbox: Sandbox) -> None:
    params = token_params(sandbox)
    del params["grant_type"]
    assert raw.get(TOKEN, params=params).status_code == 400
    assert (
        raw.get(TOKEN, params=token_params(sandbox, grant_type="password")).json()["error"]
        == "unsupported_grant_type"
    )


@pytest.mark.marketo_verified
def test_missing_invalid_and_expired_tokens(
    raw: httpx.Client, sandbox: Sandbox, clock: ManualClock
) -> None:
    assert raw.get(FOLDERS).json()["errors"] == [
        {"code": "600", "message": "Access token not specified"}
    ]
    bad = raw.get(FOLDERS, headers={"Authorization": "Bearer not-a-token"}).json()
    assert bad["errors"] == [{"code": "601", "message": "Access token invalid"}]
    token = raw.get(TOKEN, params=token_params(sandbox)).json()["access_token"]
    ok = raw.get(FOLDERS, headers={"Authorization": f"Bearer {token}"}).json()
    assert ok["success"] is True
    clock.advance(3600)
    expired = raw.get(FOLDERS, headers={"Authorization": f"Bearer {token}"}).json()
    assert expired["errors"] == [{"code": "602", "message": "Access token expired"}]
    fresh = raw.get(TOKEN, params=token_params(sandbox)).json()
    assert fresh["access_token"] != token
    assert fresh["expires_in"] == 3600


def test_access_token_query_parameter_is_not_accepted(raw: httpx.Client, sandbox: Sandbox) -> None:
    """Adobe removed the access_token query parameter: only the Authorization header works."""
    token = raw.get(TOKEN, params=token_params(sandbox)).json()["access_token"]
    body = raw.get(FOLDERS, params={"access_token": token}).json()
    assert body["success"] is False
    assert body["errors"][0]["code"] == "600"


def test_tokens_survive_a_restart_with_a_file_db(tmp_path: object, clock: ManualClock) -> None:
    path = f"{tmp_path}/sb.sqlite3"
    with Sandbox(path, clock=clock) as first:
        client = httpx.Client(transport=first.sync_transport(), base_url=first.base_url)
        token = client.get(TOKEN, params=token_params(first)).json()["access_token"]
    with Sandbox(path, clock=clock) as second:
        client = httpx.Client(transport=second.sync_transport(), base_url=second.base_url)
        body = client.get(FOLDERS, headers={"Authorization": f"Bearer {token}"}).json()
        assert body["success"] is True


def test_api_fixture_is_authenticated(api: Api) -> None:
    assert api.get("/rest/asset/v1/channels.json")
