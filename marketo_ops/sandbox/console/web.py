"""The console's Starlette app: routes, templates, and the headers that keep it read-only and inert.

* Only GET (and HEAD) routes exist, so any other method is refused with 405: nothing writes.
* Templates are Jinja with autoescape on for every file, so an asset named
  ``<script>alert(1)</script>`` is text wherever it appears.
* Console pages carry a CSP without any script source: the console runs no JavaScript at all.
* Previews (an email's or landing page's HTML, a template's) are separate responses shown in
  ``<iframe sandbox>`` and served with a CSP whose ``sandbox`` directive gives them an opaque
  origin and no scripts even when opened directly, so their HTML cannot reach the console.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, unquote_plus, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..config import SandboxConfig
from ..domain import files as file_domain
from ..requestlog import RequestLog
from ..store.db import Row, Store
from ..store.seed import DESIGN_STUDIO, MARKETING_ACTIVITIES
from . import PREFIX, outline, views
from .personalize import sample_person, with_public_files

CONSOLE_CSP: Final = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PREVIEW_CSP: Final = (
    "sandbox; default-src 'none'; img-src * data: blob:; style-src * 'unsafe-inline'; "
    "font-src * data:; media-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
_COMMON_HEADERS: Final = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
SEEDED_BADGE: Final = (
    '<span class="badge seeded" title="Built by &#39;marketo-ops sandbox seed&#39;'
    ' (the sandbox&#39;s admin surface), not through the API">sandbox seed</span>'
)
REQUESTS_SHOWN: Final = 200
"""Request-log rows shown unless the page asks for another number."""

_LINKED_KINDS: Final = {
    "program": "programs",
    "smart_campaign": "campaigns",
    "email": "emails",
    "landing_page": "landing-pages",
    "email_template": "email-templates",
    "lp_template": "lp-templates",
}


def href(kind: str, asset_id: int, name: str = "") -> str | None:
    """The console page of an asset (a file: its public URL), or None when it has none."""
    if kind == "file":
        return file_domain.url_for("", name)
    section = _LINKED_KINDS.get(kind)
    return f"{PREFIX}/{section}/{asset_id}" if section else None


def anchor(kind: str, asset_id: int, name: str) -> Markup:
    """An asset's name linking to its page, escaped with markupsafe as the templates escape."""
    target = href(kind, asset_id, name)
    if target is None:
        return Markup(f'<span class="name">{escape(name)}</span>')
    return Markup(f'<a href="{escape(target)}">{escape(name)}</a>')


def badges(status: list[str], mark: str | None = None, seeded: bool = False) -> Markup:
    """Status badges, the marketo-ops import mark, and the sandbox-seed mark of a program.

    Functions rather than template macros: a 1,000-asset tree calls them for every line, and a
    Jinja macro call (or ``Markup.format``) costs several times an f-string of escaped parts."""
    html = "".join(
        f'<span class="badge status-{escape(item.replace(" ", "-"))}">{escape(item)}</span>'
        for item in status
    )
    if mark:
        shown = escape(mark)
        html += (
            f'<span class="badge mark" title="Imported by marketo-ops from template {shown}">'
            f"marketo-ops: {shown}</span>"
        )
    if seeded:
        html += SEEDED_BADGE
    return Markup(html)


