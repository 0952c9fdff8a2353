"""Contract: schemathesis calls every Asset API v2 operation with generated requests.

The v2 spec is the one written from Adobe's docs (``asset-v2.from-docs.json``); generated
requests must get Marketo's envelope back (a success or a clean error, never a crash).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.sandbox.contract import wire_spec

from .test_contract_schemathesis import envelope_check

SANDBOX = Sandbox(":memory:", SandboxConfig(validate_responses=True))
TOKEN = "schemathesis-v2-token"
SANDBOX.store.put_access_token(TOKEN, SANDBOX.client_id, 0, 4_000_000_000)
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": 3, "deterministic": True, "mode": "positive"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "suppress-health-check": ["all"],
    }
)
schema = schemathesis.openapi.from_dict(wire_spec("asset_v2"), config=CONFIG)
schema.app = SANDBOX.app


@schema.parametrize()
def test_asset_v2_operations_answer_the_envelope(case: schemathesis.Case) -> None:
    response: Any = case.call_and_validate(
        headers=AUTH,
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )
    envelope_check(response)
