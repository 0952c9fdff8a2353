"""Smart campaigns of the program: created as shells, activated once they carry logic.

The REST API creates a campaign with an empty smart list and no flow, and cannot write either:
what a person must add is the manual-steps checklist (:mod:`marketo_ops.importer.checklist`).
A campaign that already has rules (cloned from a seed, or built by hand) is activated when the
template asks for it, and the plan lists every such activation. Verify reads each campaign's
smart list back (``includeRules=true``) and compares it with the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...errors import BusinessRuleError, MarketoError, NotFoundError
from ...templates import Condition, FlowChoice, FlowStep, Rule, SmartList, Unread
from ...templates import SmartCampaign as CampaignEntry
from ..checklist import NEW_CAMPAIGN, CampaignFacts, campaign_steps
from ..model import Action, AssetKind, Change, Op
from ..preflight import lead_fields_in_rules, segmentations_in_rules
from ..reader import Phase, Reader, Task
from ..rules_compare import is_empty, rules_of, smart_list_differences
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Check, Kind, Needs, PlanContext, RollbackContext
from .compare import text_of
from .folder import parent_ref
from .local import check_fields, check_folder, folder_path, listing, local_depends

if TYPE_CHECKING:
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.SMART_CAMPAIGN


@dataclass
class CampaignState:
    id: int
    name: str
    folder_id: int | None
    folder_type: str | None
    description: str
    active: bool
    status: str
    qualification: tuple[str, int | None, str]
    rules: dict[str, Any] | None = None  # None: not read (or could not be)

    def facts(self) -> CampaignFacts:
        return CampaignFacts(self.rules, self.active, self.qualification)


CAMPAIGNS: Section[dict[str, CampaignState]] = Section("smart_campaigns", dict)


def read(reader: Reader, phase: Phase) -> list[Task]:
    if not reader.wants(KIND) or (not reader.template.smart_campaigns and reader.refresh is None):
        return []
    if phase is Phase.CONTENTS:
        return [lambda: _list(reader)]
    if phase is Phase.DETAIL:
        campaigns = reader.snapshot.section(CAMPAIGNS)
        wanted = {c.name for c in reader.template.smart_campaigns}
        return [_smart_list(reader, state) for name, state in campaigns.items() if name in wanted]
    return []


def _list(reader: Reader) -> None:
    api = reader.assets.smart_campaigns
    campaigns = reader.snapshot.section(CAMPAIGNS)
    campaigns.clear()
    for campaign in listing(reader, "smart_campaigns", lambda where: api.list(folder=where)):
        if campaign.id is None or not campaign.name:
            continue
        campaigns[str(campaign.name)] = CampaignState(
            id=int(campaign.id),
            name=str(campaign.name),
            folder_id=campaign.folder.id if campaign.folder else None,
            folder_type=campaign.folder.type if campaign.folder else None,
            description=text_of(campaign.description),
            active=bool(campaign.is_active),
            status=str(campaign.status or ""),
            qualification=(
                str(campaign.qualification_rule_type or "once"),
                campaign.qualification_rule_interval,
                str(campaign.qualification_rule_unit or ""),
            ),
        )


def _smart_list(reader: Reader, state: CampaignState) -> Task:
    def run() -> None:
        try:
            found = reader.assets.smart_campaigns.smart_list(state.id, include_rules=True)
        except NotFoundError:
            reader.snapshot.mark_unread(f"smart_campaigns:{state.name}", "smart list not found")
            return
        state.rules = rules_of(found)

    return run


# -- plan ----------------------------------------------------------------------------------------


def _fields(entry: CampaignEntry) -> dict[str, str]:
    return lead_fields_in_rules(entry.smart_list.triggers, entry.smart_list.filters)


def plan(ctx: PlanContext) -> None:
    if ctx.action("program") is None:
        return
    existing = ctx.snapshot.section(CAMPAIGNS)
    emails = [f"email:{e.name}" for e in ctx.template.emails]
    program = ctx.action("program")
    cloning = program is not None and program.op is Op.CLONE
    for entry in ctx.template.smart_campaigns:
        key = f"smart_campaign:{entry.name}"
        location = ctx.request.local_location(entry.folder)
        payload: dict[str, Any] = {
            "name": entry.name,
            "parent": parent_ref(entry.folder),
            "description": entry.description,
            "activate": entry.activate,
            "fields": _fields(entry),
            "segmentations": segmentations_in_rules(
                (*entry.smart_list.triggers, *entry.smart_list.filters)
            ),
        }
        depends = local_depends(entry.folder, *emails)
        found = existing.get(entry.name)
        if found is None:
            ctx.add(
                Action(
                    key,
                    KIND,
                    Op.CREATE,
                    entry.name,
                    "new (the REST API creates it empty: see the manual steps)",
                    entry=entry.name,
                    location=location,
                    depends_on=depends,
                    payload=payload,
                )
            )
            continue
        changes: list[Change] = []
        if entry.description is not None and found.description != entry.description.strip():
            changes.append(Change("description", found.description, entry.description))
        active = found.active and not cloning  # Marketo's clones start inactive
        if entry.activate and not active and found.rules and not is_empty(found.rules):
            changes.append(Change("active", False, True))
        check_folder(
            ctx,
            "smart campaign",
            entry.name,
            folder_path(ctx, found.folder_id, found.folder_type),
            entry.folder,
        )
        payload["before"] = {"description": found.description, "active": found.active}
        ctx.add(
            Action(
                key,
                KIND,
                Op.UPDATE if changes else Op.REUSE,
                entry.name,
                (
                    "activated: its smart list has rules"
                    if [c.field for c in changes] == ["active"]
                    else "differs from the template"
                )
                if changes
                else "exists",
                entry=entry.name,
                location=location,
                existing_id=found.id,
                changes=changes,
                depends_on=depends,
                payload=payload,
            )
        )


def manual_steps(ctx: PlanContext) -> dict[str, list[str]]:
    """Campaign -> what remains for a person, given what the destination holds (or will)."""
    existing = ctx.snapshot.section(CAMPAIGNS)
    steps: dict[str, list[str]] = {}
    seeded = bool(ctx.request.seed)
    for entry in ctx.template.smart_campaigns:
        found = existing.get(entry.name)
        facts = found.facts() if found is not None else NEW_CAMPAIGN
        lines = campaign_steps(ctx.template, entry, facts, seeded=seeded)
        if lines:
            steps[entry.name] = lines
    return steps


def needs(_ctx: PlanContext, action: Action) -> Needs:
    return Needs(
        lead_fields=bool(action.payload.get("fields")) and action.op.adds,
        segmentations=bool(action.payload.get("segmentations")) and action.op.adds,
    )


def prepare(ctx: PlanContext, action: Action) -> None:
    if not action.op.adds:
        return
    where = f"smart campaign {action.entry!r}"
    check_fields(ctx, dict(action.payload.get("fields") or {}), where)
    known = ctx.snapshot.catalog.segmentations or set()
    for name in action.payload.get("segmentations") or []:
        if name not in known:
            ctx.problem(
                "segmentation",
                f"Segmentation '{name}' ({where}) does not exist in the destination.",
                "Create and approve it in Database > Segmentations.",
            )


def checks(ctx: PlanContext) -> list[Check]:
    """Verify: each campaign's smart list, read back, against the template's."""
    existing = ctx.snapshot.section(CAMPAIGNS)
    found_checks: list[Check] = []
    for entry in ctx.template.smart_campaigns:
        found = existing.get(entry.name)
        if found is None:
            continue
        subject = f"smart list of '{entry.name}'"
        if found.rules is None:
            found_checks.append(Check(subject, True, "could not be read from Marketo", unread=True))
            continue
        if is_empty(found.rules):
            if entry.smart_list.triggers or entry.smart_list.filters:
                found_checks.append(
                    Check(
                        subject,
                        True,
                        "empty, as the REST API creates it: build it from the manual steps",
                        manual=True,
                    )
                )
            continue
        differences = smart_list_differences(found.rules, ctx.template.smart_list_api(entry))
        found_checks.append(
            Check(subject, not differences, "; ".join(differences) or "matches the template")
        )
    return found_checks


# -- apply ---------------------------------------------------------------------------------------


def _activate(ctx: ApplyContext, campaign_id: int) -> None:
    """Activate, accepting a campaign an earlier attempt (answer lost) already activated."""
    api = ctx.client.assets.smart_campaigns
    try:
        api.activate(campaign_id)
    except BusinessRuleError:
        if not api.get(campaign_id).is_active:
            raise


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.smart_campaigns
    payload = action.payload
    if action.op.adds:
        entry = writing.start(ctx, action)
        made = api.create(
            name=str(payload["name"]),
            folder=ctx.parent(payload["parent"]),
            description=payload.get("description"),
        )
        writing.done(ctx, entry, writing.id_of(made, action.name), created=True, key=action.key)
        return
    campaign_id = writing.target_id(ctx, action)
    entry = writing.start(ctx, action, id=campaign_id, before=dict(payload.get("before") or {}))
    fields = action.changed_fields
    if "description" in fields:
        api.update(campaign_id, description=payload.get("description"))
    if "active" in fields:
        _activate(ctx, campaign_id)
    writing.done(ctx, entry, campaign_id, created=False, key=action.key)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.smart_campaigns
    if writing.made_by(entry):
        if entry.id is not None:
            try:
                api.delete(entry.id)
            except NotFoundError:
                return
            ctx.deleted.append(writing.label(entry))
        return
    if entry.id is None or not entry.before:
        return
    api.update(entry.id, description=entry.before.get("description"))
    if entry.before.get("active") is False and api.get(entry.id).is_active:
        api.deactivate(entry.id)
    ctx.restored.append(writing.label(entry))


SMART_CAMPAIGN = Kind(
    kind=KIND,
    read=read,
    plan=plan,
    needs=needs,
    prepare=prepare,
    apply=apply,
    rollback=rollback,
    checks=checks,
)


# -- export ----------------------------------------------------------------------------------------

#: Each campaign's flow read over MCP (None: not readable), for an export.
FLOWS: Section[dict[str, list[dict[str, Any]] | None]] = Section("export_flows", dict)
#: Advanced filter logic read over MCP (REST's smart list gives only "Advanced").
FILTER_LOGIC: Section[dict[str, str]] = Section("export_filter_logic", dict)

_QUALIFICATION_UNITS = {"hour", "day", "week", "month"}


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """Every campaign of the program (one list call), then each one's smart list (REST has no
    call for several), and its flow over MCP when the instance offers it."""
    if phase is Phase.CONTENTS:
        return [lambda: _list(reader)]
    if phase is not Phase.DETAIL:
        return []
    flows = reader.export is not None and reader.export.flows
    tasks: list[Task] = []
    for state in reader.snapshot.section(CAMPAIGNS).values():
        tasks.append(_export_smart_list(reader, state, mcp=flows))
        if flows:
            tasks.append(_flow(reader, state))
    return tasks


def _export_smart_list(reader: Reader, state: CampaignState, *, mcp: bool) -> Task:
    read_rules = _smart_list(reader, state)

    def run() -> None:
        read_rules()
        match = str((state.rules or {}).get("filterMatchType") or "").lower()
        if match == "advanced" and mcp:
            found = reader.client.mcp.get_smart_campaign_rules(state.id)
            if found.filter_logic:
                reader.snapshot.section(FILTER_LOGIC)[state.name] = found.filter_logic

    return run


def _flow(reader: Reader, state: CampaignState) -> Task:
    def run() -> None:
        try:
            flow = reader.client.mcp.get_smart_campaign_flow_steps(state.id)
        except MarketoError:  # a placeholder says so; the rest of the export goes on
            reader.snapshot.section(FLOWS)[state.name] = None
            return
        reader.snapshot.section(FLOWS)[state.name] = [
            {
                "action": step.action,
                "params": dict(step.params),
                "choices": [
                    {"condition": c.condition, "params": dict(c.params)} for c in step.choices
                ],
            }
            for step in flow.steps
        ]

    return run


def qualification_text(rule: tuple[str, int | None, str]) -> str | None:
    """The template's wording of a qualification rule: once, every time, once every 2 days."""
    kind, interval, unit = rule
    kind = kind.strip().lower()
    if kind == "once":
        return "once"
    if kind == "any":
        return "every time"
    singular = unit.strip().lower().rstrip("s")
    if kind == "interval" and interval and singular in _QUALIFICATION_UNITS:
        return f"once every {interval} {singular}{'s' if interval != 1 else ''}"
    return None


