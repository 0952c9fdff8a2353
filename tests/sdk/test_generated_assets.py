"""Generated Asset API methods put exactly what Marketo expects on the wire.

Unit level: respx answers like Marketo; the assertions are on the requests the generated
methods send (method, path, query, form/multipart body) and on the typed results.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from marketo_ops import AsyncMarketo, ManualClock, Marketo, NotFoundError
from marketo_ops.types.asset import (
    AssetId,
    EmailTemplate,
    File,
    Folder,
    FolderRef,
    Program,
    ProgramSummary,
    SmartListWithRules,
)

pytestmark = pytest.mark.anyio

BASE_URL = "https://123-ABC-456.mktorest.com"
TOKEN = {"access_token": "tok", "token_type": "bearer", "expires_in": 3599, "scope": "x"}
NO_ASSETS = "No assets found for the given search criteria."


def ok(*result: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "requestId": "e1#f2",
            "success": True,
            "errors": [],
            "warnings": [],
            "result": list(result),
        },
    )


def empty() -> httpx.Response:
    """Marketo's empty search: success, no result key, a warning."""
    return httpx.Response(
        200, json={"requestId": "e1#f3", "success": True, "errors": [], "warnings": [NO_ASSETS]}
    )


def form(request: httpx.Request) -> list[tuple[str, str]]:
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qsl(request.content.decode(), keep_blank_values=True)


