"""Offline checks of a loaded template: one module per concern, run in a fixed order.

Each check appends findings to a shared context and never raises for bad input, so one run
reports everything. Files are read through the context, once, and a missing file is reported
at the first field that names it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..findings import Finding
from .campaigns import check_campaigns
from .characters import check_characters
from .context import CheckContext
from .files import check_files
from .html import check_content_sections, check_email_templates, check_landing_page_templates
from .names import check_duplicates, check_name_rules
from .prerequisites import check_prerequisites
from .program import check_emails, check_program
from .references import check_asset_references, check_folders, check_text_references
from .variables import check_variables

if TYPE_CHECKING:
    from ..policy import NamingPolicy
    from ..template import ProgramTemplate

Check = Callable[[CheckContext], None]

CHECKS: tuple[Check, ...] = (
    check_variables,
    check_files,
    check_program,
    check_folders,
    check_duplicates,
    check_characters,
    check_name_rules,
    check_asset_references,
    check_email_templates,
    check_landing_page_templates,
    check_content_sections,
    check_text_references,
    check_emails,
    check_campaigns,
    check_prerequisites,
)


def run_checks(template: ProgramTemplate, policy: NamingPolicy | None = None) -> list[Finding]:
    context = CheckContext(template=template, policy=policy)
    for check in CHECKS:
        check(context)
    return context.findings


__all__ = ["CHECKS", "Check", "CheckContext", "run_checks"]
