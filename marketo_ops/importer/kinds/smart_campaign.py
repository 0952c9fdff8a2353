"""Smart campaigns of the program: created, given their logic, activated.

The REST API creates a campaign with an empty smart list and no flow, and cannot write either.
When the destination has Marketo's MCP server, each campaign's triggers, filters, filter logic
and flow steps are written over it, read back and compared, and the campaign is activated as
the template says (:mod:`.campaign_logic`); without it, what a person must add is the
manual-steps checklist (:mod:`marketo_ops.importer.checklist`). A campaign that already has its
logic (cloned from a seed, or built by hand) is activated when the template asks for it, and the
plan lists every such activation. Verify reads each campaign's smart list back
(``includeRules=true``) and, over MCP, its flow, and compares them with the template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
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
from . import campaign_logic as logic
from . import writing
from .base import ApplyContext, Check, ImportStepError, Kind, Needs, PlanContext, RollbackContext
from .compare import text_of
from .folder import parent_ref
from .local import check_fields, check_folder, folder_path, list_into, local_depends, read_local

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
    flow: list[dict[str, Any]] | None = None  # None: not readable (no MCP)

    def facts(self, entry: CampaignEntry) -> CampaignFacts:
        flow_known = self.flow is not None and not logic.flow_differences(
            self.flow, logic.logic_of(entry)["flow"]
        )
        return CampaignFacts(self.rules, self.active, self.qualification, flow_known)


CAMPAIGNS: Section[dict[str, CampaignState]] = Section("smart_campaigns", dict)


# -- read ----------------------------------------------------------------------------------------


def read(reader: Reader, phase: Phase) -> list[Task]:
    entries = reader.template.smart_campaigns
    if phase is Phase.LOCATE:
        wants_logic = any(logic.has_logic(e) for e in entries)
        return (
            [partial(logic.read_server, reader)] if wants_logic and reader.refresh is None else []
        )
    return read_local(
        reader,
        phase,
        kind=KIND,
        entries=entries,
        section=CAMPAIGNS,
        list_all=_list,
        details=_details,
    )


def _details(reader: Reader, state: CampaignState) -> list[Task]:
    """A campaign's smart list (REST) and flow (MCP); right after an apply that wrote them,
    what it read back to compare is that reading."""
    seen = reader.observed(f"smart_campaign:{state.name}")
    if seen is not None:
        state.rules = dict(seen["rules"])
        state.flow = list(seen["flow"])
        return []
    return [_smart_list(reader, state), _flow(reader, state)]


def _state(campaign: Any) -> CampaignState:
    return CampaignState(
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


def _list(reader: Reader) -> None:
    api = reader.assets.smart_campaigns
    list_into(reader, "smart_campaigns", CAMPAIGNS, lambda where: api.list(folder=where), _state)


def _smart_list(reader: Reader, state: CampaignState) -> Task:
    def run() -> None:
        try:
            found = reader.assets.smart_campaigns.smart_list(state.id, include_rules=True)
        except NotFoundError:
            reader.snapshot.mark_unread(f"smart_campaigns:{state.name}", "smart list not found")
            return
        state.rules = rules_of(found)

    return run


def _flow(reader: Reader, state: CampaignState) -> Task:
    def run() -> None:
        state.flow = logic.flow_of(reader, state.id)

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
    over_mcp = logic.usable(ctx)
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
            action = Action(
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
            if over_mcp and logic.has_logic(entry):
                _with_logic(action, entry, rules=True, flow=True)
            ctx.add(action)
            continue
        action = Action(
            key,
            KIND,
            Op.REUSE,
            entry.name,
            "exists",
            entry=entry.name,
            location=location,
            existing_id=found.id,
            depends_on=depends,
            payload=payload,
        )
        changes = action.changes
        if entry.description is not None and found.description != entry.description.strip():
            changes.append(Change("description", found.description, entry.description))
        if over_mcp and not cloning and not ctx.verifying:  # verify compares logic in checks()
            _logic_changes(ctx, action, entry, found)
        active = found.active and not cloning  # Marketo's clones start inactive
        will_have_rules = bool(found.rules and not is_empty(found.rules)) or (
            "smart list" in action.changed_fields
        )
        if entry.activate and not active and will_have_rules:
            changes.append(Change("active", False, True))
        check_folder(
            ctx,
            "smart campaign",
            entry.name,
            folder_path(ctx, found.folder_id, found.folder_type),
            entry.folder,
        )
        payload["before"] = {
            "description": found.description,
            "active": found.active,
            "rules": found.rules,
        }
        if changes:
            action.op = Op.UPDATE
            fields = [c.field for c in changes]
            action.reason = (
                "activated: its smart list has rules"
                if fields == ["active"]
                else "its logic is written over Marketo's MCP server"
                if set(fields) <= {"smart list", "flow", "active"}
                else "differs from the template"
            )
        ctx.add(action)


def _with_logic(action: Action, entry: CampaignEntry, *, rules: bool, flow: bool) -> None:
    """The campaign's logic goes with the action, written over MCP after the REST create."""
    written = logic.logic_of(entry)
    action.payload["logic"] = written
    action.payload["write_rules"] = rules
    action.payload["write_flow"] = flow
    steps = []
    if rules:
        steps += [f"add trigger '{r['name']}'" for r in written["triggers"]]
        steps += [f"add filter '{r['name']}'" for r in written["filters"]]
        if len(written["filters"]) > 1:
            steps.append(f"filter logic: {written['filter_logic']}")
    if flow:
        steps += [f"add flow step {n}: {s['action']}" for n, s in enumerate(written["flow"], 1)]
    steps.append("read the smart list and flow back and compare")
    if entry.activate and (written["triggers"] or written["filters"]):
        steps.append("activate")
    action.steps = steps
    if action.op is Op.CREATE:
        action.reason = "new, with its smart list and flow written over Marketo's MCP server"


