"""How a sandbox behaves: credentials, limits, latency and injected faults.

Everything that makes the sandbox harder to talk to is off unless configured, except the
credentials check and token expiry. :meth:`SandboxConfig.marketo_defaults` gives a default
Marketo subscription (100 calls / 20 s, 10 concurrent, 50,000 calls a day). The string parsers at
the bottom are shared by ``marketo-ops sandbox serve`` and anyone building a config from text.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

#: The stable "landing-page domain" of sandbox file URLs (also the in-process base URL).
PUBLIC_URL: Final = "http://sandbox.mktorest.local"

DEFAULT_CLIENT_ID: Final = "sandbox-client-id"
DEFAULT_CLIENT_SECRET: Final = "sandbox-client-secret"

FAULT_KINDS: Final = (
    "604",
    "606",
    "608",
    "611",
    "615",
    "713",
    "719",
    "http502",
    "http503",
    "drop",
    "truncate",
)
"""Injectable faults: Marketo error codes in an envelope (606 and 615 too, to provoke them
without real load), gateway errors with a non-JSON body, a connection dropped right after the
headers, or a body cut in the middle. ``502``/``503`` are accepted for ``http502``/``http503``."""


@dataclass(frozen=True)
class FaultRule:
    """One fault as data: what to inject, how often, and (optionally) on which operations.

    ``operation`` is a Marketo operationId (``createProgramUsingPOST``) or a glob over them
    (``create*``); ``path`` is a glob over the request path (``/rest/asset/v1/program/*``);
    ``method`` restricts to one HTTP method. A rule without any of them matches every call.
    Rules are checked in order with one random draw per call: the first matching rule whose
    share of the draw hits wins, so ``[604 @ 0.1, 608 @ 0.1]`` gives 10 % of each.
    """

    fault: str
    probability: float = 1.0
    operation: str | None = None
    path: str | None = None
    method: str | None = None
    times: int | None = None
    """At most this many injections (e.g. one transient error), then the rule stays quiet."""

    def __post_init__(self) -> None:
        if self.fault in {"502", "503"}:
            object.__setattr__(self, "fault", f"http{self.fault}")
        if self.fault not in FAULT_KINDS:
            raise ValueError(
                f"unknown fault {self.fault!r}; expected one of {', '.join(FAULT_KINDS)}"
            )
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError(f"fault probability must be within 0..1, got {self.probability}")

    def matches(self, method: str, path: str, operation_id: str | None) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is not None and not fnmatch.fnmatchcase(path, self.path):
            return False
        if self.operation is not None:
            return operation_id is not None and fnmatch.fnmatchcase(operation_id, self.operation)
        return True


@dataclass(frozen=True)
class SandboxConfig:
    """The sandbox's knobs. Limits are ``None`` (off) unless set; see :meth:`marketo_defaults`."""

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = field(default=DEFAULT_CLIENT_SECRET, repr=False)
    token_lifetime: int = 3600
    scope: str = "sandbox-api-user@marketo-ops.local"
    rate_limit: tuple[int, float] | None = None
    """(calls, seconds) in a sliding window, answered with 606 past it."""
    concurrency_limit: int | None = None
    """Requests in flight at once, answered with 615 past it."""
    daily_quota: int | None = None
    """Calls per US-Central day, answered with 607 past it."""
    latency: tuple[float, float] | None = None
    """(min_ms, max_ms) added to every API call (equal values: a fixed delay)."""
    faults: dict[str, float] = field(default_factory=dict)
    """{fault kind: rate} applied to every call, after ``fault_rules``."""
    fault_rules: tuple[FaultRule, ...] = ()
    fault_seed: int | None = 0
    validate_responses: bool = False
    """Check every JSON response against the official specs (tests); violations become HTTP 500."""
    public_url: str | None = PUBLIC_URL
    """Scheme and host of the URLs handed out for files, like Marketo's landing-page domain:
    the same whichever host or port a call arrives on (the CLI's loopback server takes a new
    port each run), since those URLs end up in stored HTML. The server answers ``/rs/...`` on
    any host. None: the host each call arrived on."""
    mcp: bool = True
    """Whether the subscription has Marketo's MCP server (``/mcp``); without it, 403 there."""
    mcp_schema_overrides: Mapping[str, Mapping[str, Any] | None] = field(default_factory=dict)
    """Tool name -> the input schema the MCP server lists and checks instead of its own (None:
    the tool is not served), for tests of clients facing a server that differs."""
    request_log: str | None = None
    """A JSON-lines file every API call is appended to (``sandbox serve --log-requests``); the
    newest ``request_log_size`` calls are kept in memory either way (``Sandbox.request_log``)."""
    request_log_size: int = 1000

    def __post_init__(self) -> None:
        for kind, rate in self.faults.items():
            FaultRule(kind, rate)  # validates kind and rate
        if self.rate_limit is not None and (self.rate_limit[0] < 1 or self.rate_limit[1] <= 0):
            raise ValueError("rate_limit must be (calls >= 1, seconds > 0)")
        if self.concurrency_limit is not None and self.concurrency_limit < 1:
            raise ValueError("concurrency_limit must be >= 1")
        if self.latency is not None and not 0 <= self.latency[0] <= self.latency[1]:
            raise ValueError("latency must be (min_ms, max_ms) with 0 <= min_ms <= max_ms")
        if self.request_log_size < 1:
            raise ValueError("request_log_size must be >= 1")

    @classmethod
    def marketo_defaults(cls, **overrides: object) -> SandboxConfig:
        """A default Marketo subscription's limits: 100 calls / 20 s, 10 in flight, 50,000/day."""
        base = cls(rate_limit=(100, 20.0), concurrency_limit=10, daily_quota=50_000)
        return replace(base, **overrides)  # type: ignore[arg-type]

    def describe_behaviour(self) -> list[tuple[str, str]]:
        """(label, text) for each knob that makes this sandbox differ from a quiet one: limits,
        latency and faults, as ``sandbox serve`` and the console announce them."""
        lines: list[tuple[str, str]] = []
        if self.rate_limit is not None:
            calls, seconds = self.rate_limit
            lines.append(("Rate limit", f"{calls} calls / {seconds:g} s (606 past it)"))
        if self.concurrency_limit is not None:
            lines.append(("Concurrency", f"{self.concurrency_limit} in flight (615 past it)"))
        if self.daily_quota is not None:
            lines.append(("Daily quota", f"{self.daily_quota:,} calls (607 past it)"))
        if self.latency is not None:
            low, high = self.latency
            shown = f"{low:g} ms" if low == high else f"{low:g}-{high:g} ms"
            lines.append(("Latency", f"{shown} added to every API call"))
        rules = self.all_fault_rules()
        if rules:
            parts = []
            for rule in rules:
                where = " ".join(
                    f"{key}={value}"
                    for key, value in (
                        ("operation", rule.operation),
                        ("path", rule.path),
                        ("method", rule.method),
                    )
                    if value
                )
                parts.append(
                    f"{rule.fault} {rule.probability:.0%}" + (f" ({where})" if where else "")
                )
            lines.append(("Faults", f"{', '.join(parts)}; seed {self.fault_seed}"))
        return lines

    def all_fault_rules(self) -> tuple[FaultRule, ...]:
        """Targeted rules first, then the blanket ``faults`` rates, in the order given."""
        blanket = tuple(FaultRule(kind, rate) for kind, rate in self.faults.items() if rate > 0)
        return self.fault_rules + blanket


# --- parsers for command-line style values ------------------------------------------------------
def parse_latency(text: str) -> tuple[float, float]:
    """``"150"`` -> (150, 150); ``"50-300"`` -> (50, 300) milliseconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*(?:ms)?\s*", text)
    if not match:
        raise ValueError(f"latency must look like MS or MIN-MAX (milliseconds), got {text!r}")
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) else low
    if high < low:
        raise ValueError(f"latency range {text!r} has its maximum below its minimum")
    return low, high


def parse_rate_limit(text: str) -> tuple[int, float]:
    """``"100/20"`` -> 100 calls per 20 seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*", text)
    if not match or int(match.group(1)) < 1 or float(match.group(2)) <= 0:
        raise ValueError(f"rate limit must look like CALLS/SECONDS, e.g. 100/20, got {text!r}")
    return int(match.group(1)), float(match.group(2))


def parse_faults(text: str) -> dict[str, float]:
    """``"606=0.1,http502=0.05,drop=0.01"`` -> {kind: rate}; a bare code means rate 1.0."""
    faults: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        kind, _, rate_text = item.partition("=")
        kind = kind.strip().lower()
        try:
            rate = float(rate_text) if rate_text.strip() else 1.0
        except ValueError:
            raise ValueError(f"fault rate must be a number in {item!r}") from None
        faults[FaultRule(kind, rate).fault] = rate  # validates and normalises
    return faults
