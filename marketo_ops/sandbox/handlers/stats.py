"""Usage statistics (``/rest/v1/stats``): calls and errors per day, from the call log."""

from __future__ import annotations

from starlette.responses import Response

from ..context import Ctx
from ..domain import usage
from ._leaddb import mapi, respond

V1 = "/rest/v1/stats"


@mapi("GET", f"{V1}/usage.json", "getDailyUsageUsingGET")
def daily_usage(ctx: Ctx) -> Response:
    return respond(ctx, usage.usage(ctx.store, 1))


@mapi("GET", f"{V1}/usage/last7days.json", "getLast7DaysUsageUsingGET")
def weekly_usage(ctx: Ctx) -> Response:
    return respond(ctx, usage.usage(ctx.store, 7))


@mapi("GET", f"{V1}/errors.json", "getDailyErrorsUsingGET")
def daily_errors(ctx: Ctx) -> Response:
    return respond(ctx, usage.error_counts(ctx.store, 1))


@mapi("GET", f"{V1}/errors/last7days.json", "getLast7DaysErrorsUsingGET")
def weekly_errors(ctx: Ctx) -> Response:
    return respond(ctx, usage.error_counts(ctx.store, 7))
