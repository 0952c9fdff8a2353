"""Reading the destination instance, in the importer's terms, through the SDK.

Everything the planner and verify need to know about the instance goes through this one class,
which caches what it read (a plan reads each thing once) and never writes. Paths are given the
way admins see the trees: ``Marketing Activities/Operational`` and ``Emails/Templates`` are
resolved inside the chosen workspace (``Marketing Activities/<workspace>/Operational``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import NotFoundError
from ..types.asset import (
    Channel,
    Email,
    EmailContent,
    EmailTemplate,
    File,
    Folder,
    FolderRef,
    LandingPage,
    LpTemplate,
    Program,
    SmartCampaign,
    SmartListWithRules,
    Snippet,
    TagType,
    TagTypeSummary,
    Token,
)

if TYPE_CHECKING:
    from ..client import Marketo

T = TypeVar("T")

MARKETING_ACTIVITIES = "Marketing Activities"
DESIGN_STUDIO = "Design Studio"
MAX_COPY_SUFFIX = 50


def folder_ref(asset_id: int, kind: str = "Folder") -> dict[str, Any]:
    return {"id": asset_id, "type": kind}


def suffixed(name: str, number: int, *, keep_extension: bool = False) -> str:
    """Marketo's "keep both" naming: ``Name - 1``, ``Name - 2``... (before a file extension)."""
    if number == 0:
        return name
    if keep_extension and "." in name.rsplit("/", 1)[-1]:
        stem, ext = name.rsplit(".", 1)
        return f"{stem} - {number}.{ext}"
    return f"{name} - {number}"


@dataclass
class ProgramContents:
    """A program's folders and local assets, found by walking its folder tree."""

    program: Program
    folders: dict[str, Folder] = field(default_factory=dict)  # "Parent/Child" -> folder
    emails: dict[str, Email] = field(default_factory=dict)
    campaigns: dict[str, SmartCampaign] = field(default_factory=dict)
    landing_pages: dict[str, LandingPage] = field(default_factory=dict)
    other: list[tuple[str, int, str]] = field(default_factory=list)  # (type, id, folder path)
    folder_paths_by_id: dict[int, str] = field(default_factory=dict)

    def path_of(self, ref: FolderRef | None) -> str:
        """The program-relative folder path of an asset's parent ('' for the program root)."""
        if ref is None or ref.type == "Program" or ref.id is None:
            return ""
        return self.folder_paths_by_id.get(ref.id, f"#{ref.id}")


