"""What the template declares the instance must already have: lead fields and segmentations.

Marketo's own program import stops at the first missing prerequisite and reports it by email
after the fact; the plan reports every one at once, before anything is written. Lead fields of a
type the Lead Database API can create (Create Lead Fields) are created when the import is
allowed to (``create_prerequisites``), first of all, and journaled; the others, and every
segmentation, are manual steps with exact instructions. The API cannot delete a lead field, so a
rollback lists the fields the import created for a person to delete.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ...templates.spec import (
    API_CREATABLE_FIELD_TYPES,
    LEAD_FIELD_TYPES,
    FieldPrerequisite,
    Prerequisites,
)
from ..model import Action, AssetKind, Op
from ..preflight import (
    field_exists,
    lead_fields_in_rules,
    lead_fields_in_texts,
    segmentations_in_rules,
)
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, ImportStepError, Kind, PlanContext, RollbackContext
from .email import EMAILS
from .landing_page import PAGES
from .smart_campaign import CAMPAIGNS, FLOWS, rule_of

if TYPE_CHECKING:
    from ..export_context import ExportContext
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


# -- export ----------------------------------------------------------------------------------------

#: Flow-step parameters and conditions whose value is a lead field ("Change Score: Score Name").
_NAMING = frozenset({"attribute", "score name"})

#: The instance's custom lead fields, read for an export (API name -> field).
CUSTOM_FIELDS: Section[dict[str, FieldPrerequisite]] = Section("export_custom_fields", dict)


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """The lead field catalog (one call per 300 fields): which fields the program names are
    custom ones, so prerequisites of the template."""
    if phase is not Phase.LOCATE:
        return []

    def run() -> None:
        found = reader.snapshot.section(CUSTOM_FIELDS)
        for item in reader.client.leads.fields():
            kind = str(item.data_type or "").lower()
            if not item.is_custom or not item.name or kind not in LEAD_FIELD_TYPES:
                continue
            found[str(item.name)] = FieldPrerequisite(
                name=str(item.name),
                display_name=str(item.display_name or item.name),
                type=kind,
                description=item.description or None,
            )

    return [run]


def export(ctx: ExportContext) -> None:
    """Custom lead fields the program's smart lists, flows and content name; segmentations its
    smart lists name."""
    snapshot = ctx.snapshot
    rules = [
        (
            [rule_of(t) for t in state.rules.get("triggers") or []],
            [rule_of(f) for f in state.rules.get("filters") or []],
        )
        for state in snapshot.section(CAMPAIGNS).values()
        if state.rules
    ]
    named: set[str] = set()
    for triggers, filters in rules:
        named |= {n.lower() for n in lead_fields_in_rules(triggers, filters)}
        for rule in (*triggers, *filters):
            for condition in rule.conditions:
                if condition.attribute.strip().lower() in _NAMING:
                    named |= {v.lower() for v in condition.values}
    texts: list[str] = []
    for steps in snapshot.section(FLOWS).values():
        for step in steps or []:
            for params in [step.get("params") or {}] + [
                c.get("params") or {} for c in step.get("choices") or []
            ]:
                named |= {str(v).lower() for k, v in params.items() if k.lower() in _NAMING}
                texts += [str(v) for v in params.values()]
    for email in snapshot.section(EMAILS).values():
        version = email.version
        texts += [version.subject, version.from_name, version.from_email, version.reply_to]
        texts += list((email.sections or {}).values())
    for page in snapshot.section(PAGES).values():
        texts += list((page.sections or {}).values())
    named |= {n.lower() for n in lead_fields_in_texts(texts)}
    fields = [
        field
        for field in snapshot.section(CUSTOM_FIELDS).values()
        if field.name.lower() in named or " ".join(field.display_name.split()).lower() in named
    ]
    segmentations = segmentations_in_rules(r for pair in rules for r in (*pair[0], *pair[1]))
    if fields or segmentations:
        ctx.prerequisites = Prerequisites(fields=tuple(fields), segmentations=tuple(segmentations))


def _read_or_export(reader: Reader, phase: Phase) -> list[Task]:
    return export_reads(reader, phase) if reader.exporting else read(reader, phase)


LEAD_FIELD = replace(LEAD_FIELD, read=_read_or_export, export=export)
