"""Requests shaped exactly as Adobe's documentation shows them, with raw httpx (sync and async).

A third-party Marketo client knows nothing about marketo-ops; if these pass, it works unchanged.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from marketo_ops.sandbox import Sandbox

from .conftest import EMAIL_TEMPLATES, IMAGES, MA_DEFAULT, Api

A = "/rest/asset/v1"


@pytest.mark.marketo_verified
def test_create_folder_form_body_as_documented(api: Api) -> None:
    parent = api.folder(MA_DEFAULT)
    body = (
        f'parent={{"id":{parent},"type":"Folder"}}'
        "&name=Test 10 - deverly&description=This is a test"
    )
    response = api.http.post(
        f"{A}/folders.json",
        content=body.replace(" ", "%20")
        .replace('"', "%22")
        .replace("{", "%7B")
        .replace("}", "%7D")
        .encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    result = response.json()["result"][0]
    assert result["name"] == "Test 10 - deverly"
    assert result["description"] == "This is a test"
    assert result["path"] == "/Marketing Activities/Default/Test 10 - deverly"


@pytest.mark.marketo_verified
def test_create_program_form_body_as_documented(api: Api) -> None:
    folder = api.folder(MA_DEFAULT)
    form = (
        f'name=API Test Program&folder={{"id":{folder},"type":"Folder"}}'
        "&description=Sample API Program"
        '&type=Default&channel=Email Blast&costs=[{"startDate":"2015-01-01","cost":2000}]'
    )
    encoded = "&".join(
        f"{key}={quote(value)}" for key, value in (pair.split("=", 1) for pair in form.split("&"))
    )
    response = api.http.post(
        f"{A}/programs.json",
        content=encoded.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    program = response.json()["result"][0]
    assert (program["name"], program["type"], program["channel"]) == (
        "API Test Program",
        "Default",
        "Email Blast",
    )
    assert program["costs"] == [{"startDate": "2015-01-01", "cost": 2000}]


@pytest.mark.marketo_verified
def test_multipart_email_template_as_documented(api: Api) -> None:
    folder = api.folder(EMAIL_TEMPLATES)
    boundary = "mktoBoundary1480963323998"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="name"\r\n\r\n'
        "Sample Email Template\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="folder"\r\n\r\n'
        f'{{"id":{folder},"type":"Folder"}}\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="content"; filename="testHTML.html"\r\n'
        "Content-Type: text/html\r\n\r\n"
        "<html>\n<body>\n<h1>TEST HTML</h1>\n"
        '<div class="mktEditable" id="edit"></div>\n</body>\n</html>\n\r\n'
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="description"\r\n\r\n'
        "Create email template using API\r\n"
        f"--{boundary}--\r\n"
    )
    response = api.http.post(
        f"{A}/emailTemplates.json",
        content=body.encode(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    template = response.json()["result"][0]
    assert template["name"] == "Sample Email Template"
    assert template["description"] == "Create email template using API"
    assert template["status"] == "draft"
    # GET .../content has no .json in the spec; both spellings answer
    for path in (
        f"{A}/emailTemplate/{template['id']}/content",
        f"{A}/emailTemplate/{template['id']}/content.json",
    ):
        assert "TEST HTML" in api.get(path)[0]["content"]


@pytest.mark.marketo_verified
def test_multipart_file_upload_as_documented(api: Api) -> None:
    folder = api.folder(IMAGES)
    response = api.http.post(
        f"{A}/files.json",
        data={
            "name": "marketo.html",
            "folder": f'{{"id":{folder},"type":"Folder"}}',
            "description": "This is a test file",
        },
        files={
            "file": (
                "marketo.html",
                b"<html><body><h1>Test Page - marketo.html</h1></body></html>",
                "text/html",
            )
        },
    )
    result = response.json()["result"][0]
    assert result["mimeType"] == "text/html"
    assert result["name"] == "marketo.html"
    assert result["url"].endswith("/rs/sandbox/images/marketo.html")


@pytest.mark.marketo_verified
def test_get_filters_as_json_in_the_query_string(api: Api) -> None:
    folder = api.folder(MA_DEFAULT)
    url = f'{A}/folders.json?root={{"id":{folder},"type":"Folder"}}&maxDepth=1'
    result = api.http.get(url).json()["result"]
    assert result[0]["id"] == folder


def test_everything_in_the_query_string(api: Api) -> None:
    """Some clients send even POST parameters only in the query string; Marketo accepts that."""
    folder = api.folder(MA_DEFAULT)
    response = api.http.post(
        f"{A}/programs.json",
        params={
            "name": "Query Program",
            "folder": f"{{'id': {folder}, 'type': 'Folder'}}",
            "type": "Default",
            "channel": "Operational",
        },
    )
    assert response.json()["result"][0]["name"] == "Query Program"


@pytest.mark.anyio
async def test_async_client_through_the_asgi_transport(
    async_http: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    folder = sandbox.admin.folder(MA_DEFAULT).id
    created = await async_http.post(
        f"{A}/folders.json", data={"name": "Async", "parent": f'{{"id":{folder},"type":"Folder"}}'}
    )
    assert created.json()["success"] is True
    found = await async_http.get(f"{A}/folder/byName.json", params={"name": "Async"})
    assert found.json()["result"][0]["name"] == "Async"


def test_sync_and_async_faces_share_one_store(api: Api, sandbox: Sandbox) -> None:
    api.program("Seen By Both")

    async def look() -> dict[str, object]:
        async with httpx.AsyncClient(
            transport=sandbox.async_transport(), base_url=sandbox.base_url
        ) as client:
            response = await client.get(
                f"{A}/program/byName.json",
                params={"name": "Seen By Both"},
                headers={"Authorization": api.http.headers["Authorization"]},
            )
            return dict(response.json())

    import asyncio

    assert asyncio.run(look())["result"]
