"""Lazy iterators over Marketo's two paging styles.

* Asset API: ``offset`` + ``maxReturn`` (at most 200). The listing ends on an empty page (which
  Marketo answers with ``success: true``, no ``result`` and "No assets found for the given
  search criteria.") or on a page shorter than ``maxReturn``.
* Lead database: ``nextPageToken`` + ``batchSize`` (at most 300). The listing goes on while
  ``moreResult`` is true (activities may return empty pages in between) or, for calls without
  ``moreResult``, while a new token comes back. A token that does not change ends it, so a
  misbehaving server can never make an endless loop.

Pages are fetched only as the caller iterates; ``limit`` stops early without extra calls.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Generic, Literal, TypeVar

from ._response import APIResponse
from .errors import InvalidArgumentError

T = TypeVar("T")
PagingStyle = Literal["offset", "token"]

MAX_ASSET_PAGE: Final = 200
MAX_LEAD_PAGE: Final = 300


@dataclass
class PageCursor:
    """Where the next page starts, and whether there is one; shared by sync and async."""

    style: PagingStyle
    page_size: int
    offset: int = 0
    token: str | None = None
    done: bool = False
    pages: int = 0
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        cap = MAX_ASSET_PAGE if self.style == "offset" else MAX_LEAD_PAGE
        if not 1 <= self.page_size <= cap:
            raise InvalidArgumentError(
                f"page size must be between 1 and {cap} (got {self.page_size})"
            )

    def params(self) -> dict[str, Any]:
        if self.style == "offset":
            return {"offset": self.offset, "maxReturn": self.page_size}
        params: dict[str, Any] = {"batchSize": self.page_size}
        if self.token:
            params["nextPageToken"] = self.token
        return params

    def advance(self, page: APIResponse) -> None:
        self.pages += 1
        self.warnings.extend(w for w in page.warnings if w not in self.warnings)
        count = len(page.result)
        if self.style == "offset":
            self.offset += count
            self.done = count < self.page_size
            return
        new_token = page.next_page_token
        if not new_token or new_token == self.token:
            self.done = True
        elif page.raw.get("moreResult") is not None:
            self.done = not page.more_result
        else:
            self.done = count == 0
        self.token = new_token


class SyncPaginator(Generic[T]):
    """Iterate items across pages; ``pages()`` gives the raw envelopes."""

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], APIResponse],
        parse: Callable[[Any], T],
        *,
        style: PagingStyle,
        page_size: int,
        limit: int | None = None,
        start_token: str | None = None,
    ) -> None:
        self._fetch = fetch
        self._parse = parse
        self._style: PagingStyle = style
        self._page_size = page_size
        self._limit = limit
        self._start_token = start_token
        self.warnings: list[str] = []

    def pages(self) -> Iterator[APIResponse]:
        cursor = PageCursor(self._style, self._page_size, token=self._start_token)
        self.warnings = cursor.warnings
        while not cursor.done:
            page = self._fetch(cursor.params())
            cursor.advance(page)
            yield page

    def __iter__(self) -> Iterator[T]:
        seen = 0
        for page in self.pages():
            for item in page.result:
                if self._limit is not None and seen >= self._limit:
                    return
                seen += 1
                yield self._parse(item)
            if self._limit is not None and seen >= self._limit:
                return

    def to_list(self) -> list[T]:
        return list(self)

    def first(self) -> T | None:
        return next(iter(self), None)


class AsyncPaginator(Generic[T]):
    """``async for`` over items across pages; ``pages()`` gives the raw envelopes."""

    def __init__(
        self,
        fetch: Callable[[dict[str, Any]], Awaitable[APIResponse]],
        parse: Callable[[Any], T],
        *,
        style: PagingStyle,
        page_size: int,
        limit: int | None = None,
        start_token: str | None = None,
    ) -> None:
        self._fetch = fetch
        self._parse = parse
        self._style: PagingStyle = style
        self._page_size = page_size
        self._limit = limit
        self._start_token = start_token
        self.warnings: list[str] = []

    async def pages(self) -> AsyncIterator[APIResponse]:
        cursor = PageCursor(self._style, self._page_size, token=self._start_token)
        self.warnings = cursor.warnings
        while not cursor.done:
            page = await self._fetch(cursor.params())
            cursor.advance(page)
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        seen = 0
        async for page in self.pages():
            for item in page.result:
                if self._limit is not None and seen >= self._limit:
                    return
                seen += 1
                yield self._parse(item)
            if self._limit is not None and seen >= self._limit:
                return

    async def to_list(self) -> list[T]:
        return [item async for item in self]

    async def first(self) -> T | None:
        async for item in self:
            return item
        return None
