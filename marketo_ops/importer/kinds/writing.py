"""Writing safely: journal first, create-or-adopt, approvals that survive a lost answer.

Every step records itself in the journal *before* it writes (so an interruption is visible) and
records the id it made and the previous state it changed *after* (so rollback can undo it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ...errors import BusinessRuleError, NameConflictError, NotFoundError
from ...templates import replace_image_refs
from ..model import Action
from ..provenance import is_ours
from .base import ApplyContext, ImportStepError

if TYPE_CHECKING:
    from ..journal import Entry

T = TypeVar("T")


class Approvable(Protocol):
    def approve(self, id: int) -> Any: ...
    def get(self, id: int, *, status: str | None = None) -> Any: ...


def start(ctx: ApplyContext, action: Action, **extra: Any) -> Entry:
    """Journal the step before it writes."""
    return ctx.journal.start(action.key, action.kind.value, action.op.value, action.name, **extra)


def done(
    ctx: ApplyContext, entry: Entry, asset_id: int | None, *, created: bool, key: str | None = None
) -> None:
    ctx.journal.update(entry, status="done", id=asset_id, created=created)
    if asset_id is not None and key is not None:
        ctx.set(key, asset_id)


def target_id(ctx: ApplyContext, action: Action) -> int:
    """The id of the asset an update acts on: re-bound after a clone, else the plan's."""
    with ctx.lock:
        known = ctx.ids.get(action.key)
    found = known if known is not None else action.existing_id
    if found is None:
        raise ImportStepError(f"{action.kind.label} '{action.name}' has no id to update")
    return found


def id_of(made: Any, what: str) -> int:
    asset_id = getattr(made, "id", None)
    if asset_id is None:
        raise ImportStepError(f"Marketo answered the creation of {what} without an id")
    return int(asset_id)


def approve(api: Approvable, asset_id: int) -> None:
    """Approve, accepting that an earlier attempt whose answer was lost already did it.

    Marketo refuses a second approval with 709; the draft being gone then proves the first one
    worked.
    """
    try:
        api.approve(asset_id)
    except BusinessRuleError:
        try:
            api.get(asset_id, status="draft")
        except NotFoundError:
            return
        raise


def create_or_adopt(
    ctx: ApplyContext, create: Callable[[], T], lookup: Callable[[], T | None]
) -> tuple[T, bool]:
    """Create; after a 709 "name exists", adopt the asset if a concurrent run of this template
    made it (the names say it is the same asset, the import mark says whose)."""
    try:
        return create(), True
    except NameConflictError:
        found = lookup()
        if found is None or not is_ours(getattr(found, "description", None), ctx.template_id):
            raise
        return found, False


def html(ctx: ApplyContext, raw: str) -> str:
    """HTML with ``{{image:NAME}}`` replaced by the URLs known now (uploaded or reused files)."""
    return replace_image_refs(raw, ctx.image_urls())


# -- rollback ------------------------------------------------------------------------------------


def label(entry: Entry) -> str:
    return f"{entry.kind.replace('_', ' ')} '{entry.name}'"


def made_by(entry: Entry) -> bool:
    """Whether the journal entry made an asset (or was making one when apply stopped)."""
    return entry.created or (entry.status == "started" and entry.op in ("create", "copy", "clone"))


def started_id(ctx: Any, entry: Entry, lookup: Callable[[], Any | None]) -> int | None:
    """The id an entry made; for a create interrupted before its id was journaled, the asset of
    that name if it took effect and carries this template's mark."""
    if entry.id is not None:
        return entry.id
    found = lookup()
    if found is None or not is_ours(getattr(found, "description", None), ctx.template_id):
        return None
    return int(found.id) if found.id is not None else None


def delete(api: Any, asset_id: int) -> None:
    """Delete an asset, unapproving it first when Marketo refuses to delete an approved one."""
    try:
        api.delete(asset_id)
    except NotFoundError:
        return
    except BusinessRuleError:
        if not hasattr(api, "unapprove"):
            raise
        api.unapprove(asset_id)
        api.delete(asset_id)


def delete_made(ctx: Any, api: Any, entry: Entry) -> bool:
    """Rollback of an entry that made an asset: delete it. False: the entry changed one."""
    if not made_by(entry):
        return False
    if entry.id is not None:
        delete(api, entry.id)
        ctx.deleted.append(label(entry))
    return True
