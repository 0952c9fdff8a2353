"""API usage statistics from the sandbox's own call log.

Every API call a handler answers is counted per US-Central day (Marketo's quota day) and API
user, and every error per code, so ``stats/usage.json`` and ``stats/errors.json`` report what
really happened. Calls refused before reaching a handler (authentication, rate and concurrency
limits, injected faults) are not in the log: the middleware that refuses them belongs to the
app, not to the handlers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..store.db import Store
from ..timefmt import CENTRAL


def _day(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, CENTRAL).strftime("%Y-%m-%d")


def log(store: Store, user_id: str, code: str = "") -> None:
    """Count one call (``code`` "" for a success, else the Marketo error code)."""
    store.execute(
        "INSERT INTO call_log (day, user_id, code, count) VALUES (?, ?, ?, 1)"
        " ON CONFLICT (day, user_id, code) DO UPDATE SET count = count + 1",
        (_day(store.now()), user_id, code),
    )


def _days(store: Store, count: int) -> list[str]:
    today = datetime.fromtimestamp(store.now(), CENTRAL)
    return [(today - timedelta(days=offset)).strftime("%Y-%m-%d") for offset in range(count)]


def usage(store: Store, days: int) -> list[dict[str, Any]]:
    """``[{date, total, users: [{userId, count}]}]``, newest day first."""
    items = []
    for day in _days(store, days):
        rows = store.execute(
            "SELECT user_id, SUM(count) FROM call_log WHERE day = ? GROUP BY user_id"
            " ORDER BY user_id",
            (day,),
        )
        users = [{"userId": user, "count": int(total)} for user, total in rows]
        items.append({"date": day, "total": sum(u["count"] for u in users), "users": users})
    return items


def error_counts(store: Store, days: int) -> list[dict[str, Any]]:
    """``[{date, total, errors: [{errorCode, count}]}]``, newest day first."""
    items = []
    for day in _days(store, days):
        rows = store.execute(
            "SELECT code, SUM(count) FROM call_log WHERE day = ? AND code != '' GROUP BY code"
            " ORDER BY code",
            (day,),
        )
        found = [{"errorCode": code, "count": int(total)} for code, total in rows]
        items.append({"date": day, "total": sum(e["count"] for e in found), "errors": found})
    return items
