"""``client.assets_v2``: what the Asset API v2 methods send (respx), sync and async.

The methods are generated from the spec written from Adobe's docs: JSON bodies with the docs'
camelCase members, the ``x-app-type`` header on every call, string ids in paths and results.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops.errors import MarketoError, NotFoundError
from marketo_ops.types.asset_v2 import AppDataV2, EmailV2
from tests.sdk.mock_marketo import TOKEN, envelope

V2 = "/rest/asset/v2"


def test_create_sends_json_with_the_app_type_header(api: respx.MockRouter, client: Marketo):
    route = api.post(f"{V2}/email").mock(
        return_value=httpx.Response(
            200, json=envelope([{"id": "1017", "name": "Spring Launch Email", "status": "draft"}])
        )
    )
    created = client.assets_v2.emails.create(
        app_type="email",
        name="Spring Launch Email",
        app_data=AppDataV2(workspace_id="1001", folder_id="2002", editor_type="email"),
        headers={"subject": "Introducing the Spring Launch", "ccEmails": ["owner@example.com"]},
        settings={"isWebPageView": True},
        template_id="3003",
        content={"blocks": []},
    )
    assert created == EmailV2(id="1017", name="Spring Launch Email", status="draft")
    request = route.calls[0].request
    assert request.headers["x-app-type"] == "email"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "name": "Spring Launch Email",
        "appData": {"workspaceId": "1001", "folderId": "2002", "editorType": "email"},
        "headers": {"subject": "Introducing the Spring Launch", "ccEmails": ["owner@example.com"]},
        "settings": {"isWebPageView": True},
        "templateId": "3003",
        "data": {"blocks": []},
    }


def test_filter_sends_the_query_and_returns_models(api: respx.MockRouter, client: Marketo):
    route = api.get(f"{V2}/emailtemplate/filter").mock(
        return_value=httpx.Response(
            200,
            json=envelope([{"id": "19", "name": "Base Newsletter Template", "status": "draft"}]),
        )
    )
    found = client.assets_v2.email_templates.filter(
        app_type="emailTemplate",
        workspace_id=1001,
        name="Newsletter",
        status=["draft", "approved"],
        folder_ids=[15, 16],
        page_index=0,
        page_size=20,
    )
    assert [(item.id, item.name) for item in found] == [("19", "Base Newsletter Template")]
    request = route.calls[0].request
    assert request.headers["x-app-type"] == "emailTemplate"
    assert parse_qsl(request.url.query.decode()) == [
        ("workspaceId", "1001"),
        ("folderIds", "15,16"),
        ("status", "draft,approved"),
        ("pageIndex", "0"),
        ("pageSize", "20"),
        ("name", "Newsletter"),
    ]


def test_get_escapes_the_id_and_raises_when_nothing_is_found(
    api: respx.MockRouter, client: Marketo
):
    route = api.get(f"{V2}/fragment/83").mock(return_value=httpx.Response(200, json=envelope()))
    with pytest.raises(NotFoundError):
        client.assets_v2.fragments.get("83", app_type="fragment")
    assert route.calls[0].request.headers["x-app-type"] == "fragment"


def test_state_transition_clone_and_used_by_bodies(api: respx.MockRouter, client: Marketo):
    transition = api.post(f"{V2}/fragment/state/transition").mock(
        return_value=httpx.Response(200, json=envelope([{"id": "13", "status": "approved"}]))
    )
    clone = api.post(f"{V2}/fragment/clone").mock(
        return_value=httpx.Response(200, json=envelope([{"id": "14", "status": "draft"}]))
    )
    used_by = api.post(f"{V2}/fragment/usedby").mock(
        return_value=httpx.Response(200, json=envelope([{"id": "1017", "type": "email"}]))
    )
    fragments = client.assets_v2.fragments
    assert fragments.transition(app_type="f", content_id="13", action="approve").status == (
        "approved"
    )
    assert fragments.clone(app_type="f", asset_id="13", new_asset={"name": "Copy"}).id == "14"
    assert fragments.used_by(app_type="f", asset_id="13", page_size=20, type="all")[0].type == (
        "email"
    )
    assert json.loads(transition.calls[0].request.content) == {
        "contentId": "13",
        "action": "approve",
    }
    assert json.loads(clone.calls[0].request.content) == {
        "assetId": "13",
        "newAsset": {"name": "Copy"},
    }
    assert json.loads(used_by.calls[0].request.content) == {
        "assetId": "13",
        "pageSize": 20,
        "type": "all",
    }


def test_a_create_is_not_replayed_after_an_ambiguous_failure(
    api: respx.MockRouter, client: Marketo
):
    """No by-name lookup can prove the first attempt failed, so the create is not repeated."""
    route = api.post(f"{V2}/emailtemplate").mock(
        side_effect=[
            httpx.Response(502, text="<html>Bad Gateway</html>"),
            httpx.Response(200, json=envelope([{"id": "1022"}])),
        ]
    )
    with pytest.raises(MarketoError):
        client.assets_v2.email_templates.create(
            app_type="emailTemplate", name="T", app_data={"workspaceId": "1001"}
        )
    assert route.call_count == 1


@pytest.mark.anyio
async def test_the_async_twin_sends_the_same_request(api: respx.MockRouter, aclient: AsyncMarketo):
    route = api.post(f"{V2}/email/1017/update").mock(
        return_value=httpx.Response(200, json=envelope([{"id": "1017"}]))
    )
    result = await aclient.assets_v2.emails.update(
        "1017", app_type="email", headers={"subject": "Spring Launch Is Live"}
    )
    assert result.id == "1017"
    request = route.calls[0].request
    assert request.headers["x-app-type"] == "email"
    assert json.loads(request.content) == {"headers": {"subject": "Spring Launch Is Live"}}
