"""A smart campaign's logic (triggers, filters, filter logic, flow steps) over Marketo's MCP server.

The REST API cannot write a campaign's smart list or flow; Adobe's MCP server can, with the same
credentials and quota (:mod:`marketo_ops.mcp`). When the destination has it, the smart-campaign
kind writes each campaign's logic from the template, reads it back and compares, then activates
the campaign as the template says. Before anything is written, preflight checks that the tools
exist, that every trigger, filter and flow step the template uses is one the server offers (its
type tools), and that the arguments the importer would send validate against each tool's live
``inputSchema``. A campaign whose logic does not map keeps the manual checklist; a server whose
schemas differ stops the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from ...templates import SmartCampaign as CampaignEntry
from ...templates.smartlists import rule_to_api, smart_list_to_api
from ..reader import Reader
from ..snapshot import Section

if TYPE_CHECKING:
    from ...mcp import Flow, MarketoMCP, RuleKind
    from .base import PlanContext

#: The tools a write of campaign logic uses (read back, rewrite and activation included).
WRITE_TOOLS: Final = (
    "add_smart_list_rule",
    "update_smart_list_filter_logic",
    "delete_all_smart_list_rules",
    "add_flow_step",
    "get_smart_campaign_rules",
    "get_smart_campaign_flow_steps",
    "activate_smart_campaign",
)
_SAMPLE_ID: Final = 1  # arguments are checked with a placeholder campaign id
RULE_KINDS: Final[tuple[RuleKind, ...]] = ("trigger", "filter")


@dataclass
class McpState:
    """What the destination's MCP server offers, as far as the import needs to know."""

    available: bool = False
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> inputSchema
    triggers: set[str] | None = None  # names and aliases, folded
    filters: set[str] | None = None
    flow_steps: set[str] | None = None
    argument_problems: dict[str, list[str]] = field(default_factory=dict)  # tool -> problems


MCP: Section[McpState] = Section("mcp", McpState)


def fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _names(types: Iterable[Any]) -> set[str]:
    return {fold(n) for t in types for n in [t.name, *getattr(t, "aliases", [])]}


def logic_of(entry: CampaignEntry) -> dict[str, Any]:
    """What a campaign's logic is in the tools' arguments (the template's rules and steps)."""
    smart_list = entry.smart_list
    return {
        "triggers": [rule_to_api(rule) for rule in smart_list.triggers],
        "filters": [rule_to_api(rule) for rule in smart_list.filters],
        "filter_logic": smart_list.filter_logic,
        "flow": [step.model_dump(mode="json") for step in entry.flow],
        # what the rules read back must be: the template's smart list as the API shows it
        "smart_list": smart_list_to_api(entry, detailed_triggers=True),
    }


def has_logic(entry: CampaignEntry) -> bool:
    return bool(entry.smart_list.triggers or entry.smart_list.filters or entry.flow)


def sets_filter_logic(logic: Mapping[str, Any]) -> bool:
    """Whether writing a smart list sets its filter logic (a new list's is 'all')."""
    filter_logic = str(logic.get("filter_logic") or "all")
    return len(logic.get("filters") or []) > 1 or fold(filter_logic) != "all"


def usable(ctx: PlanContext) -> bool:
    return ctx.request.use_mcp and ctx.snapshot.section(MCP).available


# -- reading -------------------------------------------------------------------------------------


def mcp_of(reader: Reader) -> MarketoMCP | None:
    if not reader.request.use_mcp:
        return None
    mcp = reader.client.mcp
    return mcp if mcp.configured else None


def read_server(reader: Reader) -> None:
    """Whether the destination has MCP, and its tools with their live input schemas."""
    state = reader.snapshot.section(MCP)
    mcp = mcp_of(reader)
    if mcp is None or not mcp.available():
        return
    state.available = True
    state.tools = {tool.name: tool.input_schema for tool in mcp.list_tools()}


def flow_of(reader: Reader, campaign_id: int) -> list[dict[str, Any]] | None:
    """A campaign's flow steps as the template writes them, or None without MCP."""
    mcp = mcp_of(reader)
    if mcp is None or not reader.snapshot.section(MCP).available:
        return None
    return steps_of(mcp.get_smart_campaign_flow_steps(campaign_id))


def steps_of(flow: Flow) -> list[dict[str, Any]]:
    """Flow steps read over MCP in the template's shape (``{action, params, choices}``)."""
    return [
        {
            "action": step.action,
            "params": dict(step.params),
            "choices": [{"condition": c.condition, "params": dict(c.params)} for c in step.choices],
        }
        for step in flow.steps
    ]


def read_types_and_check(reader: Reader, logics: list[dict[str, Any]]) -> None:
    """Preflight reads: the server's trigger, filter and flow-step types, and whether the
    arguments the importer would send validate against the tools' live schemas."""
    state = reader.snapshot.section(MCP)
    mcp = mcp_of(reader)
    if mcp is None or not state.available:
        return
    if state.triggers is None:
        types = mcp.get_smart_campaign_auto_suggest()
        state.triggers = _names(t for t in types if t.kind in (None, "trigger"))
        state.filters = _names(t for t in types if t.kind in (None, "filter"))
    if state.flow_steps is None:
        state.flow_steps = _names(mcp.get_smart_campaign_flow_step_types())
    problems: dict[str, list[str]] = {}
    for tool, arguments in sample_arguments(logics):
        for problem in mcp.validate_arguments(tool, arguments):
            found = problems.setdefault(tool, [])
            if problem not in found:
                found.append(problem)
    state.argument_problems = problems


