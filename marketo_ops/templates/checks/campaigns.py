"""Smart campaigns: flows and smart lists that a person could actually build from the checklist."""

from __future__ import annotations

from ..findings import FieldPath
from ..marketo_facts import CHANNEL_STATUSES, FLOW_ACTIONS
from ..smartlists import filter_logic_problem
from ..spec import Rule, SmartCampaign
from .context import CheckContext
from .references import did_you_mean


def check_campaigns(ctx: CheckContext) -> None:
    for c, campaign in enumerate(ctx.spec.smart_campaigns):
        base: FieldPath = ("smart_campaigns", c)
        _check_flow(ctx, campaign, base)
        _check_smart_list(ctx, campaign, base)
        unread = _check_unread(ctx, campaign, base)
        has_trigger = bool(campaign.smart_list.triggers) or "smart_list" in unread
        has_flow = bool(campaign.flow) or "flow" in unread
        if campaign.activate and not (has_trigger and has_flow):
            ctx.error(
                (*base, "activate"),
                "cannot-activate",
                f"smart campaign '{campaign.name}' cannot be activated: Marketo activates only "
                "campaigns with at least one trigger and one flow step",
            )


def _check_flow(ctx: CheckContext, campaign: SmartCampaign, base: FieldPath) -> None:
    program = ctx.spec.program
    statuses = program.statuses or CHANNEL_STATUSES.get(program.channel, ())
    for s, step in enumerate(campaign.flow):
        path: FieldPath = (*base, "flow", s)
        if step.action not in FLOW_ACTIONS:
            ctx.warning(
                (*path, "action"),
                "unknown-flow-action",
                f"'{step.action}' is not a Marketo flow action I know"
                f"{did_you_mean(step.action, FLOW_ACTIONS)}",
            )
        if step.action != "Change Program Status":
            continue
        if step.params.get("Program", program.name) != program.name:
            continue  # another program's statuses are not ours to check
        new_status = step.params.get("New Status")
        if new_status is None:
            ctx.error(
                (*path, "params"),
                "missing-parameter",
                "'Change Program Status' needs a 'New Status' parameter, e.g. "
                f"'{program.channel} - {statuses[0] if statuses else 'Member'}'",
            )
            continue
        prefix = f"{program.channel} - "
        status_path = (*path, "params", "New Status")
        if not new_status.startswith(prefix):
            ctx.error(
                status_path,
                "unknown-status",
                f"New Status '{new_status}' must name a status of the program's channel, "
                f"written '{prefix}STATUS'",
            )
        elif statuses and new_status[len(prefix) :] not in statuses:
            ctx.error(
                status_path,
                "unknown-status",
                f"channel '{program.channel}' has no status '{new_status[len(prefix) :]}'; its "
                f"statuses are: {', '.join(statuses)}",
            )


def _check_smart_list(ctx: CheckContext, campaign: SmartCampaign, base: FieldPath) -> None:
    smart_list = campaign.smart_list
    problem = filter_logic_problem(smart_list.filter_logic, len(smart_list.filters))
    if problem:
        ctx.error((*base, "smart_list", "filter_logic"), "filter-logic", problem)
    rules: list[tuple[FieldPath, Rule]] = [
        ((*base, "smart_list", "triggers", i), rule) for i, rule in enumerate(smart_list.triggers)
    ]
    rules += [
        ((*base, "smart_list", "filters", i), rule) for i, rule in enumerate(smart_list.filters)
    ]
    for path, rule in rules:
        if not rule.name.strip():
            ctx.error((*path, "name"), "empty-name", "a smart-list rule needs a name")
        primaries = [i for i, condition in enumerate(rule.conditions) if condition.primary]
        if len(primaries) > 1:
            ctx.error(
                (*path, "conditions", primaries[1], "primary"),
                "primary-condition",
                f"'{rule.name}' has {len(primaries)} primary conditions; a rule has at most one",
            )


def _check_unread(ctx: CheckContext, campaign: SmartCampaign, base: FieldPath) -> set[str]:
    """Placeholders for parts an export could not read: never beside the part itself."""
    parts: set[str] = set()
    for u, unread in enumerate(campaign.unread):
        path: FieldPath = (*base, "unread", u)
        given = (
            campaign.flow
            if unread.part == "flow"
            else (campaign.smart_list.triggers or campaign.smart_list.filters)
        )
        if unread.part in parts:
            ctx.error(
                (*path, "part"),
                "duplicate-unread",
                f"smart campaign '{campaign.name}' marks its {unread.part} unread twice",
            )
        elif given:
            ctx.error(
                (*path, "part"),
                "unread-and-given",
                f"smart campaign '{campaign.name}' gives its {unread.part} and marks it unread; "
                "keep one (delete the 'unread' entry once the steps are written out)",
            )
        else:
            ctx.warning(
                (*path, "part"),
                "unread-part",
                f"the {unread.part.replace('_', ' ')} of smart campaign '{campaign.name}' was "
                f"not exported ({unread.reason}); import lists it as a manual step",
            )
        if not unread.reason.strip():
            ctx.error((*path, "reason"), "empty-reason", "say why the part could not be read")
        parts.add(unread.part)
    return parts
