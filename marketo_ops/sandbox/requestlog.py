"""What the sandbox received: one entry per API call, kept in memory and optionally in a file.

Integration developers want to see what their client sent: which operation, what came back,
with which Marketo code, how long it took. The log is one step of the app's middleware chain
(the first, so calls refused by authentication, limits or injected faults are in it too), plus
the calls no route matched (610 and 605). The newest :data:`DEFAULT_CAPACITY` entries stay in
memory (``Sandbox.request_log``, read by tests and the console); ``SandboxConfig.request_log``
names a JSON-lines file every entry is appended to (``sandbox serve --log-requests FILE``),
read back with :func:`read_request_log`.

Secrets never reach an entry: no header is recorded, and the path with its query string goes
through the SDK's redaction (``client_secret``, ``client_id``, ``access_token``), then the
sandbox's own client secret and the call's bearer token are blanked wherever they appear.
Bodies are never recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._clock import SYSTEM_CLOCK, Clock
from .._logging import REDACTED, redact

if TYPE_CHECKING:
    from .app import Call

DEFAULT_CAPACITY: Final = 1000
"""Entries kept in memory: enough for a whole import run and its verification."""

_SNIFF_LIMIT: Final = 64 * 1024


@dataclass(frozen=True)
class LogEntry:
    """One call as the sandbox saw it. ``code`` is Marketo's error code (``"709"``, ``"601"``)
    or the identity service's error (``"invalid_client"``), None on success; ``fault`` names an
    injected fault (``"604"``, ``"drop"``...) when the answer was one."""

    time: str
    request_id: str | None
    operation: str | None
    method: str
    path: str
    status: int
    code: str | None
    duration_ms: float
    fault: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None and self.status < 400 and self.fault is None

    def to_json(self) -> dict[str, Any]:
        """The JSON-lines shape: camelCase keys, as the rest of the sandbox speaks."""
        return {
            "time": self.time,
            "requestId": self.request_id,
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "code": self.code,
            "durationMs": self.duration_ms,
            "fault": self.fault,
        }

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> LogEntry:
        return cls(
            time=str(item["time"]),
            request_id=item.get("requestId"),
            operation=item.get("operation"),
            method=str(item["method"]),
            path=str(item["path"]),
            status=int(item["status"]),
            code=item.get("code"),
            duration_ms=float(item.get("durationMs", 0.0)),
            fault=item.get("fault"),
        )


def read_request_log(path: str | Path) -> list[LogEntry]:
    """Every entry of a ``--log-requests`` file, oldest first."""
    with Path(path).open(encoding="utf-8") as handle:
        return [LogEntry.from_json(json.loads(line)) for line in handle if line.strip()]


def marketo_code(response: Response) -> str | None:
    """The error code a response carries: the envelope's first error, or identity's ``error``."""
    body = getattr(response, "body_json", None)
    if body is None:
        media = (response.media_type or "").lower()
        raw = getattr(response, "body", None)
        if "json" not in media or not isinstance(raw, bytes) or len(raw) > _SNIFF_LIMIT:
            return None
        try:
            body = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(body, dict):
        return None
    if body.get("success") is False:
        errors = body.get("errors") or [{}]
        first = errors[0] if isinstance(errors[0], dict) else {}
        return str(first.get("code")) if first.get("code") is not None else "unknown"
    error = body.get("error")
    return str(error) if isinstance(error, str) else None


class RequestLog:
    """The newest ``capacity`` calls in memory, every call in ``path`` (JSON lines) if given.

    Safe to use from several threads: the event loop's thread writes, tests and the console
    read.
    """

    def __init__(
        self,
        capacity: int = DEFAULT_CAPACITY,
        path: str | Path | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
        secrets: Iterable[str] = (),
    ) -> None:
        if capacity < 1:
            raise ValueError("the request log keeps at least one entry")
        self.capacity = capacity
        self.path = Path(path) if path is not None else None
        self._clock = clock
        self._secrets = tuple(secret for secret in secrets if secret)
        self._entries: deque[LogEntry] = deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._file: IO[str] | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8")

    # --- writing --------------------------------------------------------------------------------
    def add(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)
            if self._file is not None:
                self._file.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
                self._file.flush()

    def record(
        self,
        request: Request,
        response: Response,
        *,
        request_id: str | None,
        operation: str | None,
        started: float,
        fault: str | None = None,
    ) -> None:
        """Add the entry for one answered call (``started``: its ``time.perf_counter()``)."""
        self.add(
            LogEntry(
                time=self._now(),
                request_id=request_id,
                operation=operation,
                method=request.method,
                path=self.clean_path(request, bearer_of(request)),
                status=response.status_code,
                code=None if fault in {"drop", "truncate"} else marketo_code(response),
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                fault=fault,
            )
        )

    def clean_path(self, request: Request, token: str | None = None) -> str:
        """Path and query string with every credential blanked."""
        raw = request.url.path
        if request.url.query:
            raw += "?" + request.url.query
        text = redact(raw)
        for secret in (*self._secrets, token):
            if secret:
                text = text.replace(secret, REDACTED)
        return text

    def _now(self) -> str:
        moment = datetime.fromtimestamp(self._clock.time(), UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    # --- the middleware step --------------------------------------------------------------------
    async def step(self, call: Call, next_: Callable[[Call], Awaitable[Response]]) -> Response:
        """The chain's first step: time the rest of the chain and record what it answered."""
        started = time.perf_counter()
        response = await next_(call)
        self.record(
            call.request,
            response,
            request_id=call.request_id,
            operation=call.operation.operation_id,
            started=started,
            fault=call.state.get("fault"),
        )
        return response

    def wrap(self, app: ASGIApp, label: str) -> ASGIApp:
        """An ASGI app whose HTTP calls are logged too (for endpoints outside the chain, such as
        MCP): the operation is ``label``, or ``label:method`` for a JSON-RPC request body, with the
        tool name for ``tools/call`` (``mcp:tools/call get_program``); the code is the JSON-RPC
        error's, or the Marketo code of a tool result that failed (with its request id)."""

        async def logged(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            seen: list[bytes] = []
            status: list[int] = []

            async def sniffing_receive() -> Message:
                message = await receive()
                if message["type"] == "http.request" and sum(map(len, seen)) < _SNIFF_LIMIT:
                    seen.append(bytes(message.get("body", b"")))
                return message

            answer: list[bytes] = []

            async def watching_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status.append(int(message["status"]))
                elif message["type"] == "http.response.body" and (
                    sum(map(len, answer)) < _SNIFF_LIMIT
                ):
                    answer.append(bytes(message.get("body", b"")))
                await send(message)

            try:
                await app(scope, sniffing_receive, watching_send)
            finally:
                request = Request(scope)
                code, request_id = _rpc_outcome(b"".join(answer))
                self.add(
                    LogEntry(
                        time=self._now(),
                        request_id=request_id,
                        operation=_rpc_operation(label, b"".join(seen)),
                        method=request.method,
                        path=self.clean_path(request, bearer_of(request)),
                        status=status[0] if status else 500,
                        code=code,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                    )
                )

        return logged

    # --- reading --------------------------------------------------------------------------------
    def entries(
        self,
        last: int | None = None,
        *,
        text: str | None = None,
        status: str | None = None,
        method: str | None = None,
    ) -> list[LogEntry]:
        """The kept entries, oldest first: the ``last`` N of those matching every filter.

        ``text`` is a case-blind substring of the operation, path, code or request id;
        ``status`` is ``"ok"``, ``"error"`` (a Marketo code, an HTTP error or a fault) or an
        HTTP status (``"401"``); ``method`` an HTTP method.
        """
        with self._lock:
            found = list(self._entries)
        if text:
            needle = text.strip().lower()
            found = [entry for entry in found if needle in _haystack(entry)]
        if status:
            found = [entry for entry in found if _status_matches(entry, status.strip().lower())]
        if method:
            found = [entry for entry in found if entry.method == method.strip().upper()]
        return found[-last:] if last else found

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.entries())

    def clear(self) -> None:
        """Forget the entries in memory (the file keeps its lines)."""
        with self._lock:
            self._entries.clear()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def __repr__(self) -> str:
        where = f", path={str(self.path)!r}" if self.path else ""
        return f"RequestLog({len(self)}/{self.capacity} entries{where})"


