"""Ten regional copies of OP-Lead Management imported at once from one process.

Issue 10's targets: 10 imports at once from one process, sharing one client and so one limiter
(the default pacing for a real instance: 50 calls / 20 s, 5 in flight), against an instance
with Marketo's limits (100 calls / 20 s, 10 in flight):

* total wall time <= 1.1x (total calls / allowed rate), the allowed rate being the client's
  50 calls per 20 s: the limiter keeps the pipe full instead of stalling;
* total calls <= 1.2x ten times the calls of a single import, measured in the same run;
* 0 answers 606 (rate limit) or 615 (concurrency).

Each import is ``{{ region }} - OP-Lead Management`` (a naming variable), planned, applied and
verified (``verify_applied``, as ``marketo-ops import`` does) from its own thread, REST only.
The Design Studio assets (logo, email template) are shared: the import that plans first creates
them, the others reuse or adopt them.

Default (real time): a sandbox served as a process (``marketo-ops sandbox serve --rate-limit
100/20 --concurrency 10``) behind the counting proxy, which counts the calls, tokens and
refusals; the single import is measured first on a sandbox of its own. This takes a few minutes
of real time (about 400 calls at 2.5 calls per second). ``--manual-clock``: the same ten imports
against an in-process sandbox on a manual clock (waits take no real time; the time shown is the
clock's), in about two seconds: the same calls and the same limiter decisions, without HTTP,
latency or a separate server.

    python -m benchmarks.concurrent_imports [--manual-clock] [--latency MS]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from marketo_ops import ManualClock, Marketo
from marketo_ops.config import DEFAULT_CALLS_PER_WINDOW, INSTANCE_WINDOW_SECONDS, Settings
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.templates import builtin_templates_dir

from .proxy import CountingProxy
from .served import CLIENT_ID, CLIENT_SECRET, MARKETO_LIMITS, machine, served_sandbox

REGIONS = ["AMER", "EMEA", "APAC", "LATAM", "DACH", "France", "Nordics", "Benelux", "Iberia", "ANZ"]
RATE = DEFAULT_CALLS_PER_WINDOW / INSTANCE_WINDOW_SECONDS  # calls per second allowed
TIME_RATIO = 1.1
CALLS_RATIO = 1.2


@dataclass
class Imported:
    region: str
    plan: int
    apply: int
    verify: int
    ok: bool

    @property
    def total(self) -> int:
        return self.plan + self.apply + self.verify


def regional_template(directory: Path) -> Path:
    path = directory / "op-lead-management"
    shutil.copytree(builtin_templates_dir() / "op-lead-management", path)
    spec = path / "program.yaml"
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["variables"] = {"region": {"description": "Region served", "pattern": "[A-Za-z]+"}}
    data["program"]["name"] = "{{ region }} - OP-Lead Management"
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def importer(client: Marketo, template: Path, journals: Path) -> Callable[[str], Imported]:
    def run(region: str) -> Imported:
        plan = client.importer.plan(template, variables={"region": region}, use_mcp=False)
        result = plan.apply(journal=journals / f"{region}.json") if plan.has_changes else None
        report = client.importer.verify_applied(plan, result)
        applied = result.calls if result is not None else 0
        return Imported(region, plan.read_calls, applied, report.calls, report.ok)

    return run


def import_all(run: Callable[[str], Imported], regions: list[str]) -> tuple[list[Imported], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(regions)) as pool:
        results = list(pool.map(run, regions))
    return results, time.perf_counter() - started


@dataclass
class Outcome:
    """Imports run together: their own counts, and what the instance saw."""

    results: list[Imported]
    seconds: float  # real time (served), or the manual clock's
    calls: int  # at the proxy (served) or in the sandbox's request log (manual clock)
    refused: int  # 606 and 615 answers among them
    detail: str

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def counted(self) -> int:
        return sum(r.total for r in self.results)


def served_run(work: Path, template: Path, options: list[str], regions: list[str]) -> Outcome:
    """The imports from one client against a sandbox served as a process, through the proxy,
    with a machine-wide ledger of their own (a fresh cache dir)."""
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    with (
        served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS, *options) as url,
        CountingProxy(url) as proxy,
    ):
        settings = Settings(base_url=proxy.url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
        with Marketo(settings=settings) as client:
            results, seconds = import_all(importer(client, template, work), regions)
        counts = proxy.counts()
    detail = f"{counts.api} REST, {counts.mcp_tools} MCP, {counts.token} token at the proxy"
    refused = counts.refused_606 + counts.refused_615
    return Outcome(results, seconds, counts.quota_calls, refused, detail)


def manual_run(template: Path, regions: list[str]) -> Outcome:
    """The imports against an in-process sandbox whose clock moves only when someone waits."""
    clock = ManualClock()
    config = SandboxConfig.marketo_defaults(request_log_size=10_000)
    with (
        Sandbox(":memory:", config, clock=clock) as sandbox,
        Marketo.sandbox(sandbox) as client,
    ):
        results, real = import_all(importer(client, template, template.parent), regions)
        log = [entry for entry in sandbox.request_log if entry.path.startswith("/rest")]
    refused = sum(1 for entry in log if entry.code in ("606", "615"))
    detail = f"{len(log)} in the sandbox's request log, {real:.1f} s real"
    return Outcome(results, clock.monotonic(), len(log), refused, detail)


def show(results: list[Imported]) -> None:
    print(f"{'region':<8} {'plan':>5} {'apply':>6} {'verify':>7} {'total':>6}  verified")
    for r in results:
        print(f"{r.region:<8} {r.plan:>5} {r.apply:>6} {r.verify:>7} {r.total:>6}  {r.ok}")


def judge(single: Outcome, every: Outcome, imports: int) -> bool:
    """Print the three targets' figures; True when all are met."""
    total = every.calls
    minimum = total / RATE
    calls_ratio = total / (imports * single.calls)
    time_ratio = every.seconds / minimum
    time_met, calls_met = time_ratio <= TIME_RATIO, calls_ratio <= CALLS_RATIO
    refused = single.refused + every.refused
    print(
        f"single import: {single.calls} calls ({single.counted} counted by the import; "
        f"{single.detail}), {single.seconds:.1f} s"
    )
    print(
        f"{imports} imports: {total} calls ({every.counted} counted by the imports; "
        f"{every.detail}), {every.seconds:.1f} s"
    )
    print(
        f"time: {every.seconds:.1f} s / ({total} calls / {RATE} calls per s = {minimum:.1f} s) = "
        f"{time_ratio:.2f}x (target <= {TIME_RATIO}x): {'met' if time_met else 'MISSED'}"
    )
    print(
        f"calls: {total} / ({imports} x {single.calls}) = {calls_ratio:.2f}x "
        f"(target <= {CALLS_RATIO}x): {'met' if calls_met else 'MISSED'}"
    )
    ok = single.ok and every.ok
    print(f"606/615 answers: {refused} (target 0); every import verified: {ok}")
    return time_met and calls_met and refused == 0 and ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manual-clock", action="store_true")
    parser.add_argument("--imports", type=int, default=len(REGIONS), choices=range(1, 11))
    parser.add_argument("--latency", help="sandbox latency per call in ms (served run only)")
    args = parser.parse_args()
    regions = REGIONS[: args.imports]
    with tempfile.TemporaryDirectory(prefix="marketo-ops-concurrent-") as tmp:
        work = Path(tmp)
        template = regional_template(work)
        if args.manual_clock:
            print(
                f"{machine()}; in-process sandbox with Marketo's limits on a manual clock; one "
                "client, pacing 50 calls / 20 s, 5 in flight"
            )
            single = manual_run(template, ["Solo"])
            every = manual_run(template, regions)
        else:
            options = ["--latency", args.latency] if args.latency else []
            print(
                f"{machine()}; sandbox served with --rate-limit 100/20 --concurrency 10"
                f"{' --latency ' + args.latency if args.latency else ''} behind the counting "
                "proxy; one client, pacing 50 calls / 20 s, 5 in flight; real time"
            )
            single = served_run(work / "single", template, options, ["Solo"])
            every = served_run(work / "all", template, options, regions)
        show(every.results)
        return 0 if judge(single, every, len(regions)) else 1


if __name__ == "__main__":
    sys.exit(main())
