"""HTTP handlers, one module per API area; importing the package registers every operation.

Later API areas (lead database, lists, program members, activities, custom objects, bulk jobs)
add modules here and import them below.
"""

from __future__ import annotations

from ..routing import REGISTRY, Registry
from . import (
    campaigns,
    catalog,
    email_templates,
    emails,
    files,
    folders,
    identity,
    landing_page_content,
    landing_page_templates,
    landing_pages,
    lists,
    programs,
    snippets,
)

__all__ = [
    "campaigns",
    "catalog",
    "email_templates",
    "emails",
    "files",
    "folders",
    "identity",
    "landing_page_content",
    "landing_page_templates",
    "landing_pages",
    "lists",
    "programs",
    "registry",
    "snippets",
]


def registry() -> Registry:
    """The operation table, with every handler module above registered in it."""
    return REGISTRY