def _logic_changes(
    ctx: PlanContext, action: Action, entry: CampaignEntry, found: CampaignState
) -> None:
    """What of an existing campaign's logic MCP can make match the template."""
    if not logic.has_logic(entry):
        return
    expected = ctx.template.smart_list_api(entry)
    rules_differ = found.rules is not None and bool(smart_list_differences(found.rules, expected))
    flow_wanted = logic.logic_of(entry)["flow"]
    flow_differs = found.flow is not None and bool(logic.flow_differences(found.flow, flow_wanted))
    write_flow = flow_differs and not found.flow  # MCP cannot delete flow steps
    if flow_differs and found.flow:
        ctx.notes.append(
            f"The flow of smart campaign '{entry.name}' differs from the template, and Marketo's "
            "MCP server cannot delete flow steps: fix it in Marketo (see the manual steps)."
        )
    if not (rules_differ or write_flow):
        return
    if rules_differ:
        action.changes.append(
            Change(
                "smart list",
                "empty" if is_empty(found.rules or {}) else "other rules",
                "the template's rules",
            )
        )
    if write_flow:
        action.changes.append(Change("flow", "empty", f"{len(flow_wanted)} step(s)"))
    _with_logic(action, entry, rules=rules_differ, flow=write_flow)


def manual_steps(ctx: PlanContext) -> dict[str, list[str]]:
    """Campaign -> what remains for a person, given what the destination holds (or will)."""
    existing = ctx.snapshot.section(CAMPAIGNS)
    steps: dict[str, list[str]] = {}
    seeded = bool(ctx.request.seed)
    for entry in ctx.template.smart_campaigns:
        found = existing.get(entry.name)
        action = ctx.action(f"smart_campaign:{entry.name}")
        facts = found.facts(entry) if found is not None else NEW_CAMPAIGN
        if action is not None and action.payload.get("logic") is not None and not ctx.verifying:
            facts = _after_logic(ctx, entry, facts, action)
        lines = campaign_steps(ctx.template, entry, facts, seeded=seeded and not facts.flow_known)
        if lines:
            steps[entry.name] = lines
    return steps


def _after_logic(
    ctx: PlanContext, entry: CampaignEntry, facts: CampaignFacts, action: Action
) -> CampaignFacts:
    """What a campaign will hold once apply wrote its logic over MCP."""
    rules = ctx.template.smart_list_api(entry) if action.payload.get("write_rules") else facts.rules
    flow_known = bool(action.payload.get("write_flow")) or facts.flow_known
    active = facts.active or (entry.activate and bool(entry.smart_list.triggers))
    return CampaignFacts(rules, active, ("once", None, ""), flow_known)


