"""Rollback: undo an import from its journal, newest step first.

Only what the journal says this import created is deleted, and what it changed is put back as
it was. A program the import created is deleted with everything inside it (Marketo deletes a
program's local assets with it). Marketo's REST API cannot delete Design Studio files, so
images the import uploaded are reported as a manual step instead of being silently left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import BusinessRuleError, MarketoError, NotFoundError
from .journal import Entry, Journal, JournalError
from .provenance import is_ours

if TYPE_CHECKING:
    from ..client import Marketo

LOCAL_KINDS = frozenset({"folder", "token", "email", "landing_page", "smart_campaign"})


@dataclass
class RollbackResult:
    deleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def _label(entry: Entry) -> str:
    return f"{entry.kind.replace('_', ' ')} '{entry.name}'"


class Rollback:
    def __init__(self, client: Marketo, journal: Journal) -> None:
        self.client = client
        self.assets = client.assets
        self.journal = journal
        self.result = RollbackResult()

    def run(self) -> RollbackResult:
        entries = [e for e in reversed(self.journal.entries) if e.status != "rolled-back"]
        program_created = any(e.kind == "program" and e.created for e in entries)
        for entry in entries:
            if program_created and entry.kind in LOCAL_KINDS and entry.created:
                self._mark(entry)  # goes with the program
                continue
            try:
                if entry.created or (entry.status == "started" and entry.op in ("create", "copy")):
                    self.delete(entry)
                elif entry.before:
                    self.restore(entry)
                    self.result.restored.append(_label(entry))
                self._mark(entry)
            except MarketoError as exc:
                self.result.failed.append(f"{_label(entry)}: {exc}")
        self.journal.set_status("rolled-back" if self.result.ok else "rollback-incomplete")
        return self.result

    def _mark(self, entry: Entry) -> None:
        self.journal.update(entry, status="rolled-back")

    # -- delete --------------------------------------------------------------------------------

    def delete(self, entry: Entry) -> None:
        asset_id = entry.id if entry.id is not None else self.find_started(entry)
        if asset_id is None:
            return  # the interrupted create never took effect
        if entry.kind == "file":
            self.result.manual.append(
                f"Delete the image/file '{entry.name}' (id {asset_id}) in Design Studio: "
                "Marketo's REST API cannot delete files."
            )
            return
        if entry.kind == "token":
            self.delete_token(entry)
        else:
            self.delete_asset(entry.kind, asset_id)
        self.result.deleted.append(_label(entry))

    def find_started(self, entry: Entry) -> int | None:
        """A create interrupted before its id was journaled: find it if it took effect."""
        lookups: dict[str, Callable[[str], Any]] = {
            "file": lambda n: self.assets.files.get_by_name(name=n),
            "email_template": lambda n: self.assets.email_templates.get_by_name(name=n),
            "landing_page_template": lambda n: self.assets.landing_page_templates.get_by_name(
                name=n
            ),
            "program": lambda n: self.assets.programs.get_by_name(name=n),
        }
        lookup = lookups.get(entry.kind)
        if lookup is None:
            return None
        found = lookup(entry.name)
        if found is None:
            return None
        if entry.kind != "program" and not is_ours(
            getattr(found, "description", None), self.journal.header.template_id
        ):
            return None
        return int(found.id) if found.id is not None else None

    def delete_asset(self, kind: str, asset_id: int) -> None:
        deleters: dict[str, tuple[Callable[[int], Any], Callable[[int], Any] | None]] = {
            "program": (self.assets.programs.delete, None),
            "folder": (lambda i: self.assets.folders.delete(i, type="Folder"), None),
            "email": (self.assets.emails.delete, self.assets.emails.unapprove),
            "landing_page": (self.assets.landing_pages.delete, self.assets.landing_pages.unapprove),
            "smart_campaign": (self.assets.smart_campaigns.delete, None),
            "email_template": (
                self.assets.email_templates.delete,
                self.assets.email_templates.unapprove,
            ),
            "landing_page_template": (
                self.assets.landing_page_templates.delete,
                self.assets.landing_page_templates.unapprove,
            ),
            "snippet": (self.assets.snippets.delete, self.assets.snippets.unapprove),
        }
        delete, unapprove = deleters[kind]
        try:
            delete(asset_id)
        except NotFoundError:
            return
        except BusinessRuleError:
            if unapprove is None:
                raise
            unapprove(asset_id)
            delete(asset_id)

    def delete_token(self, entry: Entry) -> None:
        assert entry.parent_id is not None
        name = entry.name.removeprefix("my.")
        tokens = self.assets.tokens.get(entry.parent_id, folder_type="Program").tokens or []
        token = next((t for t in tokens if t.name == name), None)
        if token is not None:
            self.assets.tokens.delete(
                entry.parent_id, folder_type="Program", name=name, type=token.type
            )

    # -- restore -------------------------------------------------------------------------------

    def restore(self, entry: Entry) -> None:
        before, asset_id = entry.before, entry.id
        assert asset_id is not None or entry.kind == "token"
        if entry.kind == "program":
            assert asset_id is not None
            self.assets.programs.update(
                asset_id,
                description=before.get("description") or "",
                tags=before.get("tags") or None,
                costs=before.get("costs") or None,
                costs_destructive_update=True,
            )
        elif entry.kind == "token":
            assert entry.parent_id is not None
            self.assets.tokens.upsert(
                entry.parent_id,
                folder_type="Program",
                name=entry.name.removeprefix("my."),
                type=str(before["type"]),
                value=str(before.get("value") or ""),
            )
        elif entry.kind in ("email_template", "landing_page_template"):
            assert asset_id is not None
            api: Any = (
                self.assets.email_templates
                if entry.kind == "email_template"
                else self.assets.landing_page_templates
            )
            html = str(before.get("content", ""))
            api.update_content(asset_id, content=(f"{entry.name}.html", html.encode(), "text/html"))
            if (before.get("status") or "approved") == "approved":
                api.approve(asset_id)
        elif entry.kind == "snippet":
            assert asset_id is not None
            self.assets.snippets.update_content(
                asset_id, content=str(before.get("content", "")), type="HTML"
            )
            self.assets.snippets.approve(asset_id)
        elif entry.kind == "file":
            assert asset_id is not None
            data = self.journal.read_bytes(entry)
            if data is None:
                raise JournalError(f"the previous content of file '{entry.name}' is not kept")
            mime = str(before.get("mime") or "application/octet-stream")
            self.assets.files.update_content(asset_id, file=(entry.name, data, mime))
        elif entry.kind == "email":
            assert asset_id is not None
            self.restore_email(asset_id, before)
        elif entry.kind == "smart_campaign":
            assert asset_id is not None
            self.assets.smart_campaigns.update(asset_id, description=before.get("description"))
            if before.get("active") is False:
                self.assets.smart_campaigns.deactivate(asset_id)
        elif entry.kind == "landing_page":
            assert asset_id is not None
            page = before.get("page", {})
            self.assets.landing_pages.update(
                asset_id,
                description=page.get("description"),
                keywords=page.get("keywords"),
                robots=page.get("robots"),
                title=page.get("title"),
            )
            for section, html in (before.get("sections") or {}).items():
                self.assets.landing_pages.update_content(asset_id, section, type="HTML", value=html)
            if page.get("status") == "approved":
                self.assets.landing_pages.approve(asset_id)

    def restore_email(self, email_id: int, before: dict[str, Any]) -> None:
        email = before.get("email", {})
        headers = {
            "subject": email.get("subject"),
            "from_name": email.get("fromName"),
            "from_email": email.get("fromEmail"),
            "reply_to": email.get("replyEmail"),
        }
        self.assets.emails.update_content(email_id, **{k: v for k, v in headers.items() if v})
        self.assets.emails.update(
            email_id,
            description=email.get("description") or "",
            operational=email.get("operational"),
            pre_header=email.get("preHeader"),
        )
        for section, html in (before.get("sections") or {}).items():
            self.assets.emails.update_section(email_id, section, type="Text", value=html)
        if email.get("status") == "approved":
            self.assets.emails.approve(email_id)


def rollback(client: Marketo, journal: Journal) -> RollbackResult:
    """Undo an import; the caller checks that the journal belongs to this instance."""
    return Rollback(client, journal).run()
