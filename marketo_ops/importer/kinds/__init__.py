"""The asset kinds the importer knows, in apply order: one module each, one typed table.

``KINDS[AssetKind.EMAIL]`` is the :class:`~.base.Kind` of emails: its read, plan, prepare,
apply, checks and rollback functions. The engine walks this table; nothing dispatches on names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from ..model import KIND_ORDER, AssetKind
from .base import Kind
from .email import EMAIL
from .email_template import EMAIL_TEMPLATE
from .file import FILE
from .folder import FOLDER
from .landing_page import LANDING_PAGE
from .landing_page_template import LANDING_PAGE_TEMPLATE
from .prerequisite import LEAD_FIELD
from .program import PROGRAM_KIND
from .smart_campaign import SMART_CAMPAIGN
from .snippet import SNIPPET
from .token import TOKEN

_ALL: Final = (
    LEAD_FIELD,
    FILE,
    EMAIL_TEMPLATE,
    LANDING_PAGE_TEMPLATE,
    SNIPPET,
    PROGRAM_KIND,
    FOLDER,
    TOKEN,
    EMAIL,
    LANDING_PAGE,
    SMART_CAMPAIGN,
)

KINDS: Final[Mapping[AssetKind, Kind]] = MappingProxyType(
    {kind.kind: kind for kind in sorted(_ALL, key=lambda k: KIND_ORDER.index(k.kind))}
)

if set(KINDS) != set(AssetKind):  # pragma: no cover - a kind without its module
    missing = ", ".join(sorted(k.value for k in set(AssetKind) - set(KINDS)))
    raise ImportError(f"asset kinds without a module: {missing}")

__all__ = ["KINDS", "Kind"]