def needs(ctx: PlanContext, action: Action) -> Needs:
    result = Needs(
        lead_fields=bool(action.payload.get("fields")) and action.op.adds,
        segmentations=bool(action.payload.get("segmentations")) and action.op.adds,
    )
    if action.payload.get("logic") is not None:
        logics = [
            a.payload["logic"]
            for a in ctx.actions.values()
            if a.kind is KIND and a.payload.get("logic") is not None
        ]
        result.reads.append(
            lambda reader: reader.once(
                "mcp-preflight", lambda: logic.read_types_and_check(reader, logics)
            )
        )
    return result


def prepare(ctx: PlanContext, action: Action) -> None:
    if action.op.adds or action.payload.get("logic") is not None:
        where = f"smart campaign {action.entry!r}"
        check_fields(ctx, dict(action.payload.get("fields") or {}), where)
        known = ctx.snapshot.catalog.segmentations
        for name in action.payload.get("segmentations") or []:
            if known is not None and name not in known:
                ctx.problem(
                    "segmentation",
                    f"Segmentation '{name}' ({where}) does not exist in the destination.",
                    "Create and approve it in Database > Segmentations.",
                )
    if action.payload.get("logic") is not None:
        _prepare_logic(ctx, action)


def _prepare_logic(ctx: PlanContext, action: Action) -> None:
    state = ctx.snapshot.section(logic.MCP)
    for tool, problems in sorted(state.argument_problems.items()):
        if not any(p.code == "mcp-schema" and f" {tool} " in p.message for p in ctx.problems):
            ctx.problem(
                "mcp-schema",
                f"Marketo's MCP server does not take the arguments the importer sends to {tool} "
                f"(its live inputSchema differs): {'; '.join(problems)}",
                "Import without the campaigns' logic (--no-mcp: it becomes manual steps), or "
                "use a marketo-ops version that speaks this server's schema.",
            )
    unknown = logic.unknown_types(state, action.payload["logic"])
    if unknown:  # only this campaign falls back to the manual checklist
        for name in ("logic", "write_rules", "write_flow"):
            action.payload.pop(name, None)
        action.steps = []
        had_rules = bool((action.payload.get("before") or {}).get("rules")) and not is_empty(
            action.payload["before"]["rules"]
        )
        dropped = ("smart list", "flow") if had_rules else ("smart list", "flow", "active")
        action.changes = [c for c in action.changes if c.field not in dropped]
        if action.op is Op.UPDATE and not action.changes:
            action.op, action.reason = Op.REUSE, "exists"
        if action.op is Op.CREATE:
            action.reason = "new (the REST API creates it empty: see the manual steps)"
        ctx.notes.append(
            f"Smart campaign '{action.entry}' keeps its manual steps: Marketo's MCP server does "
            f"not offer its {', '.join(unknown)}."
        )


def checks(ctx: PlanContext) -> list[Check]:
    """Verify: each campaign's smart list (and, over MCP, flow) read back, against the template."""
    existing = ctx.snapshot.section(CAMPAIGNS)
    found_checks: list[Check] = []
    for entry in ctx.template.smart_campaigns:
        found = existing.get(entry.name)
        if found is None:
            continue
        found_checks += _smart_list_check(ctx, entry, found)
        if found.flow is not None and entry.flow:
            differences = logic.flow_differences(found.flow, logic.logic_of(entry)["flow"])
            subject = f"flow of '{entry.name}'"
            if not found.flow:
                found_checks.append(
                    Check(subject, True, "empty: build it from the manual steps", manual=True)
                )
            else:
                found_checks.append(
                    Check(
                        subject, not differences, "; ".join(differences) or "matches the template"
                    )
                )
    return found_checks


