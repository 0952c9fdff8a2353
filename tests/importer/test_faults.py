"""An import under injected rate limits, concurrency limits, timeouts, gateway errors and dropped
connections still ends verified, with no duplicate asset."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import SandboxConfig
from tests.importer.conftest import design_studio, programs

FAULTS = {
    "606": 0.04,
    "615": 0.04,
    "604": 0.04,
    "http502": 0.03,
    "http503": 0.03,
    "drop": 0.02,
    "truncate": 0.03,
}


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    return SandboxConfig(validate_responses=True, faults=FAULTS, fault_seed=11)


@pytest.mark.parametrize("template", ["op-lead-management", "lead-scoring"])
def test_import_under_faults_ends_verified_without_duplicates(
    sandbox_client: Marketo, tmp_path: Path, template: str
) -> None:
    client = sandbox_client.with_options(max_retries=8)
    plan = client.importer.plan(template)
    result = plan.apply(journal=tmp_path / "journal.json")

    stats = plan.client.stats
    assert stats.retries > 0, "the faults were injected and retried"
    assert client.importer.verify(template).ok
    studio = design_studio(client)
    for names in studio.values():
        assert len(names) == len(set(names)), f"duplicate Design Studio asset: {names}"
    assert programs(client).count(plan.request.template.name) == 1
    program = client.assets.programs.get(result.program_id or 0)
    local = client.assets.emails.list(folder={"id": program.id, "type": "Program"})
    names = [e.name for e in local]
    assert len(names) == len(set(names))
    campaigns = [
        c.name
        for c in client.assets.smart_campaigns.list(folder={"id": program.id, "type": "Program"})
    ]
    assert len(campaigns) == len(set(campaigns)) == len(plan.request.template.smart_campaigns)