def sample_arguments(logics: Iterable[Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Every call the writes would make, with a placeholder campaign id."""
    from ...mcp import calls

    found: list[tuple[str, dict[str, Any]]] = []
    for logic in logics:
        for kind in RULE_KINDS:
            for rule in logic.get(f"{kind}s") or []:
                rule_call = calls.add_smart_list_rule(kind, rule, campaign_id=_SAMPLE_ID)
                found.append((rule_call.name, rule_call.arguments))
        if sets_filter_logic(logic):
            logic_call = calls.update_smart_list_filter_logic(
                str(logic.get("filter_logic") or "all"), campaign_id=_SAMPLE_ID
            )
            found.append((logic_call.name, logic_call.arguments))
        for step in logic.get("flow") or []:
            flow_call = calls.add_flow_step(_SAMPLE_ID, step)
            found.append((flow_call.name, flow_call.arguments))
    for name in ("get_smart_campaign_rules", "get_smart_campaign_flow_steps"):
        found.append((name, {"campaignId": _SAMPLE_ID}))
    return found


# -- comparing -----------------------------------------------------------------------------------


def unknown_types(state: McpState, logic: Mapping[str, Any]) -> list[str]:
    """The template's triggers, filters and flow steps the server does not offer."""
    missing: list[str] = []
    for label, names, known in (
        ("trigger", [r["name"] for r in logic.get("triggers") or []], state.triggers),
        ("filter", [r["name"] for r in logic.get("filters") or []], state.filters),
        ("flow step", [s["action"] for s in logic.get("flow") or []], state.flow_steps),
    ):
        if known is None:
            continue
        missing += [f"{label} '{name}'" for name in names if fold(name) not in known]
    return missing


def _step_key(step: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, str], ...], tuple[Any, ...]]:
    params = tuple(
        sorted(
            (fold(k), " ".join(str(v).split())) for k, v in dict(step.get("params") or {}).items()
        )
    )
    choices = tuple(
        (
            fold(str(c.get("condition", ""))),
            tuple(
                sorted(
                    (fold(k), " ".join(str(v).split()))
                    for k, v in dict(c.get("params") or {}).items()
                )
            ),
        )
        for c in step.get("choices") or []
    )
    return fold(str(step.get("action", ""))), params, choices


def flow_differences(
    actual: Sequence[Mapping[str, Any]], expected: Sequence[Mapping[str, Any]]
) -> list[str]:
    """How a flow read back differs from the template's, step by step (empty: the same)."""
    problems: list[str] = []
    for number, (have, want) in enumerate(zip(actual, expected, strict=False), start=1):
        if _step_key(have) != _step_key(want):
            problems.append(
                f"step {number} is '{have.get('action')}' {dict(have.get('params') or {})}, the "
                f"template says '{want.get('action')}' {dict(want.get('params') or {})}"
            )
    if len(actual) < len(expected):
        problems += [
            f"step {n} '{step.get('action')}' is missing"
            for n, step in enumerate(expected[len(actual) :], start=len(actual) + 1)
        ]
    elif len(actual) > len(expected):
        problems.append(f"{len(actual) - len(expected)} step(s) not in the template")
    return problems


# -- writing -------------------------------------------------------------------------------------


def write(
    mcp: MarketoMCP, campaign_id: int, logic: Mapping[str, Any], *, rules: bool, flow: bool
) -> None:
    """Triggers, filters, filter logic, then the flow steps, in the template's order, into a
    smart list and a flow that are empty (new, or cleared first).

    Adding a rule or a step is not idempotent, so the SDK does not repeat it after an ambiguous
    failure (a time-out: did it land?); :func:`_once` looks, and adds it again only if not.
    """
    if rules:
        for kind in RULE_KINDS:
            for number, rule in enumerate(logic.get(f"{kind}s") or [], start=1):
                _once(
                    partial(mcp.add_smart_list_rule, kind, rule, campaign_id=campaign_id),
                    partial(_rule_count, mcp, campaign_id, kind),
                    number,
                )
        if sets_filter_logic(logic):
            filter_logic = str(logic.get("filter_logic") or "all")
            mcp.update_smart_list_filter_logic(filter_logic, campaign_id=campaign_id)
    if flow:
        for number, step in enumerate(logic.get("flow") or [], start=1):
            _once(
                partial(mcp.add_flow_step, campaign_id, step),
                partial(_step_count, mcp, campaign_id),
                number,
            )


def _step_count(mcp: MarketoMCP, campaign_id: int) -> int:
    return len(mcp.get_smart_campaign_flow_steps(campaign_id).steps)


def _rule_count(mcp: MarketoMCP, campaign_id: int, kind: RuleKind) -> int:
    found = mcp.get_smart_campaign_rules(campaign_id)
    return len(found.triggers if kind == "trigger" else found.filters)


_ATTEMPTS: Final = 4


def _once(add: Callable[[], object], count: Callable[[], int], expected: int) -> None:
    """Add something exactly once: after an ambiguous failure, count what is there first."""
    from ...errors import APIConnectionError, TransientError

    for attempt in range(1, _ATTEMPTS + 1):
        try:
            add()
            return
        except (TransientError, APIConnectionError):
            if count() >= expected:
                return  # the lost answer's write took effect
            if attempt == _ATTEMPTS:
                raise


def read_back(mcp: MarketoMCP, campaign_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The rules (in the REST ``includeRules`` shape) and flow as the server now has them."""
    rules = mcp.get_smart_campaign_rules(campaign_id)
    data = rules.model_dump(by_alias=True, exclude_none=True, mode="json")
    steps = steps_of(mcp.get_smart_campaign_flow_steps(campaign_id))
    shaped = {
        "filterMatchType": data.get("filterMatchType"),
        "triggers": data.get("triggers") or [],
        "filters": data.get("filters") or [],
    }
    return shaped, steps
