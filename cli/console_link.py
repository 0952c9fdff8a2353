"""The sandbox console's page of an imported program, for ``import`` and ``verify`` to print.

Only a sandbox served by ``marketo-ops sandbox serve`` has a console someone can open: the
embedded sandbox's port is gone when the command ends, and Marketo has none. A target on this
machine (loopback) is asked once for its console page, outside the API and its quota.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .target import Target

if TYPE_CHECKING:
    from marketo_ops import Marketo

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def program_page(target: Target, client: Marketo, program_id: int | None) -> str | None:
    """The console URL of the program, when the target is a served sandbox; else None."""
    if program_id is None or target.is_sandbox:
        return None
    base = client.base_url
    if urlsplit(base).hostname not in _LOOPBACK:
        return None
    import httpx

    from marketo_ops.sandbox.console import console_url, program_url

    try:
        answer = httpx.get(console_url(base), timeout=1.0, follow_redirects=False)
    except httpx.HTTPError:
        return None
    if answer.status_code != 200 or "marketo-ops sandbox" not in answer.text:
        return None
    return program_url(base, program_id)
