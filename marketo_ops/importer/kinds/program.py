"""The program: found by name (unique in the subscription), created, cloned, updated or refused.

A program the importer creates carries the import mark in its description, like every Design
Studio asset: a same-named program without it is someone else's, and the plan stops with the
choices (another name, or ``--rule program=adopt``) instead of overwriting it.

Cloning from a seed (``--seed``) copies the seed's smart lists and flows, which the REST API
cannot write: the local kinds plan against the seed's contents, and after the clone this kind
reads the clone's folders and assets once and re-binds the plan's ids to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from ...errors import NotFoundError
from ...templates import Cost, Tag
from ..model import DESIGN_KINDS, Action, AssetKind, Change, Op
from ..provenance import is_ours, mark, unmarked
from ..reader import PROGRAM_TREE_DEPTH, Phase, Reader, Task, folder_state
from ..snapshot import PROGRAM, PROGRAM_TREE, ProgramState, ProgramTree, Section
from . import writing
from .base import ApplyContext, ImportStepError, Kind, Needs, PlanContext, RollbackContext
from .compare import text_of

if TYPE_CHECKING:
    from ...types.asset import Folder, Program
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.PROGRAM
KEY: Final = "program"
SETTINGS_KEY: Final = "program:settings"

_UNCLONABLE: Final = frozenset(
    {
        "report",
        "socialapp",
        "social",
        "pushnotification",
        "push",
        "inapp",
        "in-appmessage",
        "inappmessage",
        "in_app",
    }
)

#: Program types as the tag and channel catalogs name them.
PROGRAM_TYPE_CODES: Final = {
    "default": "program",
    "email": "email_batch",
    "engagement": "nurture",
    "event": "event",
    "event with webinar": "webinar",
}


def applies_to(applicable: str | None, program_type: str) -> bool:
    """Whether a tag type or channel applies to a program type (no list: it applies to all)."""
    codes = {c.strip().lower() for c in (applicable or "").strip().strip("[]").split(",")}
    codes.discard("")
    wanted = program_type.strip().lower()
    return not codes or wanted in codes or PROGRAM_TYPE_CODES.get(wanted, wanted) in codes


def state_of(program: Program) -> ProgramState:
    return ProgramState(
        id=int(program.id or 0),
        name=str(program.name or ""),
        type=str(program.type or ""),
        channel=str(program.channel or ""),
        description=str(program.description or ""),
        tags=sorted((t.tag_type or "", t.tag_value or "") for t in program.tags or []),
        costs=sorted(
            (str(c.start_date.date() if c.start_date else ""), c.cost or 0, c.note or "")
            for c in program.costs or []
        ),
        folder_id=program.folder.id if program.folder else None,
        folder_type=program.folder.type if program.folder else None,
        workspace=program.workspace,
        status=program.status,
    )


# -- read ----------------------------------------------------------------------------------------


def read(reader: Reader, phase: Phase) -> list[Task]:
    if reader.exporting:
        return export_reads(reader, phase)
    if phase is Phase.LOCATE:
        return _locate(reader)
    if phase is Phase.CONTENTS:
        return _contents(reader)
    return []


def _locate(reader: Reader) -> list[Task]:
    programs = reader.snapshot.section(PROGRAM)
    api = reader.assets.programs
    if reader.refresh is not None:
        known = reader.snapshot.program("program")
        written = reader.written_id(KIND, KEY) or (known.id if known is not None else None)
        if not reader.wants(KIND) or not written:
            return []
        return [lambda: programs.__setitem__("program", state_of(api.get(written)))]

    def by_name(role: str, name: str) -> Task:
        def run() -> None:
            found = api.get_by_name(name=name, include_tags=True, include_costs=True)
            programs[role] = state_of(found) if found is not None else None

        return run

    tasks = [by_name("program", reader.template.program.name)]
    if reader.request.seed:
        tasks.append(by_name("seed", reader.request.seed))
    return tasks


def _contents(reader: Reader) -> list[Task]:
    snapshot = reader.snapshot
    refreshing = reader.refresh is not None
    if refreshing and not (reader.wants(KIND) or reader.wants(AssetKind.FOLDER)):
        return []
    tasks: list[Task] = []
    program = reader.contents_program()
    if program is not None:
        role = snapshot.contents_role
        tasks.append(lambda: _read_tree(reader, program.id, role, role == "seed"))
    return tasks


def tree_of(records: Iterable[Folder], program_id: int) -> ProgramTree:
    """A program's tree from a folder browse rooted at it (its own record gives its path)."""
    tree = ProgramTree()
    states = [s for r in records if (s := folder_state(r)) is not None]
    own = next((s for s in states if s.type == "Program" and s.id == program_id), None)
    tree.program = own
    prefix = (own.path.rstrip("/") + "/") if own is not None else ""
    for state in states:
        if state is own or state.type == "Program" or not prefix:
            continue
        if state.path.startswith(prefix):
            tree.folders[state.path[len(prefix) :]] = state
    return tree


