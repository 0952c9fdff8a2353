"""The sandbox's ASGI application: routing, then an ordered middleware chain, then handlers.

Chain: route (610 unknown path, 605 wrong method) -> request log -> auth (600/601/602) -> limits
(615/606/607) -> latency -> faults -> [response validation] -> dispatch (body parsing, 609/612/
613, handler, envelope). One instance serves both faces: in-process transports and uvicorn.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .._clock import Clock
from . import errors
from .config import SandboxConfig
from .console import serves as console_serves
from .context import Ctx
from .domain import files as file_domain
from .envelope import (
    USER_API_PREFIX,
    Envelope,
    JSONBody,
    RequestIds,
    error_response,
    success_body,
    user_error_response,
)
from .faults import CutResponse, FaultInjector, envelope_error, gateway_page
from .handlers import registry as full_registry
from .limits import Limits
from .mcp import is_mcp_path
from .params import Params, read_form
from .requestlog import RequestLog
from .routing import Operation, Registry
from .store.db import Store

logger = logging.getLogger("marketo_ops.sandbox")
_FORM_TYPES: Final = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_FORM_LIMITS: Final[dict[str, int]] = {
    "max_files": 20,
    "max_fields": 2000,
    "max_part_size": 10 * 1024 * 1024,
}


@dataclass
class Call:
    """One HTTP call travelling through the chain."""

    request: Request
    request_id: str
    operation: Operation
    path_params: dict[str, str]
    state: dict[str, Any] = field(default_factory=dict)


Next = Callable[[Call], Awaitable[Response]]
Middleware = Callable[[Call, Next], Awaitable[Response]]


class SandboxApp:
    """ASGI callable. Build it through :class:`marketo_ops.sandbox.Sandbox`."""

    def __init__(
        self,
        store: Store,
        config: SandboxConfig,
        clock: Clock,
        registry: Registry | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.registry = registry if registry is not None else full_registry()
        self.limits = Limits(config, clock)
        self.faults = FaultInjector(config.all_fault_rules(), config.fault_seed)
        self.request_ids = RequestIds(clock)
        self._latency_rng = random.Random(config.fault_seed)
        self.validator: Any = None
        self.mcp: ASGIApp | None = None
        """``/mcp`` (Marketo's MCP server), attached by :class:`~marketo_ops.sandbox.Sandbox`."""
        if config.validate_responses:
            from .contract import ResponseValidator

            self.validator = ResponseValidator()
        self.request_log = RequestLog(
            config.request_log_size, config.request_log, clock=clock, secrets=[config.client_secret]
        )
        chain: list[Middleware] = [
            self.request_log.step,
            self.authenticate,
            self.limit,
            self.delay,
            self.inject_faults,
        ]
        if self.validator is not None:
            chain.append(self.validate)
        self._entry = self._build(chain)
        self._console: ASGIApp | None = None

    # --- ASGI -----------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        if self.mcp is not None and is_mcp_path(scope["path"]):
            await self.mcp(scope, receive, send)
            return
        if console_serves(scope["path"]):
            await self.console(scope, receive, send)
            return
        request = Request(scope, receive)
        response = await self.respond(request)
        await response(scope, receive, send)

    @property
    def console(self) -> ASGIApp:
        """The read-only web console at ``/`` (built on first use: most sandboxes never show it)."""
        if self._console is None:
            from .console.web import create_console

            self._console = create_console(self.store, self.config, self.request_log)
        return self._console

    async def respond(self, request: Request) -> Response:
        request_id = self.request_ids.next()
        path = request.url.path
        if request.method == "GET" and path.startswith(file_domain.PUBLIC_PREFIX):
            return self._public_file(path)
        op, path_params, path_known = self.registry.match(request.method, path)
        tunnelled = await self._tunnelled_get(request, path)
        if tunnelled is not None:
            op, path_params = tunnelled
        if op is None:
            started = time.perf_counter()
            error = errors.method_not_supported() if path_known else errors.not_found_resource()
            if path.startswith(USER_API_PREFIX):
                response = user_error_response(error)
            else:
                response = error_response(request_id, error)
            self.request_log.record(
                request, response, request_id=request_id, operation=None, started=started
            )
            return response
        return await self._entry(Call(request, request_id, op, path_params))

    async def _tunnelled_get(
        self, request: Request, path: str
    ) -> tuple[Operation, dict[str, str]] | None:
        """``POST`` + ``_method=GET`` (in the query string or a form body) is the GET.

        Marketo's error-code guide: a GET whose URI would pass 8 KB (414) is sent "as a POST
        with param _method=GET in the URL, and the rest of the query string in the body";
        clients such as node-marketo-rest send ``_method=GET`` in the form body too. Every GET
        operation answers it, with the body's fields read like query parameters.
        """
        if request.method != "POST":
            return None
        op, path_params, _ = self.registry.match("GET", path)
        if op is None:
            return None
        if request.query_params.get("_method", "").upper() == "GET":
            return op, path_params
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in _FORM_TYPES:
            return None
        await request.body()  # kept, so a body that does not parse fails the same way later
        try:
            form = await request.form(**_FORM_LIMITS)
        except Exception:
            return None  # dispatch answers the body's problem (612/613) for the POST
        method = form.get("_method")
        if isinstance(method, str) and method.upper() == "GET":
            return op, path_params
        return None

    def _build(self, chain: list[Middleware]) -> Next:
        handler: Next = self.dispatch
        for middleware in reversed(chain):
            handler = _bind(middleware, handler)
        return handler

    # --- middleware -----------------------------------------------------------------------------
    async def authenticate(self, call: Call, next_: Next) -> Response:
        if not call.operation.authenticated:
            return await next_(call)
        header = call.request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            # The access_token query parameter is no longer accepted: Adobe removed it.
            return self._error(call, errors.token_missing())
        found = self.store.access_token(token)
        if found is None or found[0] != self.config.client_id:
            return self._error(call, errors.token_invalid())
        if found[1] <= self.clock.time():
            return self._error(call, errors.token_expired())
        return await next_(call)

    async def limit(self, call: Call, next_: Next) -> Response:
        if not call.operation.counted:
            return await next_(call)
        refused = self.limits.admit()
        if refused is not None:
            return self._error(call, refused)
        try:
            return await next_(call)
        finally:
            self.limits.release()

    async def delay(self, call: Call, next_: Next) -> Response:
        latency = self.config.latency
        if latency is not None and call.operation.counted:
            low, high = latency
            milliseconds = low if low == high else self._latency_rng.uniform(low, high)
            if milliseconds > 0:
                # Real time on purpose: latency exists to make concurrent calls overlap.
                await asyncio.sleep(milliseconds / 1000)
        return await next_(call)

    async def inject_faults(self, call: Call, next_: Next) -> Response:
        op = call.operation
        if not op.counted:
            return await next_(call)
        fault = self.faults.pick(call.request.method, call.request.url.path, op.operation_id)
        if fault is None:
            return await next_(call)
        call.state["fault"] = fault
        if fault in {"http502", "http503"}:
            return gateway_page(fault)
        if fault == "drop":
            return CutResponse(
                b'{"requestId":"' + call.request_id.encode() + b'","success":true}', keep=0
            )
        if fault == "truncate":
            response = await next_(call)
            return CutResponse(
                bytes(response.body), keep=len(response.body) // 2, status_code=response.status_code
            )
        return self._error(call, envelope_error(fault))

    async def validate(self, call: Call, next_: Next) -> Response:
        response = await next_(call)
        if isinstance(response, JSONBody):
            problems = self.validator.problems(call.operation, response.body_json)
            if problems:
                message = (
                    f"sandbox response violates the spec for {call.operation.operation_id}:\n"
                    + "\n".join(problems)
                )
                logger.error(message)
                return Response(message, status_code=500, media_type="text/plain")
        return response

    # --- dispatch -------------------------------------------------------------------------------
    async def dispatch(self, call: Call) -> Response:
        try:
            params = await self._params(call)
            ctx = Ctx(
                store=self.store,
                clock=self.clock,
                config=self.config,
                params=params,
                request_id=call.request_id,
                operation=call.operation,
                base_url=self.config.public_url
                or f"{call.request.url.scheme}://{call.request.url.netloc}",
                headers=call.request.headers,
            )
            result = call.operation.handler(ctx)
        except errors.ApiError as error:
            return self._error(call, error)
        except OverflowError:
            # A number past 64 bits reached the store (inside a JSON field, a filter list...):
            # no Marketo id is that large, so it is invalid data, not a system error.
            return self._error(call, errors.out_of_range())
        except Exception:
            logger.exception("sandbox handler failed for %s", call.operation.operation_id)
            return self._error(call, errors.ApiError(611, "System error"))
        if isinstance(result, Response):
            return result
        envelope = result if isinstance(result, Envelope) else Envelope(result=list(result))
        return JSONBody(success_body(call.request_id, envelope))

    async def _params(self, call: Call) -> Params:
        """Path, query and body parameters; 613/612/609 for bodies Marketo would refuse."""
        request = call.request
        query = request.query_params
        if request.method in {"GET", "HEAD", "DELETE"}:
            return Params(call.path_params, query)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in _FORM_TYPES:
            try:
                form = await request.form(**_FORM_LIMITS)
            except Exception:
                if content_type == "multipart/form-data":
                    raise errors.invalid_multipart() from None
                raise errors.invalid_content_type() from None
            fields, files = await read_form(form)
            return Params(call.path_params, query, fields, files)
        body = await request.body()
        if not body.strip():
            return Params(call.path_params, query)
        if call.operation.body != "json" or content_type != "application/json":
            # Asset endpoints take form bodies only; lead-database ones JSON only.
            raise errors.invalid_content_type()
        try:
            payload = json.loads(body)
        except ValueError:
            raise errors.invalid_json() from None
        return Params(call.path_params, query, json_body=payload)

    def _error(self, call: Call, error: errors.ApiError) -> Response:
        """Marketo's error envelope, or the User Management API's own error shape."""
        if call.operation.spec == "user":
            return user_error_response(error)
        return error_response(call.request_id, error)

    def _public_file(self, path: str) -> Response:
        """Files' public URLs (``/rs/sandbox/images/<name>``), as landing pages would load them."""
        name = unquote(path[len(file_domain.PUBLIC_PREFIX) :])
        rows = self.store.find("file", name=name)
        if not rows:
            return Response("Not Found", status_code=404, media_type="text/plain")
        row = rows[0]
        return Response(file_domain.content_of(row), media_type=str(row.data.get("mimeType")))


def _bind(middleware: Middleware, next_: Next) -> Next:
    async def bound(call: Call) -> Response:
        return await middleware(call, next_)

    return bound
