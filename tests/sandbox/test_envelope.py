"""The response envelope, paging, unknown resources, body encodings."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import SandboxConfig
from marketo_ops.sandbox.app import SandboxApp
from marketo_ops.sandbox.context import Ctx
from marketo_ops.sandbox.envelope import NO_ASSETS, Envelope
from marketo_ops.sandbox.routing import Registry, operation
from marketo_ops.sandbox.store import Store

from .conftest import MA_DEFAULT, Api, folder_ref

A = "/rest/asset/v1"


@pytest.mark.marketo_verified
def test_request_id_and_envelope_members(api: Api) -> None:
    body = api.call("GET", f"{A}/channels.json")
    assert re.fullmatch(r"[0-9a-f]+#[0-9a-f]+", body["requestId"])
    assert body["success"] is True
    assert body["errors"] == []
    assert body["warnings"] == []
    assert body["result"]


@pytest.mark.marketo_verified
def test_empty_search_is_a_success_without_result(api: Api) -> None:
    body = api.call("GET", f"{A}/program/byName.json", params={"name": "Nothing like this"})
    assert body["success"] is True
    assert "result" not in body
    assert body["warnings"] == [NO_ASSETS]
    by_id = api.call("GET", f"{A}/email/424242.json")
    assert by_id["success"] is True
    assert "result" not in by_id


@pytest.mark.marketo_verified
def test_unknown_path_and_wrong_method(api: Api) -> None:
    assert api.error("GET", f"{A}/doesNotExist.json") == ("610", "Requested resource not found")
    # every asset operation is implemented now: a form that does not exist is an empty search
    assert api.call("GET", f"{A}/form/1.json")["warnings"] == [
        "No assets found for the given search criteria."
    ]
    assert api.error("DELETE", f"{A}/folders.json")[0] == "605"
    assert api.error("POST", f"{A}/channels.json")[0] == "605"
    assert api.error("GET", f"{A}/program/abc.json")[0] == "610"


def test_offset_paging_and_limits(api: Api) -> None:
    for index in range(25):
        api.program(f"Paging {index:02}")
    first = api.get(f"{A}/programs.json")
    assert len(first) == 20  # maxReturn defaults to 20
    page = api.get(f"{A}/programs.json", maxReturn=10, offset=20)
    assert [item["name"] for item in page] == [f"Paging {index:02}" for index in range(20, 25)]
    past_end = api.call("GET", f"{A}/programs.json", params={"offset": 100})
    assert past_end["success"] is True
    assert "result" not in past_end
    assert past_end["warnings"] == [NO_ASSETS]
    assert api.error("GET", f"{A}/programs.json", params={"maxReturn": 201})[0] == "1003"
    assert api.error("GET", f"{A}/programs.json", params={"maxReturn": "lots"})[0] == "1001"
    assert len(api.get(f"{A}/programs.json", maxReturn=200)) == 25


def test_missing_required_parameter_is_701(api: Api) -> None:
    code, message = api.error(
        "POST", f"{A}/folders.json", data={"parent": folder_ref(api.folder(MA_DEFAULT))}
    )
    assert (code, message) == ("701", "name cannot be blank")
    assert api.error("POST", f"{A}/folders.json", data={"name": "No parent"}) == (
        "701",
        "parent cannot be blank",
    )


def test_asset_endpoints_do_not_take_json_bodies(api: Api) -> None:
    code, _ = api.error(
        "POST", f"{A}/folders.json", json={"name": "x", "parent": {"id": 1, "type": "Folder"}}
    )
    assert code == "612"


def test_bad_multipart_is_613(api: Api) -> None:
    response = api.http.post(
        f"{A}/emailTemplates.json",
        content=b"--nope\r\nthis is not multipart",
        headers={"Content-Type": "multipart/form-data; boundary=zzz"},
    )
    body = response.json()
    assert body["success"] is False
    assert body["errors"][0] == {"code": "613", "message": "Invalid Multipart Request"}


def test_invalid_json_body_on_a_json_endpoint_is_609() -> None:
    """Lead-database endpoints (added by later handler modules) take JSON; invalid JSON is 609."""
    registry = Registry()

    @operation("POST", "/rest/v1/echo.json", "echo", spec="mapi", body="json", registry=registry)
    def echo(ctx: Ctx) -> Envelope:
        return Envelope(result=[{"received": ctx.params.json_body}])

    store = Store(":memory:")
    store.put_access_token("t", SandboxConfig().client_id, 0, 1e12)
    app = SandboxApp(store, SandboxConfig(), ManualClock(), registry=registry)

    async def run() -> tuple[dict[str, object], dict[str, object]]:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://x"
        ) as client:
            headers = {"Authorization": "Bearer t", "Content-Type": "application/json"}
            bad = await client.post("/rest/v1/echo.json", content=b"{not json", headers=headers)
            good = await client.post(
                "/rest/v1/echo.json", content=b'{"input": [1]}', headers=headers
            )
            return bad.json(), good.json()

    bad, good = asyncio.run(run())
    assert bad["errors"] == [{"code": "609", "message": "Invalid JSON"}]
    assert good["result"] == [{"received": {"input": [1]}}]
