"""A transient error on a read after a good apply must not turn the import into a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import SandboxConfig
from marketo_ops.sandbox.config import FaultRule

TEMPLATE = "op-lead-management"


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    """One transient 611 on the first read of email content: Marketo's 'system error'."""
    return SandboxConfig(
        validate_responses=True,
        fault_rules=(FaultRule("611", 1.0, operation="getEmailContentByIdUsingGET", times=1),),
    )


def test_a_transient_611_on_a_read_does_not_fail_verify(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE)
    result = plan.apply(journal=tmp_path / "j.json")
    report = sandbox_client.importer.verify_applied(plan, result)
    assert report.ok
    fresh = sandbox_client.counting()
    assert fresh.importer.verify(TEMPLATE).ok
