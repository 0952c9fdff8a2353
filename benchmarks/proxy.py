"""A counting reverse proxy: what a client really sends to a (sandbox) Marketo instance.

The benchmarks put it between the program they measure (the CLI as a separate process, the SDK,
marketorestpython) and a served sandbox, so a call count is what crossed the wire, not what the
client believes it sent. Every request is forwarded unchanged (streamed answers, such as the
MCP server's server-sent events, are relayed as they arrive) and counted by kind:

* ``api``: paths under ``/rest`` (what Marketo's quota counts);
* ``token``: paths under ``/identity`` (free in Marketo's quota);
* ``mcp_http``: HTTP requests to ``/mcp`` (initialize, notifications, tool listing, tool calls,
  session close), and ``mcp_tools``: the JSON-RPC ``tools/call`` messages among them, which
  Adobe's MCP server runs as REST calls of the instance (so they spend its quota);
* ``other``: anything else (file downloads, the console);

and the refusals a client met: 606 (rate limit) and 615 (concurrency) answers, read from the
REST envelope's ``errors`` and from MCP tool results (whose structured content is the same
envelope).

    with CountingProxy("http://127.0.0.1:8787") as proxy:
        ...  # point the client at proxy.url
        print(proxy.counts())

Standard library only (``http.server`` with a thread per connection, ``http.client`` upstream),
so it adds no dependency and no event loop of its own to what it measures.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
REFUSALS = ("606", "615")
ASSET_ID = re.compile(r"/\d+(?=[/.]|$)")
INSPECTED_BYTES = 1 << 20  # answers are read for error codes up to this size


@dataclass
class Counts:
    """What crossed the proxy (a copy: later traffic does not change it)."""

    api: int = 0
    token: int = 0
    mcp_http: int = 0
    mcp_tools: int = 0
    other: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    api_operations: Counter[str] = field(default_factory=Counter)
    """``GET /rest/asset/v1/email/{id}/content.json`` -> calls."""
    mcp_methods: Counter[str] = field(default_factory=Counter)
    mcp_tool_names: Counter[str] = field(default_factory=Counter)

    @property
    def refused_606(self) -> int:
        return self.refused["606"]

    @property
    def refused_615(self) -> int:
        return self.refused["615"]

    @property
    def quota_calls(self) -> int:
        """Calls Marketo's quota counts: REST calls plus the MCP tool calls it runs as REST."""
        return self.api + self.mcp_tools

    def __sub__(self, other: Counts) -> Counts:
        return Counts(
            api=self.api - other.api,
            token=self.token - other.token,
            mcp_http=self.mcp_http - other.mcp_http,
            mcp_tools=self.mcp_tools - other.mcp_tools,
            other=self.other - other.other,
            refused=self.refused - other.refused,
            api_operations=self.api_operations - other.api_operations,
            mcp_methods=self.mcp_methods - other.mcp_methods,
            mcp_tool_names=self.mcp_tool_names - other.mcp_tool_names,
        )

    def copy(self) -> Counts:
        return replace(
            self,
            refused=Counter(self.refused),
            api_operations=Counter(self.api_operations),
            mcp_methods=Counter(self.mcp_methods),
            mcp_tool_names=Counter(self.mcp_tool_names),
        )


def operation_of(method: str, path: str) -> str:
    """A call's operation as ``METHOD path``, asset ids written ``{id}`` so calls group."""
    return f"{method} {ASSET_ID.sub('/{id}', urlsplit(path).path)}"


def kind_of(path: str) -> str:
    """The counter a request path belongs to."""
    path = urlsplit(path).path
    for prefix, kind in (("/rest", "api"), ("/identity", "token"), ("/mcp", "mcp")):
        if path == prefix or path.startswith(prefix + "/"):
            return kind
    return "other"


