"""What every resource method stands on: one request, one paged listing, one recover check.

Resource classes (generated from the specs, see ``tools/codegen``) describe each operation as a
:class:`~marketo_ops._http.RequestSpec` and hand it to these helpers; the sync and async bases
differ only by ``await``. A create passes a *lookup* spec: if an attempt fails ambiguously (a
timeout after sending, a 5xx, 604/611/713), the lookup runs before any retry, and an asset found
by it is returned instead of creating a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from .._http import RequestSpec
from .._response import APIResponse
from ..pagination import AsyncPaginator, PagingStyle, SyncPaginator

if TYPE_CHECKING:
    from ..client import AsyncMarketo, Marketo

T = TypeVar("T")


def with_params(spec: RequestSpec, params: dict[str, Any]) -> RequestSpec:
    """The same call with paging parameters added to its query string."""
    return replace(spec, query={**(spec.query or {}), **params})


class SyncResource:
    def __init__(self, client: Marketo) -> None:
        self._client = client

    def _request(self, spec: RequestSpec, *, lookup: RequestSpec | None = None) -> APIResponse:
        http = self._client._http
        if lookup is None:
            return http.request(spec)

        def recover() -> APIResponse | None:
            found = http.request(lookup)
            return found if found.result else None

        return http.request(spec, recover=recover)

    def _paginate(
        self,
        spec: RequestSpec,
        parse: Callable[[Any], T],
        *,
        style: PagingStyle,
        page_size: int,
        limit: int | None = None,
        start_token: str | None = None,
    ) -> SyncPaginator[T]:
        http = self._client._http
        return SyncPaginator(
            lambda params: http.request(with_params(spec, params)),
            parse,
            style=style,
            page_size=page_size,
            limit=limit,
            start_token=start_token,
        )


class AsyncResource:
    def __init__(self, client: AsyncMarketo) -> None:
        self._client = client

    async def _request(
        self, spec: RequestSpec, *, lookup: RequestSpec | None = None
    ) -> APIResponse:
        http = self._client._http
        if lookup is None:
            return await http.request(spec)

        async def recover() -> APIResponse | None:
            found = await http.request(lookup)
            return found if found.result else None

        return await http.request(spec, recover=recover)

    def _paginate(
        self,
        spec: RequestSpec,
        parse: Callable[[Any], T],
        *,
        style: PagingStyle,
        page_size: int,
        limit: int | None = None,
        start_token: str | None = None,
    ) -> AsyncPaginator[T]:
        http = self._client._http
        return AsyncPaginator(
            lambda params: http.request(with_params(spec, params)),
            parse,
            style=style,
            page_size=page_size,
            limit=limit,
            start_token=start_token,
        )
