"""``marketo-ops sandbox serve --no-mcp``: a served subscription without Marketo's MCP server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.config import Settings
from marketo_ops.errors import FeatureNotEnabledError


def test_serve_no_mcp_answers_403_to_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = [
        sys.executable,
        "-m",
        "marketo_ops",
        "sandbox",
        "serve",
        "--port",
        "0",
        "--db",
        str(tmp_path / "no-mcp.sqlite3"),
        "--no-mcp",
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
        lines: list[str] = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Database:" in line:
                break
        output = "".join(lines)
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", output)
        assert match, output
        assert "  MCP server:    not enabled (--no-mcp: /mcp answers 403)\n" in output
        url = match.group(1)
        # A served sandbox's URL does not show its munchkin id: the environment gives it.
        monkeypatch.setenv("MARKETO_MUNCHKIN_ID", "000-SBX-000")
        settings = Settings(
            base_url=url,
            client_id="sandbox-client-id",
            client_secret="sandbox-client-secret",
            mcp_url=f"{url}/mcp",
        )
        with Marketo(settings=settings) as client:
            assert client.mcp.available() is False
            with pytest.raises(FeatureNotEnabledError, match="not enabled for munchkin id"):
                client.mcp.get_smart_campaign_flow_step_types()
            assert client.assets.folders.get_by_path("Marketing Activities/Default") is not None
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("sandbox serve did not stop on SIGINT")
    assert process.returncode == 0, stderr
    assert "sandbox-client-secret" not in stderr
