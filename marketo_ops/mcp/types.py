"""What Marketo's MCP server answers: tools, raw tool results, and the smart-campaign models.

The models are tolerant like every SDK model (unknown keys kept, snake_case attributes over the
wire's camelCase), since Adobe publishes no schemas for these results. Rules reuse the REST
models (:class:`~marketo_ops.types.asset.SmartListFilter`), because the server answers rules in
the shape REST's ``smartList.json?includeRules=true`` reads them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from pydantic import Field

from ..types._base import MarketoModel
from ..types.asset import SmartCampaign, SmartListFilter, SmartListWithRules

RuleKind = Literal["trigger", "filter"]


@dataclass(frozen=True)
class ToolInfo:
    """One tool as the server lists it: its name and the JSON Schema of its arguments."""

    name: str
    description: str
    input_schema: dict[str, Any] = field(repr=False)
    output_schema: dict[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ToolResult:
    """A tool's answer: structured content when the server sends it, and its text content."""

    tool: str
    structured: dict[str, Any] | None
    text: str = field(repr=False)
    is_error: bool = False

    @property
    def data(self) -> Any:
        """The structured content, else the text parsed as JSON, else the text itself."""
        if self.structured is not None:
            return self.structured
        try:
            return json.loads(self.text)
        except ValueError:
            return self.text

    def object(self) -> dict[str, Any]:
        """:attr:`data` as an object (``{}`` when the server answered something else)."""
        data = self.data
        return data if isinstance(data, dict) else {}


# --- the smart-campaign tools' results ----------------------------------------------------------
class RuleSet(MarketoModel):
    """A smart list's rules with their ids, as the rule tools answer them."""

    smart_list_id: int | None = Field(default=None, alias="smartListId")
    campaign_id: int | None = Field(default=None, alias="campaignId")
    filter_match_type: str = Field(default="all", alias="filterMatchType")
    filter_logic: str | None = Field(
        default=None, alias="filterLogic", description="The expression, for advanced logic."
    )
    triggers: list[SmartListFilter] = Field(default_factory=list)
    filters: list[SmartListFilter] = Field(default_factory=list)


class RuleWritten(RuleSet):
    """The rules after a rule was added or changed, and that rule."""

    kind: RuleKind | None = None
    number: int | None = Field(default=None, description="1-based position among its kind.")
    rule: SmartListFilter


class RulesDeleted(RuleSet):
    deleted: int = 0


class FlowChoice(MarketoModel):
    condition: str
    params: dict[str, str] = Field(default_factory=dict)


class FlowStep(MarketoModel):
    """A flow step: its action, its default choice's params and its "If ... then" choices."""

    id: int | None = None
    position: int | None = None
    action: str
    params: dict[str, str] = Field(default_factory=dict)
    choices: list[FlowChoice] = Field(default_factory=list)


class Flow(MarketoModel):
    campaign_id: int | None = Field(default=None, alias="campaignId")
    flow_id: int | None = Field(default=None, alias="flowId")
    steps: list[FlowStep] = Field(default_factory=list)


class FlowWritten(Flow):
    """The flow after a step was added or changed, and that step."""

    step: FlowStep


class FlowStepType(MarketoModel):
    """A flow step the server can write; ``aliases`` are other names it accepts."""

    id: int | None = None
    name: str
    aliases: list[str] = Field(default_factory=list)


class RuleType(MarketoModel):
    """A trigger or filter the server can write; ``aliases`` are other names it accepts."""

    id: int | None = None
    name: str
    kind: RuleKind | None = None
    category: str | None = Field(default=None, description="For filters: activity or attribute.")
    aliases: list[str] = Field(default_factory=list)


class _Named(Protocol):
    name: str
    aliases: list[str]


NamedT = TypeVar("NamedT", bound=_Named)


def find_type(types: Iterable[NamedT], name: str) -> NamedT | None:
    """The type called ``name`` (or with it among its aliases), case and spacing ignored."""
    wanted = _key(name)
    for candidate in types:
        if wanted in {_key(n) for n in [candidate.name, *candidate.aliases]}:
            return candidate
    return None


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


__all__ = [
    "Flow",
    "FlowChoice",
    "FlowStep",
    "FlowStepType",
    "FlowWritten",
    "RuleKind",
    "RuleSet",
    "RuleType",
    "RuleWritten",
    "RulesDeleted",
    "SmartCampaign",
    "SmartListFilter",
    "SmartListWithRules",
    "ToolInfo",
    "ToolResult",
    "find_type",
]
