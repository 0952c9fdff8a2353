"""What the program's local assets (emails, landing pages, campaigns) share.

They are listed with one call per kind filtered by the program (the program is a folder-like
parent of its assets), found by name (names are unique in a program), and must sit in the
folder the template names: the REST API cannot move them, so a misplaced one is a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from ...templates import ProgramTemplate
from ..model import Action, AssetKind, Op
from ..preflight import missing_fields
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from .base import Needs, PlanContext

StateT = TypeVar("StateT")


def listing(
    reader: Reader, label: str, fetch: Callable[[dict[str, Any]], Iterable[Any]]
) -> list[Any]:
    """Every asset of one kind in the contents program (one list call, memoised)."""
    program = reader.contents_program()
    if program is None:
        return []
    where = {"id": program.id, "type": "Program"}
    return reader.once((label, program.id), lambda: list(fetch(where)))


def read_local(
    reader: Reader,
    phase: Phase,
    *,
    kind: AssetKind,
    entries: Iterable[Any],
    section: Section[dict[str, StateT]],
    list_all: Callable[[Reader], None],
    details: Callable[[Reader, StateT], list[Task]],
) -> list[Task]:
    """The reads of a local kind: one list call (CONTENTS), then each template asset's details."""
    names = {entry.name for entry in entries}
    if not reader.wants(kind) or (not names and reader.refresh is None):
        return []
    if phase is Phase.CONTENTS:
        return [partial(list_all, reader)]
    if phase is Phase.DETAIL:
        found = reader.snapshot.section(section)
        return [
            task
            for name, state in found.items()
            if name in names
            for task in details(reader, state)
        ]
    return []


def list_into(
    reader: Reader,
    label: str,
    section: Section[dict[str, StateT]],
    fetch: Callable[[dict[str, Any]], Iterable[Any]],
    state_of: Callable[[Any], StateT],
) -> None:
    """Every asset of a kind in the program, by name, as the kind's state records."""
    found = reader.snapshot.section(section)
    found.clear()
    for item in listing(reader, label, fetch):
        if item.id is not None and item.name:
            found[str(item.name)] = state_of(item)


def folder_path(ctx: PlanContext, folder_id: int | None, folder_type: str | None) -> str:
    return ctx.snapshot.tree(ctx.snapshot.contents_role).path_of(folder_id, folder_type)


def check_folder(
    ctx: PlanContext, label: str, name: str, actual: str, expected: str | None
) -> None:
    """Local assets cannot be moved through the API: a misplaced one is a problem to fix."""
    if actual != (expected or ""):
        ctx.problem(
            "moved",
            f"The {label} '{name}' is in '{actual or '(program root)'}' in the destination; the "
            f"template puts it in '{expected or '(program root)'}', and the REST API cannot move "
            "it.",
            "Move it in Marketo's UI (drag it to its folder), then plan again.",
        )


def local_depends(folder: str | None, *more: str) -> list[str]:
    """Local assets wait for the program (created or cloned) and their folder."""
    keys = {"program", f"folder:{folder}" if folder else "program", *more}
    return sorted(keys)


def field_needs(action: Action, fields: list[str]) -> Needs:
    return Needs(lead_fields=bool(fields) and action.writes)


def check_fields(ctx: PlanContext, fields: dict[str, str] | list[str], where: str) -> None:
    """Every field named must exist, unless the template declares it as a prerequisite (whose
    absence the prerequisite kind reports, once)."""
    declared = declared_fields(ctx.template)
    named = fields if isinstance(fields, dict) else dict.fromkeys(fields, "")
    for name in missing_fields(named, ctx.snapshot.catalog.lead_fields, declared):
        rule = named[name]
        place = f"{where}, rule '{rule}'" if rule else where
        ctx.problem(
            "lead-field",
            f"Lead field '{name}' ({place}) does not exist in the destination.",
            "Create the field in Admin > Field Management (or declare it in the template's "
            "prerequisites), or change the template.",
        )


def declared_fields(template: ProgramTemplate) -> set[str]:
    """Lower-cased API and display names of the fields the template declares as prerequisites."""
    names: set[str] = set()
    for field in template.prerequisites.fields:
        names.add(field.name.lower())
        names.add(" ".join(field.display_name.split()).lower())
    return names


def created_on_template(
    ctx: PlanContext,
    kind: AssetKind,
    entry: Any,
    *,
    on: str,
    sections: Iterable[str],
    depends: list[str],
    payload: dict[str, Any],
) -> None:
    """An email or landing page to create on its template (``on``: which template, for people),
    then fill section by section and approve."""
    steps = [f"set section '{section}'" for section in sections]
    steps += ["approve"] if entry.approve else []
    ctx.add(
        Action(
            f"{kind.value}:{entry.name}",
            kind,
            Op.CREATE,
            entry.name,
            f"new, on {on}",
            entry=entry.name,
            location=ctx.request.local_location(entry.folder),
            depends_on=depends,
            steps=steps,
            payload=payload,
        )
    )
