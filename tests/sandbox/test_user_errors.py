"""User Management failures have one shape, whatever refused the call.

Adobe's User Management guide: no ``success`` member; "if a call fails, a non-200 level status
code is returned and the response body contains the standard errors array with error code and
descriptive error message" (the user spec's ``Error`` definition: an integer ``code`` and a
``message``). That holds for the API's own rules and for what the sandbox checks before them:
bodies that are not JSON objects (``[null, null]``), content types, tokens, unknown paths and
methods, rate limits.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox, SandboxConfig

from .conftest import Api

U = "/userservice/management/v1/users"
ADMIN = "admin@sandbox.marketo.local"


def _failure(response: httpx.Response, status: int, code: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"errors"}, body
    [error] = body["errors"]
    assert set(error) == {"code", "message"}
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"]
    return str(error["message"])


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        (f"{U}/{ADMIN}/update.json", "[null, null]"),
        (f"{U}/invite.json", "[null, null]"),
        (f"{U}/{ADMIN}/roles/create.json", '"Admin"'),
        (f"{U}/{ADMIN}/update.json", "{not json"),
    ],
)
def test_bodies_that_are_not_json_objects(api: Api, path: str, payload: str) -> None:
    response = api.http.post(path, content=payload, headers={"Content-Type": "application/json"})
    assert _failure(response, 400, 609) == "Invalid JSON"


def test_a_text_body_is_the_wrong_content_type(api: Api) -> None:
    response = api.http.post(
        f"{U}/{ADMIN}/update.json",
        content=b'{"firstName": "Ada"}',
        headers={"Content-Type": "text/plain"},
    )
    _failure(response, 400, 612)


def test_the_api_rules_answer_in_the_same_shape(api: Api) -> None:
    _failure(api.http.get(f"{U}/nobody@example.com/user.json"), 404, 610)
    _failure(api.http.get(f"{U}/allusers.json", params={"pageSize": "abc"}), 400, 1001)
    invite = {"firstName": "A", "lastName": "B", "emailAddress": "not-an-email"}
    _failure(api.http.post(f"{U}/invite.json", json=invite), 400, 1003)


def test_routing_and_tokens_answer_in_the_same_shape(api: Api) -> None:
    _failure(api.http.get(f"{U}/{ADMIN}/nothing-here.json"), 404, 610)
    _failure(api.http.get(f"{U}/{ADMIN}/delete.json"), 405, 605)
    bare = httpx.Client(transport=api.sandbox.sync_transport(), base_url=api.sandbox.base_url)
    _failure(bare.get(f"{U}/roles.json"), 401, 600)
    _failure(bare.get(f"{U}/roles.json", headers={"Authorization": "Bearer nope"}), 401, 601)


def test_rate_limits_answer_in_the_same_shape() -> None:
    sandbox = Sandbox(":memory:", SandboxConfig(rate_limit=(1, 20.0)), clock=ManualClock())
    sandbox.store.put_access_token("t", sandbox.client_id, 0, 4_000_000_000)
    http = httpx.Client(
        transport=sandbox.sync_transport(),
        base_url=sandbox.base_url,
        headers={"Authorization": "Bearer t"},
    )
    assert http.get(f"{U}/roles.json").status_code == 200
    _failure(http.get(f"{U}/roles.json"), 429, 606)


def test_roles_take_the_guide_s_bare_array_and_the_spec_s_input(api: Api) -> None:
    workspace = api.http.get(f"{U}/workspaces.json").json()[0]["id"]
    pair = {"accessRoleId": 3, "workspaceId": workspace}
    added = api.http.post(f"{U}/{ADMIN}/roles/create.json", json=[pair])
    assert added.status_code == 200, added.text
    assert {"accessRoleId": 3, "workspaceId": workspace}.items() <= added.json()[-1].items()
    removed = api.http.post(f"{U}/{ADMIN}/roles/delete.json", json={"input": [pair]})
    assert removed.status_code == 200, removed.text
    assert all(item["accessRoleId"] != 3 for item in removed.json())
