"""Fixtures for the sandbox tests: an in-memory sandbox on a manual clock, raw httpx clients.

Every sandbox made here validates each JSON response against the (corrected) official specs,
so any behaviour test that gets a non-conforming answer fails with HTTP 500.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox, SandboxConfig

MA = "Marketing Activities"
MA_DEFAULT = "Marketing Activities/Default"
MA_PARTNER = "Marketing Activities/Partner Marketing"
EMAIL_TEMPLATES = "Design Studio/Default/Emails/Templates"
EMAILS = "Design Studio/Default/Emails"
IMAGES = "Design Studio/Default/Images and Files"
LP_TEMPLATES = "Design Studio/Default/Landing Pages/Templates"
LANDING_PAGES = "Design Studio/Default/Landing Pages"
SNIPPETS = "Design Studio/Default/Snippets"

TEMPLATE_HTML = """<!DOCTYPE html>
<html><head><meta class="mktoString" id="heroTitle" mktoName="Hero title" default="Welcome"></head>
<body>
<div class="mktEditable" id="main_text"><p>Hello from the template</p></div>
<div class="mktEditable" id="footer">Footer text</div>
</body></html>
"""
NO_SECTION_HTML = "<html><body><h1>No editable section here</h1></body></html>"
LP_TEMPLATE_HTML = (
    '<html><head><meta class="mktoString" id="headline" mktoName="Headline" default="Hi"></head>'
    '<body><div class="mktoText" id="lp_main" mktoName="Main">Landing</div></body></html>'
)


def folder_ref(folder_id: int, kind: str = "Folder") -> str:
    return json.dumps({"id": folder_id, "type": kind})


@dataclass
class Api:
    """A raw httpx client plus a few assertions on Marketo's envelope."""

    http: httpx.Client
    sandbox: Sandbox

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self.http.request(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert isinstance(body.get("requestId"), str)
        assert "#" in body["requestId"]
        return body

    def ok(self, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = self.call(method, path, **kwargs)
        assert body["success"] is True, body
        assert body["errors"] == []
        return list(body.get("result", []))

    def error(self, method: str, path: str, **kwargs: Any) -> tuple[str, str]:
        body = self.call(method, path, **kwargs)
        assert body["success"] is False, body
        assert "result" not in body
        error = body["errors"][0]
        assert isinstance(error["code"], str)
        return error["code"], error["message"]

    def get(self, path: str, **params: Any) -> list[dict[str, Any]]:
        return self.ok("GET", path, params=params)

    def post(
        self, path: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> list[dict[str, Any]]:
        return self.ok("POST", path, data=data, **kwargs)

    def folder(self, path: str) -> int:
        return self.sandbox.admin.folder(path).id

    # --- builders used by many tests ------------------------------------------------------------
    def template(
        self,
        name: str,
        html: str = TEMPLATE_HTML,
        *,
        approve: bool = True,
        folder: str = EMAIL_TEMPLATES,
    ) -> int:
        created = self.post(
            "/rest/asset/v1/emailTemplates.json",
            data={"name": name, "folder": folder_ref(self.folder(folder))},
            files={"content": ("template.html", html.encode(), "text/html")},
        )
        template_id = int(created[0]["id"])
        if approve:
            self.post(f"/rest/asset/v1/emailTemplate/{template_id}/approveDraft.json")
        return template_id

    def program(
        self,
        name: str,
        *,
        folder: str = MA_DEFAULT,
        type_: str = "Default",
        channel: str = "Operational",
        **extra: Any,
    ) -> dict[str, Any]:
        data = {
            "name": name,
            "folder": folder_ref(self.folder(folder)),
            "type": type_,
            "channel": channel,
            **extra,
        }
        return self.post("/rest/asset/v1/programs.json", data=data)[0]

    def email(self, name: str, program_id: int, template_id: int, **extra: Any) -> dict[str, Any]:
        data = {
            "name": name,
            "folder": folder_ref(program_id, "Program"),
            "template": template_id,
            "subject": "Hello",
            "fromName": "Marketing",
            "fromEmail": "marketing@example.com",
            "replyEmail": "reply@example.com",
            **extra,
        }
        return self.post("/rest/asset/v1/emails.json", data=data)[0]


def _token(http: httpx.Client, sandbox: Sandbox) -> str:
    response = http.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def config() -> SandboxConfig:
    return SandboxConfig(validate_responses=True)


@pytest.fixture
def sandbox(config: SandboxConfig, clock: ManualClock) -> Iterator[Sandbox]:
    box = Sandbox(":memory:", config, clock=clock)
    yield box
    box.close()


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url) as client:
        client.headers["Authorization"] = f"Bearer {_token(client, sandbox)}"
        yield client


@pytest.fixture
def api(http: httpx.Client, sandbox: Sandbox) -> Api:
    return Api(http, sandbox)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def async_http(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=sandbox.async_transport(), base_url=sandbox.base_url
    ) as client:
        response = await client.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": sandbox.client_id,
                "client_secret": sandbox.client_secret,
            },
        )
        client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        yield client
