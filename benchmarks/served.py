"""A sandbox served as a real process (``marketo-ops sandbox serve``), and a client's environment.

Benchmarks measure against this, not an in-process sandbox: the server then costs its own CPU
(as Marketo would) and the measured client speaks real HTTP to it, usually through
:class:`benchmarks.proxy.CountingProxy`.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(sys.executable).with_name("marketo-ops")
CLIENT_ID = "sandbox-client-id"
CLIENT_SECRET = "sandbox-client-secret"
MUNCHKIN_ID = "000-SBX-000"
MARKETO_LIMITS = ("--rate-limit", "100/20", "--concurrency", "10")
"""Marketo's limits for a default subscription: 100 calls per 20 s, 10 in flight."""


@contextmanager
def served_sandbox(db: Path, *options: str) -> Iterator[str]:
    """``marketo-ops sandbox serve --port 0 --db DB OPTIONS...`` while the block runs: its URL."""
    command = [str(SCRIPT), "sandbox", "serve", "--port", "0", "--db", str(db), *options]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            found = re.search(r"listening on (http://\S+)", line)
            if found:
                yield found.group(1)
                return
        raise SystemExit(f"the sandbox did not start: {' '.join(command)}")
    finally:
        server.terminate()
        server.wait()


def client_env(work: Path, *, base_url: str | None = None, mcp: bool = False) -> dict[str, str]:
    """The environment of a client process of a "real" instance (the served sandbox).

    No MARKETO_* variable of the caller leaks in; HOME and the cache dir (hence the machine-wide
    rate ledger) are under ``work``; MCP is configured only when asked for, at ``base_url``/mcp.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("MARKETO")}
    env.update(
        MARKETO_CLIENT_ID=CLIENT_ID,
        MARKETO_CLIENT_SECRET=CLIENT_SECRET,
        HOME=str(work / "home"),
        XDG_CACHE_HOME=str(work / "cache"),
        NO_COLOR="1",
    )
    if mcp:
        if base_url is None:
            raise ValueError("MCP needs the base URL its /mcp endpoint is under")
        env.update(MARKETO_MCP_URL=f"{base_url}/mcp", MARKETO_MUNCHKIN_ID=MUNCHKIN_ID)
    return env


@dataclass
class CliRun:
    """One ``marketo-ops`` process: exit code, its ``--json`` document, wall seconds, stderr."""

    code: int
    document: dict[str, Any]
    seconds: float
    stderr: str


def cli_import(
    template: str | Path,
    base_url: str,
    work: Path,
    *,
    mcp: bool,
    journal: Path,
    env: dict[str, str],
) -> CliRun:
    """``marketo-ops import TEMPLATE --base-url URL --json --yes [--no-mcp]`` as a user runs it."""
    command = [
        str(SCRIPT),
        "import",
        str(template),
        "--base-url",
        base_url,
        "--json",
        "--yes",
        "--journal",
        str(journal),
    ]
    if not mcp:
        command.append("--no-mcp")
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=work, check=False)
    seconds = time.perf_counter() - started
    try:
        document = json.loads(done.stdout) if done.stdout.strip() else {}
    except ValueError:
        document = {}
    return CliRun(done.returncode, document, seconds, done.stderr)


def machine() -> str:
    """The line every benchmark starts with: Python, architecture, CPUs."""
    return f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs"