def _smart_list_check(ctx: PlanContext, entry: CampaignEntry, found: CampaignState) -> list[Check]:
    subject = f"smart list of '{entry.name}'"
    if found.rules is None:
        return [Check(subject, True, "could not be read from Marketo", unread=True)]
    if is_empty(found.rules):
        if entry.smart_list.triggers or entry.smart_list.filters:
            return [
                Check(
                    subject,
                    True,
                    "empty, as the REST API creates it: build it from the manual steps",
                    manual=True,
                )
            ]
        return []
    differences = smart_list_differences(found.rules, ctx.template.smart_list_api(entry))
    return [Check(subject, not differences, "; ".join(differences) or "matches the template")]


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
        campaign_id = writing.id_of(made, action.name)
        ctx.journal.update(entry, id=campaign_id, created=True)
        if payload.get("logic") is not None:
            _write_logic(ctx, action.key, campaign_id, payload, rewrite=False)
            if payload.get("activate") and payload["logic"].get("triggers"):
                _activate(ctx, campaign_id)
        writing.done(ctx, entry, campaign_id, created=True, key=action.key)
        return
    campaign_id = writing.target_id(ctx, action)
    entry = writing.start(ctx, action, id=campaign_id, before=dict(payload.get("before") or {}))
    fields = action.changed_fields
    if "description" in fields:
        api.update(campaign_id, description=payload.get("description"))
    if payload.get("logic") is not None:
        _write_logic(ctx, action.key, campaign_id, payload, rewrite=True)
    if "active" in fields:
        _activate(ctx, campaign_id)
    writing.done(ctx, entry, campaign_id, created=False, key=action.key)


def _write_logic(
    ctx: ApplyContext, key: str, campaign_id: int, payload: dict[str, Any], *, rewrite: bool
) -> None:
    """Write over MCP, read back, compare; never leave a half-written smart list behind."""
    mcp = ctx.client.mcp
    written = payload["logic"]
    write_rules = bool(payload.get("write_rules"))
    if rewrite and write_rules:
        mcp.delete_all_smart_list_rules(campaign_id=campaign_id)
    try:
        logic.write(
            mcp, campaign_id, written, rules=write_rules, flow=bool(payload.get("write_flow"))
        )
        rules, flow = logic.read_back(mcp, campaign_id)
    except Exception:
        if write_rules:
            mcp.delete_all_smart_list_rules(campaign_id=campaign_id)
        raise
    problems = smart_list_differences(rules, written["smart_list"]) if write_rules else []
    if payload.get("write_flow"):
        problems += [f"flow: {p}" for p in logic.flow_differences(flow, written["flow"])]
    if not problems:
        with ctx.lock:  # verify right after this apply takes the read-back as its reading
            ctx.observed[key] = {"rules": rules, "flow": flow}
        return
    if write_rules:
        mcp.delete_all_smart_list_rules(campaign_id=campaign_id)
    raise ImportStepError(
        f"the logic of smart campaign '{payload['name']}' read back differs from what was "
        f"written ({'; '.join(problems)}); its smart-list rules were cleared"
    )


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
    before = entry.before
    if before.get("active") is False and api.get(entry.id).is_active:
        api.deactivate(entry.id)
    api.update(entry.id, description=before.get("description"))
    rules = before.get("rules")
    mcp = ctx.client.mcp
    if mcp.configured and isinstance(rules, dict) and mcp.available():
        current = api.smart_list(entry.id, include_rules=True)
        if rules_of(current) != rules:  # put the rules back as they were
            mcp.delete_all_smart_list_rules(campaign_id=entry.id)
            logic.write(
                mcp,
                entry.id,
                {
                    "triggers": [
                        {"name": t} if isinstance(t, str) else t
                        for t in rules.get("triggers") or []
                    ],
                    "filters": rules.get("filters") or [],
                    "filter_logic": str(rules.get("filterMatchType") or "all"),
                },
                rules=True,
                flow=False,
            )
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
            tasks.append(_export_flow(reader, state))
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


def _export_flow(reader: Reader, state: CampaignState) -> Task:
    def run() -> None:
        try:
            flow = reader.client.mcp.get_smart_campaign_flow_steps(state.id)
        except MarketoError:  # a placeholder says so; the rest of the export goes on
            reader.snapshot.section(FLOWS)[state.name] = None
            return
        reader.snapshot.section(FLOWS)[state.name] = logic.steps_of(flow)

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