class Destination:
    """A read-only, caching view of one workspace of a Marketo instance."""

    def __init__(self, client: Marketo, workspace: str = "Default") -> None:
        self.client = client
        self.workspace = workspace
        self._cache: dict[tuple[str, Any], Any] = {}
        self._lock = threading.Lock()

    def _cached(self, key: tuple[str, Any], load: Callable[[], T]) -> T:
        with self._lock:
            if key in self._cache:
                return self._cache[key]  # type: ignore[no-any-return]
        value = load()
        with self._lock:
            self._cache[key] = value
        return value

    def forget(self) -> None:
        """Drop everything read so far (after apply changed the instance)."""
        with self._lock:
            self._cache.clear()

    # -- folders -----------------------------------------------------------------------------

    def workspace_path(self, path: str, root: str) -> str:
        """``root/<rest>`` -> ``root/<workspace>/<rest>`` unless the workspace is already named."""
        parts = [p for p in path.strip().strip("/").split("/") if p]
        if not parts or parts[0] != root:
            parts = [root, *parts]
        if len(parts) == 1 or parts[1] != self.workspace:
            parts.insert(1, self.workspace)
        return "/".join(parts)

    def folder(self, path: str) -> Folder | None:
        """The folder at ``path``, walking (and caching) one segment at a time."""
        parts = [p for p in path.strip("/").split("/") if p]
        if not parts:
            return None
        parent_path, name = "/".join(parts[:-1]), parts[-1]

        def load() -> Folder | None:
            parent = self.folder(parent_path) if parent_path else None
            if parent_path and parent is None:
                return None
            return self.client.assets.folders.get_child(parent, name, workspace=self.workspace)

        return self._cached(("folder", "/".join(parts)), load)

    def marketing_folder(self, path: str) -> Folder | None:
        return self.folder(self.workspace_path(path, MARKETING_ACTIVITIES))

    def design_folder(self, relative: str) -> Folder | None:
        return self.folder(self.workspace_path(f"{DESIGN_STUDIO}/{relative}", DESIGN_STUDIO))

    # -- program -----------------------------------------------------------------------------

    def program_by_name(self, name: str) -> Program | None:
        return self._cached(
            ("program", name),
            lambda: self.client.assets.programs.get_by_name(
                name=name, include_tags=True, include_costs=True
            ),
        )

    def program_contents(self, program: Program) -> ProgramContents:
        assert program.id is not None
        return self._cached(("contents", program.id), lambda: self._walk_program(program))

    def _walk_program(self, program: Program) -> ProgramContents:
        assert program.id is not None
        contents = ProgramContents(program)
        assets = self.client.assets
        pending: list[tuple[int, str, str]] = [(program.id, "Program", "")]
        while pending:
            folder_id, folder_type, prefix = pending.pop(0)
            for item in assets.folders.contents(folder_id, type=folder_type):
                if item.id is None:
                    continue
                kind = (item.type or "").lower()
                if kind == "folder":
                    folder = assets.folders.get(item.id)
                    path = f"{prefix}/{folder.name}" if prefix else str(folder.name)
                    contents.folders[path] = folder
                    contents.folder_paths_by_id[item.id] = path
                    pending.append((item.id, "Folder", path))
                elif kind == "email":
                    email = assets.emails.get(item.id)
                    contents.emails[str(email.name)] = email
                elif kind in ("smartcampaign", "smart campaign", "campaign"):
                    campaign = assets.smart_campaigns.get(item.id)
                    contents.campaigns[str(campaign.name)] = campaign
                elif kind in ("landingpage", "landing page"):
                    page = assets.landing_pages.get(item.id)
                    contents.landing_pages[str(page.name)] = page
                else:
                    contents.other.append((item.type or "", item.id, prefix))
        return contents

    def program_tokens(self, program_id: int) -> dict[str, Token]:
        def load() -> dict[str, Token]:
            found = self.client.assets.tokens.get(program_id, folder_type="Program")
            return {str(t.name): t for t in found.tokens or [] if t.name}

        return self._cached(("tokens", program_id), load)

    # -- catalog: channels, tags, lead fields ---------------------------------------------------

    @cached_property
    def channels(self) -> dict[str, Channel]:
        return {str(c.name): c for c in self.client.assets.channels.list() if c.name}

    @cached_property
    def tag_types(self) -> dict[str, TagTypeSummary]:
        return {str(t.tag_type): t for t in self.client.assets.tag_types.list() if t.tag_type}

    def tag_type(self, name: str) -> TagType | None:
        return self._cached(
            ("tag_type", name), lambda: self.client.assets.tag_types.get_by_name(name=name)
        )

    @cached_property
    def lead_fields(self) -> set[str]:
        """Every lead field's display name and API name, lower-cased."""
        names: set[str] = set()
        for item in self.client.leads.describe():
            data = item.model_dump(by_alias=True)
            names.add(str(data.get("displayName", "")).lower())
            for key in ("rest", "soap"):
                value = data.get(key)
                if isinstance(value, dict) and value.get("name"):
                    names.add(str(value["name"]).lower())
        names.discard("")
        return names

    @cached_property
    def segmentations(self) -> set[str]:
        return {str(s.name) for s in self.client.assets.segmentations.list() if s.name}

    # -- Design Studio -------------------------------------------------------------------------

    def email_template_named(self, name: str) -> EmailTemplate | None:
        return self._cached(
            ("email_template", name),
            lambda: self.client.assets.email_templates.get_by_name(name=name),
        )

    def email_template_html(self, template_id: int) -> str:
        def load() -> str:
            return self.client.assets.email_templates.content(template_id).content or ""

        return self._cached(("email_template_html", template_id), load)

    def email_template_users(self, template_id: int) -> list[str]:
        def load() -> list[str]:
            users = self.client.assets.email_templates.used_by(template_id)
            return [f"{u.type or 'asset'} {u.name!r}" for u in users]

        return self._cached(("email_template_users", template_id), load)

    def file_named(self, name: str) -> File | None:
        return self._cached(("file", name), lambda: self.client.assets.files.get_by_name(name=name))

    def file_bytes(self, file: File) -> bytes | None:
        """The file's content, fetched from its public URL (None when it cannot be read)."""
        if not file.url:
            return None

        def load() -> bytes | None:
            try:
                response = self.client._http_client.get(str(file.url))
            except Exception:
                return None
            return response.content if response.status_code == 200 else None

        return self._cached(("file_bytes", file.id), load)

    def lp_template_named(self, name: str) -> LpTemplate | None:
        return self._cached(
            ("lp_template", name),
            lambda: self.client.assets.landing_page_templates.get_by_name(name=name),
        )

    def lp_template_html(self, template_id: int) -> str:
        def load() -> str:
            return self.client.assets.landing_page_templates.content(template_id).content or ""

        return self._cached(("lp_template_html", template_id), load)

    @cached_property
    def snippets(self) -> dict[str, Snippet]:
        return {str(s.name): s for s in self.client.assets.snippets.list() if s.name}

    def snippet_html(self, snippet_id: int) -> str:
        def load() -> str:
            parts = self.client.assets.snippets.content(snippet_id)
            return "".join(p.content or "" for p in parts if (p.type or "HTML") == "HTML")

        return self._cached(("snippet_html", snippet_id), load)

    # -- local assets ----------------------------------------------------------------------------

    def email_draft(self, email_id: int) -> Email | None:
        """The draft of an approved email, when someone edited it since the approval."""

        def load() -> Email | None:
            try:
                return self.client.assets.emails.get(email_id, status="draft")
            except NotFoundError:
                return None

        return self._cached(("email_draft", email_id), load)

    def email_sections(self, email_id: int, status: str | None = None) -> dict[str, str]:
        """Section id -> HTML of an email's editable sections (its draft: status="draft")."""

        def load() -> dict[str, str]:
            return {
                str(section.html_id): section_html(section)
                for section in self.client.assets.emails.content(email_id, status=status)
                if section.html_id
            }

        return self._cached(("email_sections", (email_id, status)), load)

    def landing_page_sections(self, page_id: int) -> dict[str, str]:
        def load() -> dict[str, str]:
            sections: dict[str, str] = {}
            for section in self.client.assets.landing_pages.content(page_id):
                data = section.model_dump(by_alias=True)
                key = data.get("id") or data.get("htmlId")
                content = data.get("content")
                if key is not None and isinstance(content, str):
                    sections[str(key)] = content
            return sections

        return self._cached(("lp_sections", page_id), load)

    def campaign_smart_list(self, campaign_id: int) -> SmartListWithRules | None:
        def load() -> SmartListWithRules | None:
            try:
                return self.client.assets.smart_campaigns.smart_list(
                    campaign_id, include_rules=True
                )
            except NotFoundError:
                return None

        return self._cached(("smart_list", campaign_id), load)


def section_html(section: EmailContent) -> str:
    """The HTML of a section, whatever shape Marketo gives its value (text, list of versions)."""
    value = section.value
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for version in value:
            if isinstance(version, dict) and version.get("type") == "HTML":
                return str(version.get("value", ""))
        for version in value:
            if isinstance(version, dict) and "value" in version:
                return str(version["value"])
    if isinstance(value, dict) and "value" in value:
        return str(value["value"])
    return "" if value is None else str(value)


def iter_copies(
    lookup: Callable[[str], T | None], name: str, *, keep_extension: bool = False
) -> Iterator[tuple[str, T | None]]:
    """``(name, asset)`` for ``Name``, ``Name - 1``... up to and including the first free name."""
    for number in range(MAX_COPY_SUFFIX + 1):
        candidate = suffixed(name, number, keep_extension=keep_extension)
        found = lookup(candidate)
        yield candidate, found
        if found is None:
            return
