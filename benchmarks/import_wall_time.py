"""Wall time of one import at 150 ms per call: marketo-ops against marketorestpython, one run.

Issue 10's target: at 150 ms of latency per API call and the default pacing for a real
instance (50 calls / 20 s, 5 in flight), importing OP-Lead Management (REST only: plan, apply,
verify) takes at most half the time of the same import scripted call by call with
marketorestpython (:mod:`benchmarks.peer_marketorestpython`).

Each run gets a fresh sandbox served as a process (``marketo-ops sandbox serve --latency 150
--rate-limit 100/20 --concurrency 10``) behind the counting proxy, and a fresh cache dir (so the
machine-wide rate ledger starts empty). The two sides alternate, ``--runs`` each (3 by default):

* ours: ``marketo-ops import op-lead-management --base-url PROXY --json --yes --no-mcp`` as a
  separate process, its wall time measured around the process (interpreter start-up included);
* the peer: ``python -m benchmarks.peer_marketorestpython PROXY`` as a separate process,
  measured the same way; it also prints its own time after its imports;
* for reference (not the target), the same peer with its own pacing switched off
  (``--unpaced``): marketorestpython sleeps so that two calls of one HTTP method start 0.2 s
  apart, which costs more than the latency here; unpaced, the script is bound by latency alone.

The figures are medians; the script exits 1 if ours is above half the peer's, or if a run
failed. marketorestpython is not a dependency of marketo-ops: ``pip install marketorestpython``
into the same virtualenv first.

    python -m benchmarks.import_wall_time [--runs 3] [--latency 150]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .peer_marketorestpython import INSTALL_HINT
from .proxy import CountingProxy
from .served import MARKETO_LIMITS, cli_import, client_env, machine, served_sandbox

TARGET_RATIO = 0.5
TEMPLATE = "op-lead-management"


@dataclass
class Run:
    side: str
    seconds: float
    work_seconds: float | None
    api: int
    tokens: int
    refused: int
    ok: bool
    detail: str = ""


def run_ours(work: Path, url: str) -> Run:
    with CountingProxy(url) as proxy:
        env = client_env(work, base_url=proxy.url)
        done = cli_import(TEMPLATE, proxy.url, work, mcp=False, journal=work / "j.json", env=env)
        counts = proxy.counts()
    return Run(
        side="marketo-ops",
        seconds=done.seconds,
        work_seconds=None,
        api=counts.api,
        tokens=counts.token,
        refused=counts.refused_606 + counts.refused_615,
        ok=done.code == 0 and done.document.get("calls") == counts.api,
        detail=f"exit {done.code}, CLI counted {done.document.get('calls')} calls",
    )


def run_peer(work: Path, url: str, *, paced: bool) -> Run:
    with CountingProxy(url) as proxy:
        command = [sys.executable, "-m", "benchmarks.peer_marketorestpython", proxy.url]
        command += [] if paced else ["--unpaced"]
        started = time.perf_counter()
        done = subprocess.run(
            command, env=client_env(work), capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        counts = proxy.counts()
    printed = json.loads(done.stdout) if done.returncode == 0 else {}
    return Run(
        side="marketorestpython" if paced else "mrp, pacing off",
        seconds=seconds,
        work_seconds=printed.get("seconds"),
        api=counts.api,
        tokens=counts.token,
        refused=counts.refused_606 + counts.refused_615,
        ok=done.returncode == 0,
        detail=done.stderr.strip().splitlines()[-1] if done.returncode else "",
    )


def one_run(side: str, work: Path, latency: str) -> Run:
    work.mkdir(parents=True)
    with served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS, "--latency", latency) as url:
        if side == "ours":
            return run_ours(work, url)
        return run_peer(work, url, paced=side == "peer")


def median(runs: list[Run], attribute: str) -> float:
    values = [getattr(r, attribute) for r in runs if getattr(r, attribute) is not None]
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", default="150", help="sandbox latency per call, in ms")
    args = parser.parse_args()
    if importlib.util.find_spec("marketorestpython") is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    print(
        f"{machine()}; sandbox served with --latency {args.latency} --rate-limit 100/20 "
        "--concurrency 10; client pacing: marketo-ops default for a real instance (50/20 s, "
        "5 in flight), marketorestpython its own (5 calls/s)"
    )
    print(
        f"{'run':>3}  {'side':<18} {'seconds':>8} {'in-script':>9} {'API':>4} {'token':>5} "
        f"{'606/615':>7}  ok"
    )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="marketo-ops-walltime-") as tmp:
        for number in range(1, args.runs + 1):
            for side in ("ours", "peer", "peer-unpaced"):
                run = one_run(side, Path(tmp) / f"{side}-{number}", args.latency)
                runs.append(run)
                script = f"{run.work_seconds:9.2f}" if run.work_seconds is not None else " " * 9
                print(
                    f"{number:>3}  {run.side:<18} {run.seconds:8.2f} {script} {run.api:>4} "
                    f"{run.tokens:>5} {run.refused:>7}  {run.ok} {run.detail}".rstrip()
                )
    ours = [r for r in runs if r.side == "marketo-ops"]
    peer = [r for r in runs if r.side == "marketorestpython"]
    unpaced = [r for r in runs if r.side == "mrp, pacing off"]
    ratio = median(ours, "seconds") / median(peer, "seconds")
    print(
        f"median: marketo-ops {median(ours, 'seconds'):.2f} s ({median(ours, 'api'):.0f} calls), "
        f"marketorestpython {median(peer, 'seconds'):.2f} s ({median(peer, 'api'):.0f} calls; "
        f"{median(peer, 'work_seconds'):.2f} s after its imports), pacing off "
        f"{median(unpaced, 'seconds'):.2f} s "
        f"(ours {median(ours, 'seconds') / median(unpaced, 'seconds'):.2f}x of that)"
    )
    met = ratio <= TARGET_RATIO and all(r.ok for r in runs)
    print(f"ratio {ratio:.2f}x (target <= {TARGET_RATIO}x): {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
