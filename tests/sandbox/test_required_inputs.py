"""What a client gets for leaving out an input a call cannot do without: Marketo's answer (701
"<name> cannot be blank", 1001 for a value of the wrong type), never a system error. These are
the calls whose sandbox code once leaned on ``assert`` (stripped by ``python -O``)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from marketo_ops import ManualClock
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.mcp.schemas import tool_table

from .conftest import IMAGES, LANDING_PAGES, LP_TEMPLATES, Api, folder_ref

A = "/rest/asset/v1"
V2 = "/rest/asset/v2"
APP = {"x-app-type": "marketo-ops-tests"}


def _email(api: Api) -> int:
    program = api.program("Required Inputs")
    return int(api.email("Welcome", program["id"], api.template("Base"))["id"])


def test_create_email_and_landing_page_need_a_template(api: Api) -> None:
    program = folder_ref(api.program("Needs Template")["id"], "Program")
    assert api.error("POST", f"{A}/emails.json", data={"name": "E", "folder": program}) == (
        "701",
        "template cannot be blank",
    )
    assert api.error(
        "POST", f"{A}/emails.json", data={"name": "E", "folder": program, "template": "abc"}
    ) == ("1001", "Invalid value 'abc'. Required of type 'Integer'")
    pages = folder_ref(api.folder(LANDING_PAGES))
    assert api.error(
        "POST", f"{A}/landingPages.json", data={"name": "P", "folder": pages, "template": " "}
    ) == ("701", "template cannot be blank")


def test_content_uploads_cannot_be_left_out(api: Api) -> None:
    email_id = _email(api)
    template_id = api.template("Other")
    lp_template = api.post(
        f"{A}/landingPageTemplates.json",
        data={"name": "LP", "folder": folder_ref(api.folder(LP_TEMPLATES))},
    )[0]["id"]
    for path in (
        f"{A}/email/{email_id}/fullContent.json",
        f"{A}/emailTemplate/{template_id}/content.json",
        f"{A}/landingPageTemplate/{lp_template}/content.json",
    ):
        assert api.error("POST", path) == ("701", "content cannot be blank"), path
    images = folder_ref(api.folder(IMAGES))
    assert api.error("POST", f"{A}/files.json", data={"name": "x.png", "folder": images}) == (
        "701",
        "file cannot be blank",
    )


def test_a_bulk_import_without_its_file_is_701(api: Api) -> None:
    assert api.error("POST", "/bulk/v1/leads.json", params={"format": "csv"}) == (
        "701",
        "file cannot be blank",
    )


def test_adding_an_email_module_needs_its_index(api: Api) -> None:
    email_id = _email(api)
    path = f"{A}/email/{email_id}/content/footer/add.json"
    assert api.error("POST", path, params={"name": "Top"}) == ("701", "index cannot be blank")


def test_designer_assets_need_a_name_and_the_filter_a_workspace(api: Api) -> None:
    def v2_error(method: str, path: str, **kwargs: Any) -> tuple[str, str]:
        return api.error(method, f"{V2}/{path}", headers=APP, **kwargs)

    settings = {"fragmentType": "email", "supportedChannels": ["email"]}
    app_data = {"workspaceId": "1"}
    for name in (None, "  "):
        body = {"name": name, "appData": app_data, "settings": settings}
        assert v2_error("POST", "fragment", json=body) == ("701", "name cannot be blank")
    body = {"name": 5, "appData": app_data, "settings": settings}
    assert v2_error("POST", "fragment", json=body) == (
        "1001",
        "Invalid value '5'. Required of type 'String'",
    )
    created = api.ok(
        "POST",
        f"{V2}/fragment",
        headers=APP,
        json={"name": "Footer", "appData": app_data, "settings": settings},
    )[0]
    clone = {"assetId": created["id"], "newAsset": {"description": "no name"}}
    assert v2_error("POST", "fragment/clone", json=clone) == ("701", "name cannot be blank")
    assert v2_error("GET", "fragment/filter") == ("701", "workspaceId cannot be blank")


# --- MCP: a server whose schemas do not require ``kind`` still refuses a call without one -------
def _kind_optional(tool: str) -> dict[str, Any]:
    schema = copy.deepcopy(tool_table()[tool].input_schema)
    schema["properties"]["kind"] = {"type": "string"}
    schema["required"] = [name for name in schema["required"] if name != "kind"]
    return schema


@pytest.fixture
def lenient_mcp(clock: ManualClock) -> Iterator[tuple[Sandbox, httpx.Client]]:
    tools = ("add_smart_list_rule", "reorder_smart_list_rules")
    config = SandboxConfig(mcp_schema_overrides={tool: _kind_optional(tool) for tool in tools})
    box = Sandbox(":memory:", config, clock=clock)
    try:
        with httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as wire:
            yield box, wire
    finally:
        box.close()


def _tool_errors(
    lenient_mcp: tuple[Sandbox, httpx.Client], tool: str, arguments: dict[str, Any]
) -> list[dict[str, str]]:
    box, wire = lenient_mcp
    headers = {
        "X-Marketo-Client-Id": box.client_id,
        "X-Marketo-Client-Secret": box.client_secret,
        "X-Marketo-Munchkin-Id": box.munchkin_id,
        "Accept": "application/json, text/event-stream",
    }
    call = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }
    response = wire.post("/mcp", headers=headers, json=call)
    assert response.status_code == 200, response.text
    result = response.json()["result"]
    assert result["isError"] is True
    errors: list[dict[str, str]] = result["structuredContent"]["errors"]
    return errors


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("add_smart_list_rule", {"campaignId": 1, "rule": {"name": "Job Title"}}),
        ("reorder_smart_list_rules", {"campaignId": 1, "ruleIds": [1]}),
    ],
)
def test_rule_tools_refuse_a_missing_or_unknown_kind(
    lenient_mcp: tuple[Sandbox, httpx.Client], tool: str, arguments: dict[str, Any]
) -> None:
    assert _tool_errors(lenient_mcp, tool, arguments) == [
        {"code": "701", "message": "kind cannot be blank"}
    ]
    assert _tool_errors(lenient_mcp, tool, {**arguments, "kind": "both"}) == [
        {
            "code": "1001",
            "message": "Invalid value 'both'. Required of type 'kind (trigger or filter)'",
        }
    ]
