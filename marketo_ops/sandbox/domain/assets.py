"""What every asset family shares: lookups by id and name, browse filters, date windows, and
the plain writes (rename, draft edits, approval, delete) of kinds without rules of their own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

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


# --- writes every versioned or plain asset shares -----------------------------------------------
def rename(store: Store, row: Row, name: str | None) -> None:
    """Give ``row`` a new name, keeping its kind's uniqueness rule (709); blank keeps the old."""
    if name and name.strip() and name != row.name:
        parent = tree.container_of(store, row)
        tree.ensure_unique(store, row.kind, name, parent, exclude_id=row.id)
        row.name = name


def update_metadata(
    store: Store, row: Row, *, name: str | None, changes: Mapping[str, Any] | None = None
) -> Row:
    """Rename and set plain data fields (``description``...); a ``None`` value keeps the old."""
    with store.transaction():
        rename(store, row, name)
        for key, value in (changes or {}).items():
            if value is not None:
                row.data[key] = value
        return store.save(row)


def update_draft(store: Store, row: Row, changes: Mapping[str, Any]) -> Row:
    """Change the draft version (made from the approved one when there is none yet)."""
    with store.transaction():
        draft = versions.editable(row)
        draft.update(changes)
        versions.set_draft(row, draft)
        return store.save(row)


def _versions_change(change: Callable[[Row], None], doc: str) -> Callable[[Store, Row], Row]:
    def run(store: Store, row: Row) -> Row:
        with store.transaction():
            change(row)
            return store.save(row)

    run.__doc__ = doc
    return run


approve = _versions_change(
    versions.approve, "Promote the draft, for kinds without approval rules of their own."
)
unapprove = _versions_change(
    versions.unapprove, "Make the approved version the draft again, for kinds without rules."
)
discard_draft = _versions_change(versions.discard, "Drop the draft of an approved asset.")


def delete(store: Store, row: Row) -> None:
    """Delete an asset that nothing else depends on (kinds with rules have their own delete)."""
    store.delete(row.kind, row.id)
