"""The request loop: encode, throttle, authenticate, send, unwrap, map errors, retry.

:class:`SyncHTTP` and :class:`AsyncHTTP` run the same steps; everything that does not wait on
I/O (building the request, reading the envelope, deciding about retries) is shared, so the two
loops differ only by ``await``. A call goes through, in order:

1. tenacity's retry loop (predicates and waits from ``_retry``);
2. for a create whose previous attempt failed ambiguously, the *recover* check that looks for
   the asset the failed attempt may have made;
3. the instance's shared limiter (window + in-flight cap);
4. the bearer token (fetched or cached), refreshed once and the call replayed on 601/602;
5. the envelope, turned into an :class:`APIResponse` or a typed exception.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar

import httpx
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ._auth import AsyncTokenProvider, SyncTokenProvider
from ._clock import Clock
from ._encoding import FileTuple, encode_fields, json_text, multipart_parts
from ._limits import Limiter
from ._logging import logger, redact
from ._network import transport_error
from ._response import APIResponse, parse_download, parse_envelope, parse_plain_json
from ._retry import RetryContext, WaitPolicy, should_retry
from ._version import __version__
from .config import Settings
from .errors import AuthenticationError, DownloadError

T = TypeVar("T")
Encoding = Literal["none", "form", "multipart", "json"]
ResponseKind = Literal["envelope", "json", "bytes"]
USER_AGENT: Final = f"marketo-ops/{__version__}"
_REFRESH_CODES: Final = frozenset({601, 602})


@dataclass(frozen=True)
class RequestSpec:
    """One API call, fully described before anything is sent."""

    operation: str
    method: str
    path: str
    query: Mapping[str, Any] | None = None
    body: Mapping[str, Any] | None = None
    json_body: Any = None
    files: Mapping[str, FileTuple] | None = None
    encoding: Encoding = "none"
    idempotent: bool = True
    empty_on_no_data: bool = True
    headers: Mapping[str, str] | None = None
    response: ResponseKind = "envelope"


SyncRecover = Callable[[], APIResponse | None]
AsyncRecover = Callable[[], Awaitable[APIResponse | None]]


@dataclass
class CallStats:
    """What a client did: API calls sent (token requests excluded), retries, errors."""

    calls: int = 0
    retries: int = 0
    by_operation: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def record(self, operation: str) -> None:
        self.calls += 1
        self.by_operation[operation] += 1


def build_request(
    http: httpx.Client | httpx.AsyncClient, settings: Settings, spec: RequestSpec, token: str
) -> httpx.Request:
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        **(spec.headers or {}),
    }
    url = settings.base_url + spec.path
    timeout = settings.timeout
    params = httpx.QueryParams(tuple(encode_fields(spec.query)))
    if spec.encoding == "form":
        return http.build_request(
            spec.method,
            url,
            params=params,
            data=dict(encode_fields(spec.body)),
            headers=headers,
            timeout=timeout,
        )
    if spec.encoding == "multipart":
        data, files = multipart_parts(spec.body, spec.files)
        return http.build_request(
            spec.method,
            url,
            params=params,
            data=data,
            files=files,
            headers=headers,
            timeout=timeout,
        )
    if spec.encoding == "json" and spec.json_body is not None:
        headers["Content-Type"] = "application/json"
        return http.build_request(
            spec.method,
            url,
            params=params,
            content=json_text(spec.json_body),
            headers=headers,
            timeout=timeout,
        )
    return http.build_request(spec.method, url, params=params, headers=headers, timeout=timeout)


def read_response(response: httpx.Response, spec: RequestSpec) -> APIResponse:
    if spec.response == "json":
        return parse_plain_json(response, spec.operation)
    if spec.response == "bytes":
        return parse_download(response, spec.operation)
    return parse_envelope(response, spec.operation, empty_on_no_data=spec.empty_on_no_data)


def check_stream(response: httpx.Response, spec: RequestSpec) -> None:
    """Raise what a streamed download failed with, reading the body only then (it is small).

    A file endpoint answers an error as a JSON envelope (``success: false``, often with HTTP
    200) or as an HTTP error status; anything else is the file itself and is left unread.
    """
    if needs_check(response):
        response.read()
        parse_download(response, spec.operation)


def needs_check(response: httpx.Response) -> bool:
    """A download answered with JSON or an error status is an error to read, not a file."""
    return "json" in response.headers.get("content-type", "") or response.status_code >= 400


_DOWNLOAD_HEADERS: Final = {"User-Agent": USER_AGENT}


def _download_failed(url: str, exc: Exception) -> DownloadError:
    detail = redact(str(exc)) or type(exc).__name__
    return DownloadError(f"cannot download {redact(url)}: {detail}", url=url)


def _check_download_url(url: str) -> None:
    """Only http(s) URLs: a file URL comes from an API answer, never from the local disk."""
    try:
        scheme = httpx.URL(url).scheme
    except httpx.InvalidURL as exc:
        raise _download_failed(url, exc) from None
    if scheme not in ("http", "https"):
        raise DownloadError(f"cannot download {redact(url)}: not an http(s) URL", url=url)


def _downloaded(url: str, response: httpx.Response) -> bytes:
    if response.status_code != 200:
        status = response.status_code
        message = f"cannot download {redact(url)}: HTTP {status}"
        raise DownloadError(message, url=url, status=status)
    return response.content


def download(http: httpx.Client, url: str, timeout: float) -> bytes:
    """GET a public file URL with the client's connections: no token, no limiter, no stats.

    Marketo serves Design Studio images and files at public URLs outside the REST API, so
    fetching one neither needs a token nor spends the instance's quota. Redirects (to a CDN)
    are followed.
    """
    _check_download_url(url)
    try:
        response = http.get(url, timeout=timeout, follow_redirects=True, headers=_DOWNLOAD_HEADERS)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _download_failed(url, exc) from None
    return _downloaded(url, response)


async def adownload(http: httpx.AsyncClient, url: str, timeout: float) -> bytes:
    """The async twin of :func:`download`."""
    _check_download_url(url)
    try:
        response = await http.get(
            url, timeout=timeout, follow_redirects=True, headers=_DOWNLOAD_HEADERS
        )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _download_failed(url, exc) from None
    return _downloaded(url, response)


def _log_call(spec: RequestSpec, response: httpx.Response, started: float) -> None:
    logger.debug(
        "%s %s (%s) -> HTTP %s in %.0f ms",
        spec.method,
        spec.path,
        spec.operation,
        response.status_code,
        (time.perf_counter() - started) * 1000,
    )


class _Core:
    def __init__(
        self,
        settings: Settings,
        *,
        limiter: Limiter,
        clock: Clock,
        stats: CallStats,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = limiter
        self.clock = clock
        self.stats = stats
        self._wait = WaitPolicy(rng)

    def _context(self, spec: RequestSpec, can_recover: bool) -> RetryContext:
        return RetryContext(spec.operation, idempotent=spec.idempotent, can_recover=can_recover)

    def _retry_kwargs(self, ctx: RetryContext) -> dict[str, Any]:
        def before_sleep(state: RetryCallState) -> None:
            self.stats.retries += 1
            outcome = state.outcome
            exc = outcome.exception() if outcome is not None else None
            logger.info(
                "%s failed (%s); retry %d in %.1f s",
                ctx.operation,
                exc,
                state.attempt_number,
                state.upcoming_sleep,
            )

        def record_and_decide(exc: BaseException) -> bool:
            self.stats.errors[type(exc).__name__] += 1
            return should_retry(exc, ctx)

        return {
            "retry": retry_if_exception(record_and_decide),
            "wait": self._wait,
            "stop": stop_after_attempt(self.settings.max_retries + 1),
            "reraise": True,
            "before_sleep": before_sleep,
        }


class SyncHTTP(_Core):
    def __init__(
        self, settings: Settings, http: httpx.Client, tokens: SyncTokenProvider, **kw: Any
    ):
        super().__init__(settings, **kw)
        self.http = http
        self.tokens = tokens

    def request(self, spec: RequestSpec, *, recover: SyncRecover | None = None) -> APIResponse:
        ctx = self._context(spec, recover is not None)
        retrying = Retrying(sleep=self.clock.sleep, **self._retry_kwargs(ctx))
        return retrying(self._attempt, spec, ctx, recover)

    def _attempt(
        self, spec: RequestSpec, ctx: RetryContext, recover: SyncRecover | None
    ) -> APIResponse:
        if ctx.previous_ambiguous and recover is not None:
            found = recover()
            if found is not None:
                logger.info(
                    "%s: the earlier attempt had succeeded; not repeating it", spec.operation
                )
                return found
        return self._authenticated(spec, self._send)

    def _authenticated(self, spec: RequestSpec, send: Callable[[RequestSpec, str], T]) -> T:
        """Send with the cached token; on 601/602 refresh it once and send again."""
        token = self.tokens.token()
        try:
            return send(spec, token)
        except AuthenticationError as exc:
            if exc.code not in _REFRESH_CODES:
                raise
            logger.info("%s: access token refused (%s); refreshing once", spec.operation, exc.code)
            return send(spec, self.tokens.refresh(token))

    def _send(self, spec: RequestSpec, token: str) -> APIResponse:
        request = build_request(self.http, self.settings, spec, token)
        with self.limiter.slot():
            started = time.perf_counter()
            self.stats.record(spec.operation)
            try:
                response = self.http.send(request)
            except httpx.TransportError as exc:
                raise transport_error(exc, spec.operation, self.settings.base_url) from None
        _log_call(spec, response, started)
        return read_response(response, spec)

    @contextmanager
    def stream(self, spec: RequestSpec) -> Iterator[httpx.Response]:
        """A download read as it arrives (bulk export files), in constant memory.

        Token, limiter (the in-flight slot is held until the block ends), error mapping and the
        retries of opening the download are those of :meth:`request`; the body is the caller's,
        and so is resuming a broken transfer (with a ``Range`` header).
        """
        ctx = self._context(spec, False)
        retrying = Retrying(sleep=self.clock.sleep, **self._retry_kwargs(ctx))
        response, ticket = retrying(self._authenticated, spec, self._open_with)
        try:
            yield response
        finally:
            response.close()
            self.limiter.release(ticket)

    def _open_with(self, spec: RequestSpec, token: str) -> tuple[httpx.Response, int]:
        request = build_request(self.http, self.settings, spec, token)
        ticket = self.limiter.acquire()
        self.stats.record(spec.operation)
        try:
            response = self.http.send(request, stream=True)
        except httpx.TransportError as exc:
            self.limiter.release(ticket)
            raise transport_error(exc, spec.operation, self.settings.base_url) from None
        try:
            check_stream(response, spec)
        except BaseException:
            response.close()
            self.limiter.release(ticket)
            raise
        return response, ticket


class AsyncHTTP(_Core):
    def __init__(
        self, settings: Settings, http: httpx.AsyncClient, tokens: AsyncTokenProvider, **kw: Any
    ):
        super().__init__(settings, **kw)
        self.http = http
        self.tokens = tokens

    async def request(
        self, spec: RequestSpec, *, recover: AsyncRecover | None = None
    ) -> APIResponse:
        ctx = self._context(spec, recover is not None)
        retrying = AsyncRetrying(sleep=self.clock.asleep, **self._retry_kwargs(ctx))
        return await retrying(self._attempt, spec, ctx, recover)

    async def _attempt(
        self, spec: RequestSpec, ctx: RetryContext, recover: AsyncRecover | None
    ) -> APIResponse:
        if ctx.previous_ambiguous and recover is not None:
            found = await recover()
            if found is not None:
                logger.info(
                    "%s: the earlier attempt had succeeded; not repeating it", spec.operation
                )
                return found
        return await self._authenticated(spec, self._send)

    async def _authenticated(
        self, spec: RequestSpec, send: Callable[[RequestSpec, str], Awaitable[T]]
    ) -> T:
        """Send with the cached token; on 601/602 refresh it once and send again."""
        token = await self.tokens.token()
        try:
            return await send(spec, token)
        except AuthenticationError as exc:
            if exc.code not in _REFRESH_CODES:
                raise
            logger.info("%s: access token refused (%s); refreshing once", spec.operation, exc.code)
            return await send(spec, await self.tokens.refresh(token))

    async def _send(self, spec: RequestSpec, token: str) -> APIResponse:
        request = build_request(self.http, self.settings, spec, token)
        async with self.limiter.aslot():
            started = time.perf_counter()
            self.stats.record(spec.operation)
            try:
                response = await self.http.send(request)
            except httpx.TransportError as exc:
                raise transport_error(exc, spec.operation, self.settings.base_url) from None
        _log_call(spec, response, started)
        return read_response(response, spec)

    @asynccontextmanager
    async def stream(self, spec: RequestSpec) -> AsyncIterator[httpx.Response]:
        """The async twin of :meth:`SyncHTTP.stream`."""
        ctx = self._context(spec, False)
        retrying = AsyncRetrying(sleep=self.clock.asleep, **self._retry_kwargs(ctx))
        opened: tuple[httpx.Response, int] = await retrying(
            self._authenticated, spec, self._open_with
        )
        response, ticket = opened
        try:
            yield response
        finally:
            await response.aclose()
            self.limiter.release(ticket)

    async def _open_with(self, spec: RequestSpec, token: str) -> tuple[httpx.Response, int]:
        request = build_request(self.http, self.settings, spec, token)
        ticket = await self.limiter.aacquire()
        self.stats.record(spec.operation)
        try:
            response = await self.http.send(request, stream=True)
        except httpx.TransportError as exc:
            self.limiter.release(ticket)
            raise transport_error(exc, spec.operation, self.settings.base_url) from None
        try:
            if needs_check(response):
                await response.aread()
                parse_download(response, spec.operation)
        except BaseException:
            await response.aclose()
            self.limiter.release(ticket)
            raise
        return response, ticket