def browse(reader_assets: Any, program_id: int) -> list[Folder]:
    root = {"id": program_id, "type": "Program"}
    return list(reader_assets.folders.list(root=root, max_depth=PROGRAM_TREE_DEPTH))


def _read_tree(reader: Reader, program_id: int, role: str, walk_other: bool) -> None:
    """The program's folders in one browse with depth."""
    tree = tree_of(browse(reader.assets, program_id), program_id)
    reader.snapshot.section(PROGRAM_TREE)[role] = tree
    if walk_other:  # a seed: what Marketo cannot clone is found by listing every folder
        containers = [(program_id, "Program", "")] + [
            (f.id, "Folder", path) for path, f in tree.folders.items()
        ]
        reader.parallel(_other_assets(reader, tree, *c) for c in containers)


def _other_assets(reader: Reader, tree: ProgramTree, folder_id: int, kind: str, path: str) -> Task:
    known = {
        "folder",
        "email",
        "smartcampaign",
        "smart campaign",
        "campaign",
        "landingpage",
        "landing page",
        "smartlist",
        "smart list",
        "staticlist",
        "static list",
    }

    def run() -> None:
        for item in reader.assets.folders.contents(folder_id, type=kind):
            if item.id is not None and (item.type or "").lower() not in known:
                tree.other.append((item.type or "", item.id, path))

    return run


# -- plan ----------------------------------------------------------------------------------------


def plan(ctx: PlanContext) -> None:
    spec = ctx.template.program
    existing = ctx.snapshot.program("program")
    payload = _payload(ctx)
    if existing is None:
        if ctx.request.seed:
            _plan_clone(ctx, payload)
            return
        ctx.add(
            Action(
                KEY,
                KIND,
                Op.CREATE,
                spec.name,
                f"new {spec.type} program, channel {spec.channel}",
                entry=spec.name,
                location=ctx.request.into,
                depends_on=_design_keys(ctx),
                payload=payload,
            )
        )
        return
    if ctx.request.seed:
        ctx.notes.append(
            f"Program '{spec.name}' already exists, so the seed '{ctx.request.seed}' is not cloned."
        )
    if not _in_place(ctx, existing) or not _same_type(ctx, existing):
        return
    ours = is_ours(existing.description, ctx.template_id)
    if not ours and ctx.request.rules.program != "adopt":
        ctx.problem(
            "program-not-ours",
            f"A program named '{spec.name}' already exists in '{ctx.request.into}' (id "
            f"{existing.id}), and this template did not import it (its description has no "
            "import mark).",
            "Choose one: import under another name (--name NAME); take it over and make it "
            "match the template (--rule program=adopt); or rename or delete it in Marketo.",
        )
        return
    _check_channel(ctx, existing)
    changes = _field_changes(ctx, existing)
    if not ours:
        changes.append(Change("import mark", "(none)", "added to the description"))
    payload["before"] = {
        "description": existing.description,
        "tags": [{"tagType": t, "tagValue": v} for t, v in existing.tags],
        "costs": [{"startDate": d, "cost": c, "note": n} for d, c, n in existing.costs],
    }
    op = Op.UPDATE if changes else Op.REUSE
    reason = (
        (
            "adopted: made to carry this template's mark"
            if not ours
            else "program settings differ from the template"
        )
        if changes
        else "exists in the destination folder, settings match"
    )
    ctx.add(
        Action(
            KEY,
            KIND,
            op,
            spec.name,
            reason,
            entry=spec.name,
            location=ctx.request.into,
            existing_id=existing.id,
            changes=changes,
            payload=payload,
        )
    )