def jsonrpc_calls(body: bytes) -> list[tuple[str, str | None]]:
    """The JSON-RPC methods of an MCP request body (one message or a batch), each with the
    tool it calls (``tools/call``) or None."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
    messages = data if isinstance(data, list) else [data]
    calls = []
    for message in messages:
        if isinstance(message, dict) and "method" in message:
            params = message.get("params")
            tool = params.get("name") if isinstance(params, dict) else None
            calls.append((str(message["method"]), str(tool) if tool is not None else None))
    return calls


def _json_documents(body: bytes, content_type: str) -> Iterator[Any]:
    text = body.decode("utf-8", "replace")
    if "text/event-stream" in content_type:
        for line in text.splitlines():
            if line.startswith("data:"):
                try:
                    yield json.loads(line[5:].strip())
                except ValueError:
                    continue
        return
    if "json" in content_type:
        try:
            yield json.loads(text)
        except ValueError:
            return


def _envelope_codes(document: Any) -> Iterator[str]:
    """Error codes of a Marketo envelope, or of an MCP tool result carrying one."""
    if not isinstance(document, dict):
        return
    result = document.get("result")
    if "jsonrpc" in document and isinstance(result, dict):
        document = result.get("structuredContent") or {}
    errors = document.get("errors") if isinstance(document, dict) else None
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict) and "code" in error:
            yield str(error["code"])


def error_codes(body: bytes, content_type: str) -> list[str]:
    """Every Marketo error code in an answer (REST JSON, or MCP JSON / server-sent events)."""
    return [code for doc in _json_documents(body, content_type) for code in _envelope_codes(doc)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer
    _connection: http.client.HTTPConnection | None = None  # upstream, kept alive per client

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: identity calls carry the client secret in their query string."""

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _upstream(self) -> http.client.HTTPConnection:
        connection = self._connection
        if connection is None:
            connection = http.client.HTTPConnection(
                self.server.upstream_host, self.server.upstream_port, timeout=300
            )
            self._connection = connection
        return connection

    def _forward(self, body: bytes) -> http.client.HTTPResponse:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = self.server.upstream_netloc
        headers["Content-Length"] = str(len(body))
        for attempt in (1, 2):  # a kept-alive upstream connection may have been closed
            connection = self._upstream()
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                return connection.getresponse()
            except (ConnectionError, http.client.HTTPException):
                connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _relay(self) -> None:
        body = self._body()
        kind = kind_of(self.path)
        rpc = jsonrpc_calls(body) if kind == "mcp" and body else []
        self.server.record_request(kind, self.command, self.path, rpc)
        response = self._forward(body)
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        length = response.getheader("Content-Length")
        seen = bytearray()
        if length is not None:
            data = response.read()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            seen += data[:INSPECTED_BYTES]
        else:  # streamed (chunked, or server-sent events): relay each piece as it arrives
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while piece := response.read1(65536):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                if len(seen) < INSPECTED_BYTES:
                    seen += piece
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        if response.will_close:
            self._upstream().close()
            self._connection = None
        if kind in ("api", "mcp"):
            content_type = response.getheader("Content-Type") or ""
            self.server.record_codes(error_codes(bytes(seen), content_type))

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _relay


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"the proxy forwards to an http:// URL, not {upstream!r}")
        self.upstream_host = parts.hostname
        self.upstream_port = parts.port or 80
        self.upstream_netloc = parts.netloc
        self.lock = threading.Lock()
        self.totals = Counts()
        super().__init__(("127.0.0.1", 0), _Handler)

    def record_request(
        self, kind: str, method: str, path: str, rpc: list[tuple[str, str | None]]
    ) -> None:
        with self.lock:
            if kind == "mcp":
                self.totals.mcp_http += 1
                self.totals.mcp_methods.update([m for m, _ in rpc] or [f"HTTP {method}"])
                tools = [tool for m, tool in rpc if m == "tools/call" and tool is not None]
                self.totals.mcp_tools += len(tools)
                self.totals.mcp_tool_names.update(tools)
            else:
                setattr(self.totals, kind, getattr(self.totals, kind) + 1)
            if kind == "api":
                self.totals.api_operations[operation_of(method, path)] += 1

    def record_codes(self, codes: list[str]) -> None:
        with self.lock:
            self.totals.refused.update(code for code in codes if code in REFUSALS)


class CountingProxy:
    """The proxy on a free loopback port, served from a background thread while in use."""

    def __init__(self, upstream: str) -> None:
        self._server = _ProxyServer(upstream.rstrip("/"))
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="counting-proxy", daemon=True
        )

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def counts(self) -> Counts:
        """A snapshot of the counters (subtract two snapshots to count one phase)."""
        with self._server.lock:
            return self._server.totals.copy()
