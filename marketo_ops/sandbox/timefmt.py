"""Dates the way Marketo writes and reads them.

Marketo's asset API writes timestamps as ``2015-06-23T06:27:04Z+0000`` (UTC, a literal ``Z`` and
then an offset): not RFC 3339, but what every real response carries and clients parse. It reads
ISO-8601 datetimes with or without offset (``2017-01-01T00:00:00-05:00``) and plain dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def marketo_timestamp(epoch: float) -> str:
    """``2015-06-23T06:27:04Z+0000`` for an epoch time."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ+0000")


def parse_datetime(text: str) -> float | None:
    """Epoch seconds for an ISO-8601 datetime or date; None when it is not one."""
    raw = text.strip()
    if not raw:
        return None
    # Marketo's own output form, e.g. 2015-06-23T06:27:04Z+0000
    if raw.endswith("Z+0000"):
        raw = raw[:-6] + "+00:00"
    elif raw.endswith("Z"):
        raw = raw[:-1] + "+00:00"
    # +0000 without a colon
    if len(raw) > 5 and raw[-5] in "+-" and raw[-4:].isdigit() and "T" in raw:
        raw = raw[:-2] + ":" + raw[-2:]
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            parsed_date = date.fromisoformat(raw)
        except ValueError:
            return None
        parsed = datetime(parsed_date.year, parsed_date.month, parsed_date.day, tzinfo=UTC)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _central() -> timezone | ZoneInfo:
    try:
        return ZoneInfo("America/Chicago")
    except ZoneInfoNotFoundError:  # pragma: no cover - systems without tz data
        return timezone(timedelta(hours=-6), "CST")


CENTRAL = _central()


def central_day(epoch: float) -> str:
    """The US Central calendar day of an instant: Marketo's daily quota resets at its midnight."""
    return datetime.fromtimestamp(epoch, CENTRAL).strftime("%Y-%m-%d")