def _rule(ctx: ExportContext, data: Any) -> Rule:
    return rule_of(data, ctx.reference)


def rule_of(data: Any, reference: Callable[[str], str] = str) -> Rule:
    """A rule as ``smartList.json?includeRules=true`` reads it, in the template's terms
    (``reference`` rewrites values naming the program or its assets)."""
    if isinstance(data, str):
        return Rule(name=data)
    name = str(data.get("name") or data.get("ruleType") or "")
    rule_type = data.get("ruleType")
    operator = data.get("operator")
    conditions = [
        Condition(
            attribute=str(c.get("activityAttributeName") or ""),
            operator=str(c.get("operator") or ""),
            values=tuple(reference(str(v)) for v in c.get("values") or []),
            primary=bool(c.get("isPrimary")),
        )
        for c in data.get("conditions") or []
    ]
    return Rule(
        name=name,
        rule_type=rule_type if rule_type and str(rule_type).lower() != name.lower() else None,
        operator=operator or None,
        conditions=tuple(conditions),
    )


def _step(ctx: ExportContext, data: dict[str, Any]) -> FlowStep:
    def params(values: dict[str, Any]) -> dict[str, str]:
        return {str(k): ctx.reference(str(v)) for k, v in values.items()}

    return FlowStep(
        action=str(data.get("action") or ""),
        params=params(data.get("params") or {}),
        choices=tuple(
            FlowChoice(
                condition=str(c.get("condition") or ""), params=params(c.get("params") or {})
            )
            for c in data.get("choices") or []
        ),
    )


