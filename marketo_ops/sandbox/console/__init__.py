"""The sandbox's read-only web console: the instance as an admin sees Marketo.

Served by the sandbox itself at ``/`` (redirecting to ``/console/``), from the same store:
the Marketing Activities and Design Studio trees, program and campaign pages, email and
landing-page previews with tokens filled, and the request log. Nothing in it writes.

The URL builders below are what the command line prints after an import; they are cheap to
import (no web framework is loaded until the console serves its first page)::

    >>> program_url("http://127.0.0.1:8787", 1002)
    'http://127.0.0.1:8787/console/programs/1002'
"""

from __future__ import annotations

from typing import Final

PREFIX: Final = "/console"


def serves(path: str) -> bool:
    """Whether a request path is the console's (Marketo's API never uses these paths)."""
    return path in {"/", PREFIX} or path.startswith(PREFIX + "/")


def _url(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{PREFIX}/{path}"


def console_url(base_url: str) -> str:
    """The console's home page (Marketing Activities) of a sandbox served at ``base_url``."""
    return _url(base_url, "")


def program_url(base_url: str, program_id: int) -> str:
    """A program's page: folders, My Tokens, emails, smart campaigns."""
    return _url(base_url, f"programs/{int(program_id)}")


def campaign_url(base_url: str, campaign_id: int) -> str:
    """A smart campaign's page: smart list (triggers, filters, logic), flow, qualification."""
    return _url(base_url, f"campaigns/{int(campaign_id)}")


def email_url(base_url: str, email_id: int) -> str:
    """An email's page: headers and a preview with tokens filled, its template beside it."""
    return _url(base_url, f"emails/{int(email_id)}")


def landing_page_url(base_url: str, page_id: int) -> str:
    return _url(base_url, f"landing-pages/{int(page_id)}")


def requests_url(base_url: str) -> str:
    """The request log: the last API calls with operation, status, Marketo code, duration."""
    return _url(base_url, "requests")


__all__ = [
    "PREFIX",
    "campaign_url",
    "console_url",
    "email_url",
    "landing_page_url",
    "program_url",
    "requests_url",
    "serves",
]
