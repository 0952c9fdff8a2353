"""Contract: schemathesis generates requests from the lead database (``mapi``) and User
Management specs and calls the ASGI app in-process.

Marketo answers bad input of these APIs with HTTP 200 and ``success: false`` (lead database) or
a 4xx with ``{errors: [...]}`` (User Management), so schemathesis's own negative-data check is
replaced by ours: every answer is one of those shapes, no request the spec allows crashes the
sandbox (611 or HTTP 500), and every JSON answer passes the sandbox's response validation
(violations would come back as HTTP 500). Runs are small and deterministic to keep the suite
fast.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig

from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.contract import wire_spec

SANDBOX = Sandbox(":memory:", SandboxConfig(validate_responses=True))
TOKEN = "schemathesis-token"
SANDBOX.store.put_access_token(TOKEN, SANDBOX.client_id, 0, 4_000_000_000)
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 2, "deterministic": True, "mode": "positive"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "suppress-health-check": ["all"],
    }
)
mapi = schemathesis.openapi.from_dict(wire_spec("mapi"), config=CONFIG)
mapi.app = SANDBOX.app
users = schemathesis.openapi.from_dict(wire_spec("user"), config=CONFIG)
users.app = SANDBOX.app


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    if "json" not in str(response.headers.get("content-type", "")):
        assert response.status_code in {200, 206, 413, 416}, response.status_code
        return
    body = response.json()
    if isinstance(body, dict) and body.get("success") is False:
        codes = {error["code"] for error in body["errors"]}
        assert "611" not in codes, f"the sandbox crashed on a request the spec allows: {body}"
        assert "result" not in body
    elif isinstance(body, dict) and "errors" in body and response.status_code >= 400:
        assert all(isinstance(error["code"], int) for error in body["errors"])
    else:
        assert response.status_code == 200, response.text


@mapi.parametrize()
def test_lead_database_operations_conform(case: schemathesis.Case) -> None:
    _check(case.call(headers=AUTH))


@users.parametrize()
def test_user_management_operations_conform(case: schemathesis.Case) -> None:
    _check(case.call(headers=AUTH))