def multipart(request: httpx.Request) -> dict[str, tuple[str | None, str, bytes]]:
    """name -> (file name, content type, content) of each part of a multipart body."""
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=default_policy).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.read()
    )
    parts: dict[str, tuple[str | None, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str)
        assert isinstance(payload, bytes)
        parts[name] = (part.get_filename(), part.get_content_type(), payload)
    return parts


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.get("/identity/oauth/token").mock(return_value=httpx.Response(200, json=TOKEN))
        yield router


@pytest.fixture
def client(api: respx.MockRouter) -> Iterator[Marketo]:
    with Marketo(
        base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock()
    ) as c:
        yield c


@pytest.fixture
async def aclient(api: respx.MockRouter) -> AsyncIterator[AsyncMarketo]:
    async with AsyncMarketo(
        base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock()
    ) as c:
        yield c


FOLDER = {
    "id": 43,
    "name": "Campaigns",
    "description": "Smart campaigns",
    "folderId": {"id": 43, "type": "Folder"},
    "folderType": "Marketing Folder",
    "parent": {"id": 42, "type": "Folder"},
    "path": "/Marketing Activities/Campaigns",
    "isArchive": False,
    "createdAt": "2024-05-01T10:00:00Z+0000",
    "updatedAt": "2024-05-01T10:00:00Z+0000",
    "url": "https://app-ab01.marketo.com/#MF43A1",
    "workspace": "Default",
}


# --- folders -------------------------------------------------------------------------------


def test_create_folder_sends_a_form_with_the_parent_as_json(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.post("/rest/asset/v1/folders.json").mock(return_value=ok(FOLDER))

    folder = client.assets.folders.create(
        name="Campaigns", parent=FolderRef(id=42, type="Folder"), description="Smart campaigns"
    )

    request = route.calls.last.request
    assert request.headers["Authorization"] == "Bearer tok"
    assert request.content == (
        b"name=Campaigns&parent=%7B%22id%22%3A42%2C%22type%22%3A%22Folder%22%7D"
        b"&description=Smart+campaigns"
    )
    assert form(request) == [
        ("name", "Campaigns"),
        ("parent", '{"id":42,"type":"Folder"}'),
        ("description", "Smart campaigns"),
    ]
    assert isinstance(folder, Folder)
    assert folder.folder_id == FolderRef(id=43, type="Folder")
    assert folder.parent is not None
    assert folder.parent.id == 42


def test_create_folder_after_an_ambiguous_failure_finds_the_folder_instead_of_repeating(
    api: respx.MockRouter, client: Marketo
) -> None:
    create = api.post("/rest/asset/v1/folders.json").mock(
        side_effect=[httpx.Response(502, text="Bad Gateway"), ok(FOLDER)]
    )
    lookup = api.get("/rest/asset/v1/folder/byName.json").mock(return_value=ok(FOLDER))

    folder = client.assets.folders.create(name="Campaigns", parent={"id": 42, "type": "Folder"})

    assert folder.id == 43
    assert create.call_count == 1, "the create must not be sent a second time"
    params = lookup.calls.last.request.url.params
    assert params["name"] == "Campaigns"
    assert params["root"] == '{"id":42,"type":"Folder"}'


def folder_named(name: str, folder_id: int, parent: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": folder_id,
        "name": name,
        "folderId": {"id": folder_id, "type": "Folder"},
        "parent": parent,
    }


def by_name_answers(request: httpx.Request) -> httpx.Response:
    """Folders by name anywhere, like Marketo: two "Programs" folders in two regions."""
    name = request.url.params["name"]
    root = json.loads(request.url.params.get("root", "null") or "null")
    folders = {
        "Marketing Activities": [folder_named("Marketing Activities", 1, None)],
        "EMEA": [
            folder_named("EMEA", 10, {"id": 1, "type": "Folder"}),
            folder_named("EMEA", 99, {"id": 50, "type": "Folder"}),  # elsewhere
        ],
        "Programs": [
            folder_named("Programs", 20, {"id": 11, "type": "Folder"}),  # in another region
            folder_named("Programs", 21, {"id": 10, "type": "Folder"}),
        ],
    }.get(name, [])
    assert root is None or root["type"] == "Folder"
    return ok(*folders) if folders else empty()


def test_get_by_path_walks_segments_and_filters_by_parent(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.get("/rest/asset/v1/folder/byName.json").mock(side_effect=by_name_answers)

    folder = client.assets.folders.get_by_path("Marketing Activities/EMEA/Programs")

    assert folder is not None
    assert folder.id == 21
    assert [call.request.url.params.get("root") for call in route.calls] == [
        None,
        '{"id":1,"type":"Folder"}',
        '{"id":10,"type":"Folder"}',
    ]
    assert client.assets.folders.get_by_path("Marketing Activities/APAC/Programs") is None


async def test_get_by_path_async(api: respx.MockRouter, aclient: AsyncMarketo) -> None:
    api.get("/rest/asset/v1/folder/byName.json").mock(side_effect=by_name_answers)

    folder = await aclient.assets.folders.get_by_path("/Marketing Activities/EMEA/Programs/")

    assert folder is not None
    assert folder.id == 21


# --- programs ------------------------------------------------------------------------------


PROGRAM = {
    "id": 1001,
    "name": "OP-Lead Management",
    "description": "",
    "createdAt": "2017-01-11T20:47:34Z+0000",
    "updatedAt": "2017-01-11T20:47:34Z+0000",
    "url": "https://app-ab01.marketo.com/#PG1001A1",
    "type": "Default",
    "channel": "Operational",
    "folder": {"type": "Folder", "value": 12, "folderName": "Operational"},
    "status": "",
    "workspace": "Default",
    "tags": [{"tagType": "Region", "tagValue": "EMEA"}],
    "costs": [{"startDate": "2024-05-01", "cost": 100, "note": "launch"}],
}


def test_create_program_sends_folder_tags_and_costs_as_json_form_fields(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.post("/rest/asset/v1/programs.json").mock(return_value=ok(PROGRAM))

    program = client.assets.programs.create(
        name="OP-Lead Management",
        folder={"id": 12, "type": "Folder"},
        type="Default",
        channel="Operational",
        tags=[{"tagType": "Region", "tagValue": "EMEA"}],
        costs=[{"startDate": "2024-05-01", "cost": 100, "note": "launch"}],
    )

    assert form(route.calls.last.request) == [
        ("name", "OP-Lead Management"),
        ("folder", '{"id":12,"type":"Folder"}'),
        ("type", "Default"),
        ("channel", "Operational"),
        ("costs", '[{"startDate":"2024-05-01","cost":100,"note":"launch"}]'),
        ("tags", '[{"tagType":"Region","tagValue":"EMEA"}]'),
    ]
    assert isinstance(program, Program)
    assert program.folder is not None  # answered as {type, value}: read as the id
    assert (program.folder.id, program.folder.type) == (12, "Folder")
    assert program.tags is not None
    assert program.tags[0].tag_value == "EMEA"
    assert program.model_extra == {}
    assert program.folder.model_extra == {"folderName": "Operational"}


def test_program_get_raises_not_found_on_an_empty_answer(
    api: respx.MockRouter, client: Marketo
) -> None:
    api.get("/rest/asset/v1/program/7.json").mock(return_value=empty())

    with pytest.raises(NotFoundError, match="No program found"):
        client.assets.programs.get(7)


def test_offset_paginator_reads_three_pages_and_stops_on_no_assets_found(
    api: respx.MockRouter, client: Marketo
) -> None:
    programs = [{**PROGRAM, "id": 1000 + n, "name": f"P{n}"} for n in range(4)]
    route = api.get("/rest/asset/v1/programs.json").mock(
        side_effect=[ok(*programs[:2]), ok(*programs[2:]), empty()]
    )

    pager = client.assets.programs.list(page_size=2, filter_type="folderId", filter_values=["12"])
    assert route.call_count == 0, "paginators are lazy"
    items = list(pager)

    assert [p.name for p in items] == ["P0", "P1", "P2", "P3"]
    assert all(isinstance(p, ProgramSummary) for p in items)
    offsets = [
        (c.request.url.params["offset"], c.request.url.params["maxReturn"]) for c in route.calls[:3]
    ]
    assert offsets == [("0", "2"), ("2", "2"), ("4", "2")]
    assert route.calls[0].request.url.params["filterValues"] == "12"


async def test_async_offset_paginator_is_iterated_with_async_for(
    api: respx.MockRouter, aclient: AsyncMarketo
) -> None:
    route = api.get("/rest/asset/v1/emails.json").mock(
        side_effect=[ok({"id": 1, "name": "A"}, {"id": 2, "name": "B"}), empty()]
    )

    names = [email.name async for email in aclient.assets.emails.list(page_size=2)]

    assert names == ["A", "B"]
    assert route.call_count == 2


# --- emails and templates ------------------------------------------------------------------


def test_get_email_by_name_sends_the_folder_filter_as_json_in_the_query(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.get("/rest/asset/v1/email/byName.json").mock(return_value=empty())

    found = client.assets.emails.get_by_name(
        name="Welcome", folder=FolderRef(id=1056, type="Folder"), status="approved"
    )

    assert found is None
    url = route.calls.last.request.url
    assert url.params["name"] == "Welcome"
    assert url.params["folder"] == '{"id":1056,"type":"Folder"}'
    assert url.params["status"] == "approved"
    assert b"folder=%7B%22id%22%3A1056%2C%22type%22%3A%22Folder%22%7D" in url.query


def test_create_email_template_uploads_content_as_a_file_part(
    api: respx.MockRouter, client: Marketo
) -> None:
    html = "<html><body><div class='mktEditable' id='main'>Hi</div></body></html>"
    route = api.post("/rest/asset/v1/emailTemplates.json").mock(
        return_value=ok(
            {"id": 19, "name": "Base", "status": "draft", "folder": {"id": 15, "type": "Folder"}}
        )
    )

    template = client.assets.email_templates.create(
        name="Base", folder={"id": 15, "type": "Folder"}, content=html, description="Base layout"
    )

    parts = multipart(route.calls.last.request)
    assert parts["name"] == (None, "text/plain", b"Base")
    assert parts["folder"] == (None, "text/plain", b'{"id":15,"type":"Folder"}')
    assert parts["description"] == (None, "text/plain", b"Base layout")
    assert parts["content"] == ("template.html", "text/html", html.encode())
    assert isinstance(template, EmailTemplate)
    assert template.id == 19


async def test_async_create_email_template_from_a_path(
    api: respx.MockRouter, aclient: AsyncMarketo, tmp_path: Path
) -> None:
    source = tmp_path / "layout.html"
    source.write_text("<html>layout</html>", encoding="utf-8")
    route = api.post("/rest/asset/v1/emailTemplates.json").mock(return_value=ok({"id": 20}))

    template = await aclient.assets.email_templates.create(
        name="Layout", folder=FolderRef(id=15, type="Folder"), content=source
    )

    assert template.id == 20
    parts = multipart(route.calls.last.request)
    assert parts["content"] == ("layout.html", "text/html", b"<html>layout</html>")


def test_create_file_names_a_bytes_upload_after_the_file(
    api: respx.MockRouter, client: Marketo
) -> None:
    route = api.post("/rest/asset/v1/files.json").mock(
        return_value=ok({"id": 5, "name": "logo.png", "url": "https://x/logo.png"})
    )

    created = client.assets.files.create(
        name="logo.png", folder={"id": 33, "type": "Folder"}, file=b"\x89PNG...", insert_only=True
    )

    parts = multipart(route.calls.last.request)
    assert parts["file"] == ("logo.png", "image/png", b"\x89PNG...")
    assert parts["insertOnly"] == (None, "text/plain", b"true")
    assert isinstance(created, File)
    assert created.url == "https://x/logo.png"


async def test_async_approve_returns_the_asset_id(
    api: respx.MockRouter, aclient: AsyncMarketo
) -> None:
    route = api.post("/rest/asset/v1/emailTemplate/19/approveDraft.json").mock(
        return_value=ok({"id": 19})
    )

    approved = await aclient.assets.email_templates.approve(19)

    assert approved.id == 19
    assert isinstance(approved, EmailTemplate)
    assert route.calls.last.request.method == "POST"


def test_delete_folder_sends_its_type_in_the_form(api: respx.MockRouter, client: Marketo) -> None:
    route = api.post("/rest/asset/v1/folder/43/delete.json").mock(return_value=ok({"id": 43}))

    deleted = client.assets.folders.delete(43)

    assert isinstance(deleted, AssetId)
    assert deleted.id == 43
    assert form(route.calls.last.request) == [("type", "Folder")]


def test_smart_list_with_rules(api: respx.MockRouter, client: Marketo) -> None:
    route = api.get("/rest/asset/v1/smartCampaign/88/smartList.json").mock(
        return_value=ok(
            {
                "id": 501,
                "name": "Default",
                "createdAt": "2024-05-01T10:00:00Z",
                "rules": {
                    "filterMatchType": "All",
                    "triggers": ["Fills Out Form"],
                    "filters": [
                        {
                            "id": 1,
                            "name": "Fills Out Form",
                            "ruleTypeId": 13,
                            "ruleType": "Fills Out Form",
                            "operator": "is",
                            "conditions": [{"activityAttributeId": 12, "values": ["Contact Us"]}],
                        }
                    ],
                },
            }
        )
    )

    smart_list = client.assets.smart_campaigns.smart_list(88, include_rules=True)

    assert route.calls.last.request.url.params["includeRules"] == "true"
    assert isinstance(smart_list, SmartListWithRules)
    assert smart_list.rules is not None
    assert smart_list.rules.filter_match_type == "All"
    (rule,) = smart_list.rules.filters or []
    assert rule.conditions is not None
    assert rule.conditions[0].values == ["Contact Us"]


def test_tokens_upsert_is_a_form_post(api: respx.MockRouter, client: Marketo) -> None:
    route = api.post("/rest/asset/v1/folder/1001/tokens.json").mock(
        return_value=ok(
            {
                "folder": {"id": 1001, "type": "Program"},
                "tokens": [{"name": "event date", "type": "date", "value": "2024-05-01"}],
            }
        )
    )

    tokens = client.assets.tokens.upsert(
        1001, name="event date", type="date", value="2024-05-01", folder_type="Program"
    )

    assert form(route.calls.last.request) == [
        ("name", "event date"),
        ("folderType", "Program"),
        ("type", "date"),
        ("value", "2024-05-01"),
    ]
    assert tokens.folder == FolderRef(id=1001, type="Program")
    assert tokens.tokens is not None
    assert tokens.tokens[0].value == "2024-05-01"


def test_with_options_rebuilds_the_areas_for_the_copy(
    api: respx.MockRouter, client: Marketo
) -> None:
    programs = client.assets.programs
    patient = client.with_options(timeout=120)

    assert client.assets.programs is programs, "areas are built once per client"
    assert patient.assets.programs is not programs
    assert patient.assets.programs._client is patient