def bearer_of(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _haystack(entry: LogEntry) -> str:
    return " ".join(
        str(part or "")
        for part in (entry.operation, entry.path, entry.code, entry.request_id, entry.fault)
    ).lower()


def _status_matches(entry: LogEntry, wanted: str) -> bool:
    if wanted == "ok":
        return entry.ok
    if wanted == "error":
        return not entry.ok
    return str(entry.status) == wanted


def _rpc_operation(label: str, body: bytes) -> str:
    try:
        message = json.loads(body) if body.strip() else None
    except ValueError:
        return label
    if not isinstance(message, dict) or not isinstance(message.get("method"), str):
        return label
    operation = f"{label}:{message['method']}"
    params = message.get("params")
    if message["method"] == "tools/call" and isinstance(params, dict) and params.get("name"):
        operation += f" {params['name']}"
    return operation


def _rpc_outcome(body: bytes) -> tuple[str | None, str | None]:
    """(error code, Marketo request id) of a JSON-RPC answer, plain JSON or server-sent events."""
    text = body.decode("utf-8", "replace").strip()
    if text.startswith(("event:", "data:", "id:")):
        text = "\n".join(line[5:].strip() for line in text.splitlines() if line.startswith("data:"))
    try:
        message = json.loads(text) if text else None
    except ValueError:
        return None, None
    if not isinstance(message, dict):
        return None, None
    error = message.get("error")
    if isinstance(error, dict) and error.get("code") is not None:
        return str(error["code"]), None
    result = message.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("structuredContent"), dict):
        return None, None
    content = result["structuredContent"]
    request_id = str(content["requestId"]) if content.get("requestId") is not None else None
    if not result.get("isError"):
        return None, request_id
    errors = content.get("errors") or [{}]
    first = errors[0] if isinstance(errors[0], dict) else {}
    return (str(first["code"]) if first.get("code") is not None else "error"), request_id


__all__ = ["DEFAULT_CAPACITY", "LogEntry", "RequestLog", "marketo_code", "read_request_log"]