def _payload(ctx: PlanContext) -> dict[str, Any]:
    spec = ctx.template.program
    tags = (
        [{"tagType": t.tag_type, "tagValue": t.value} for t in spec.tags]
        if ctx.request.rules.tags == "create" and spec.tags
        else None
    )
    costs = [
        {"startDate": str(c.start_date), "cost": c.cost, **({"note": c.note} if c.note else {})}
        for c in spec.costs
    ] or None
    return {
        "name": spec.name,
        "type": spec.type,
        "channel": spec.channel,
        "description": mark(spec.description, ctx.template_id),
        "tags": tags,
        "costs": costs,
        "folder_path": ctx.request.marketing_path(),
    }


def _in_place(ctx: PlanContext, existing: ProgramState) -> bool:
    """The program must be where the import puts it: program names are subscription-wide."""
    own = ctx.snapshot.tree("program").program
    where = own.path.rsplit("/", 1)[0] if own is not None else None
    wanted = ctx.request.marketing_path()
    if where is not None and where.strip("/").lower() == wanted.strip("/").lower():
        return True
    ctx.problem(
        "program-elsewhere",
        f"A program named '{existing.name}' already exists outside '{ctx.request.into}' (id "
        f"{existing.id}, in {where or 'folder id ' + str(existing.folder_id)}, workspace "
        f"{existing.workspace or 'unknown'}); program names are unique across the whole "
        "subscription.",
        "Import under another name (--name), or into that program's folder (--into).",
    )
    return False


def _same_type(ctx: PlanContext, existing: ProgramState) -> bool:
    spec = ctx.template.program
    if existing.type.lower() == spec.type.lower():
        return True
    ctx.problem(
        "program-kind",
        f"Program '{spec.name}' exists as a {existing.type} program; the template describes a "
        f"{spec.type} program, and Marketo cannot change a program's type.",
        "Import under another name (--name).",
    )
    return False


def _check_channel(ctx: PlanContext, existing: ProgramState) -> None:
    spec = ctx.template.program
    if existing.channel != spec.channel:
        ctx.problem(
            "program-channel",
            f"Program '{existing.name}' uses channel '{existing.channel}'; the template says "
            f"'{spec.channel}', and the REST API cannot change a program's channel.",
            "Change the channel in Marketo, or import under another name (--name).",
        )


def _field_changes(ctx: PlanContext, existing: ProgramState) -> list[Change]:
    spec = ctx.template.program
    changes: list[Change] = []
    if unmarked(existing.description) != text_of(spec.description):
        changes.append(Change("description", unmarked(existing.description), spec.description))
    if ctx.request.rules.tags == "create":
        want = sorted((t.tag_type, t.value) for t in spec.tags)
        if existing.tags != want:
            changes.append(Change("tags", _tags_text(existing.tags), _tags_text(want)))
    want_costs = sorted((str(c.start_date), c.cost, c.note or "") for c in spec.costs)
    if [tuple(c) for c in existing.costs] != want_costs:
        changes.append(Change("costs", existing.costs, want_costs))
    return changes


