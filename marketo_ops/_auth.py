"""Access tokens: fetched with client credentials, cached, refreshed once on 601/602.

Marketo's identity endpoint takes the client id and secret in the query string and answers
``{access_token, token_type: "bearer", expires_in: 3599, scope}``. Asking again before the token
expires returns the same token with its remaining lifetime, so the cache keeps using a token
until shortly before it expires, and waits out the last second or two instead of asking in a
loop. The token is only ever sent as ``Authorization: Bearer``; the identity URL (which carries
the secret) is never logged unredacted.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any, Final

import httpx

from ._clock import Clock
from ._logging import logger, redact
from ._network import transport_error
from .config import Settings
from .errors import (
    APIConnectionError,
    AuthenticationError,
    ConnectionFailedError,
    HostNotFoundError,
    HTTPStatusError,
)

TOKEN_PATH: Final = "/identity/oauth/token"
IDENTITY_OPERATION: Final = "identityUsingGET"
_MAX_SKEW: Final = 60.0
_WAIT_OUT_BELOW: Final = 2.0  # seconds of remaining life not worth using
_IDENTITY_ATTEMPTS: Final = 3
_FAILURE_MEMORY: Final = 2.0  # seconds a failed token fetch answers other callers


@dataclass(frozen=True)
class AccessToken:
    value: str = field(repr=False)
    expires_at: float  # on the clock's monotonic scale
    scope: str | None = None

    def usable(self, now: float) -> bool:
        return now < self.expires_at


class TokenCache:
    """The token of one set of credentials, shared by a client and its copies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: AccessToken | None = None

    def current(self, now: float) -> AccessToken | None:
        with self._lock:
            token = self._token
        return token if token is not None and token.usable(now) else None

    def store(self, token: AccessToken) -> None:
        with self._lock:
            self._token = token

    def invalidate(self, value: str) -> None:
        """Forget the token, unless another caller already replaced it with a fresh one."""
        with self._lock:
            if self._token is not None and self._token.value == value:
                self._token = None

    def __repr__(self) -> str:
        return f"TokenCache(cached={self._token is not None})"


def token_params(settings: Settings) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": settings.client_id,
        "client_secret": settings.client_secret.get_secret_value(),
    }


def parse_token(response: httpx.Response, now: float) -> tuple[AccessToken, float]:
    """The token and its remaining lifetime, or the error the identity endpoint gave."""
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("access_token") and response.status_code == 200:
        lifetime = float(data.get("expires_in") or 0)
        skew = min(_MAX_SKEW, lifetime / 10)
        token = AccessToken(str(data["access_token"]), now + lifetime - skew, data.get("scope"))
        return token, lifetime
    if isinstance(data, dict) and (data.get("error") or response.status_code in (400, 401, 403)):
        description = data.get("error_description") or data.get("error") or "refused"
        raise AuthenticationError(
            response.status_code,
            f"Marketo refused the client credentials: {description} "
            f"({data.get('error', 'unauthorized')}). Check the client id and secret of the "
            "LaunchPoint service (Admin > Integration > LaunchPoint)",
            operation=IDENTITY_OPERATION,
            http_status=response.status_code,
        )
    raise HTTPStatusError(
        response.status_code,
        "the identity endpoint did not return a token: " + redact(response.text[:200]),
        operation=IDENTITY_OPERATION,
    )


def _identity_retry_delay(exc: Exception, attempt: int) -> float | None:
    """Seconds before asking the identity endpoint again, or None to give up now.

    A host that does not resolve is given up at once and a refused connection after one more
    try a second later: a wrong base URL must fail in seconds, not after a minute of retries.
    Timeouts and 5xx answers get the full ``_IDENTITY_ATTEMPTS``.
    """
    if isinstance(exc, HostNotFoundError) or attempt >= _IDENTITY_ATTEMPTS:
        return None
    if isinstance(exc, ConnectionFailedError):
        return 1.0 if attempt == 1 else None
    if isinstance(exc, APIConnectionError) or (
        isinstance(exc, HTTPStatusError) and exc.status_code >= 500
    ):
        return 0.5 * 2.0**attempt
    return None


