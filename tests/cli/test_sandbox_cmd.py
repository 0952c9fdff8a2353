"""``marketo-ops sandbox serve|reset|coverage``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from cli.main import cli
from marketo_ops.sandbox import Sandbox

A = "/rest/asset/v1"


def _create_program(db: Path, name: str) -> None:
    with Sandbox(db) as sandbox:
        client = httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url)
        token = client.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": sandbox.client_id,
                "client_secret": sandbox.client_secret,
            },
        ).json()["access_token"]
        folder = sandbox.admin.folder("Marketing Activities/Default").id
        body = client.post(
            f"{A}/programs.json",
            headers={"Authorization": f"Bearer {token}"},
            data={
                "name": name,
                "folder": json.dumps({"id": folder, "type": "Folder"}),
                "type": "Default",
                "channel": "Operational",
            },
        ).json()
        assert body["success"], body


def test_reset_wipes_the_database(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite3"
    _create_program(db, "Before Reset")
    result = CliRunner().invoke(cli, ["sandbox", "reset", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Sandbox reset: {db}" in " ".join(result.output.split())
    with Sandbox(db) as sandbox:
        assert sandbox.store.find("program") == []
        assert sandbox.store.find("folder")  # seeded again


def test_reset_uses_the_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "from-env.sqlite3"
    result = CliRunner().invoke(cli, ["sandbox", "reset"], env={"MARKETO_OPS_SANDBOX_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_coverage_command() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "coverage"])
    assert result.exit_code == 0
    assert re.search(r"asset\s+\d+/166 operations implemented", result.output)
    data = json.loads(CliRunner().invoke(cli, ["sandbox", "coverage", "--json"]).output)
    assert data["summary"]["identity"] == {"implemented": 2, "total": 2}


def test_serve_rejects_bad_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["sandbox", "serve", "--db", str(tmp_path / "x.sqlite3"), "--rate-limit", "fast"]
    )
    assert result.exit_code == 2
    assert "CALLS/SECONDS" in result.output


def test_help_lists_the_subcommands() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--help"])
    assert result.exit_code == 0
    for name in ("serve", "reset", "coverage"):
        assert name in result.output


def test_serve_over_http_then_ctrl_c(tmp_path: Path) -> None:
    """Start the real command, use it over HTTP, stop it with SIGINT (what Ctrl-C sends)."""
    db = tmp_path / "served.sqlite3"
    _create_program(db, "Served Program")
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
        "cli-id",
        "--client-secret",
        "cli-secret",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 20
        url = None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
            if match:
                url = match.group(1)
            if "Database:" in line:
                break
        assert url, "".join(lines) + (
            process.stderr.read() if process.poll() is not None and process.stderr else ""
        )
        output = "".join(lines)
        assert "Client ID:     cli-id" in output
        assert "Client secret: cli-secret" in output
        with httpx.Client(base_url=url, timeout=10) as client:
            token = client.get(
                "/identity/oauth/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": "cli-id",
                    "client_secret": "cli-secret",
                },
            ).json()["access_token"]
            body = client.get(
                f"{A}/program/byName.json",
                params={"name": "Served Program"},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            assert body["result"][0]["name"] == "Served Program"  # the same file, the same instance
            bad = client.get(
                "/identity/oauth/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": "cli-id",
                    "client_secret": "nope",
                },
            )
            assert bad.status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("sandbox serve did not stop on SIGINT")
    assert process.returncode == 0, stderr
    assert "Sandbox stopped." in stderr
    assert token not in stderr  # bearer tokens are never logged
