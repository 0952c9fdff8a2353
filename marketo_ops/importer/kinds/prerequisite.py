"""What the template declares the instance must already have: lead fields and segmentations.

Marketo's own program import stops at the first missing prerequisite and reports it by email
after the fact; the plan reports every one at once, before anything is written. Lead fields of a
type the Lead Database API can create (Create Lead Fields) are created when the import is
allowed to (``create_prerequisites``), first of all, and journaled; the others, and every
segmentation, are manual steps with exact instructions. The API cannot delete a lead field, so a
rollback lists the fields the import created for a person to delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...templates.spec import API_CREATABLE_FIELD_TYPES, FieldPrerequisite
from ..model import Action, AssetKind, Op
from ..preflight import field_exists
from ..reader import Phase, Reader, Task
from . import writing
from .base import ApplyContext, ImportStepError, Kind, PlanContext, RollbackContext

if TYPE_CHECKING:
    from ..journal import Entry

KIND = AssetKind.LEAD_FIELD


def read(reader: Reader, phase: Phase) -> list[Task]:
    """The catalog, when the template declares prerequisites (it then uses them)."""
    if phase is not Phase.LOCATE or (reader.refresh is not None and not reader.wants(KIND)):
        return []
    prerequisites = reader.template.prerequisites
    tasks: list[Task] = []
    if prerequisites.fields:
        tasks.append(reader.load_lead_fields)
    if prerequisites.segmentations:
        tasks.append(reader.load_segmentations)
    return tasks


def _label(field: FieldPrerequisite) -> str:
    return f"'{field.display_name}' ({field.name}, {field.type})"


def plan(ctx: PlanContext) -> None:
    prerequisites = ctx.template.prerequisites
    known = ctx.snapshot.catalog.lead_fields or set()
    for field in prerequisites.fields:
        key = f"lead_field:{field.name}"
        exists = field_exists(field.name, known) or field_exists(field.display_name, known)
        payload = {
            "name": field.name,
            "displayName": field.display_name,
            "dataType": field.type,
            "description": field.description,
        }
        if exists:
            ctx.add(
                Action(
                    key,
                    KIND,
                    Op.REUSE,
                    field.name,
                    "exists",
                    entry=field.name,
                    location="Admin > Field Management",
                    payload=payload,
                )
            )
            continue
        if field.type in API_CREATABLE_FIELD_TYPES and ctx.request.create_prerequisites:
            ctx.add(
                Action(
                    key,
                    KIND,
                    Op.CREATE,
                    field.name,
                    f"new {field.type} lead field '{field.display_name}', a prerequisite of the "
                    "template (the API cannot delete it again: rollback lists it to delete)",
                    entry=field.name,
                    location="Admin > Field Management",
                    payload=payload,
                )
            )
            continue
        if field.type in API_CREATABLE_FIELD_TYPES:
            hint = (
                "Let the import create it (--create-prerequisites), or create it in Admin > "
                "Field Management."
            )
        else:
            hint = (
                f"Create it in Admin > Field Management > New Custom Field (type {field.type}, "
                f"API name {field.name}): the API cannot create {field.type} fields."
            )
        ctx.problem(
            "prerequisite-field",
            f"Lead field {_label(field)}, a prerequisite of the template, does not exist in the "
            "destination.",
            hint,
        )
    segmentations = ctx.snapshot.catalog.segmentations or set()
    for name in prerequisites.segmentations:
        if name not in segmentations:
            ctx.problem(
                "prerequisite-segmentation",
                f"Segmentation '{name}', a prerequisite of the template, does not exist in the "
                "destination.",
                "Create and approve it in Database > Segmentations (the API cannot create "
                "segmentations).",
            )


def apply(action: Action, ctx: ApplyContext) -> None:
    payload = action.payload
    entry = writing.start(ctx, action)
    field = {k: v for k, v in payload.items() if v is not None}
    outcome = ctx.client.leads.create_fields(input=[field])
    status = outcome[0] if outcome else None
    if status is None or (status.status or "").lower() not in ("created", "updated"):
        data = status.model_dump() if status is not None else {}
        reasons = "; ".join(
            str(r.get("message")) for r in data.get("reasons") or [] if isinstance(r, dict)
        )
        raise ImportStepError(
            f"Marketo did not create the lead field {action.name}: {reasons or 'no answer'}"
        )
    ctx.journal.update(entry, status="done", created=True)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    if writing.made_by(entry):
        ctx.manual.append(
            f"Delete the lead field '{entry.name}' in Admin > Field Management if nothing uses "
            "it: Marketo's REST API cannot delete lead fields."
        )


LEAD_FIELD = Kind(kind=KIND, read=read, plan=plan, apply=apply, rollback=rollback)
