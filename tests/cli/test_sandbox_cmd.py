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
from marketo_ops import Marketo
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
    assert result.exit_code == 64
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


# --- sandbox seed -------------------------------------------------------------------------------
def _flat(text: str) -> str:
    """Output with rich's line wrapping undone, for matching whole sentences."""
    return " ".join(text.split())


def test_seed_builds_the_program_with_rules_and_says_it_is_sandbox_only(tmp_path: Path) -> None:
    db = tmp_path / "seeded.sqlite3"
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "seed",
            "op-lead-management",
            "--name",
            "OP-Lead Management (seed)",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    out = _flat(result.stdout)
    assert (
        "Seeded program 'OP-Lead Management (seed)' (id 1001) in Marketing Activities/Default"
        in out
    )
    assert "01 - Sync New People to CRM (id 1001): 1 trigger, 0 filters, 1 flow step, active" in out
    assert "02 - Marketing Qualified (id 1002): 1 trigger, 0 filters, 3 flow steps, active" in out
    assert "Email templates: Quick Start Email Template (id 1001)" in out
    assert "Sandbox only: this stands in for a program imported through Marketo's UI." in out
    # the same file is the instance every other command sees
    with Sandbox(db) as box, Marketo.sandbox(box) as client:
        program = client.assets.programs.get_by_name(name="OP-Lead Management (seed)")
        assert program is not None
        smart_list = client.assets.smart_campaigns.smart_list(1002, include_rules=True)
        assert smart_list.rules is not None
        assert len(smart_list.rules.triggers or []) == 1


def test_seed_with_vars_folder_and_environment_database(tmp_path: Path) -> None:
    db = tmp_path / "from-env.sqlite3"
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "seed",
            "lead-lifecycle",
            "--var",
            "region=EMEA",
            "--folder",
            "Marketing Activities/Partner Marketing",
            "--json",
        ],
        env={"MARKETO_OPS_SANDBOX_DB": str(db)},
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "EMEA - Lead Lifecycle"
    assert data["database"] == str(db)
    assert set(data["campaigns"]) >= {"01 - Status - New", "02 - Status - MQL"}
    assert "Sandbox only" in data["note"]
    assert db.exists()


def test_seed_twice_under_one_name_is_a_clean_error(tmp_path: Path) -> None:
    db = tmp_path / "twice.sqlite3"
    runner = CliRunner()
    assert runner.invoke(cli, ["sandbox", "seed", "lead-scoring", "--db", str(db)]).exit_code == 0
    again = runner.invoke(cli, ["sandbox", "seed", "lead-scoring", "--db", str(db)])
    assert again.exit_code == 1
    message = _flat(again.output)
    assert "Cannot seed 'Lead Scoring': [709] Program with name 'Lead Scoring' already exists" in (
        message
    )
    assert "--name" in message
    assert "Traceback" not in again.output
    renamed = runner.invoke(
        cli, ["sandbox", "seed", "lead-scoring", "--db", str(db), "--name", "Lead Scoring 2"]
    )
    assert renamed.exit_code == 0, renamed.output


def test_seed_refuses_a_wrong_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "seed",
            "lead-scoring",
            "--db",
            str(tmp_path / "x.sqlite3"),
            "--folder",
            "Design Studio/Default",
        ],
    )
    assert result.exit_code == 1
    assert "[711]" in result.output
    assert "--folder" in _flat(result.output)


def test_seed_unknown_template_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["sandbox", "seed", "no-such-template", "--db", str(tmp_path / "x.sqlite3")]
    )
    assert result.exit_code == 1
    assert "neither a template folder nor a built-in template" in _flat(result.output)
    assert "Traceback" not in result.output


def test_seed_shows_the_findings_of_a_broken_template(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "program.yaml").write_text(
        "format_version: 1\n"
        "program: {name: Broken, channel: Operational}\n"
        "smart_campaigns:\n"
        "  - name: Alert\n"
        "    flow: [{action: Send Email, params: {Email: No Such Email}}]\n",
        encoding="utf-8",
    )
    db = tmp_path / "x.sqlite3"
    result = CliRunner().invoke(cli, ["sandbox", "seed", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    out = _flat(result.output)
    assert "has errors; fix them before seeding" in out
    assert "program.yaml:5" in out
    assert "No Such Email" in out
    with Sandbox(db) as box:
        assert box.store.find("program") == []


def test_seed_is_listed_in_help() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--help"])
    assert "seed" in result.output
    help_text = _flat(CliRunner().invoke(cli, ["sandbox", "seed", "--help"]).output)
    for option in ("--name", "--folder", "--db", "--var", "--json"):
        assert option in help_text
