"""Serving a sandbox over HTTP with uvicorn (``marketo-ops sandbox serve``).

Uvicorn's access log is off: identity calls carry the client secret in the query string, and
nothing here should write credentials or bearer tokens to a log. Tracebacks of deliberately
dropped connections (the ``drop``/``truncate`` faults) are filtered out of uvicorn's error log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from .faults import ConnectionDropped
from .sandbox import Sandbox


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


class SandboxServer(uvicorn.Server):
    """A uvicorn server that reports its bound URL once it listens (port 0 picks a free port)."""

    def __init__(
        self, config: uvicorn.Config, on_ready: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self.url: str | None = None

    async def startup(self, sockets: Any = None) -> None:
        await super().startup(sockets)
        if not self.started:
            return
        host, port = self.config.host, self.config.port
        for server in getattr(self, "servers", []):
            for sock in server.sockets:
                host, port = sock.getsockname()[:2]
                break
        shown = f"[{host}]" if ":" in str(host) else str(host)
        self.url = f"http://{shown}:{port}"
        if self._on_ready is not None:
            self._on_ready(self.url)


def make_server(
    sandbox: Sandbox,
    host: str = "127.0.0.1",
    port: int = 8787,
    on_ready: Callable[[str], None] | None = None,
) -> SandboxServer:
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    config = uvicorn.Config(
        sandbox.app,
        host=host,
        port=port,
        lifespan="off",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=3,
    )
    return SandboxServer(config, on_ready)


def serve(
    sandbox: Sandbox,
    host: str = "127.0.0.1",
    port: int = 8787,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until Ctrl-C (uvicorn handles SIGINT/SIGTERM and shuts down cleanly)."""
    make_server(sandbox, host, port, on_ready).run()


class ThreadedServer:
    """The sandbox served on loopback from a background thread (port 0: a free port).

    This is how the CLI's embedded sandbox and ``Marketo.sandbox(..., loopback=True)`` run: the
    SDK then speaks real HTTP to it, exactly as it would to Marketo.
    """

    def __init__(self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        ready = threading.Event()
        self._server = make_server(sandbox, host, port, on_ready=lambda _url: ready.set())
        self._thread = threading.Thread(
            target=self._server.run, name="marketo-ops-sandbox", daemon=True
        )
        self._thread.start()
        while not ready.wait(0.05):
            if not self._thread.is_alive():
                raise RuntimeError(f"the sandbox server could not listen on {host}:{port}")
        url = self._server.url
        if url is None:  # the server sets its URL before it signals ready
            raise RuntimeError("the sandbox server signalled ready without a bound URL")
        self.url: str = url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@contextmanager
def serve_in_thread(sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve on loopback while the block runs; yields the base URL."""
    server = ThreadedServer(sandbox, host, port)
    try:
        yield server.url
    finally:
        server.stop()
