"""Planning: read the destination once, compare it with the template, prepare the writes.

1. :func:`read_destination` fills a snapshot in three rounds of parallel reads, every kind
   naming what it needs (:mod:`marketo_ops.importer.reader`);
2. :func:`compare` lets every kind, in apply order, compare the template with the snapshot and
   record actions (with what they will write) and problems; it never calls the API;
3. :func:`prepare` reads, in one more round, only what the writes need (destination folders,
   channels, tag types, lead fields, segmentations) and lets each kind check its prerequisites
   and complete its payload (folder ids).

Every missing prerequisite becomes a problem, all of them at once, before anything is written.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .kinds import KINDS
from .kinds.base import Needs, PlanContext
from .reader import Phase, Reader, Task, Written
from .request import ImportRequest
from .snapshot import Snapshot

if TYPE_CHECKING:
    from ..client import Marketo


def read_destination(
    client: Marketo,
    request: ImportRequest,
    *,
    base: Snapshot | None = None,
    refresh: Written | None = None,
    drafts: bool = True,
) -> Reader:
    """Read what the template's kinds need (or, with ``refresh``, what apply wrote)."""
    snapshot = Snapshot()
    if base is not None:
        snapshot.copy_from(base)
    reader = Reader(client, request, snapshot, refresh=refresh, drafts=drafts)
    before = client.stats.calls
    for phase in Phase:
        reader.parallel(task for kind in KINDS.values() for task in kind.read(reader, phase))
    snapshot.calls += client.stats.calls - before
    return reader


def compare(request: ImportRequest, snapshot: Snapshot, *, verifying: bool = False) -> PlanContext:
    """Every kind's plan, in apply order (a pure function of the template and the snapshot)."""
    ctx = PlanContext(request, snapshot, verifying=verifying)
    for kind in KINDS.values():
        kind.plan(ctx)
    return ctx


def needs_of(ctx: PlanContext) -> Needs:
    needs = Needs()
    for action in ctx.actions.values():
        if action.writes:
            needs.merge(KINDS[action.kind].needs(ctx, action))
    return needs


def prepare(reader: Reader, ctx: PlanContext) -> None:
    """Read what the writes need, then let each kind check it and complete its payload."""
    before = reader.client.stats.calls
    load_needs(reader, needs_of(ctx))
    reader.snapshot.calls += reader.client.stats.calls - before
    for action in list(ctx.actions.values()):
        if action.writes:
            KINDS[action.kind].prepare(ctx, action)


def load_needs(reader: Reader, needs: Needs) -> None:
    catalog = reader.snapshot.catalog
    assets = reader.assets
    tasks: list[Task] = []
    if needs.folders:
        tasks.append(lambda: reader.resolve_folders(needs.folders))
    if needs.channels and catalog.channels is None:

        def channels() -> None:
            catalog.channels = {
                str(c.name): {
                    "applicable": c.applicable_program_type,
                    "statuses": sorted(str(s.name) for s in c.progression_statuses or [] if s.name),
                }
                for c in assets.channels.list()
                if c.name
            }

        tasks.append(channels)
    if needs.tag_types and catalog.tag_types is None:

        def tag_types() -> None:
            summaries = {str(t.tag_type): t for t in assets.tag_types.list() if t.tag_type}
            found: dict[str, dict[str, object]] = {}
            for name, summary in summaries.items():
                found[name] = {
                    "required": bool(summary.required),
                    "applicable": summary.applicable_program_types,
                    "values": [],
                }
            for name in sorted(needs.tag_types & set(summaries)):
                detail = assets.tag_types.get_by_name(name=name)
                if detail is not None:
                    found[name]["values"] = allowed_values(detail.allowable_values)
            catalog.tag_types = found

        tasks.append(tag_types)
    if needs.lead_fields and catalog.lead_fields is None:
        tasks.append(reader.load_lead_fields)
    if needs.segmentations and catalog.segmentations is None:
        tasks.append(reader.load_segmentations)
    tasks += [partial(read, reader) for read in needs.reads]
    reader.parallel(tasks)


def allowed_values(values: object) -> list[str]:
    """Tag values as Marketo lists them: a JSON array, or text like ``[AMER, EMEA]``."""
    if values is None:
        return []
    if isinstance(values, str):
        return [v.strip() for v in values.strip().strip("[]").split(",") if v.strip()]
    if isinstance(values, list | tuple):
        return [str(v) for v in values]
    return [str(values)]