def _tags_text(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{t}={v}" for t, v in pairs) or "(none)"


def _plan_clone(ctx: PlanContext, payload: dict[str, Any]) -> None:
    spec = ctx.template.program
    seed_name = str(ctx.request.seed)
    seed = ctx.snapshot.program("seed")
    if seed is None:
        ctx.problem(
            "seed",
            f"The seed program '{seed_name}' does not exist in the destination.",
            "Import the program once through Marketo's UI (or, in the sandbox, seed it), then "
            "name it as the seed.",
        )
        return
    blockers = [
        f"{kind} #{asset_id}"
        for kind, asset_id, _path in ctx.snapshot.tree("seed").other
        if kind.lower().replace(" ", "") in _UNCLONABLE
    ]
    if blockers:
        ctx.problem(
            "seed-unclonable",
            f"Marketo cannot clone the seed program '{seed_name}': it holds "
            f"{', '.join(blockers)} (programs with reports, social assets, push or in-app "
            "messages cannot be cloned).",
            "Remove those assets from the seed, or import without a seed.",
        )
        return
    if seed.type.lower() != spec.type.lower():
        ctx.problem(
            "seed-type",
            f"The seed '{seed_name}' is a {seed.type} program; the template describes a "
            f"{spec.type} program.",
        )
        return
    payload["seed_id"] = seed.id
    ctx.add(
        Action(
            KEY,
            KIND,
            Op.CLONE,
            spec.name,
            f"cloned from the seed program '{seed_name}', which carries the smart lists and "
            "flows the REST API cannot write",
            entry=spec.name,
            location=ctx.request.into,
            existing_id=seed.id,
            depends_on=_design_keys(ctx),
            payload=payload,
        )
    )
    ctx.notes.append(
        "The program's contents below are compared with the seed's: after the clone, apply "
        "makes the clone's tokens, emails and campaigns match the template."
    )
    changes = [c for c in _field_changes(ctx, seed) if c.field != "description"]
    if changes:
        ctx.add(
            Action(
                SETTINGS_KEY,
                KIND,
                Op.UPDATE,
                spec.name,
                "the clone's settings differ from the template",
                entry=spec.name,
                changes=changes,
                depends_on=[KEY],
                payload={**payload, "before": {}},
            )
        )


def _design_keys(ctx: PlanContext) -> list[str]:
    return [k for k, a in ctx.actions.items() if a.kind in DESIGN_KINDS]


# -- prepare: where it goes, and what the instance must offer --------------------------------------


def needs(_ctx: PlanContext, action: Action) -> Needs:
    result = Needs()
    if action.op.adds:
        target = str(action.payload["folder_path"])
        result.folders = {target, *_ancestors_below_workspace(target)}
        result.channels = action.op is Op.CREATE
    if action.payload.get("tags") and (action.op.adds or "tags" in action.changed_fields):
        result.tag_types = {t["tagType"] for t in action.payload["tags"]}
    return result


def _ancestors_below_workspace(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:end]) for end in range(3, len(parts))]


def prepare(ctx: PlanContext, action: Action) -> None:
    if action.op.adds:
        _prepare_target(ctx, action)
        if action.op is Op.CREATE:
            _prepare_channel(ctx)
    if action.payload.get("tags") and (action.op.adds or "tags" in action.changed_fields):
        _prepare_tags(ctx)


def _prepare_target(ctx: PlanContext, action: Action) -> None:
    path = str(action.payload["folder_path"])
    target = ctx.snapshot.folder(path)
    if target is None:
        ctx.problem(
            "target-folder",
            f"The destination folder '{ctx.request.into}' does not exist in workspace "
            f"'{ctx.request.workspace}'.",
            "Create it in Marketing Activities, or choose another with --into.",
        )
        return
    inside = [
        f for p in _ancestors_below_workspace(path) if (f := ctx.snapshot.folder(p)) is not None
    ]
    if (
        target.type == "Program"
        or target.parent_type == "Program"
        or any(f.type == "Program" for f in inside)
    ):
        ctx.problem(
            "into-program",
            f"'{ctx.request.into}' is a program or a folder inside one; Marketo keeps programs "
            "in Marketing Activities folders, never inside another program.",
            "Choose a Marketing Activities folder with --into.",
        )
        return
    action.payload["folder"] = target.ref


def _prepare_channel(ctx: PlanContext) -> None:
    program = ctx.template.program
    channels = ctx.snapshot.catalog.channels or {}
    channel = channels.get(program.channel)
    if channel is None:
        known = ", ".join(sorted(channels)) or "none"
        ctx.problem(
            "channel",
            f"Channel '{program.channel}' does not exist in the destination.",
            f"Create it in Admin > Tags > Channels (known channels: {known}).",
        )
        return
    if not applies_to(channel.get("applicable"), program.type):
        ctx.problem(
            "channel-type",
            f"Channel '{program.channel}' applies to {channel.get('applicable')} programs, not "
            f"to {program.type} programs.",
            "Choose a channel for this program type in the template.",
        )
    statuses = set(channel.get("statuses") or [])
    for status in program.statuses:
        if statuses and status not in statuses:
            ctx.problem(
                "channel-status",
                f"Channel '{program.channel}' has no membership status '{status}' (it has: "
                f"{', '.join(sorted(statuses))}).",
                "Add the status to the channel in Admin > Tags, or fix the template.",
            )


