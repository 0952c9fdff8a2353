"""Peak memory of a bulk lead export of 1,000,000 leads streamed to disk by the SDK.

Three processes, so that each figure is what it claims to be:

1. *setup* (benchmark only, not Marketo's API): a child process writes N generated leads
   straight into a sandbox SQLite file with ``executemany``, the way a test fixture would; going
   through the API would take 3,334 sync calls and measure the wrong thing;
2. *server*: a child process serves that sandbox over loopback HTTP (uvicorn), as
   ``marketo-ops sandbox serve`` does; it writes the export file when the job starts;
3. *client* (this process): ``client.bulk.leads.exports.run(...)`` creates, enqueues, polls and
   streams the file to disk. Its peak RSS (``VmHWM`` from ``/proc/self/status``, or
   ``ru_maxrss``) is the figure that must stay under 100 MB; the server's is reported too.

    python -m benchmarks.bulk_export_memory [--leads 1000000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

EXPORT_FIELDS = ["id", "email", "firstName", "lastName", "company", "createdAt"]
START = 1_800_000_000.0  # 2027-01-15T08:00:00Z: the generated leads' creation times
WINDOW = {"startAt": "2027-01-01T00:00:00Z", "endAt": "2027-01-31T00:00:00Z"}


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident set size in MB: VmHWM where /proc has it, else ru_maxrss (self only)."""
    status = Path(f"/proc/{pid or 'self'}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    if pid is not None:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024


# --- child: setup -------------------------------------------------------------------------------
def _generated(count: int) -> Iterator[tuple[Any, ...]]:
    companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]
    for index in range(count):
        email = f"lead{index:07d}@example.com"
        data = {
            "email": email,
            "firstName": f"First{index}",
            "lastName": f"Last{index % 997}",
            "company": companies[index % 5],
        }
        created = START + index * 0.5
        yield (1001 + index, email, 1, json.dumps(data, separators=(",", ":")), created, created)


def seed(db: Path, count: int) -> None:
    """BENCHMARK SETUP, not Marketo's API: bulk-insert generated leads into the store."""
    from marketo_ops.sandbox import Sandbox

    sandbox = Sandbox(db)
    store = sandbox.store
    started = time.perf_counter()
    with store.transaction():
        store.executemany(
            "INSERT INTO leads (id, email, partition_id, data, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            _generated(count),
        )
        store.execute(
            "INSERT OR REPLACE INTO sequences (kind, next_id) VALUES ('lead', ?)", (1001 + count,)
        )
    sandbox.close()
    print(json.dumps({"seeded": count, "seconds": round(time.perf_counter() - started, 1)}))


# --- child: server ------------------------------------------------------------------------------
def serve(db: Path) -> None:
    from marketo_ops.sandbox import Sandbox
    from marketo_ops.sandbox.server import make_server

    sandbox = Sandbox(db)

    def ready(url: str) -> None:
        print(json.dumps({"url": url, "pid": os.getpid()}), flush=True)

    make_server(sandbox, "127.0.0.1", 0, ready).run()


# --- parent: the SDK client ---------------------------------------------------------------------
def run(count: int, workdir: Path) -> None:
    db = workdir / "sandbox.db"
    setup = subprocess.run(
        [sys.executable, "-m", "benchmarks.bulk_export_memory", "--seed", str(db), str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    print("setup:", setup.stdout.strip())
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bulk_export_memory", "--serve", str(db)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        _export(info["url"], workdir, count, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _export(url: str, workdir: Path, count: int, server_pid: int) -> None:
    from marketo_ops import Marketo
    from marketo_ops.resources.ext.bulk import ExportProgress, Polling
    from marketo_ops.sandbox.config import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    before = peak_rss_mb()
    statuses: list[tuple[float, str]] = []
    started = time.perf_counter()

    def progress(event: ExportProgress) -> None:
        if not statuses or statuses[-1][1] != event.status:
            statuses.append((time.perf_counter() - started, event.status))

    target = workdir / "leads.csv"
    with Marketo(url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, timeout=300.0) as client:
        result = client.bulk.leads.exports.run(
            fields=EXPORT_FIELDS,
            filter={"createdAt": WINDOW},
            to=target,
            progress=progress,
            polling=Polling(interval=1.0, factor=1.5, max_interval=5.0),
        )
    elapsed = time.perf_counter() - started
    download_started = next((at for at, status in statuses if status == "Downloading"), elapsed)
    client_peak = peak_rss_mb()
    server_peak = peak_rss_mb(server_pid)
    with target.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    assert result.records == count, (result.records, count)
    assert lines == count + 1
    print(
        json.dumps(
            {
                "leads": result.records,
                "file_mb": round(result.size / 1e6, 1),
                "checksum_verified": result.checksum == result.job.file_checksum,
                "seconds_total": round(elapsed, 1),
                "seconds_download": round(elapsed - download_started, 1),
                "client_peak_rss_mb_before_export": round(before, 1),
                "client_peak_rss_mb": round(client_peak, 1),
                "server_peak_rss_mb": round(server_peak, 1),
            },
            indent=2,
        )
    )
    print("statuses:", ", ".join(f"{status} @{at:.1f}s" for at, status in statuses))
    if client_peak >= 100:
        raise SystemExit(f"peak RSS {client_peak:.1f} MB is not under 100 MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--seed", nargs=2, metavar=("DB", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed(Path(args.seed[0]), int(args.seed[1]))
    elif args.serve:
        serve(Path(args.serve))
    elif args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args.leads, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="marketo-ops-bench-") as tmp:
            run(args.leads, Path(tmp))


if __name__ == "__main__":
    main()
