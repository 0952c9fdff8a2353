"""HTTP handlers, one module per API area; importing the package registers every operation.

The asset API and identity register into :data:`~marketo_ops.sandbox.routing.REGISTRY`; the lead
database, bulk and User Management areas into :data:`._leaddb.LEAD_DB`. :func:`registry`
assembles both into the table the app routes with, and wraps every counted operation so that
the call log behind ``/rest/v1/stats`` sees each call a handler answers (and its error code).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from starlette.responses import Response

from .. import errors
from ..context import Ctx
from ..domain import usage as call_log
from ..routing import REGISTRY, HandlerResult, Registry
from . import (
    activities,
    bulk,
    campaigns,
    catalog,
    dynamic_content,
    email_modules,
    email_templates,
    emails,
    files,
    folders,
    forms,
    identity,
    landing_page_content,
    landing_page_templates,
    landing_pages,
    lead_campaigns,
    lead_lists,
    leads,
    lists,
    objects,
    program_members,
    programs,
    snippets,
    stats,
    users,
    v2_assets,
)
from ._leaddb import LEAD_DB

__all__ = [
    "activities",
    "bulk",
    "campaigns",
    "catalog",
    "dynamic_content",
    "email_modules",
    "email_templates",
    "emails",
    "files",
    "folders",
    "forms",
    "identity",
    "landing_page_content",
    "landing_page_templates",
    "landing_pages",
    "lead_campaigns",
    "lead_lists",
    "leads",
    "lists",
    "objects",
    "program_members",
    "programs",
    "registry",
    "snippets",
    "stats",
    "users",
    "v2_assets",
]


def _logged(handler: Callable[[Ctx], HandlerResult]) -> Callable[[Ctx], HandlerResult]:
    """Count the call in the usage log: a success, or the Marketo (or HTTP) error it got."""

    def run(ctx: Ctx) -> HandlerResult:
        try:
            result = handler(ctx)
        except errors.ApiError as failure:
            call_log.log(ctx.store, ctx.config.scope, str(failure.code))
            raise
        except OverflowError:
            call_log.log(ctx.store, ctx.config.scope, "1003")
            raise
        except Exception:
            call_log.log(ctx.store, ctx.config.scope, "611")
            raise
        code = ""
        if isinstance(result, Response) and result.status_code >= 400:
            code = str(result.status_code)
        call_log.log(ctx.store, ctx.config.scope, code)
        return result

    return run


def registry() -> Registry:
    """The operation table of every handler module above, with call logging."""
    assembled = Registry()
    for op in (*REGISTRY.operations, *LEAD_DB.operations):
        logged = dataclasses.replace(op, handler=_logged(op.handler)) if op.counted else op
        assembled.add(logged)
    return assembled
