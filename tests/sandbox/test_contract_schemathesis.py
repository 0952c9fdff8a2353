"""Contract: schemathesis generates requests from the specs and calls the ASGI app in-process.

The asset spec declares form bodies as ``in: body`` JSON objects; ``wire_spec`` turns them into
``formData`` parameters whose object values are JSON text, as Marketo receives them (the
official files stay untouched). Marketo answers bad input with HTTP 200 and ``success: false``,
so the negative-data check is replaced by an envelope check of our own, and a handler crash
(611) or an HTTP 5xx fails the test. Every operation of the asset and identity specs is
called, those the sandbox does not implement too (they must answer, not crash); answers of
implemented ones are also validated against the spec. Runs are small and deterministic to keep
the suite fast.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.contract import wire_spec
from marketo_ops.sandbox.routing import REGISTRY

SANDBOX = Sandbox(":memory:", SandboxConfig(validate_responses=True))
TOKEN = "schemathesis-token"
SANDBOX.store.put_access_token(TOKEN, SANDBOX.client_id, 0, 4_000_000_000)
AUTH = {"Authorization": f"Bearer {TOKEN}"}

IMPLEMENTED = {op.operation_id for op in REGISTRY.operations if op.spec == "asset"}
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 2, "deterministic": True, "mode": "positive"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "suppress-health-check": ["all"],
    }
)
schema = schemathesis.openapi.from_dict(wire_spec("asset"), config=CONFIG)
schema.app = SANDBOX.app
identity = schemathesis.openapi.from_dict(wire_spec("identity"), config=CONFIG)
identity.app = SANDBOX.app


def envelope_check(response: Any) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body.get("requestId"), str)
    assert "#" in body["requestId"]
    assert isinstance(body.get("success"), bool)
    assert isinstance(body.get("warnings"), list)
    if body["success"]:
        assert body["errors"] == []
        assert "result" in body or body["warnings"], body
    else:
        assert "result" not in body
        assert body["errors"]
        assert all(isinstance(error["code"], str) for error in body["errors"])
        codes = {error["code"] for error in body["errors"]}
        assert "611" not in codes, f"the sandbox crashed on a request the spec allows: {body}"


@schema.parametrize()
def test_asset_operations_conform(case: schemathesis.Case) -> None:
    if case.operation.definition.raw["operationId"] in IMPLEMENTED:
        response = case.call_and_validate(
            headers=AUTH,
            excluded_checks=[negative_data_rejection, positive_data_acceptance],
        )
    else:
        # 610, or the answer of an implemented route whose path pattern also matches.
        response = case.call(headers=AUTH)
    envelope_check(response)


@identity.parametrize()
def test_identity_operations_conform(case: schemathesis.Case) -> None:
    """Tokens, or OAuth's ``{error, error_description}`` with a 4xx: never a crash."""
    response = case.call()
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code == 200:
        assert body["token_type"] == "bearer"
        assert isinstance(body["expires_in"], int)
    else:
        assert response.status_code in {400, 401}, response.text
        assert set(body) == {"error", "error_description"}, body


def test_wire_spec_keeps_official_files_untouched() -> None:
    from marketo_ops.specs import load_spec

    official = load_spec("asset")["paths"]["/rest/asset/v1/folders.json"]["post"]["parameters"]
    assert [parameter["in"] for parameter in official] == ["body"]
    wire = wire_spec("asset")["paths"]["/rest/asset/v1/folders.json"]["post"]["parameters"]
    assert {parameter["name"]: parameter["in"] for parameter in wire} == {
        "description": "formData",
        "name": "formData",
        "parent": "formData",
    }
    upload = wire_spec("asset")["paths"]["/rest/asset/v1/files.json"]["post"]["parameters"]
    assert {parameter["name"]: parameter["type"] for parameter in upload}["file"] == "file"
