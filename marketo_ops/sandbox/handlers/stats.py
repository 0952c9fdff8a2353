"""Usage statistics (``/rest/v1/stats``): calls and errors per day, from the call log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from ..context import Ctx
from ..domain import usage
from ..routing import Handler
from ..store.db import Store
from ._leaddb import mapi, respond

V1 = "/rest/v1/stats"


# (path, operationId, what is counted, days back)
_REPORTS = (
    ("usage.json", "getDailyUsageUsingGET", usage.usage, 1),
    ("usage/last7days.json", "getLast7DaysUsageUsingGET", usage.usage, 7),
    ("errors.json", "getDailyErrorsUsingGET", usage.error_counts, 1),
    ("errors/last7days.json", "getLast7DaysErrorsUsingGET", usage.error_counts, 7),
)


def _report(count: Callable[[Store, int], list[dict[str, Any]]], days: int) -> Handler:
    def handler(ctx: Ctx) -> Response:
        return respond(ctx, count(ctx.store, days))

    return handler


for _path, _operation_id, _count, _days in _REPORTS:
    mapi("GET", f"{V1}/{_path}", _operation_id)(_report(_count, _days))
