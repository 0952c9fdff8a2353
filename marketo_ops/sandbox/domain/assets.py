"""Lookups shared by every asset family: by id, by name, browse filters, date windows."""

from __future__ import annotations

from .. import errors
from ..store.db import Row, Store
from ..timefmt import parse_datetime
from . import tree, versions


def require(store: Store, kind: str, asset_id: int) -> Row:
    row = store.get(kind, asset_id)
    if row is None:
        raise errors.not_found(tree.KIND_LABELS.get(kind, kind), asset_id)
    return row


def parse_window(earliest: str | None, latest: str | None) -> tuple[float | None, float | None]:
    low = high = None
    if earliest:
        low = parse_datetime(earliest)
        if low is None:
            raise errors.invalid_date(earliest)
    if latest:
        high = parse_datetime(latest)
        if high is None:
            raise errors.invalid_date(latest)
    return low, high


def in_window(row: Row, window: tuple[float | None, float | None]) -> bool:
    low, high = window
    if low is not None and row.updated_at < low:
        return False
    return not (high is not None and row.updated_at > high)


def in_container(store: Store, row: Row, container: Row | None) -> bool:
    """Directly inside ``container`` or anywhere below it."""
    if container is None:
        return True
    if row.parent_type == container.ref_type and row.parent_id == container.id:
        return True
    return any(
        item.kind == container.kind and item.id == container.id
        for item in tree.ancestors(store, row)
    )


def with_status(rows: list[Row], status: str | None) -> list[Row]:
    """Rows that have the version asked for (all rows when no status is given)."""
    if not status:
        return rows
    return [row for row in rows if versions.pick(row, status) is not None]


def visible(rows: list[Row]) -> list[Row]:
    """Hide rows owned by another asset (a campaign's smart list, an email program's audience)."""
    return [row for row in rows if not row.data.get("owner")]
