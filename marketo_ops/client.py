"""``Marketo`` and ``AsyncMarketo``: the clients, with the API areas as attributes.

A client owns an httpx client, a token cache and its call statistics, and shares the instance's
limiter with every other client of the same base URL. ``with_options`` gives a copy with other
timeouts or retries that shares all of those, so a script can be patient in one place without
opening a second connection pool or fetching a second token.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._auth import AsyncTokenProvider, SyncTokenProvider, TokenCache
from ._clock import SYSTEM_CLOCK, Clock
from ._encoding import FileTuple
from ._http import AsyncHTTP, CallStats, Encoding, RequestSpec, SyncHTTP
from ._limits import Limiter, shared_limiter
from ._response import APIResponse
from .config import Settings, resolve_settings
from .resources._tree import AsyncResourceTree, SyncResourceTree

if TYPE_CHECKING:
    from .importer import Importer
    from .sandbox import Sandbox, SandboxConfig


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
        overrides = {k: v for k, v in options.items() if v is not None}
        return settings.model_copy(update=overrides) if overrides else settings
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
        idempotent=method.upper() == "GET" if idempotent is None else idempotent,
    )


class _ClientBase:
    settings: Settings
    stats: CallStats
    _limiter: Limiter
    _tokens_cache: TokenCache
    _clock: Clock

    def _setup(self, settings: Settings, clock: Clock | None, limiter: Limiter | None) -> None:
        self.settings = settings
        self._clock = clock or SYSTEM_CLOCK
        self._limiter = limiter or shared_limiter(
            settings.base_url,
            calls=settings.rate_limit_calls,
            window=settings.rate_limit_window,
            concurrency=settings.max_concurrency,
            clock=self._clock,
        )
        self._sandbox: Sandbox | None = None
        self._owns_sandbox = False
        self._owns_http = False

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

    def _new_http(self, settings: Settings) -> None:
        raise NotImplementedError

    def _clone(self, settings: Settings, stats: CallStats) -> Self:
        clone = copy.copy(self)
        clone.__dict__.pop("importer", None)
        clone.settings = settings
        clone.stats = stats
        clone._owns_http = False
        clone._owns_sandbox = False
        clone._new_http(settings)
        clone._init_resources()  # type: ignore[attr-defined]
        return clone

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Self:
        """A copy with other timeout/retries, sharing connections, token, limiter and stats."""
        overrides = {
            k: v
            for k, v in {"timeout": timeout, "max_retries": max_retries}.items()
            if v is not None
        }
        return self._clone(self.settings.model_copy(update=overrides), self.stats)

    def counting(self) -> Self:
        """A copy sharing connections, token and limiter that counts its own calls in ``stats``.

        One import among several running on the same client reports only its own calls.
        """
        return self._clone(self.settings, CallStats())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.settings.base_url!r})"


class Marketo(_ClientBase, SyncResourceTree):
    """Synchronous client. Thread-safe: share one across threads."""

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
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        resolved = _settings_from(
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
        self._setup(resolved, clock, None)
        self._owns_http = http_client is None
        self._http_client = http_client or httpx.Client(
            transport=transport, timeout=resolved.timeout, follow_redirects=False
        )
        self._tokens_cache = TokenCache()
        self.stats = CallStats()
        self._tokens = SyncTokenProvider(
            resolved, self._http_client, self._tokens_cache, self._clock
        )
        self._rng = rng
        self._new_http(resolved)
        self._init_resources()

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
    def sandbox(
        cls,
        sandbox: Sandbox | None = None,
        *,
        db: str | Path = ":memory:",
        config: SandboxConfig | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> Marketo:
        """A client of an in-process sandbox (no port, no network); a new one unless given."""
        from .sandbox import Sandbox

        owned = sandbox is None
        sb = sandbox if sandbox is not None else Sandbox(db=db, config=config, clock=clock)
        client = cls(
            base_url=sb.base_url,
            client_id=sb.client_id,
            client_secret=sb.client_secret,
            transport=sb.sync_transport(),
            clock=sb.clock,
            **options,
        )
        client._sandbox = sb
        client._owns_sandbox = owned
        return client

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

    def close(self) -> None:
        if self._owns_http:
            self._http_client.close()
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


class AsyncMarketo(_ClientBase, AsyncResourceTree):
    """Asynchronous client with the same resources and method names as :class:`Marketo`."""

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
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        resolved = _settings_from(
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
        self._setup(resolved, clock, None)
        self._owns_http = http_client is None
        self._http_client = http_client or httpx.AsyncClient(
            transport=transport, timeout=resolved.timeout, follow_redirects=False
        )
        self._tokens_cache = TokenCache()
        self.stats = CallStats()
        self._tokens = AsyncTokenProvider(
            resolved, self._http_client, self._tokens_cache, self._clock
        )
        self._rng = rng
        self._new_http(resolved)
        self._init_resources()

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

    @classmethod
    def sandbox(
        cls,
        sandbox: Sandbox | None = None,
        *,
        db: str | Path = ":memory:",
        config: SandboxConfig | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> AsyncMarketo:
        """An async client of an in-process sandbox; a new sandbox unless one is given."""
        from .sandbox import Sandbox

        owned = sandbox is None
        sb = sandbox if sandbox is not None else Sandbox(db=db, config=config, clock=clock)
        client = cls(
            base_url=sb.base_url,
            client_id=sb.client_id,
            client_secret=sb.client_secret,
            transport=sb.async_transport(),
            clock=sb.clock,
            **options,
        )
        client._sandbox = sb
        client._owns_sandbox = owned
        return client

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

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http_client.aclose()
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