class SyncTokenProvider:
    def __init__(
        self, settings: Settings, http: httpx.Client, cache: TokenCache, clock: Clock
    ) -> None:
        self._settings = settings
        self._http = http
        self._cache = cache
        self._clock = clock
        self._ready = threading.Condition()
        self._fetching = False
        self._failure: tuple[Exception, float] | None = None  # the last failure, and when
        self.fetches = 0

    def token(self) -> str:
        cached = self._cache.current(self._clock.monotonic())
        if cached is not None:
            return cached.value
        with self._ready:
            while self._fetching:
                self._ready.wait()
            now = self._clock.monotonic()
            cached = self._cache.current(now)
            if cached is not None:
                return cached.value
            if self._failure is not None and now - self._failure[1] < _FAILURE_MEMORY:
                # Callers at the same moment share a failed fetch instead of repeating it (with
                # its retries): an unreachable host fails every caller at once.
                raise self._failure[0]
            self._fetching = True
        try:
            fetched = self._fetch()
        except Exception as exc:
            with self._ready:
                self._failure, self._fetching = (exc, self._clock.monotonic()), False
                self._ready.notify_all()
            raise
        with self._ready:
            self._cache.store(fetched)
            self._failure, self._fetching = None, False
            self._ready.notify_all()
        return fetched.value

    def refresh(self, stale: str) -> str:
        self._cache.invalidate(stale)
        return self.token()

    def _fetch(self) -> AccessToken:
        for attempt in range(1, _IDENTITY_ATTEMPTS + 1):
            try:
                token, lifetime = self._request_once()
            except (APIConnectionError, HTTPStatusError) as exc:
                delay = _identity_retry_delay(exc, attempt)
                if delay is None:
                    raise
                self._clock.sleep(delay)
                continue
            if lifetime > _WAIT_OUT_BELOW:
                return token
            self._clock.sleep(lifetime + 1)
        return self._request_once()[0]

    def _request_once(self) -> tuple[AccessToken, float]:
        url = self._settings.base_url + TOKEN_PATH
        try:
            response = self._http.get(url, params=token_params(self._settings))
        except httpx.TransportError as exc:
            raise transport_error(exc, IDENTITY_OPERATION, self._settings.base_url) from None
        self.fetches += 1
        logger.debug("identity: new access token requested -> HTTP %s", response.status_code)
        return parse_token(response, self._clock.monotonic())


class AsyncTokenProvider:
    def __init__(
        self, settings: Settings, http: httpx.AsyncClient, cache: TokenCache, clock: Clock
    ) -> None:
        self._settings = settings
        self._http = http
        self._cache = cache
        self._clock = clock
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self.fetches = 0

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            self._locks = {lp: lk for lp, lk in self._locks.items() if not lp.is_closed()}
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def token(self) -> str:
        cached = self._cache.current(self._clock.monotonic())
        if cached is not None:
            return cached.value
        async with self._lock():
            cached = self._cache.current(self._clock.monotonic())
            if cached is None:
                cached = await self._fetch()
                self._cache.store(cached)
            return cached.value

    async def refresh(self, stale: str) -> str:
        self._cache.invalidate(stale)
        return await self.token()

    async def _fetch(self) -> AccessToken:
        for attempt in range(1, _IDENTITY_ATTEMPTS + 1):
            try:
                token, lifetime = await self._request_once()
            except (APIConnectionError, HTTPStatusError) as exc:
                delay = _identity_retry_delay(exc, attempt)
                if delay is None:
                    raise
                await self._clock.asleep(delay)
                continue
            if lifetime > _WAIT_OUT_BELOW:
                return token
            await self._clock.asleep(lifetime + 1)
        return (await self._request_once())[0]

    async def _request_once(self) -> tuple[AccessToken, float]:
        url = self._settings.base_url + TOKEN_PATH
        try:
            response = await self._http.get(url, params=token_params(self._settings))
        except httpx.TransportError as exc:
            raise transport_error(exc, IDENTITY_OPERATION, self._settings.base_url) from None
        self.fetches += 1
        logger.debug("identity: new access token requested -> HTTP %s", response.status_code)
        return parse_token(response, self._clock.monotonic())