def shown_time(epoch: float) -> str:
    """``2026-11-23 10:15 UTC``: the console's dates, in one zone whatever the browser's."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


def readable_path(path: str) -> str:
    """A logged path with its escapes decoded, the way a person reads a query string."""
    head, mark, query = path.partition("?")
    return unquote(head) + mark + unquote_plus(query)


def with_query(path: str, **params: Any) -> str:
    """``path`` with the non-empty parameters as a query string."""
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


class Console:
    """The console of one sandbox: reads its store, config and request log."""

    def __init__(self, store: Store, config: SandboxConfig, request_log: RequestLog) -> None:
        self.store = store
        self.config = config
        self.request_log = request_log
        self.env = Environment(
            loader=PackageLoader("marketo_ops.sandbox.console", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters["when"] = shown_time
        self.env.filters["readable"] = readable_path
        self.env.globals.update(
            href=href,
            anchor=anchor,
            badges=badges,
            with_query=with_query,
            prefix=PREFIX,
            behaviour=config.describe_behaviour(),
        )
        static = Path(__file__).with_name("static")
        self.app = Starlette(
            routes=[
                Route("/", self.home_redirect, methods=["GET"]),
                Route(PREFIX, self.home_redirect, methods=["GET"]),
                Route(f"{PREFIX}/", self.marketing_activities, methods=["GET"]),
                Route(f"{PREFIX}/design-studio", self.design_studio, methods=["GET"]),
                Route(f"{PREFIX}/programs/{{id:int}}", self.program, methods=["GET"]),
                Route(f"{PREFIX}/campaigns/{{id:int}}", self.campaign, methods=["GET"]),
                Route(f"{PREFIX}/emails/{{id:int}}", self.email, methods=["GET"]),
                Route(f"{PREFIX}/emails/{{id:int}}/preview", self.email_body, methods=["GET"]),
                Route(f"{PREFIX}/landing-pages/{{id:int}}", self.page, methods=["GET"]),
                Route(
                    f"{PREFIX}/landing-pages/{{id:int}}/preview", self.page_body, methods=["GET"]
                ),
                Route(
                    f"{PREFIX}/email-templates/{{id:int}}",
                    self.template_page("email_template"),
                    methods=["GET"],
                ),
                Route(
                    f"{PREFIX}/email-templates/{{id:int}}/preview",
                    self.template_body("email_template"),
                    methods=["GET"],
                ),
                Route(
                    f"{PREFIX}/lp-templates/{{id:int}}",
                    self.template_page("lp_template"),
                    methods=["GET"],
                ),
                Route(
                    f"{PREFIX}/lp-templates/{{id:int}}/preview",
                    self.template_body("lp_template"),
                    methods=["GET"],
                ),
                Route(f"{PREFIX}/requests", self.requests, methods=["GET"]),
                Mount(f"{PREFIX}/static", StaticFiles(directory=static), name="static"),
            ],
            exception_handlers={HTTPException: self.error_page},
        )

    # --- responses ------------------------------------------------------------------------------
    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        headers = {**_COMMON_HEADERS, "Content-Security-Policy": CONSOLE_CSP}
        return HTMLResponse(html, status_code=status_code, headers=headers)

    def preview(self, request: Request, html: str) -> HTMLResponse:
        base = f"{request.url.scheme}://{request.url.netloc}"
        body = with_public_files(html, self.config.public_url, base)
        headers = {**_COMMON_HEADERS, "Content-Security-Policy": PREVIEW_CSP}
        return HTMLResponse(body, headers=headers)

    async def error_page(self, request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):
            # Registered for HTTPException only; anything else goes on to the server-error answer.
            raise exc
        return self.render(
            "error.html",
            status_code=exc.status_code,
            title=str(exc.status_code),
            area="",
            detail=exc.detail,
        )

    def _row(self, kind: str, asset_id: int) -> Row:
        row = self.store.get(kind, asset_id)
        if row is None:
            raise HTTPException(404, f"There is no {kind.replace('_', ' ')} with id {asset_id}.")
        return row

    # --- pages ----------------------------------------------------------------------------------
    async def home_redirect(self, request: Request) -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=307)

    async def marketing_activities(self, request: Request) -> Response:
        return self._area(MARKETING_ACTIVITIES, "ma")

    async def design_studio(self, request: Request) -> Response:
        return self._area(DESIGN_STUDIO, "ds")

    def _area(self, area: str, key: str) -> Response:
        workspaces = outline.load(self.store, area)
        return self.render("area.html", title=area, area=key, workspaces=workspaces)

    async def program(self, request: Request) -> Response:
        row = self._row("program", request.path_params["id"])
        page = views.program_page(self.store, row)
        return self.render("program.html", title=row.name, area="ma", page=page)

    async def campaign(self, request: Request) -> Response:
        row = self._row("smart_campaign", request.path_params["id"])
        page = views.campaign_page(self.store, row)
        return self.render("campaign.html", title=row.name, area="ma", page=page)

    async def email(self, request: Request) -> Response:
        row = self._row("email", request.path_params["id"])
        status, person, wanted = self._preview_params(request)
        page, _ = views.email_preview(self.store, row, status, person)
        return self._preview_page(request, "emails", page, wanted, person)

    async def email_body(self, request: Request) -> Response:
        row = self._row("email", request.path_params["id"])
        status, person, _ = self._preview_params(request)
        _, html = views.email_preview(self.store, row, status, person)
        if html is None:
            raise HTTPException(404, f"Email {row.id} has no {status or 'current'} version.")
        return self.preview(request, html)

    async def page(self, request: Request) -> Response:
        row = self._row("landing_page", request.path_params["id"])
        _, person, wanted = self._preview_params(request)
        page, _ = views.page_preview(self.store, row, person)
        return self._preview_page(request, "landing-pages", page, wanted, person)

    async def page_body(self, request: Request) -> Response:
        row = self._row("landing_page", request.path_params["id"])
        _, person, _ = self._preview_params(request)
        _, html = views.page_preview(self.store, row, person)
        if html is None:
            raise HTTPException(404, f"Landing page {row.id} has no content.")
        return self.preview(request, html)

    def _preview_params(self, request: Request) -> tuple[str | None, Any, str | None]:
        """The version asked for, the sample person (None if absent or unknown), the raw id."""
        status = request.query_params.get("status", "").strip().lower()
        wanted = request.query_params.get("lead", "").strip() or None
        person = sample_person(self.store, int(wanted)) if wanted and wanted.isdigit() else None
        return (status if status in {"approved", "draft"} else None), person, wanted

    def _preview_page(
        self, request: Request, section: str, page: views.Preview, wanted: str | None, person: Any
    ) -> Response:
        base = f"{PREFIX}/{section}/{page.row.id}"
        preview_src = with_query(
            f"{base}/preview", status=page.status, lead=person.id if person else None
        )
        missing = wanted is not None and person is None
        return self.render(
            "preview.html",
            title=page.row.name,
            area="ma" if page.row.program_id is not None else "ds",
            page=page,
            base=base,
            preview_src=preview_src,
            missing_person=wanted if missing else None,
        )

    def template_page(self, kind: str) -> Any:
        async def show(request: Request) -> Response:
            row = self._row(kind, request.path_params["id"])
            status = request.query_params.get("status", "").strip().lower() or None
            picked = views.template_html(row, status if status in {"approved", "draft"} else None)
            section = "email-templates" if kind == "email_template" else "lp-templates"
            src = with_query(
                f"{PREFIX}/{section}/{row.id}/preview", status=picked[0] if picked else None
            )
            return self.render(
                "template.html",
                title=row.name,
                area="ds",
                asset=views.asset(self.store, row),
                row=row,
                shown=picked[0] if picked else None,
                versions=views.versions_of(row),
                base=f"{PREFIX}/{section}/{row.id}",
                preview_src=src,
                used_by=views.used_by(self.store, row),
            )

        return show

    def template_body(self, kind: str) -> Any:
        async def show(request: Request) -> Response:
            row = self._row(kind, request.path_params["id"])
            status = request.query_params.get("status", "").strip().lower() or None
            picked = views.template_html(row, status if status in {"approved", "draft"} else None)
            if picked is None:
                raise HTTPException(404, f"Template {row.id} has no {status or 'current'} version.")
            return self.preview(request, picked[1])

        return show

    async def requests(self, request: Request) -> Response:
        params = request.query_params
        text = params.get("q", "").strip()
        status = params.get("status", "").strip().lower()
        method = params.get("method", "").strip().upper()
        last_text = params.get("last", "").strip()
        last = int(last_text) if last_text.isdigit() and int(last_text) > 0 else REQUESTS_SHOWN
        log = self.request_log
        entries = log.entries(last, text=text or None, status=status or None, method=method or None)
        return self.render(
            "requests.html",
            title="Request log",
            area="requests",
            entries=list(reversed(entries)),
            kept=len(log),
            capacity=log.capacity,
            file=str(log.path) if log.path else None,
            query={"q": text, "status": status, "method": method, "last": last},
        )


def create_console(store: Store, config: SandboxConfig, request_log: RequestLog) -> Starlette:
    """The console's ASGI app for one sandbox's store, configuration and request log."""
    return Console(store, config, request_log).app
