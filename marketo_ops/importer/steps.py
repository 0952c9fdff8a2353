"""What apply does for each kind of action: the SDK calls, in Marketo's required order.

Every step records itself in the journal *before* it writes (so an interruption is visible) and
records the id it made and the previous state it changed *after* (so rollback can undo it).
A create that meets a same-named asset made meanwhile by a concurrent import of the same
template adopts it instead of failing (the names say it is the same asset, the mark says whose).
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import BusinessRuleError, MarketoError, NameConflictError, NotFoundError
from ..templates import ProgramTemplate, replace_image_refs
from .destination import Destination, folder_ref
from .journal import Entry, Journal
from .model import Action, Op
from .provenance import is_ours, mark

if TYPE_CHECKING:
    from ..client import Marketo
    from .plan_state import ImportRequest, PlanDraft


T = TypeVar("T")


@dataclass
class ApplyContext:
    """Ids and URLs known so far, shared by the worker threads of one apply."""

    ids: dict[str, int] = field(default_factory=dict)  # action key -> asset id
    urls: dict[str, str] = field(default_factory=dict)  # file entry name -> public URL
    names: dict[str, str] = field(default_factory=dict)  # action key -> name in Marketo
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set(self, key: str, asset_id: int, name: str | None = None) -> None:
        with self.lock:
            self.ids[key] = asset_id
            if name is not None:
                self.names[key] = name

    def id(self, key: str) -> int:
        with self.lock:
            return self.ids[key]


def entry_name(action: Action) -> str:
    """The template entry an action stands for (keys are ``kind:entry name``)."""
    return action.key.split(":", 1)[1] if ":" in action.key else action.name


class Steps:
    def __init__(
        self,
        client: Marketo,
        draft: PlanDraft,
        journal: Journal,
        context: ApplyContext,
    ) -> None:
        self.client = client
        self.assets = client.assets
        self.draft = draft
        self.request: ImportRequest = draft.request
        self.template: ProgramTemplate = draft.request.template
        self.template_id = draft.request.template_id
        self.journal = journal
        self.ctx = context
        self.dest = Destination(client, draft.request.workspace)

    # -- dispatch ------------------------------------------------------------------------------

    def run(self, action: Action) -> None:
        handler = getattr(self, f"do_{action.kind.value}")
        handler(action)

    def record(self, action: Action, **extra: Any) -> Entry:
        return self.journal.start(
            action.key, action.kind.value, action.op.value, action.name, **extra
        )

    def done(
        self, entry: Entry, asset_id: int | None, *, created: bool, key: str | None = None
    ) -> None:
        self.journal.update(entry, status="done", id=asset_id, created=created)
        if asset_id is not None and key is not None:
            self.ctx.set(key, asset_id, entry.name)

    def design_folder(self, relative: str) -> dict[str, Any]:
        folder = self.dest.design_folder(relative)
        if folder is None or folder.id is None:  # the plan checked it; it was deleted since
            raise MarketoError(f"Design Studio folder '{relative}' no longer exists")
        return folder_ref(folder.id)

    def html_with_urls(self, html: str) -> str:
        with self.ctx.lock:
            urls = dict(self.ctx.urls)
        return replace_image_refs(html, urls)

    def approve(self, api: Any, asset_id: int) -> None:
        """Approve, accepting that an earlier attempt whose answer was lost already did it.

        Marketo refuses a second approval with 709; the draft being gone then proves the first
        one worked.
        """
        try:
            api.approve(asset_id)
        except BusinessRuleError:
            try:
                api.get(asset_id, status="draft")
            except NotFoundError:
                return
            raise

    def activate(self, campaign_id: int) -> None:
        """Activate, accepting a campaign an earlier attempt (answer lost) already activated."""
        try:
            self.assets.smart_campaigns.activate(campaign_id)
        except BusinessRuleError:
            if not self.assets.smart_campaigns.get(campaign_id).is_active:
                raise

    def create_or_adopt(
        self, create: Callable[[], T], lookup: Callable[[], T | None]
    ) -> tuple[T, bool]:
        """Create; after a 709 "name exists", adopt the asset if a concurrent run of this
        template made it (the names say it is the same asset, the import mark says whose)."""
        try:
            return create(), True
        except NameConflictError:
            found = lookup()
            if found is None or not is_ours(getattr(found, "description", None), self.template_id):
                raise
            return found, False

    # -- Design Studio -------------------------------------------------------------------------

    def do_file(self, action: Action) -> None:
        entry = self.template.file(entry_name(action))
        data = self.template.file_bytes(entry)
        mime = self.template.mime_type(entry)
        upload = (entry.file.rsplit("/", 1)[-1], data, mime)
        if action.op in (Op.CREATE, Op.COPY):
            record = self.record(action)
            made, created = self.create_or_adopt(
                lambda: self.assets.files.create(
                    name=action.name,
                    file=upload,
                    folder=self.design_folder(entry.folder),
                    description=mark(entry.description, self.template_id),
                    insert_only=True,
                ),
                lambda: self.assets.files.get_by_name(name=action.name),
            )
            assert made.id is not None
            with self.ctx.lock:
                self.ctx.urls[entry.name] = str(made.url or "")
            self.done(record, made.id, created=created, key=action.key)
            return
        assert action.existing_id is not None
        existing = self.assets.files.get(action.existing_id)
        record = self.record(action, id=action.existing_id)
        previous = self.dest.file_bytes(existing)
        if previous is not None:
            self.journal.keep_bytes(record, previous)
            record.before["mime"] = existing.mime_type or mimetypes.guess_type(entry.file)[0]
        updated = self.assets.files.update_content(action.existing_id, file=upload)
        with self.ctx.lock:
            self.ctx.urls[entry.name] = str(updated.url or existing.url or "")
        self.done(record, action.existing_id, created=False, key=action.key)

    def do_email_template(self, action: Action) -> None:
        entry = self.template.email_template(entry_name(action))
        html = self.html_with_urls(self.template.email_template_html(entry))
        content = (f"{entry.name}.html", html.encode("utf-8"), "text/html")
        api = self.assets.email_templates
        self.write_template(
            action,
            api,
            content,
            approve=entry.approve,
            content_in_create=True,
            create=lambda: api.create(
                name=action.name,
                folder=self.design_folder(entry.folder),
                content=content,
                description=mark(entry.description, self.template_id),
            ),
        )

    def do_landing_page_template(self, action: Action) -> None:
        entry = self.template.landing_page_template(entry_name(action))
        html = self.html_with_urls(self.template.landing_page_template_html(entry))
        content = (f"{entry.name}.html", html.encode("utf-8"), "text/html")
        api = self.assets.landing_page_templates
        self.write_template(
            action,
            api,
            content,
            approve=entry.approve,
            content_in_create=False,
            create=lambda: api.create(
                name=action.name,
                folder=self.design_folder(entry.folder),
                description=mark(entry.description, self.template_id),
                template_type=entry.type,
                enable_munchkin=entry.enable_munchkin,
            ),
        )

    def write_template(
        self,
        action: Action,
        api: Any,
        content: tuple[str, bytes, str],
        *,
        approve: bool,
        create: Callable[[], Any],
        content_in_create: bool,
    ) -> None:
        """Email and landing-page templates: create (or adopt) or overwrite, then approve.

        The content goes up as a multipart file; an overwrite keeps the previous content,
        status and description in the journal for rollback.
        """
        if action.op in (Op.CREATE, Op.COPY):
            record = self.record(action)
            made, created = self.create_or_adopt(create, lambda: api.get_by_name(name=action.name))
            self.journal.update(record, id=made.id, created=created)
            if not content_in_create:  # landing-page templates are created empty
                api.update_content(made.id, content=content)
            if approve:
                self.approve(api, made.id)
            self.done(record, made.id, created=created, key=action.key)
            return
        assert action.existing_id is not None
        record = self.record(action, id=action.existing_id)
        if any(c.field == "content" for c in action.changes):
            existing = api.get(action.existing_id)
            self.journal.update(
                record,
                before={
                    "content": api.content(action.existing_id).content or "",
                    "status": existing.status,
                    "description": existing.description,
                },
            )
            api.update_content(action.existing_id, content=content)
        if approve:
            self.approve(api, action.existing_id)
        self.done(record, action.existing_id, created=False, key=action.key)

    def do_snippet(self, action: Action) -> None:
        entry = next(s for s in self.template.snippets if s.name == entry_name(action))
        html = self.html_with_urls(self.template.content_html(entry.content))
        api = self.assets.snippets
        if action.op in (Op.CREATE, Op.COPY):
            record = self.record(action)
            made = api.create(
                name=action.name,
                folder=self.design_folder(entry.folder),
                description=mark(entry.description, self.template_id),
            )
            assert made.id is not None
            self.journal.update(record, id=made.id, created=True)
            snippet_id = made.id
            created = True
        else:
            assert action.existing_id is not None
            snippet_id = action.existing_id
            record = self.record(action, id=snippet_id)
            before = self.dest.snippet_html(snippet_id)
            self.journal.update(record, before={"content": before})
            created = False
        api.update_content(snippet_id, content=html, type="HTML")
        if entry.approve:
            self.approve(api, snippet_id)
        self.done(record, snippet_id, created=created, key=action.key)

    # -- the program ---------------------------------------------------------------------------

    def program_tags(self) -> list[dict[str, str]] | None:
        if self.request.rules.tags != "create":
            return None
        return [{"tagType": t.tag_type, "tagValue": t.value} for t in self.template.program.tags]

    def program_costs(self) -> list[dict[str, Any]] | None:
        costs = self.template.program.costs
        if not costs:
            return None
        return [
            {"startDate": str(c.start_date), "cost": c.cost, **({"note": c.note} if c.note else {})}
            for c in costs
        ]

    def do_program(self, action: Action) -> None:
        spec = self.template.program
        api = self.assets.programs
        target = self.draft.target_folder
        if target is None or target.id is None:
            raise MarketoError(f"the destination folder '{self.request.into}' does not exist")
        if action.op is Op.CREATE:
            record = self.record(action)
            made = api.create(
                name=spec.name,
                folder=folder_ref(target.id),
                type=spec.type,
                channel=spec.channel,
                description=spec.description,
                tags=self.program_tags(),
                costs=self.program_costs(),
            )
            assert made.id is not None
            self.done(record, made.id, created=True, key="program")
            return
        if action.op is Op.CLONE:
            assert action.existing_id is not None
            record = self.record(action)
            made = api.clone(
                action.existing_id,
                name=spec.name,
                folder=folder_ref(target.id),
                description=spec.description,
            )
            assert made.id is not None
            self.done(record, made.id, created=True, key="program")
            return
        program_id = (
            action.existing_id if action.existing_id is not None else self.ctx.id("program")
        )
        existing = api.get(program_id)
        record = self.record(
            action,
            id=program_id,
            before={
                "description": existing.description,
                "tags": [t.model_dump(by_alias=True) for t in existing.tags or []],
                "costs": [c.model_dump(by_alias=True, mode="json") for c in existing.costs or []],
            },
        )
        fields = {c.field for c in action.changes}
        api.update(
            program_id,
            description=spec.description if "description" in fields else None,
            tags=self.program_tags() if "tags" in fields else None,
            costs=self.program_costs() if "costs" in fields else None,
            costs_destructive_update=True if "costs" in fields else None,
        )
        self.done(record, program_id, created=False, key="program")

    def parent_of(self, folder_path: str | None) -> dict[str, Any]:
        if not folder_path:
            return folder_ref(self.ctx.id("program"), "Program")
        return folder_ref(self.ctx.id(f"folder:{folder_path}"))

    def do_folder(self, action: Action) -> None:
        path = entry_name(action)
        parent_path, _, leaf = path.rpartition("/")
        description = _folder_description(self.template, path)
        record = self.record(action)
        made = self.assets.folders.create(
            name=leaf, parent=self.parent_of(parent_path or None), description=description
        )
        assert made.id is not None
        self.done(record, made.id, created=True, key=action.key)

    def do_token(self, action: Action) -> None:
        name = entry_name(action)
        token = next(t for t in self.template.program.tokens if t.name == name)
        program_id = self.ctx.id("program")
        before: dict[str, Any] = {}
        if action.op is Op.UPDATE:
            previous = self.dest.program_tokens(program_id).get(name)
            if previous is not None:
                before = {"type": previous.type, "value": previous.value}
        record = self.record(action, parent_id=program_id, before=before)
        self.assets.tokens.upsert(
            program_id,
            folder_type="Program",
            name=name,
            type=token.type,
            value=self.template.token_value(token),
        )
        self.done(record, program_id, created=action.op is Op.CREATE)

    # -- local assets --------------------------------------------------------------------------

    def do_email(self, action: Action) -> None:
        entry = self.template.email(entry_name(action))
        api = self.assets.emails
        template_id = self.ctx.id(f"email_template:{entry.template}")
        if action.op is Op.CREATE:
            record = self.record(action)
            made = api.create(
                name=entry.name,
                folder=self.parent_of(entry.folder),
                template=template_id,
                subject=entry.subject or "",
                from_name=entry.from_name or "",
                from_email=entry.from_email or "",
                reply_email=entry.reply_to or entry.from_email or "",
                description=entry.description,
                operational=entry.operational,
            )
            assert made.id is not None
            self.journal.update(record, id=made.id, created=True)
            self.write_email(made.id, entry, set_headers=False, changed=None)
            self.done(record, made.id, created=True, key=action.key)
            return
        assert action.existing_id is not None
        email_id = action.existing_id
        existing = api.get(email_id)
        record = self.record(
            action,
            id=email_id,
            before={
                "email": existing.model_dump(by_alias=True, mode="json"),
                "sections": self.dest.email_sections(email_id),
            },
        )
        self.write_email(
            email_id, entry, set_headers=True, changed={c.field for c in action.changes}
        )
        self.done(record, email_id, created=False, key=action.key)

    def write_email(
        self, email_id: int, entry: Any, *, set_headers: bool, changed: set[str] | None
    ) -> None:
        """Headers, settings, sections, then approval: Marketo's order for an email draft."""
        api = self.assets.emails

        def wanted(name: str) -> bool:
            return changed is None or name in changed

        if set_headers:
            headers = {
                "subject": ("subject", entry.subject),
                "from_name": ("from name", entry.from_name),
                "from_email": ("from email", entry.from_email),
                "reply_to": ("reply-to", entry.reply_to),
            }
            values = {
                arg: {"type": "Text", "value": value}
                for arg, (label, value) in headers.items()
                if value is not None and wanted(label)
            }
            if values:
                api.update_content(email_id, **values)
        settings: dict[str, Any] = {}
        if entry.preheader is not None and wanted("preheader"):
            settings["pre_header"] = entry.preheader
        if wanted("operational") and changed is not None:
            settings["operational"] = entry.operational
        if entry.text_only and wanted("text only"):
            settings["text_only"] = entry.text_only
        if entry.description is not None and changed is not None and wanted("description"):
            settings["description"] = entry.description
        if settings:
            api.update(email_id, **settings)
        for section, html in self.template.email_content(entry).items():
            if wanted(f"section {section}"):
                api.update_section(email_id, section, type="Text", value=self.html_with_urls(html))
        if entry.approve:
            self.approve(api, email_id)

    def do_landing_page(self, action: Action) -> None:
        entry = next(p for p in self.template.landing_pages if p.name == entry_name(action))
        api = self.assets.landing_pages
        template_id = self.ctx.id(f"landing_page_template:{entry.template}")
        if action.op is Op.CREATE:
            record = self.record(action)
            made = api.create(
                name=entry.name,
                folder=self.parent_of(entry.folder),
                template=template_id,
                description=entry.description,
                title=entry.title,
                keywords=entry.keywords,
                robots=entry.robots,
                url_page_name=entry.url_page_name,
                mobile_enabled=entry.mobile_enabled,
            )
            assert made.id is not None
            self.journal.update(record, id=made.id, created=True)
            page_id, changed = made.id, None
            created = True
        else:
            assert action.existing_id is not None
            page_id = action.existing_id
            existing = api.get(page_id)
            record = self.record(
                action,
                id=page_id,
                before={
                    "page": existing.model_dump(by_alias=True, mode="json"),
                    "sections": self.dest.landing_page_sections(page_id),
                },
            )
            changed = {c.field for c in action.changes}
            settings = {
                name: getattr(entry, name)
                for name in ("title", "description", "keywords", "robots")
                if name in changed
            }
            if settings:
                api.update(page_id, **settings)
            created = False
        sections = self.dest.landing_page_sections(page_id) if changed is None else {}
        for section, content in entry.content.items():
            if changed is not None and f"section {section}" not in changed:
                continue
            html = self.html_with_urls(self.template.content_html(content))
            if changed is None and section not in sections:
                api.add_content(page_id, content_id=section, type="HTML", value=html)
            else:
                api.update_content(page_id, section, type="HTML", value=html)
        if entry.approve:
            self.approve(api, page_id)
        self.done(record, page_id, created=created, key=action.key)

    def do_smart_campaign(self, action: Action) -> None:
        entry = self.template.smart_campaign(entry_name(action))
        api = self.assets.smart_campaigns
        if action.op is Op.CREATE:
            record = self.record(action)
            made = api.create(
                name=entry.name, folder=self.parent_of(entry.folder), description=entry.description
            )
            assert made.id is not None
            self.done(record, made.id, created=True, key=action.key)
            return
        assert action.existing_id is not None
        existing = api.get(action.existing_id)
        record = self.record(
            action,
            id=action.existing_id,
            before={"description": existing.description, "active": existing.is_active},
        )
        fields = {c.field for c in action.changes}
        if "description" in fields:
            api.update(action.existing_id, description=entry.description)
        if "active" in fields:
            self.activate(action.existing_id)
        self.done(record, action.existing_id, created=False, key=action.key)


def _folder_description(template: ProgramTemplate, path: str) -> str | None:
    folders = template.folders
    node = None
    for part in path.split("/"):
        node = next((f for f in folders if f.name == part), None)
        if node is None:
            return None
        folders = node.folders
    return node.description if node else None
