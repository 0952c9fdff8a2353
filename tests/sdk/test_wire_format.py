"""The request encodings Marketo expects, byte for byte."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from marketo_ops import Marketo
from tests.sdk.mock_marketo import envelope

pytestmark = pytest.mark.anyio


def form(request: httpx.Request) -> list[tuple[str, str]]:
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qsl(request.content.decode(), keep_blank_values=True)


def test_create_folder_is_form_encoded_with_json_parent(api: respx.MockRouter, client: Marketo):
    route = api.post("/rest/asset/v1/folders.json").mock(
        return_value=httpx.Response(200, json=envelope([{"id": 5}]))
    )
    client.request(
        "POST",
        "/rest/asset/v1/folders.json",
        body={
            "name": "Campaigns",
            "parent": {"id": 42, "type": "Folder"},
            "description": "Smart campaigns",
        },
    )
    request = route.calls[0].request
    assert request.content == (
        b"name=Campaigns&parent=%7B%22id%22%3A42%2C%22type%22%3A%22Folder%22%7D&description=Smart+campaigns"
    )
    assert form(request) == [
        ("name", "Campaigns"),
        ("parent", '{"id":42,"type":"Folder"}'),
        ("description", "Smart campaigns"),
    ]


def test_create_program_encodes_folder_tags_and_costs_as_json(
    api: respx.MockRouter, client: Marketo
):
    route = api.post("/rest/asset/v1/programs.json").mock(
        return_value=httpx.Response(200, json=envelope([{"id": 1}]))
    )
    client.request(
        "POST",
        "/rest/asset/v1/programs.json",
        body={
            "name": "OP-Lead Management",
            "folder": {"id": 12, "type": "Folder"},
            "type": "Default",
            "channel": "Operational",
            "description": None,
            "tags": [{"tagType": "Region", "tagValue": "EMEA"}],
            "costs": [{"startDate": "2026-11-01", "cost": 100}],
        },
    )
    assert form(route.calls[0].request) == [
        ("name", "OP-Lead Management"),
        ("folder", '{"id":12,"type":"Folder"}'),
        ("type", "Default"),
        ("channel", "Operational"),
        ("tags", '[{"tagType":"Region","tagValue":"EMEA"}]'),
        ("costs", '[{"startDate":"2026-11-01","cost":100}]'),
    ]


def test_query_filters_objects_as_json_and_lists_comma_joined(
    api: respx.MockRouter, client: Marketo
):
    route = api.get("/rest/v1/leads.json").mock(return_value=httpx.Response(200, json=envelope([])))
    client.request(
        "GET",
        "/rest/v1/leads.json",
        query={
            "filterType": "email",
            "filterValues": ["a@x.com", "b@x.com"],
            "fields": ("email", "leadScore"),
        },
    )
    params = route.calls[0].request.url.params
    assert params["filterValues"] == "a@x.com,b@x.com"
    assert params["fields"] == "email,leadScore"
    route2 = api.get("/rest/asset/v1/email/byName.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    client.request(
        "GET",
        "/rest/asset/v1/email/byName.json",
        query={"name": "A", "folder": {"id": 3, "type": "Program"}},
    )
    assert route2.calls[0].request.url.params["folder"] == '{"id":3,"type":"Program"}'


def test_lead_database_bodies_are_json(api: respx.MockRouter, client: Marketo):
    route = api.post("/rest/v1/leads.json").mock(
        return_value=httpx.Response(200, json=envelope([]))
    )
    client.request(
        "POST",
        "/rest/v1/leads.json",
        json={"action": "createOrUpdate", "input": [{"email": "a@x.com"}]},
    )
    request = route.calls[0].request
    assert request.headers["Content-Type"] == "application/json"
    assert request.content == b'{"action":"createOrUpdate","input":[{"email":"a@x.com"}]}'


def test_files_are_multipart(api: respx.MockRouter, client: Marketo):
    route = api.post("/rest/asset/v1/files.json").mock(
        return_value=httpx.Response(200, json=envelope([{"id": 9}]))
    )
    client.request(
        "POST",
        "/rest/asset/v1/files.json",
        body={"name": "logo.png", "folder": {"id": 7, "type": "Folder"}, "insertOnly": True},
        files={"file": ("logo.png", b"\x89PNG...", "image/png")},
    )
    request = route.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="folder"\r\n\r\n{"id":7,"type":"Folder"}' in body
    assert b'name="insertOnly"\r\n\r\ntrue' in body
    assert b'name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG...' in body
