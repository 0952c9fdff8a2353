"""A client for Marketo's MCP server (smart-list rules and flow steps by API), on the official
``mcp`` package.

Marketo's REST API cannot write a smart campaign's triggers, filters or flow steps; Adobe's
MCP server (``https://marketo-mcp.adobe.io/mcp``) can. ``client.mcp`` reaches it with the REST
client's credentials (``mcp_url`` in the profile, or ``MARKETO_MCP_URL``; a sandbox client has
one built in) and its shared limiter, and counts tool calls in ``client.stats`` like REST calls.

>>> with Marketo.sandbox() as client:
...     client.mcp.available()
...     client.mcp.get_smart_campaign_flow_step_types()

Modules: ``target`` (URL, munchkin id, credentials), ``calls`` (typed tool calls), ``types``
(results), ``errors`` (mapping to the SDK's errors), ``schema`` (jsonschema checks),
``connection`` (the ``mcp`` session), ``core`` (limiter, stats, retries on a loop thread),
``facade`` (``MarketoMCP`` / ``AsyncMarketoMCP``), ``link`` (shared by a client's copies).
Loading this package does not load the ``mcp`` package: the first call does.
"""

from __future__ import annotations

from . import calls
from .calls import ToolCall
from .facade import AsyncMarketoMCP, MarketoMCP
from .link import MCPLink
from .target import MCPCredentials, MCPTarget, munchkin_from_base_url
from .types import (
    Flow,
    FlowChoice,
    FlowStep,
    FlowStepType,
    FlowWritten,
    RuleKind,
    RulesDeleted,
    RuleSet,
    RuleType,
    RuleWritten,
    ToolInfo,
    ToolResult,
    find_type,
)

__all__ = [
    "AsyncMarketoMCP",
    "Flow",
    "FlowChoice",
    "FlowStep",
    "FlowStepType",
    "FlowWritten",
    "MCPCredentials",
    "MCPLink",
    "MCPTarget",
    "MarketoMCP",
    "RuleKind",
    "RuleSet",
    "RuleType",
    "RuleWritten",
    "RulesDeleted",
    "ToolCall",
    "ToolInfo",
    "ToolResult",
    "calls",
    "find_type",
    "munchkin_from_base_url",
]
