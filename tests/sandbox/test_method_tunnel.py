"""``POST`` + ``_method=GET`` answers like the GET, on every GET operation of the four specs.

Marketo's error-code guide tells clients whose query string would pass 8 KB (414) to send the
call "as a POST with param ``_method=GET`` in the URL, and the rest of the query string in the
body"; node-marketo-rest puts ``_method=GET`` in the form body itself. The operations are read
from the official specs (not listed by hand): each GET is called three ways on a populated
sandbox (a program built from a shipped template, leads, a static list) and the answers are
compared, request ids aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox, SandboxConfig, seed_template
from marketo_ops.specs import load_spec
from marketo_ops.templates import ProgramTemplate, resolve_template

SPECS = ("identity", "asset", "mapi", "user")
_PARAM = re.compile(r"\{([A-Za-z_]+)\}")


def _get_operations() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for spec in SPECS:
        for path, item in load_spec(spec)["paths"].items():
            if "get" in item:
                found.append((spec, path, item["get"]))
    return found


OPERATIONS = _get_operations()


class World:
    """A populated sandbox and the ids its assets got, to fill path and query parameters."""

    def __init__(self) -> None:
        self.sandbox = Sandbox(
            ":memory:", SandboxConfig(validate_responses=True), clock=ManualClock()
        )
        seeded = seed_template(
            self.sandbox, ProgramTemplate.load(resolve_template("op-lead-management"))
        )
        self.http = httpx.Client(
            transport=self.sandbox.sync_transport(), base_url=self.sandbox.base_url
        )
        token = self.http.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": self.sandbox.client_id,
                "client_secret": self.sandbox.client_secret,
            },
        ).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"
        leads = self.http.post(
            "/rest/v1/leads.json",
            json={"input": [{"email": "ada@example.com"}, {"email": "bob@example.com"}]},
        ).json()["result"]
        self.lead_id = int(leads[0]["id"])
        folder = self.sandbox.admin.folder("Marketing Activities/Default").id
        static_list = self.http.post(
            "/rest/asset/v1/staticLists.json",
            data={
                "name": "Tunnel list",
                "folder": f'{{"id":{seeded.program_id},"type":"Program"}}',
            },
        ).json()["result"][0]
        self.list_id = int(static_list["id"])
        self.http.post(
            f"/rest/v1/lists/{self.list_id}/leads.json",
            json={"input": [{"id": int(lead["id"])} for lead in leads]},
        )
        self.program_id = seeded.program_id
        self.program_name = seeded.name
        campaign_id = next(iter(seeded.campaigns.values()))
        self.ids = {
            "program": seeded.program_id,
            "email": next(iter(seeded.emails.values())),
            "emailTemplate": next(iter(seeded.email_templates.values())),
            "emailTemplates": next(iter(seeded.email_templates.values())),
            "smartCampaign": campaign_id,
            "folder": folder,
            "staticList": self.list_id,
            "file": next(iter(seeded.files.values()), 1),
        }
        self.campaign_id = campaign_id
        self.paging_token = self.http.get(
            "/rest/v1/activities/pagingtoken.json", params={"sinceDatetime": "2000-01-01"}
        ).json()["nextPageToken"]

    def path(self, template: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            segment = template[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            by_name = {
                "programId": self.program_id,
                "leadId": self.lead_id,
                "listId": self.list_id,
                "campaignId": self.campaign_id,
                "fieldApiName": "email",
                "userid": "admin@sandbox.marketo.local",
                "customObjectName": "car_c",
                "apiName": "car_c",
                "exportId": "00000000-0000-0000-0000-000000000000",
            }
            if name == "id":
                return str(self.ids.get(segment, 1))
            return str(by_name.get(name, 1))

        return _PARAM.sub(value, template)

    def query(self, path: str, operation: dict[str, Any]) -> dict[str, str]:
        """Every declared query parameter that is required, plus paging, with working values."""
        known = {
            "name": self.program_name if "/program/" in path else "Tunnel list",
            "Name": "Operational",
            "type": "Folder",
            "tagType": "Program Owner",
            "tagValue": "x",
            "folder": f'{{"id":{self.ids["folder"]},"type":"Folder"}}',
            "filterType": "id",
            "filterValues": str(self.lead_id),
            "fields": "email,firstName",
            "nextPageToken": self.paging_token,
            "activityTypeIds": "1,12,24",
            "sinceDatetime": "2000-01-01T00:00:00Z",
            "maxReturn": "5",
            "batchSize": "5",
            "grant_type": "client_credentials",
            "client_id": self.sandbox.client_id,
            "client_secret": self.sandbox.client_secret,
        }
        params = {}
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            name = parameter["name"]
            if parameter.get("required") or name in _ALWAYS:
                params[name] = known.get(name, "1" if parameter.get("type") == "integer" else "x")
        return params


_ALWAYS = {"maxReturn", "batchSize", "grant_type", "client_id", "client_secret"}


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    built = World()
    yield built
    built.http.close()
    built.sandbox.close()


def _answer(response: httpx.Response) -> tuple[int, str, Any]:
    kind = response.headers.get("content-type", "").split(";")[0]
    if "json" in kind:
        body = response.json()
        if isinstance(body, dict):
            body.pop("requestId", None)
        return response.status_code, kind, body
    return response.status_code, kind, response.content


def _shape(answer: tuple[int, str, Any]) -> tuple[int, str, Any]:
    status, kind, body = answer
    if isinstance(body, dict):
        return status, kind, (body.get("success"), sorted(body))
    return status, kind, type(body).__name__


@pytest.mark.parametrize(
    ("spec", "template", "operation"),
    OPERATIONS,
    ids=[f"{spec}:{item['operationId']}" for spec, _, item in OPERATIONS],
)
def test_post_with_method_get_answers_like_the_get(
    world: World, spec: str, template: str, operation: dict[str, Any]
) -> None:
    path = world.path(template)
    query = world.query(template, operation)
    first = _answer(world.http.get(path, params=query))
    in_body = _answer(world.http.post(path, data={"_method": "GET", **query}))
    in_url = _answer(world.http.post(path, params={"_method": "GET"}, data=query))
    again = _answer(world.http.get(path, params=query))
    assert first[0] != 605, f"{spec} {template}: the GET itself is not routed"
    if first == again:
        assert in_body == first, f"{spec} {template}"
        assert in_url == first, f"{spec} {template}"
    else:
        # Answers that count calls (usage statistics) change with every call: same shape.
        assert _shape(in_body) == _shape(first) == _shape(in_url), f"{spec} {template}"


def test_the_tunnel_is_exercised_on_successful_answers(world: World) -> None:
    """Most GETs succeed on the populated sandbox, so the comparison above is not error vs
    error; those the sandbox does not implement (yet) answer 610 both ways."""
    successes = 0
    for _, template, operation in OPERATIONS:
        response = world.http.post(
            world.path(template), data={"_method": "GET", **world.query(template, operation)}
        )
        body = response.json() if "json" in response.headers.get("content-type", "") else None
        if response.status_code == 200 and (
            not isinstance(body, dict) or body.get("success", True) is True
        ):
            successes += 1
    assert successes >= len(OPERATIONS) * 3 // 5, (successes, len(OPERATIONS))
