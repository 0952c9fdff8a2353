"""Where Marketo's MCP server is and how to authenticate to it, from a client's settings.

Adobe's server takes the REST credentials in headers: ``X-Marketo-Client-Id``,
``X-Marketo-Client-Secret`` and ``X-Marketo-Munchkin-Id`` (or an IMS bearer token with
``x-gw-ims-org-id``). The munchkin id is read from the base URL (``https://123-ABC-456.
mktorest.com``), or from ``MARKETO_MUNCHKIN_ID`` when the base URL does not show it (a proxy, a
served sandbox); a client of a sandbox uses the sandbox's, its in-process transport when the
client is in-process, and the sandbox's ``/mcp`` unless ``mcp_url`` says otherwise. The secret
and the token stay :class:`~pydantic.SecretStr` until the headers are built for a request.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from pydantic import SecretStr

from ..config import ENV_MUNCHKIN_ID
from ..errors import ConfigurationError

if TYPE_CHECKING:
    from ..client import _ClientBase

_MUNCHKIN_HOST: Final = re.compile(r"^(\d{3}-[a-z]{3}-\d{3})\.mktorest\.com$", re.IGNORECASE)


def munchkin_from_base_url(base_url: str) -> str | None:
    """``https://123-abc-456.mktorest.com`` -> ``123-ABC-456``; None for other hosts."""
    match = _MUNCHKIN_HOST.match(urlsplit(base_url).hostname or "")
    return match.group(1).upper() if match else None


@dataclass(frozen=True)
class MCPCredentials:
    """What Adobe's MCP server authenticates a call with (never shown in a repr)."""

    munchkin_id: str | None
    client_id: str = field(repr=False)
    client_secret: SecretStr = field(repr=False)
    bearer_token: SecretStr | None = field(default=None, repr=False)
    ims_org_id: str | None = None

    def headers(self) -> dict[str, str]:
        if self.munchkin_id is None:
            raise ConfigurationError(
                "Marketo's MCP server needs the instance's munchkin id, which the base URL does"
                " not show: use a base URL like https://123-ABC-456.mktorest.com or set"
                f" {ENV_MUNCHKIN_ID}"
            )
        headers = {"X-Marketo-Munchkin-Id": self.munchkin_id}
        if self.bearer_token is not None:
            headers["Authorization"] = f"Bearer {self.bearer_token.get_secret_value()}"
            if self.ims_org_id:
                headers["x-gw-ims-org-id"] = self.ims_org_id
            return headers
        headers["X-Marketo-Client-Id"] = self.client_id
        headers["X-Marketo-Client-Secret"] = self.client_secret.get_secret_value()
        return headers


@dataclass(frozen=True)
class MCPTarget:
    """One MCP server: its URL, the credentials, and (for an in-process sandbox) the transport."""

    url: str
    credentials: MCPCredentials
    timeout: float = 30.0
    transport: Any = field(default=None, repr=False, compare=False)
    """An ``httpx2.AsyncBaseTransport`` instead of the network (the sandbox's in-process face)."""

    def __post_init__(self) -> None:
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise ConfigurationError(f"mcp_url must be an http(s) URL, got {self.url!r}")


def target_of(client: _ClientBase[Any, Any]) -> MCPTarget | None:
    """The MCP server of a REST client, or None when it has none configured."""
    settings = client.settings
    url = settings.mcp_url
    munchkin = munchkin_from_base_url(settings.base_url) or os.environ.get(ENV_MUNCHKIN_ID)
    transport = None
    sandbox = client.sandbox_instance
    if sandbox is not None:
        munchkin = sandbox.munchkin_id
        if url is None:
            url = settings.base_url + "/mcp"
        if settings.base_url == sandbox.base_url and url.startswith(sandbox.base_url + "/"):
            transport = sandbox.mcp_transport()
    if url is None:
        return None
    credentials = MCPCredentials(munchkin, settings.client_id, settings.client_secret)
    return MCPTarget(url, credentials, settings.timeout, transport)