def _prepare_tags(ctx: PlanContext) -> None:
    program = ctx.template.program
    known = ctx.snapshot.catalog.tag_types or {}
    for tag in program.tags:
        tag_type = known.get(tag.tag_type)
        if tag_type is None:
            ctx.problem(
                "tag-type",
                f"Tag type '{tag.tag_type}' does not exist in the destination, and the REST API "
                "cannot create tag types.",
                f"Create tag type '{tag.tag_type}' with the value '{tag.value}' in Admin > Tags, "
                "or import without tags: --rule tags=ignore.",
            )
            continue
        allowed = list(tag_type.get("values") or [])
        if allowed and tag.value not in allowed:
            ctx.problem(
                "tag-value",
                f"Tag type '{tag.tag_type}' has no value '{tag.value}' in the destination (it "
                f"has: {', '.join(allowed)}), and the REST API cannot add one.",
                f"Add the value '{tag.value}' to tag type '{tag.tag_type}' in Admin > Tags, or "
                "import without tags: --rule tags=ignore.",
            )
    given = {tag.tag_type for tag in program.tags}
    for name, tag_type in known.items():
        if not tag_type.get("required") or not applies_to(tag_type.get("applicable"), program.type):
            continue
        if name not in given:
            ctx.problem(
                "tag-required",
                f"The destination requires tag '{name}' on {program.type} programs, and the "
                "template does not set it.",
                f"Add a '{name}' tag to the template's program (with a value allowed in Admin > "
                "Tags).",
            )


# -- apply ---------------------------------------------------------------------------------------


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.programs
    payload = action.payload
    if action.op is Op.CREATE:
        entry = writing.start(ctx, action)
        made = api.create(
            name=str(payload["name"]),
            folder=payload["folder"],
            type=str(payload["type"]),
            channel=str(payload["channel"]),
            description=str(payload["description"]),
            tags=payload.get("tags"),
            costs=payload.get("costs"),
        )
        writing.done(ctx, entry, writing.id_of(made, action.name), created=True, key=KEY)
        return
    if action.op is Op.CLONE:
        entry = writing.start(ctx, action)
        made = api.clone(
            int(payload["seed_id"]),
            name=str(payload["name"]),
            folder=payload["folder"],
            description=str(payload["description"]),
        )
        clone_id = writing.id_of(made, action.name)
        writing.done(ctx, entry, clone_id, created=True, key=KEY)
        _rebind_clone(ctx, clone_id)
        return
    program_id = ctx.id(KEY) if action.key == SETTINGS_KEY else writing.target_id(ctx, action)
    entry = writing.start(ctx, action, id=program_id, before=dict(payload.get("before") or {}))
    fields = action.changed_fields
    api.update(
        program_id,
        description=(
            str(payload["description"]) if fields & {"description", "import mark"} else None
        ),
        tags=payload.get("tags") if "tags" in fields else None,
        costs=(payload.get("costs") or []) if "costs" in fields else None,
        costs_destructive_update=True if "costs" in fields else None,
    )
    writing.done(ctx, entry, program_id, created=False, key=KEY)


