"""Both paging styles are lazy, end on Marketo's empty answers, and can never loop forever."""

from __future__ import annotations

from typing import Any

import pytest

from marketo_ops import AsyncPaginator, SyncPaginator
from marketo_ops._response import NO_ASSETS_WARNING, APIResponse

pytestmark = pytest.mark.anyio


def page(items: list[Any] | None, **raw: Any) -> APIResponse:
    if items is None:
        return APIResponse(operation="op", success=True, warnings=[NO_ASSETS_WARNING], raw=raw)
    return APIResponse(
        operation="op",
        success=True,
        result=items,
        has_result=True,
        next_page_token=raw.get("nextPageToken"),
        more_result=bool(raw.get("moreResult")),
        raw=raw,
    )


class Server:
    def __init__(self, pages: list[APIResponse]) -> None:
        self.pages = pages
        self.params: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, Any]) -> APIResponse:
        self.params.append(params)
        return self.pages[len(self.params) - 1]


def test_offset_paging_until_the_empty_page():
    server = Server([page([1, 2]), page([3, 4]), page(None)])
    items = SyncPaginator(server, int, style="offset", page_size=2)
    assert server.params == []  # lazy
    assert list(items) == [1, 2, 3, 4]
    assert server.params == [
        {"offset": 0, "maxReturn": 2},
        {"offset": 2, "maxReturn": 2},
        {"offset": 4, "maxReturn": 2},
    ]
    assert items.warnings == [NO_ASSETS_WARNING]


def test_offset_paging_stops_on_a_short_page():
    server = Server([page([1, 2]), page([3])])
    assert SyncPaginator(server, int, style="offset", page_size=2).to_list() == [1, 2, 3]
    assert len(server.params) == 2


def test_empty_listing_is_empty_not_an_error():
    server = Server([page(None)])
    assert SyncPaginator(server, int, style="offset", page_size=200).to_list() == []


def test_limit_stops_without_extra_calls():
    server = Server([page([1, 2]), page([3, 4])])
    assert SyncPaginator(server, int, style="offset", page_size=2, limit=2).to_list() == [1, 2]
    assert len(server.params) == 1


def test_token_paging_follows_more_result_through_empty_pages():
    server = Server(
        [
            page([1], nextPageToken="T1", moreResult=True),
            page([], nextPageToken="T2", moreResult=True),
            page([2], nextPageToken="T3", moreResult=False),
        ]
    )
    items = SyncPaginator(server, int, style="token", page_size=300, start_token="T0")
    assert list(items) == [1, 2]
    assert [p.get("nextPageToken") for p in server.params] == ["T0", "T1", "T2"]
    assert all(p["batchSize"] == 300 for p in server.params)


def test_token_paging_without_more_result_ends_on_an_empty_page():
    server = Server([page([1, 2], nextPageToken="A"), page([], nextPageToken="B")])
    assert SyncPaginator(server, int, style="token", page_size=2).to_list() == [1, 2]


def test_a_repeated_token_ends_the_listing():
    server = Server([page([1], nextPageToken="SAME", moreResult=True)] * 5)
    assert SyncPaginator(server, int, style="token", page_size=1, start_token="SAME").to_list() == [
        1
    ]
    assert len(server.params) == 1


@pytest.mark.parametrize(("style", "size"), [("offset", 201), ("token", 301), ("offset", 0)])
def test_page_size_limits(style, size):
    with pytest.raises(ValueError, match="page size must be between 1 and"):
        SyncPaginator(Server([]), int, style=style, page_size=size).to_list()


async def test_async_paging_both_styles():
    offset_server = Server([page([1, 2]), page(None)])

    async def fetch_offset(params: dict[str, Any]) -> APIResponse:
        return offset_server(params)

    token_server = Server(
        [page([1], nextPageToken="T1", moreResult=True), page([2], moreResult=False)]
    )

    async def fetch_token(params: dict[str, Any]) -> APIResponse:
        return token_server(params)

    assert await AsyncPaginator(fetch_offset, int, style="offset", page_size=2).to_list() == [1, 2]
    assert [x async for x in AsyncPaginator(fetch_token, int, style="token", page_size=5)] == [1, 2]
    offset_server.pages, offset_server.params = [page([7, 8])], []
    assert await AsyncPaginator(fetch_offset, int, style="offset", page_size=2).first() == 7