def export(ctx: ExportContext) -> None:
    campaigns = sorted(ctx.snapshot.section(CAMPAIGNS).values(), key=lambda s: s.id)
    names = {state.name: ctx.local_name(state.name) for state in campaigns}
    tree = ctx.snapshot.tree("program")
    flows = ctx.snapshot.section(FLOWS)
    logic = ctx.snapshot.section(FILTER_LOGIC)
    for state in campaigns:
        label = f"smart campaign '{state.name}'"
        unread: list[Unread] = []
        smart_list = SmartList()
        if state.rules is None:
            unread.append(
                Unread(
                    part="smart_list",
                    reason="its smart list could not be read",
                    source=ctx.source(f"campaign '{state.name}' (id {state.id})"),
                )
            )
        else:
            match = str(state.rules.get("filterMatchType") or "all").lower()
            filters = tuple(_rule(ctx, f) for f in state.rules.get("filters") or [])
            if match == "advanced":
                expression = logic.get(state.name)
                if expression is None:
                    ctx.problem(
                        label,
                        "its smart list uses advanced filter logic, which the REST API does not "
                        "show (Marketo's MCP server does: configure mcp_url)",
                    )
                match = expression or "all"
            smart_list = SmartList(
                triggers=tuple(_rule(ctx, t) for t in state.rules.get("triggers") or []),
                filters=filters,
                filter_logic=match if filters else "all",
            )
        flow = flows.get(state.name)
        steps = tuple(_step(ctx, s) for s in flow or [])
        if flow is None:
            unread.append(
                Unread(
                    part="flow",
                    reason=(
                        "the REST API cannot read flow steps"
                        if state.name not in flows
                        else "Marketo's MCP server could not read them"
                    ),
                    source=ctx.source(f"campaign '{state.name}' (id {state.id})"),
                )
            )
            ctx.placeholders.append(f"flow of smart campaign '{state.name}'")
        if state.rules is None:
            ctx.placeholders.append(f"smart list of smart campaign '{state.name}'")
        qualification = qualification_text(state.qualification)
        ctx.add(
            "smart_campaigns",
            CampaignEntry(
                name=names[state.name],
                folder=tree.path_of(state.folder_id, state.folder_type) or None,
                description=state.description or None,
                qualification=qualification,
                activate=state.active,
                smart_list=smart_list,
                flow=steps,
                unread=tuple(unread),
            ),
        )


def _read_or_export(reader: Reader, phase: Phase) -> list[Task]:
    return export_reads(reader, phase) if reader.exporting else read(reader, phase)


SMART_CAMPAIGN = replace(SMART_CAMPAIGN, read=_read_or_export, export=export)
