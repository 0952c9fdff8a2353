"""``Marketo`` and ``AsyncMarketo``: the clients, with the API areas as attributes.

A client owns an httpx client, a token cache and its call statistics, and shares the instance's
limiter with every other client of the same base URL. ``with_options`` gives a copy with other
timeouts or retries that shares all of those, so a script can be patient in one place without
opening a second connection pool or fetching a second token; ``counting`` gives a copy that
counts its own calls (one import among several running on one client).

Both clients are built by the same code (:class:`_ClientBase`); they differ only in the httpx
client, token provider and request loop they plug in.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

from ._auth import AsyncTokenProvider, SyncTokenProvider, TokenCache
from ._clock import SYSTEM_CLOCK, Clock, SystemClock
from ._encoding import FileTuple
from ._http import AsyncHTTP, CallStats, Encoding, RequestSpec, SyncHTTP, adownload, download
from ._limits import Limiter, shared_limiter
from ._response import APIResponse
from .config import Settings, resolve_settings, settings_with
from .mcp import AsyncMarketoMCP, MarketoMCP, MCPLink
from .resources._tree import AsyncResourceTree, SyncResourceTree

if TYPE_CHECKING:
    from .importer import Importer
    from .sandbox import Sandbox, SandboxConfig

TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
HTTPClientT = TypeVar("HTTPClientT", httpx.Client, httpx.AsyncClient)


def _settings_from(
    settings: Settings | None,
    *,
    base_url: str | None,
    client_id: str | None,
    client_secret: str | None,
    munchkin_id: str | None,
    profile: str | None,
    config_file: Path | None,
    options: Mapping[str, Any],
) -> Settings:
    if settings is not None:
        return settings_with(settings, **options)
    return resolve_settings(
        base_url=base_url,
        munchkin_id=munchkin_id,
        client_id=client_id,
        client_secret=client_secret,
        profile=profile,
        config_file=config_file,
        **options,
    )


def _raw_spec(
    method: str,
    path: str,
    *,
    query: Mapping[str, Any] | None,
    body: Mapping[str, Any] | None,
    json: Any,
    files: Mapping[str, FileTuple] | None,
    encoding: Encoding | None,
    idempotent: bool | None,
) -> RequestSpec:
    if encoding is None:
        encoding = (
            "multipart"
            if files
            else "json"
            if json is not None
            else ("form" if body is not None else "none")
        )
    return RequestSpec(
        operation=f"{method.upper()} {path}",
        method=method.upper(),
        path=path if path.startswith("/") else "/" + path,
        query=query,
        body=body,
        json_body=json,
        files=files,
        encoding=encoding,
        idempotent=_reads(method, query, body) if idempotent is None else idempotent,
    )


def _reads(method: str, query: Mapping[str, Any] | None, body: Mapping[str, Any] | None) -> bool:
    """A GET, or a POST that Marketo reads as one (``_method=GET``, for long query strings)."""
    if method.upper() == "GET":
        return True
    tunnelled = (query or {}).get("_method") or (body or {}).get("_method")
    return method.upper() == "POST" and str(tunnelled).upper() == "GET"


class _ClientBase(Generic[TransportT, HTTPClientT]):
    settings: Settings
    stats: CallStats
    _http_client: HTTPClientT

    def __init__(
        self,
        base_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        munchkin_id: str | None = None,
        profile: str | None = None,
        config_file: Path | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        rate_limit_calls: int | None = None,
        rate_limit_window: float | None = None,
        max_concurrency: int | None = None,
        settings: Settings | None = None,
        transport: TransportT | None = None,
        http_client: HTTPClientT | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """Settings come from the arguments, a profile, the environment or the config file
        (see :mod:`marketo_ops.config`); ``transport``/``http_client`` and ``clock`` are for
        tests and the sandbox."""
        self.settings = _settings_from(
            settings,
            base_url=base_url,
            client_id=client_id,
            client_secret=client_secret,
            munchkin_id=munchkin_id,
            profile=profile,
            config_file=config_file,
            options={
                "timeout": timeout,
                "max_retries": max_retries,
                "rate_limit_calls": rate_limit_calls,
                "rate_limit_window": rate_limit_window,
                "max_concurrency": max_concurrency,
            },
        )
        self._clock = clock or SYSTEM_CLOCK
        # A real instance reached over the network on real time: share the bookings with every
        # process of the machine. A test transport, a given HTTP client (the sandbox) or a fake
        # clock keep them in this process.
        real_network = transport is None and http_client is None
        self._limiter = shared_limiter(
            self.settings.base_url,
            calls=self.settings.rate_limit_calls,
            window=self.settings.rate_limit_window,
            concurrency=self.settings.max_concurrency,
            clock=self._clock,
            machine_wide=real_network and isinstance(self._clock, SystemClock),
        )
        self._sandbox: Sandbox | None = None
        self._owns_sandbox = False
        self._on_close: list[Callable[[], None]] = []
        self._mcp_link = MCPLink()  # shared with copies, like the token cache
        self._on_close.append(self._mcp_link.close)
        self._owns_http = http_client is None
        self._http_client = http_client or self._make_http_client(transport, self.settings)
        self._tokens_cache = TokenCache()
        self.stats = CallStats()
        self._rng = rng
        self._new_tokens()
        self._new_http(self.settings)
        self._init_resources()  # type: ignore[attr-defined]

    # -- what the sync and async clients plug in ---------------------------------------------

    def _make_http_client(self, transport: TransportT | None, settings: Settings) -> HTTPClientT:
        raise NotImplementedError

    def _new_tokens(self) -> None:
        raise NotImplementedError

    def _new_http(self, settings: Settings) -> None:
        raise NotImplementedError

    @classmethod
    def _sandbox_transport(cls, sandbox: Sandbox) -> TransportT:
        raise NotImplementedError

    # -- shared behaviour ----------------------------------------------------------------------

    @classmethod
    def sandbox(
        cls,
        sandbox: Sandbox | str | Path | None = None,
        *,
        db: str | Path = ":memory:",
        config: SandboxConfig | None = None,
        clock: Clock | None = None,
        loopback: bool = False,
        **options: Any,
    ) -> Self:
        """A client of a sandbox: the one given, or a new one (in memory, or in the SQLite file
        named positionally or by ``db``: ``Marketo.sandbox("demo.sqlite3")``).

        In-process by default (no port, no network). ``loopback=True`` serves the sandbox on a
        free loopback port for the client's lifetime and speaks real HTTP to it, as to Marketo;
        the sandbox's public file URLs (its "landing-page domain") stay reachable in-process.
        """
        from .sandbox import Sandbox

        given: Sandbox | None = None
        if isinstance(sandbox, str | Path):
            if db != ":memory:":
                raise TypeError("give the sandbox's file once: positionally or as db=")
            db = sandbox
        else:
            given = sandbox
        owned = given is None
        box = given if given is not None else Sandbox(db=db, config=config, clock=clock)
        if not loopback:
            client = cls(
                base_url=box.base_url,
                client_id=box.client_id,
                client_secret=box.client_secret,
                transport=cls._sandbox_transport(box),
                clock=box.clock,
                **options,
            )
        else:
            from .sandbox.server import ThreadedServer

            server = ThreadedServer(box)
            public = box.config.public_url or box.base_url
            http = cls._mounted_client(public, cls._sandbox_transport(box))
            client = cls(
                base_url=server.url,
                client_id=box.client_id,
                client_secret=box.client_secret,
                http_client=http,
                clock=box.clock,
                **options,
            )
            client._owns_http = True
            client._on_close.append(server.stop)
        client._sandbox = box
        client._owns_sandbox = owned
        return client

    @classmethod
    def _mounted_client(cls, public_url: str, transport: TransportT) -> HTTPClientT:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def limiter(self) -> Limiter:
        return self._limiter

    @property
    def sandbox_instance(self) -> Sandbox | None:
        """The in-process sandbox this client talks to, if it was built by ``sandbox()``."""
        return self._sandbox

    def _clone(self, settings: Settings, stats: CallStats) -> Self:
        clone = copy.copy(self)
        clone.__dict__.pop("importer", None)
        clone.settings = settings
        clone.stats = stats
        clone._owns_http = False
        clone._owns_sandbox = False
        clone._on_close = []
        clone._new_http(settings)
        clone._init_resources()  # type: ignore[attr-defined]
        return clone

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Self:
        """A copy with other timeout/retries, sharing connections, token, limiter and stats."""
        settings = settings_with(self.settings, timeout=timeout, max_retries=max_retries)
        return self._clone(settings, self.stats)

    def counting(self) -> Self:
        """A copy sharing connections, token and limiter that counts its own calls in ``stats``.

        One import among several running on the same client reports only its own calls.
        """
        return self._clone(self.settings, CallStats())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.settings.base_url!r})"


class Marketo(_ClientBase[httpx.BaseTransport, httpx.Client], SyncResourceTree):
    """Synchronous client. Thread-safe: share one across threads."""

    def _make_http_client(
        self, transport: httpx.BaseTransport | None, settings: Settings
    ) -> httpx.Client:
        return httpx.Client(transport=transport, timeout=settings.timeout, follow_redirects=False)

    def _new_tokens(self) -> None:
        self._tokens = SyncTokenProvider(
            self.settings, self._http_client, self._tokens_cache, self._clock
        )

    def _new_http(self, settings: Settings) -> None:
        self._http = SyncHTTP(
            settings,
            self._http_client,
            self._tokens,
            limiter=self._limiter,
            clock=self._clock,
            stats=self.stats,
            rng=self._rng,
        )

    @classmethod
    def _sandbox_transport(cls, sandbox: Sandbox) -> httpx.BaseTransport:
        return sandbox.sync_transport()

    @classmethod
    def _mounted_client(cls, public_url: str, transport: httpx.BaseTransport) -> httpx.Client:
        return httpx.Client(mounts={public_url: transport}, timeout=30.0)

    @property
    def mcp(self) -> MarketoMCP:
        """Marketo's MCP server (smart-list rules, flow steps) with this client's credentials,
        limiter and stats; ``mcp.configured`` is False without ``mcp_url``."""
        return MarketoMCP(self._mcp_link.core(self), stats=self.stats, settings=self.settings)

    @cached_property
    def importer(self) -> Importer:
        """Plan, apply, verify and roll back program templates against this instance."""
        from .importer import Importer

        return Importer(self)

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, FileTuple] | None = None,
        encoding: Encoding | None = None,
        idempotent: bool | None = None,
    ) -> APIResponse:
        """Any REST call by path, with the same auth, limits, retries and error mapping."""
        spec = _raw_spec(
            method,
            path,
            query=query,
            body=body,
            json=json,
            files=files,
            encoding=encoding,
            idempotent=idempotent,
        )
        return self._http.request(spec)

    def download(self, url: str) -> bytes:
        """The content of a public file URL (a Design Studio image or file's ``url``).

        Sent with this client's connections (and transport, so it works against the sandbox
        too) but without a token, and not counted against the rate limit or in ``stats``:
        Marketo serves these URLs publicly, outside the REST API. Raises
        :class:`~marketo_ops.errors.DownloadError` (with ``url`` and ``status``) on any answer
        but 200 and on transport failures.
        """
        return download(self._http_client, url, self.settings.timeout)

    def close(self) -> None:
        if self._owns_http:
            self._http_client.close()
        for stop in self._on_close:
            stop()
        if self._owns_sandbox and self._sandbox is not None:
            self._sandbox.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMarketo(_ClientBase[httpx.AsyncBaseTransport, httpx.AsyncClient], AsyncResourceTree):
    """Asynchronous client with the same resources and method names as :class:`Marketo`."""

    def _make_http_client(
        self, transport: httpx.AsyncBaseTransport | None, settings: Settings
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=transport, timeout=settings.timeout, follow_redirects=False
        )

    def _new_tokens(self) -> None:
        self._tokens = AsyncTokenProvider(
            self.settings, self._http_client, self._tokens_cache, self._clock
        )

    def _new_http(self, settings: Settings) -> None:
        self._http = AsyncHTTP(
            settings,
            self._http_client,
            self._tokens,
            limiter=self._limiter,
            clock=self._clock,
            stats=self.stats,
            rng=self._rng,
        )

    @property
    def mcp(self) -> AsyncMarketoMCP:
        """Marketo's MCP server, awaitable; see :attr:`Marketo.mcp`."""
        return AsyncMarketoMCP(self._mcp_link.core(self), stats=self.stats, settings=self.settings)

    @classmethod
    def _sandbox_transport(cls, sandbox: Sandbox) -> httpx.AsyncBaseTransport:
        return sandbox.async_transport()

    @classmethod
    def _mounted_client(
        cls, public_url: str, transport: httpx.AsyncBaseTransport
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(mounts={public_url: transport}, timeout=30.0)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, FileTuple] | None = None,
        encoding: Encoding | None = None,
        idempotent: bool | None = None,
    ) -> APIResponse:
        """Any REST call by path, with the same auth, limits, retries and error mapping."""
        spec = _raw_spec(
            method,
            path,
            query=query,
            body=body,
            json=json,
            files=files,
            encoding=encoding,
            idempotent=idempotent,
        )
        return await self._http.request(spec)

    async def download(self, url: str) -> bytes:
        """The async twin of :meth:`Marketo.download`."""
        return await adownload(self._http_client, url, self.settings.timeout)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http_client.aclose()
        for stop in self._on_close:
            stop()
        if self._owns_sandbox and self._sandbox is not None:
            self._sandbox.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
