"""API calls of one import of OP-Lead Management, counted at a proxy in front of a served sandbox.

Issue 10's targets, REST only (``--no-mcp``): a fresh import (plan + apply + verify) makes at
most 38 calls, the same import again with nothing to change at most 12, and both exit 0. With
Marketo's MCP server (issue 12: the campaigns' triggers, filters and flow steps written over
MCP) there is no target; the REST calls and the MCP tool calls are recorded.

For each mode, a fresh sandbox is served as a process with Marketo's limits (``marketo-ops
sandbox serve --rate-limit 100/20 --concurrency 10 [--no-mcp]``) behind the counting proxy, and:

* ``CLI``: ``marketo-ops import op-lead-management --base-url PROXY --json --yes [--no-mcp]``
  run twice as separate processes (fresh, then again), so the proxy sees exactly what a user's
  run sends; the CLI's own count (``calls_by_phase``) is checked against the proxy's;
* ``SDK``: the same two imports in this process on a second fresh sandbox, through the
  importer's API (``client.importer.plan(..., use_mcp=...)``, ``plan.apply()``,
  ``client.importer.verify_applied(plan, result)``), whose counts (``plan.read_calls``,
  ``result.calls``, ``report.calls``) are checked against the proxy's too.

Each run's clients use the default pacing for a real instance (50 calls / 20 s, 5 in flight;
the machine-wide ledger in a temp cache dir). "quota" is what Marketo's quota counts: REST calls
plus MCP tool calls (Adobe's MCP server runs them as REST calls of the instance); "MCP http" is
every HTTP request to /mcp (discovery, tool listing, tool calls). Token requests are free.

    python -m benchmarks.import_calls [--detail]

Exits 1 if a REST-only target is missed, a run does not exit 0 / verify, or a client's own
count differs from the proxy's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marketo_ops import Marketo
from marketo_ops.config import Settings

from .proxy import CountingProxy, Counts
from .served import (
    CLIENT_ID,
    CLIENT_SECRET,
    MARKETO_LIMITS,
    MUNCHKIN_ID,
    cli_import,
    client_env,
    machine,
    served_sandbox,
)

TEMPLATE = "op-lead-management"
TARGETS = {"fresh": 38, "again": 12}  # REST only (issue 10)
Phases = tuple[int, int, int]  # plan, apply, verify: the client's own counts


@dataclass
class Row:
    side: str
    mode: str
    run: str
    ok: bool
    phases: Phases
    counted: Counts
    seconds: float

    @property
    def reported(self) -> int:
        return sum(self.phases)

    @property
    def target(self) -> int | None:
        return TARGETS[self.run] if self.mode == "REST only" else None

    @property
    def consistent(self) -> bool:
        return self.reported == self.counted.quota_calls

    @property
    def met(self) -> bool:
        within = self.target is None or self.counted.quota_calls <= self.target
        return within and self.ok and self.consistent and self.counted.refused_606 == 0


def measured(
    proxy: CountingProxy, run: Callable[[], tuple[bool, Phases]]
) -> tuple[bool, Phases, Counts, float]:
    before, started = proxy.counts(), time.perf_counter()
    ok, phases = run()
    return ok, phases, proxy.counts() - before, time.perf_counter() - started


def cli_rows(work: Path, mcp: bool, mode: str) -> list[Row]:
    rows = []
    work.mkdir(parents=True)
    options = () if mcp else ("--no-mcp",)
    with (
        served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS, *options) as url,
        CountingProxy(url) as proxy,
    ):
        env = client_env(work, base_url=proxy.url, mcp=mcp)
        for run in ("fresh", "again"):

            def one(run: str = run) -> tuple[bool, Phases]:
                journal = work / f"journal-{run}.json"
                done = cli_import(TEMPLATE, proxy.url, work, mcp=mcp, journal=journal, env=env)
                phases = done.document.get("calls_by_phase", {})
                if done.code != 0:
                    print(f"CLI {mode} {run}: exit {done.code}\n{done.stderr}", file=sys.stderr)
                return done.code == 0, (
                    phases.get("plan", 0),
                    phases.get("apply", 0),
                    phases.get("verify", 0),
                )

            ok, phases, counted, seconds = measured(proxy, one)
            rows.append(Row("CLI", mode, run, ok, phases, counted, seconds))
    return rows


def sdk_rows(work: Path, mcp: bool, mode: str) -> list[Row]:
    rows = []
    work.mkdir(parents=True)
    options = () if mcp else ("--no-mcp",)
    with (
        served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS, *options) as url,
        CountingProxy(url) as proxy,
    ):
        settings = Settings(
            base_url=proxy.url,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            mcp_url=f"{proxy.url}/mcp" if mcp else None,
        )
        with Marketo(settings=settings) as client:
            for run in ("fresh", "again"):

                def one(run: str = run) -> tuple[bool, Phases]:
                    plan = client.importer.plan(TEMPLATE, use_mcp=mcp)
                    result = (
                        plan.apply(journal=work / f"journal-{run}.json")
                        if plan.has_changes
                        else None
                    )
                    report = client.importer.verify_applied(plan, result)
                    applied = result.calls if result is not None else 0
                    return report.ok, (plan.read_calls, applied, report.calls)

                ok, phases, counted, seconds = measured(proxy, one)
                rows.append(Row("SDK", mode, run, ok, phases, counted, seconds))
    return rows


def detail(rows: list[Row]) -> None:
    """What each CLI run sent: REST operations and MCP tools, with their counts."""
    for r in rows:
        if r.side != "CLI":
            continue
        print(f"\n{r.side} {r.mode} {r.run}: {r.counted.api} REST calls")
        for operation, count in sorted(r.counted.api_operations.items()):
            print(f"  {count:>3}  {operation}")
        if r.counted.mcp_http:
            print(f"  MCP: {dict(sorted(r.counted.mcp_methods.items()))}")
            for tool, count in sorted(r.counted.mcp_tool_names.items()):
                print(f"  {count:>3}  tools/call {tool}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--detail", action="store_true", help="list the calls of each CLI run by operation"
    )
    args = parser.parse_args()
    print(f"{machine()}; sandbox served with --rate-limit 100/20 --concurrency 10, no latency")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="marketo-ops-calls-") as tmp:
        # The SDK runs in this process: its machine-wide ledger goes to a temp cache dir too.
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "sdk-cache")
        os.environ["MARKETO_MUNCHKIN_ID"] = MUNCHKIN_ID  # the proxy's URL does not show it
        for mcp, mode in ((False, "REST only"), (True, "MCP")):
            slug = "mcp" if mcp else "rest"
            rows += cli_rows(Path(tmp) / f"cli-{slug}", mcp, mode)
            rows += sdk_rows(Path(tmp) / f"sdk-{slug}", mcp, mode)
    print(
        f"{'side':<4} {'mode':<9} {'run':<5} {'ok':<5} {'plan':>4} {'apply':>5} {'verify':>6} "
        f"{'own':>4} | {'REST':>4} {'MCP tools':>9} {'quota':>5} {'MCP http':>8} {'token':>5} "
        f"{'606/615':>7} {'seconds':>7} | target"
    )
    for r in rows:
        c = r.counted
        target = "" if r.target is None else f"<= {r.target}: {'met' if r.met else 'MISSED'}"
        if not r.consistent:
            target += f" (own count {r.reported} != proxy {c.quota_calls})"
        print(
            f"{r.side:<4} {r.mode:<9} {r.run:<5} {r.ok!s:<5} {r.phases[0]:>4} {r.phases[1]:>5} "
            f"{r.phases[2]:>6} {r.reported:>4} | {c.api:>4} {c.mcp_tools:>9} {c.quota_calls:>5} "
            f"{c.mcp_http:>8} {c.token:>5} {c.refused_606:>3}/{c.refused_615:<3} "
            f"{r.seconds:7.1f} | {target}"
        )
    if args.detail:
        detail(rows)
    failed = [r for r in rows if not r.met]
    print(
        "REST-only targets (fresh <= 38, again <= 12, exit 0): "
        f"{'met' if not failed else 'MISSED'}; own counts match the proxy: "
        f"{all(r.consistent for r in rows)}"
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
