"""Logging for the SDK, with secrets redacted before any handler sees them.

The logger is ``marketo_ops``. httpx and httpcore log full request URLs, and Marketo's identity
endpoint takes the client secret in the query string, so the same redaction filter is attached to
their loggers too.
"""

from __future__ import annotations

import logging
import re
from typing import Final

logger: Final = logging.getLogger("marketo_ops")

_SECRET_PARAMS = ("client_secret", "access_token", "refresh_token", "client_id")
_SECRET_NAMES = "|".join(_SECRET_PARAMS)
_QUERY_SECRET = re.compile(
    rf"(?P<key>\b(?:{_SECRET_NAMES})\b)"
    r"(?P<sep>=|%3D|\"?\s*:\s*\"?|'\s*:\s*')(?P<value>[^&\s\"',}]+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<key>\bBearer\s+)(?P<value>[A-Za-z0-9._~+/=:-]+)", re.IGNORECASE)
_AUTH_HEADER = re.compile(
    r"(?P<key>['\"]?authorization['\"]?\s*[:=]\s*['\"]?)(?P<value>[^'\"\n,}]+)", re.IGNORECASE
)

_MCP_HEADER = re.compile(  # the credentials headers of Marketo's MCP server
    r"(?P<key>\bx-marketo-client-(?:secret|id)['\"]?\s*[:=]\s*['\"]?)(?P<value>[^'\"\s,}]+)",
    re.IGNORECASE,
)

REDACTED: Final = "***"


def redact(text: str) -> str:
    """Remove client secrets, client ids and access tokens from any text (URLs, headers, JSON)."""
    text = _QUERY_SECRET.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m['key']}{REDACTED}", text)
    text = _MCP_HEADER.sub(lambda m: f"{m['key']}{REDACTED}", text)
    return _BEARER.sub(lambda m: f"{m['key']}{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with secrets removed; attached to every logger we touch."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_FILTER: Final = RedactingFilter()
_PROTECTED = ("marketo_ops", "httpx", "httpcore", "httpx2", "httpcore2", "mcp")


def install_redaction() -> None:
    """Attach the redaction filter to our logger and to httpx's (idempotent)."""
    for name in _PROTECTED:
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)


_DEBUG_HANDLERS: list[logging.Handler] = []


def configure_debug_logging(level: int = logging.DEBUG) -> None:
    """Log SDK calls to standard error (used by ``--debug``); redaction stays on."""
    install_redaction()
    for name in ("marketo_ops", "httpx"):
        log = logging.getLogger(name)
        for old in _DEBUG_HANDLERS:
            log.removeHandler(old)
    _DEBUG_HANDLERS.clear()
    handler = logging.StreamHandler()
    handler.addFilter(_FILTER)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    _DEBUG_HANDLERS.append(handler)
    for name in ("marketo_ops", "httpx"):
        log = logging.getLogger(name)
        log.setLevel(level)
        log.addHandler(handler)


install_redaction()
