"""Start-up time and memory of the command line, against marketorestpython's import.

Each command runs ``--runs`` times as a fresh process; wall time is measured around the process
and its peak resident memory is the child's own ``ru_maxrss`` (``os.wait4``), so the figures are
those of that process alone:

* ``marketo-ops --version``: the installed console script (the target: under 0.25 s);
* ``marketo-ops --help``: lists the commands without importing them;
* ``python -c "import marketo_ops"``: the package root, which exports lazily;
* ``python -c "from marketo_ops import Marketo"``: the SDK's client, ready to use;
* ``python -c "from marketorestpython.client import MarketoClient"``: the peer, if installed
  (``pip install marketorestpython``), measured in the same run.

    python -m benchmarks.cli_startup [--runs 15]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.25


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {error}")
    return elapsed, usage.ru_maxrss / 1024  # KB on Linux


def measure(label: str, command: list[str], runs: int) -> float:
    run_once(command)  # warm the file-system cache and .pyc files
    samples = [run_once(command) for _ in range(runs)]
    times = [s[0] for s in samples]
    memory = max(s[1] for s in samples)
    median = statistics.median(times)
    print(
        f"{label:<48} median {median * 1000:6.0f} ms  min {min(times) * 1000:6.0f} ms  "
        f"peak RSS {memory:5.1f} MB"
    )
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    script = Path(python).with_name("marketo-ops")
    print(f"Python {platform.python_version()} on {platform.machine()}, {args.runs} runs each")
    version = measure("marketo-ops --version", [str(script), "--version"], args.runs)
    measure("marketo-ops --help", [str(script), "--help"], args.runs)
    measure("python -c 'import marketo_ops'", [python, "-c", "import marketo_ops"], args.runs)
    measure(
        "python -c 'from marketo_ops import Marketo'",
        [python, "-c", "from marketo_ops import Marketo"],
        args.runs,
    )
    if importlib.util.find_spec("marketorestpython") is not None:
        measure(
            "python -c 'from marketorestpython... MarketoClient'",
            [python, "-c", "from marketorestpython.client import MarketoClient"],
            args.runs,
        )
    else:
        print("marketorestpython is not installed: pip install marketorestpython to compare")
    verdict = "meets" if version < TARGET_SECONDS else "MISSES"
    print(f"marketo-ops --version {verdict} the {TARGET_SECONDS * 1000:.0f} ms target")
    return 0 if version < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
