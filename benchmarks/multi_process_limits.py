"""Several CLI processes against one instance: do they stay within Marketo's limits together?

A sandbox is served with Marketo's limits (``marketo-ops sandbox serve --rate-limit 100/20
--concurrency 10``) behind the counting proxy, then N processes ``marketo-ops plan
op-lead-management --base-url URL`` (or ``marketo-ops import op-lead-management --name
"OP-Lead Management K" --base-url URL --yes --no-mcp``, a program of its own each) start at the
same moment, with the sandbox's credentials in MARKETO_CLIENT_ID/SECRET, so each
one is a client of a "real" instance: 50 calls per 20 s and 5 in flight by default. Two
scenarios per N, each on a fresh sandbox:

* ``shared``: the processes share one user cache dir, hence one machine-wide ledger;
* ``separate``: each process has a cache dir of its own (what happened before the ledger: every
  process believed it had the whole budget to itself).

For each scenario: the 606 (rate limit) and 615 (concurrency) answers the processes met (read
from their ``--debug`` log, which records every refused call before its retry), the API calls
they made, the waits they announced, their exit codes and the wall time; the proxy's own count
of calls and of 606/615 answers beside them.

    python -m benchmarks.multi_process_limits [--processes 4 8] [--commands plan import]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .proxy import CountingProxy
from .served import MARKETO_LIMITS, SCRIPT, client_env, machine, served_sandbox

TEMPLATE = "op-lead-management"


@dataclass
class Outcome:
    command: str
    processes: int
    scenario: str
    calls: int
    refused_606: int
    refused_615: int
    waits: int
    failed: int
    seconds: float
    first_wait: str
    proxy_calls: int
    proxy_refused: int


def command_line(command: str, number: int, url: str, work: Path) -> list[str]:
    """Process ``number``'s command: a plan, or an import of a program named for it."""
    line = [str(SCRIPT), "--debug", command, TEMPLATE, "--base-url", url]
    if command == "import":
        line += ["--name", f"OP-Lead Management {number}", "--yes", "--no-mcp"]
        line += ["--journal", str(work / f"journal-{number}.json")]
    return line


def run_scenario(command: str, processes: int, shared: bool, work: Path) -> Outcome:
    work.mkdir(parents=True)
    with (
        served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS) as served,
        CountingProxy(served) as proxy,
    ):
        url = proxy.url
        base_env = client_env(work)
        started = time.perf_counter()
        running = []
        for number in range(processes):
            cache = work / ("cache" if shared else f"cache-{number}")
            env = {**base_env, "XDG_CACHE_HOME": str(cache)}
            running.append(
                subprocess.Popen(
                    command_line(command, number, url, work),
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        logs = [(process.communicate()[1], process.returncode) for process in running]
        seconds = time.perf_counter() - started
        counted = proxy.counts()
    text = "\n".join(log for log, _ in logs)
    return Outcome(
        command=command,
        processes=processes,
        scenario="shared" if shared else "separate",
        calls=len(re.findall(r"-> HTTP \d+ in", text)),
        refused_606=len(re.findall(r"failed \(\[606\]", text)),
        refused_615=len(re.findall(r"failed \(\[615\]", text)),
        waits=text.count("Waiting "),
        failed=sum(1 for _, code in logs if code not in (0, 2)),
        seconds=seconds,
        first_wait=next((line for line in text.splitlines() if "Waiting " in line), ""),
        proxy_calls=counted.api,
        proxy_refused=counted.refused_606 + counted.refused_615,
    )


def show(outcome: Outcome) -> None:
    print(
        f"{outcome.command:<7}  {outcome.processes:>5}  {outcome.scenario:<8}  "
        f"{outcome.calls:>5}  {outcome.refused_606:>4}  {outcome.refused_615:>4}  "
        f"{outcome.waits:>5}  {outcome.failed:>6}  {outcome.seconds:7.1f}  "
        f"{outcome.proxy_calls:>12}  {outcome.proxy_refused:>7}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processes", type=int, nargs="+", default=[4, 8])
    parser.add_argument(
        "--commands", nargs="+", choices=["plan", "import"], default=["plan", "import"]
    )
    args = parser.parse_args()
    print(f"{machine()}; sandbox at 100 calls/20 s, 10 in flight; template {TEMPLATE}")
    print(
        "command  procs  ledger    calls  606s  615s  waits  failed  seconds  proxy: calls  606+615"
    )
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="marketo-ops-limits-") as tmp:
        for command in args.commands:
            for processes in args.processes:
                for shared in (True, False):
                    name = f"{command}-{processes}-{'shared' if shared else 'separate'}"
                    outcome = run_scenario(command, processes, shared, Path(tmp) / name)
                    outcomes.append(outcome)
                    show(outcome)
    for outcome in outcomes:
        if outcome.first_wait:
            print(
                f"{outcome.command} {outcome.processes} {outcome.scenario}: "
                f"{outcome.first_wait.strip()}"
            )
    shared_606 = sum(
        o.refused_606 + o.refused_615 + o.proxy_refused for o in outcomes if o.scenario == "shared"
    )
    failures = sum(o.failed for o in outcomes)
    print(f"shared ledger: {shared_606} refused calls (606/615); failed processes: {failures}")
    return 0 if shared_606 == 0 and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
