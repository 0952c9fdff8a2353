"""What every resource method stands on: one request, one paged listing, one recover check.

Resource classes (generated from the specs, see ``tools/codegen``) describe each operation as a
:class:`~marketo_ops._http.RequestSpec` and hand it to these helpers; the sync and async bases
differ only by ``await``. A create passes a *lookup* spec: if an attempt fails ambiguously (a
timeout after sending, a 5xx, 604/611/713), the lookup runs before any retry, and an asset found
by it is returned instead of creating a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def _ref_id(value: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get("id", value.get("value"))
    return getattr(value, "id", None)


def placed_as_requested(spec: RequestSpec, item: Any) -> bool:
    """Whether an asset found by name after a failed create sits where the create put it.

    Lookups by name are global for most asset types (two programs may each hold an email
    called "Welcome"), so the recover check only adopts an asset in the requested folder.
    """
    if not isinstance(item, Mapping):
        return False
    for key in ("folder", "parent"):
        wanted = (spec.body or {}).get(key)
        if wanted is None:
            continue
        found = item.get(key) or item.get("folderId")
        if found is None or str(_ref_id(found)) != str(_ref_id(wanted)):
            return False
    return True


def recovered(spec: RequestSpec, found: APIResponse) -> APIResponse | None:
    """The lookup's answer if it holds the asset the create meant to make."""
    matches = [item for item in found.result if placed_as_requested(spec, item)]
    return replace(found, result=matches) if matches else None


class SyncResource:
    def __init__(self, client: Marketo) -> None:
        self._client = client

    def _request(self, spec: RequestSpec, *, lookup: RequestSpec | None = None) -> APIResponse:
        http = self._client._http
        if lookup is None:
            return http.request(spec)

        def recover() -> APIResponse | None:
            return recovered(spec, http.request(lookup))

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
            return recovered(spec, await http.request(lookup))

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
