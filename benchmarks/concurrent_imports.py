"""Ten regional copies of OP-Lead Management imported concurrently from one script.

Run: ``python -m benchmarks.concurrent_imports``. Prints, per import, the API calls its plan,
apply and verify made (each import counts its own calls even though all share one client and
one limiter), whether it verified, and the wall time, against an in-process sandbox with
Marketo's real limits (100 calls / 20 s, 10 in flight) and the SDK's default pacing (50 calls /
20 s, 5 in flight) on a manual clock, so waits take no real time.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from marketo_ops import ManualClock, Marketo
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.templates import builtin_templates_dir

REGIONS = ["AMER", "EMEA", "APAC", "LATAM", "DACH", "France", "Nordics", "Benelux", "Iberia", "ANZ"]


def regional_template(directory: Path) -> Path:
    path = directory / "op-lead-management"
    shutil.copytree(builtin_templates_dir() / "op-lead-management", path)
    spec = path / "program.yaml"
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["variables"] = {"region": {"description": "Region served", "pattern": "[A-Za-z]+"}}
    data["program"]["name"] = "{{ region }} - OP-Lead Management"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def main() -> int:
    clock = ManualClock()
    sandbox = Sandbox(":memory:", SandboxConfig.marketo_defaults(), clock=clock)
    client = Marketo.sandbox(sandbox)
    with tempfile.TemporaryDirectory() as tmp:
        template = regional_template(Path(tmp))

        def run(region: str) -> tuple[str, int, int, int, bool]:
            plan = client.importer.plan(template, variables={"region": region})
            planned = plan.client.stats.calls
            plan.apply(journal=Path(tmp) / f"{region}.json")
            checker = client.counting()
            report = checker.importer.verify(template, variables={"region": region})
            return (
                region,
                planned,
                plan.client.stats.calls - planned,
                checker.stats.calls,
                report.ok,
            )

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(REGIONS)) as pool:
            results = list(pool.map(run, REGIONS))
        wall = time.perf_counter() - started
    print(f"{'region':<8} {'plan':>5} {'apply':>6} {'verify':>7} {'total':>6}  verified")
    for region, planned, applied, verified, ok in results:
        total = planned + applied + verified
        print(f"{region:<8} {planned:>5} {applied:>6} {verified:>7} {total:>6}  {ok}")
    print(
        f"all imports: {client.stats.calls + sum(r[1] + r[2] + r[3] for r in results)} calls, "
        f"{wall:.2f} s wall, {clock.monotonic():.0f} s of simulated Marketo time"
    )
    client.close()
    sandbox.close()
    return 0 if all(r[4] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
