"""A faithful Marketo Engage emulator: the embedded default target of the CLI and the tests.

>>> from marketo_ops.sandbox import Sandbox, SandboxConfig
>>> sb = Sandbox(":memory:", SandboxConfig.marketo_defaults())
>>> import httpx
>>> client = httpx.Client(transport=sb.sync_transport(), base_url=sb.base_url)

The same sandbox serves over HTTP with ``marketo-ops sandbox serve``. What the REST API cannot
do (tag types, channels, programs with smart-list rules and flows) goes through ``sb.admin``;
``seed_template(sb, template)`` builds a whole program template that way (``sandbox seed``).
"""

from __future__ import annotations

from .admin import (
    SandboxAdmin,
    SandboxAdminError,
    SeedCampaign,
    SeededProgram,
    SeedEmail,
    SeedProgram,
    SeedToken,
    qualification_rule,
    smart_list_rules,
)
from .config import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    FAULT_KINDS,
    FaultRule,
    SandboxConfig,
    parse_faults,
    parse_latency,
    parse_rate_limit,
)
from .paths import ENV_VAR as DB_ENV_VAR
from .paths import default_db_path
from .sandbox import IN_PROCESS_BASE_URL, Sandbox
from .seeding import seed_template

__all__ = [
    "DB_ENV_VAR",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "FAULT_KINDS",
    "IN_PROCESS_BASE_URL",
    "FaultRule",
    "Sandbox",
    "SandboxAdmin",
    "SandboxAdminError",
    "SandboxConfig",
    "SeedCampaign",
    "SeedEmail",
    "SeedProgram",
    "SeedToken",
    "SeededProgram",
    "default_db_path",
    "parse_faults",
    "parse_latency",
    "parse_rate_limit",
    "qualification_rule",
    "seed_template",
    "smart_list_rules",
]
