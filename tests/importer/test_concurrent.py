"""Ten regional programs imported concurrently from one script, each verified and counted."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import SandboxConfig
from tests.importer.conftest import design_studio, programs

REGIONS = ["AMER", "EMEA", "APAC", "LATAM", "DACH", "France", "Nordics", "Benelux", "Iberia", "ANZ"]


def regional(data: dict[str, Any]) -> None:
    data["variables"] = {"region": {"description": "Region served", "pattern": "[A-Za-z]+"}}
    data["program"]["name"] = "{{ region }} - OP-Lead Management"


@pytest.fixture
def sandbox_config() -> SandboxConfig:
    """Marketo's real limits: the imports share one client and must never see 606 or 615."""
    return SandboxConfig.marketo_defaults(validate_responses=True)


def test_ten_regions_imported_concurrently_end_verified(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    path = template_copy(edit=regional)

    def run(region: str) -> tuple[str, int, int, int]:
        plan = sandbox_client.importer.plan(path, variables={"region": region}, use_mcp=False)
        planned = plan.client.stats.calls
        plan.apply(journal=tmp_path / f"{region}.json")
        checker = sandbox_client.counting()
        report = checker.importer.verify(path, variables={"region": region}, use_mcp=False)
        assert report.ok, (region, [c.detail for c in report.failures])
        limited = sum(
            stats.errors.get(name, 0)
            for stats in (plan.client.stats, checker.stats)
            for name in ("RateLimitError", "ConcurrencyLimitError")
        )
        assert limited == 0, f"{region} met Marketo's limits"
        return region, planned, plan.client.stats.calls - planned, checker.stats.calls

    with ThreadPoolExecutor(max_workers=len(REGIONS)) as pool:
        results = list(pool.map(run, REGIONS))

    names = programs(sandbox_client)
    assert sorted(n for n in names if n.endswith("OP-Lead Management")) == sorted(
        f"{r} - OP-Lead Management" for r in REGIONS
    )
    assert design_studio(sandbox_client) == {
        "files": ["Quick Start Logo"],
        "email_templates": ["Quick Start Email Template"],
        "lp_templates": [],
    }
    for region, planned, applied, verified in results:
        assert 5 <= planned <= 14, (region, planned)  # one read of the destination
        assert 15 <= applied <= 22, (region, applied)  # 19 writes when nothing is shared yet
        assert 8 <= verified <= 14, (region, verified)
    total = sum(p + a + v for _, p, a, v in results)
    assert total <= 12 * 38, total  # at most 1.2 times ten single imports (38 calls each)
