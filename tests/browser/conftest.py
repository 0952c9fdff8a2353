"""A real ``marketo-ops sandbox serve`` process holding an imported OP-Lead Management, and a real
headless Chromium to look at its console.

The browser is Debian's ``chromium`` package (``.ci/run`` installs it), driven by Playwright with
``executable_path``: no browser is ever downloaded. Without a chromium binary the tests skip with
the reason, unless ``MARKETO_OPS_REQUIRE_BROWSER=1`` (CI) makes that a failure. Screenshots go to
``.ci/artifacts/`` (ignored by git, kept by CI).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.seeding import seed_template
from marketo_ops.templates import ProgramTemplate, resolve_template

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / ".ci" / "artifacts"
SEED = "OP-Lead Management (seed)"
CLIENT_ID = "browser-test-client"
SECRET = "browser-test-s3cret"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_binary() -> str | None:
    """``$CHROMIUM`` if set, else the ``chromium`` on the PATH (Debian's package)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per module: Playwright's sync API keeps an event loop running in this
    thread while it is open, which the async tests of later modules must not meet."""
    binary = chromium_binary()
    required = os.environ.get("MARKETO_OPS_REQUIRE_BROWSER") == "1"
    if binary is None:
        reason = (
            "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it); "
            "browser tests need a system Chromium and never download one"
        )
        if required:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        if required:
            raise
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; any JavaScript dialog (an escaped ``alert``) fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)  # pages answer in milliseconds; fail fast
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()
    assert dialogs == [], f"a script ran in the console: {dialogs}"


def screenshot(tab: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"console-{name}.png"
    tab.screenshot(path=str(target), full_page=True)
    return target


@dataclass
class Served:
    url: str
    ids: dict[str, int]
    log: Path
    tokens: list[str]
    """Access tokens the import used (none may appear in the request log)."""


def _start(db: Path, log: Path, tmp: Path) -> tuple[subprocess.Popen[str], str, list[str]]:
    command = [
        sys.executable,
        "-m",
        "marketo_ops",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--db",
        str(db),
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        SECRET,
        "--log-requests",
        str(log),
    ]
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "HOME": str(tmp),
    }
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp
    )
    assert process.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + 30
    url = None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line.rstrip("\n"))
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        url = match.group(1) if match else url
        if line.startswith("  Request log:"):  # the banner's last line with --log-requests
            assert url is not None
            return process, url, banner
    process.kill()
    raise AssertionError(f"sandbox serve did not start: {banner} {process.communicate()[1]}")


def _seed(db: Path, url: str) -> None:
    """What 'marketo-ops sandbox seed' does, written into the served instance's database.

    Seeded HTML names its images by URL; the served instance hands out file URLs on its own
    host, so the seed must use that host too, or the importer finds "other content" in the
    seed's email template (``sandbox seed`` before ``serve`` writes the in-process host).
    """
    with Sandbox(db) as box:
        box.base_url = url
        seed_template(box, ProgramTemplate.load(resolve_template("op-lead-management")), name=SEED)


def _import(url: str, tmp: Path) -> str:
    """``marketo-ops import op-lead-management --seed ... --base-url URL``, as a user runs it."""
    config = tmp / "marketo-ops.toml"
    # The served sandbox is a whole instance with no other integration: its full 100 calls
    # per 20 s, as the CLI's embedded sandbox uses (the default 50 would pause the import).
    config.write_text("[profiles.default]\nrate_limit_calls = 100\n", encoding="utf-8")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("MARKETO_")},
        "MARKETO_CLIENT_ID": CLIENT_ID,
        "MARKETO_CLIENT_SECRET": SECRET,
        "MARKETO_OPS_CONFIG": str(config),
        "HOME": str(tmp),
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    command = [
        sys.executable,
        "-m",
        "marketo_ops",
        "import",
        "op-lead-management",
        "--seed",
        SEED,
        "--base-url",
        url,
        "--yes",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for secret in (SECRET, CLIENT_ID):
        assert secret not in done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Served]:
    """OP-Lead Management imported by the real CLI over HTTP into a real ``sandbox serve``,
    cloned from a seed (so its campaigns have smart lists and flows), and one person in the
    lead database."""
    tmp = tmp_path_factory.mktemp("served")
    db, log = tmp / "sandbox.sqlite3", tmp / "requests.jsonl"
    process, url, banner = _start(db, log, tmp)
    try:
        assert f"  Console:       {url}/console/" in banner
        assert f"  Request log:   {log} (JSON lines)" in banner
        _seed(db, url)
        printed = _import(url, tmp)
        with Marketo(base_url=url, client_id=CLIENT_ID, client_secret=SECRET) as client:
            program = client.assets.programs.get_by_name(name="OP-Lead Management")
            assert program is not None
            where = {"id": program.id, "type": "Program"}
            ids = {"program": program.id}
            # the CLI links the imported program's console page
            assert f"Console: {url}/console/programs/{program.id}\n" in printed
            ids.update({c.name: c.id for c in client.assets.smart_campaigns.list(folder=where)})
            ids.update({e.name: e.id for e in client.assets.emails.list(folder=where)})
            ids["ada"] = client.leads.sync(
                input=[
                    {
                        "email": "ada@example.com",
                        "firstName": "Ada",
                        "lastName": "Lovelace",
                        "company": "Analytical Engines",
                        "leadScore": 120,
                    }
                ]
            )[0].id
        with sqlite3.connect(db) as connection:
            tokens = [row[0] for row in connection.execute("SELECT token FROM access_tokens")]
        yield Served(url, ids, log, tokens)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