def _rebind_clone(ctx: ApplyContext, clone_id: int) -> None:
    """The clone's folders and local assets, by the plan's keys (planned against the seed)."""
    assets = ctx.client.assets
    where = {"id": clone_id, "type": "Program"}
    for path, folder in tree_of(browse(assets, clone_id), clone_id).folders.items():
        ctx.set(f"folder:{path}", folder.id)
    listings: list[tuple[str, Callable[[], Iterable[Any]]]] = [
        ("email", lambda: assets.emails.list(folder=where)),
        ("smart_campaign", lambda: assets.smart_campaigns.list(folder=where)),
        ("landing_page", lambda: assets.landing_pages.list(folder=where)),
    ]
    for prefix, listing in listings:
        for item in listing():
            if item.id is not None and item.name:
                ctx.set(f"{prefix}:{item.name}", int(item.id))


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.programs
    if writing.made_by(entry):
        program_id = entry.id
        if program_id is None:
            found = api.get_by_name(name=entry.name)
            program_id = int(found.id) if found is not None and found.id is not None else None
        if program_id is not None:
            try:
                api.delete(program_id)
            except NotFoundError:
                return
            ctx.deleted.append(writing.label(entry))
        return
    if entry.id is None or not entry.before:
        return
    before = entry.before
    api.update(
        entry.id,
        description=str(before.get("description") or ""),
        tags=before.get("tags") or None,
        costs=before.get("costs") or None,
        costs_destructive_update=True,
    )
    ctx.restored.append(writing.label(entry))


PROGRAM_KIND = Kind(
    kind=KIND, read=read, plan=plan, needs=needs, prepare=prepare, apply=apply, rollback=rollback
)

__all__ = ["KEY", "PROGRAM_KIND", "ImportStepError", "applies_to", "state_of"]


# -- export ----------------------------------------------------------------------------------------

#: What an export reads of the program besides what a plan does: its channel's statuses.
CHANNEL_STATUSES: Section[dict[str, list[str]]] = Section("export_channel_statuses", dict)

#: Folder-content types the template format holds (the rest cannot be exported).
_EXPORTABLE: Final = frozenset({"folder", "email", "smartcampaign", "landingpage"})


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """The program by name, then its folder tree (one browse), what each of its folders holds
    (one list call per folder: assets the format cannot carry must not go unnoticed) and its
    channel's statuses."""
    if phase is Phase.LOCATE:
        return _locate(reader)
    program = reader.snapshot.program("program")
    if phase is not Phase.CONTENTS or program is None:
        return []

    def tree() -> None:
        _read_tree(reader, program.id, "program", walk_other=False)
        found = reader.snapshot.tree("program")
        containers = [(program.id, "Program", "")] + [
            (f.id, "Folder", path) for path, f in found.folders.items()
        ]
        reader.parallel(_unexportable(reader, found, *c) for c in containers)

    def statuses() -> None:
        channel = reader.assets.channels.get_by_name(name=program.channel)
        names = (
            [str(s.name) for s in (channel.progression_statuses or []) if s.name] if channel else []
        )
        reader.snapshot.section(CHANNEL_STATUSES)[program.channel] = names

    return [tree, statuses] if program.channel else [tree]


def _unexportable(reader: Reader, tree: ProgramTree, folder_id: int, kind: str, path: str) -> Task:
    def run() -> None:
        for item in reader.assets.folders.contents(folder_id, type=kind):
            label = (item.type or "").lower().replace(" ", "").replace("-", "")
            if item.id is not None and label not in _EXPORTABLE:
                tree.other.append((item.type or "asset", item.id, path))

    return run


def export(ctx: ExportContext) -> None:
    program = ctx.program
    label = f"program '{program.name}'"
    fields: dict[str, Any] = {
        "name": program.name,
        "type": program.type or "Default",
        "channel": program.channel,
        "description": unmarked(program.description) or None,
        "statuses": tuple(ctx.snapshot.section(CHANNEL_STATUSES).get(program.channel, [])),
        "tags": tuple(Tag(tag_type=t, value=v) for t, v in program.tags if t and v),
        "costs": tuple(
            Cost(start_date=dt.date.fromisoformat(day), cost=cost, note=note or None)
            for day, cost, note in program.costs
            if day
        ),
    }
    ctx.program_fields.update(fields)
    for kind, asset_id, path in sorted(ctx.snapshot.tree("program").other):
        where = f" in folder '{path}'" if path else ""
        ctx.problem(
            label,
            f"it holds {kind} #{asset_id}{where}, which the template format cannot carry "
            "(local smart lists, static lists, reports and the like)",
        )


PROGRAM_KIND = replace(PROGRAM_KIND, export=export)
