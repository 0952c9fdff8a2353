"""The request log: what the sandbox received, in memory and as JSON lines, with no secret in it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from starlette.types import Receive, Scope, Send

from cli.main import cli
from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import FaultRule, Sandbox, SandboxConfig
from marketo_ops.sandbox.requestlog import LogEntry, RequestLog, read_request_log

SECRET = "s3cret-Value-9f2c"
CLIENT_ID = "log-test-client"
A = "/rest/asset/v1"


def _sandbox(tmp_path: Path, **config: object) -> Sandbox:
    settings = SandboxConfig(
        client_id=CLIENT_ID,
        client_secret=SECRET,
        request_log=str(tmp_path / "requests.jsonl"),
        validate_responses=True,
        **config,  # type: ignore[arg-type]
    )
    return Sandbox(":memory:", settings, clock=ManualClock())


@pytest.fixture
def box(tmp_path: Path) -> Iterator[Sandbox]:
    sandbox = _sandbox(tmp_path)
    yield sandbox
    sandbox.close()


def _token(http: httpx.Client) -> str:
    response = http.get(
        "/identity/oauth/token",
        params={
            "grant_type": "client_credentials",
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
        },
    )
    return str(response.json()["access_token"])


@pytest.fixture
def http(box: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as client:
        client.headers["Authorization"] = f"Bearer {_token(client)}"
        yield client


def _tokens_issued(box: Sandbox) -> list[str]:
    return [str(row[0]) for row in box.store.execute("SELECT token FROM access_tokens")]


def test_an_importer_run_is_logged_without_any_secret(box: Sandbox, tmp_path: Path) -> None:
    with Marketo.sandbox(box) as client:
        client.importer.plan("op-lead-management").apply(journal=tmp_path / "journal.json")
        assert client.importer.verify("op-lead-management").ok

    text = (tmp_path / "requests.jsonl").read_text(encoding="utf-8")
    entries = read_request_log(tmp_path / "requests.jsonl")
    assert entries == box.request_log.entries()  # the file and memory hold the same calls
    operations = [entry.operation for entry in entries]
    assert operations[0] == "identityUsingGET"
    for expected in (
        "createProgramUsingPOST",
        "createEmailTemplateUsingPOST",
        "createEmailUsingPOST",
        "approveDraftUsingPOST",
        "createSmartCampaignUsingPOST",
        "getProgramByNameUsingGET",
    ):
        assert expected in operations
    assert all(entry.status == 200 and entry.code is None for entry in entries)
    assert all(entry.duration_ms >= 0 for entry in entries)
    assert entries[0].path == (
        "/identity/oauth/token?grant_type=client_credentials&client_id=***&client_secret=***"
    )
    # no credential of any kind, in any field
    issued = _tokens_issued(box)
    assert issued
    for secret in (SECRET, CLIENT_ID, *issued):
        assert secret not in text
    assert "bearer" not in text.lower()
    assert "authorization" not in text.lower()
    first = json.loads(text.splitlines()[0])
    assert set(first) == {
        "time",
        "requestId",
        "operation",
        "method",
        "path",
        "status",
        "code",
        "durationMs",
        "fault",
    }


def test_refusals_carry_their_marketo_code(box: Sandbox, http: httpx.Client) -> None:
    box.request_log.clear()
    http.get(f"{A}/nothing/here.json")  # no route: 610
    http.get(f"{A}/programs.json", headers={"Authorization": "Bearer not-a-token"})  # 601
    http.get(
        "/identity/oauth/token",
        params={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": "x"},
    )
    folder = box.admin.folder("Marketing Activities/Default").id
    form = {
        "name": "Twice",
        "folder": json.dumps({"id": folder, "type": "Folder"}),
        "type": "Default",
        "channel": "Operational",
    }
    http.post(f"{A}/programs.json", data=form)
    http.post(f"{A}/programs.json", data=form)  # 709: the name exists

    entries = box.request_log.entries()
    assert [(e.operation, e.status, e.code) for e in entries] == [
        (None, 200, "610"),
        ("browseProgramsUsingGET", 200, "601"),
        ("identityUsingGET", 401, "invalid_client"),
        ("createProgramUsingPOST", 200, None),
        ("createProgramUsingPOST", 200, "709"),
    ]
    assert entries[0].path == f"{A}/nothing/here.json"
    assert entries[2].path.endswith("client_secret=***")
    assert [e.code for e in box.request_log.entries(status="error")] == [
        "610",
        "601",
        "invalid_client",
        "709",
    ]
    assert [e.code for e in box.request_log.entries(status="401")] == ["invalid_client"]


def test_injected_faults_are_named(tmp_path: Path) -> None:
    rules = (
        FaultRule("604", 1.0, operation="browseProgramsUsingGET"),
        FaultRule("drop", 1.0, operation="getProgramByIdUsingGET"),
    )
    with (
        _sandbox(tmp_path, fault_rules=rules) as box,
        httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as http,
    ):
        http.headers["Authorization"] = f"Bearer {_token(http)}"
        http.get(f"{A}/programs.json")
        with pytest.raises(httpx.HTTPError):
            http.get(f"{A}/program/1001.json")
        fault, dropped = box.request_log.entries()[-2:]
    assert (fault.operation, fault.code, fault.fault) == ("browseProgramsUsingGET", "604", "604")
    assert (dropped.operation, dropped.code, dropped.fault) == (
        "getProgramByIdUsingGET",
        None,
        "drop",
    )
    assert not fault.ok
    assert not dropped.ok


def test_secrets_in_paths_are_blanked(box: Sandbox, http: httpx.Client) -> None:
    token = http.headers["Authorization"].split()[1]
    http.get(f"{A}/programs.json", params={"access_token": "query-token-123"})
    http.get(f"{A}/program/{token}.json")  # a client that put its token in the path
    http.get("/rest/v1/leads.json", params={"note": SECRET})
    logged = " ".join(entry.path for entry in box.request_log.entries())
    assert "query-token-123" not in logged
    assert "access_token=***" in logged
    assert token not in logged
    assert f"{A}/program/***.json" in logged
    assert SECRET not in logged


def test_memory_is_bounded_and_filters_apply(tmp_path: Path) -> None:
    with (
        _sandbox(tmp_path, request_log_size=3) as box,
        httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as http,
    ):
        http.headers["Authorization"] = f"Bearer {_token(http)}"
        for program_id in range(1, 6):
            http.get(f"{A}/program/{program_id}.json")
        http.post(f"{A}/folders.json")
        log = box.request_log
        assert len(log) == 3
        assert [entry.path for entry in log.entries()] == [
            f"{A}/program/4.json",
            f"{A}/program/5.json",
            f"{A}/folders.json",
        ]
        assert [entry.path for entry in log.entries(1)] == [f"{A}/folders.json"]
        assert [entry.method for entry in log.entries(method="post")] == ["POST"]
        assert [entry.path for entry in log.entries(text="PROGRAM/4")] == [f"{A}/program/4.json"]
    # the file keeps everything (7 calls: the token and six more)
    assert len(read_request_log(tmp_path / "requests.jsonl")) == 7
    with pytest.raises(ValueError, match="request_log_size"):
        SandboxConfig(request_log_size=0)


@pytest.mark.anyio
async def test_mounted_apps_are_logged_with_their_json_rpc_method() -> None:
    """What the MCP endpoint would get from ``request_log.wrap``: calls, tools, no header."""
    log = RequestLog(10)

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    app = log.wrap(endpoint, "mcp")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        await client.post(
            "/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "get_x"}},
            headers={"X-Marketo-Client-Secret": SECRET},
        )
        await client.post("/mcp", content=b"not json")
    called, garbled = log.entries()
    assert (called.operation, called.method, called.path, called.status) == (
        "mcp:tools/call get_x",
        "POST",
        "/mcp",
        202,
    )
    assert garbled.operation == "mcp"
    assert SECRET not in repr(log.entries())


def test_mcp_calls_are_logged_with_tool_and_marketo_code(box: Sandbox) -> None:
    """The sandbox's /mcp endpoint: JSON-RPC method, tool name, a failed tool's Marketo code."""
    headers = {
        "X-Marketo-Client-Id": CLIENT_ID,
        "X-Marketo-Client-Secret": SECRET,
        "X-Marketo-Munchkin-Id": box.munchkin_id,
        "Accept": "application/json, text/event-stream",
    }
    with httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as http:
        started = http.post(
            "/mcp",
            headers=headers,
            json={
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "log-test", "version": "1"},
                },
            },
        )
        assert started.status_code == 200, started.text
        session = started.headers.get("mcp-session-id")
        if session:
            headers["Mcp-Session-Id"] = session
        answer = http.post(
            "/mcp",
            headers=headers,
            json={
                "jsonrpc": "2.0",
                "id": 2,
                "method": "tools/call",
                "params": {"name": "get_smart_campaign_rules", "arguments": {"campaignId": 4242}},
            },
        )
        assert answer.status_code == 200, answer.text
    mcp = [entry for entry in box.request_log.entries() if entry.path == "/mcp"]
    assert [(e.operation, e.method, e.status, e.code) for e in mcp] == [
        ("mcp:initialize", "POST", 200, None),
        ("mcp:tools/call get_smart_campaign_rules", "POST", 200, "702"),
    ]
    assert mcp[1].request_id is not None
    logged = (Path(box.config.request_log or "")).read_text(encoding="utf-8")
    assert SECRET not in logged
    assert CLIENT_ID not in logged


def test_log_entry_round_trips_through_json() -> None:
    entry = LogEntry("2026-01-01T00:00:00.000Z", "a#1", "op", "GET", "/p", 200, "709", 1.5, None)
    assert LogEntry.from_json(json.loads(json.dumps(entry.to_json()))) == entry


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_serve_banner_names_the_console_the_log_and_what_is_switched_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marketo_ops.sandbox.server as server

    def fake_serve(sandbox: Sandbox, host: str, port: int, on_ready: object) -> None:
        assert sandbox.request_log.path == tmp_path / "calls.jsonl"
        on_ready("http://127.0.0.1:8787")  # type: ignore[operator]

    monkeypatch.setattr(server, "serve", fake_serve)
    db = tmp_path / "banner.sqlite3"
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "serve",
            "--db",
            str(db),
            "--log-requests",
            str(tmp_path / "calls.jsonl"),
            "--latency",
            "50-300",
            "--faults",
            "604=0.05,drop=0.01",
            "--fault-seed",
            "7",
        ],
        env={"NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  Console:       http://127.0.0.1:8787/console/" in lines
    assert f"  Request log:   {tmp_path / 'calls.jsonl'} (JSON lines)" in lines
    assert "  Latency:       50-300 ms added to every API call" in lines
    assert "  Faults:        604 5%, drop 1%; seed 7" in lines


def test_serve_banner_is_quiet_when_nothing_is_switched_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marketo_ops.sandbox.server as server

    monkeypatch.setattr(
        server, "serve", lambda sandbox, host, port, on_ready: on_ready("http://127.0.0.1:1")
    )
    result = CliRunner().invoke(
        cli, ["sandbox", "serve", "--db", str(tmp_path / "q.sqlite3")], env={"NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.output
    for word in ("Latency", "Faults", "Request log", "Rate limit"):
        assert word not in result.output


def test_an_unwritable_log_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(
        cli,
        [
            "sandbox",
            "serve",
            "--db",
            str(tmp_path / "x.sqlite3"),
            "--log-requests",
            str(blocker / "calls.jsonl"),
        ],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 1
    assert "Cannot open" in result.output
    assert "Traceback" not in result.output
