"""``marketo-ops sandbox serve [--no-mcp]``: a served subscription with or without Marketo's MCP
server, used through the SDK over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from marketo_ops import Marketo
from marketo_ops.config import Settings
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.server import serve_in_thread


@pytest.mark.parametrize(
    ("flag", "shown", "available"),
    [
        ("--mcp", "  MCP server:    {url}/mcp (munchkin id 000-SBX-000)\n", True),
        ("--no-mcp", "  MCP server:    not enabled (--no-mcp: /mcp answers 403)\n", False),
    ],
    ids=["mcp", "no-mcp"],
)
def test_serve_says_whether_the_subscription_has_mcp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str, shown: str, available: bool
) -> None:
    seen: dict[str, Any] = {}

    def serve(box: Sandbox, host: str, port: int, on_ready: Callable[[str], None]) -> None:
        # The real server on a free port, for as long as the SDK needs it (not until Ctrl-C).
        with serve_in_thread(box, host, 0) as url:
            on_ready(url)
            seen["url"] = url
            settings = Settings(
                base_url=url,
                client_id=box.client_id,
                client_secret=box.client_secret,
                mcp_url=f"{url}/mcp",
            )
            with Marketo(settings=settings) as client:
                seen["available"] = client.mcp.available()

    monkeypatch.setattr("marketo_ops.sandbox.server.serve", serve)
    # A served sandbox's URL does not show its munchkin id: the environment gives it.
    monkeypatch.setenv("MARKETO_MUNCHKIN_ID", "000-SBX-000")
    result = CliRunner().invoke(
        cli, ["sandbox", "serve", "--port", "0", "--db", str(tmp_path / "s.sqlite3"), flag]
    )
    assert result.exit_code == 0, result.output
    assert shown.format(url=seen["url"]) in result.output
    assert seen["available"] is available
