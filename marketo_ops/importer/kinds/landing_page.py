"""Landing pages of the program: built on a landing-page template, compared field by field."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ...templates import LandingPage as PageEntry
from ...templates import replace_image_refs
from ..export_context import editable_defaults, same_text
from ..model import Action, AssetKind, Change, Op
from ..preflight import lead_fields_in_texts
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Kind, Needs, PlanContext, RollbackContext
from .compare import normalise_html, short, text_of
from .design import exported, image_urls, saw_html
from .folder import parent_ref
from .local import (
    check_fields,
    check_folder,
    created_on_template,
    field_needs,
    folder_path,
    list_into,
    listing,
    local_depends,
    read_local,
)

if TYPE_CHECKING:
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.LANDING_PAGE
FIELDS = ("title", "description", "keywords", "robots")


@dataclass
class PageState:
    id: int
    name: str
    folder_id: int | None
    folder_type: str | None
    template_id: int | None
    status: str
    fields: dict[str, str]
    sections: dict[str, str] | None = None
    section_types: dict[str, str] = field(default_factory=dict)


PAGES: Section[dict[str, PageState]] = Section("landing_pages", dict)


def read(reader: Reader, phase: Phase) -> list[Task]:
    if reader.exporting:
        return export_reads(reader, phase)
    return read_local(
        reader,
        phase,
        kind=KIND,
        entries=reader.template.landing_pages,
        section=PAGES,
        list_all=_list,
        details=lambda r, s: [_sections(r, s)],
    )


def _state(page: Any) -> PageState:
    return PageState(
        id=int(page.id),
        name=str(page.name),
        folder_id=page.folder.id if page.folder else None,
        folder_type=page.folder.type if page.folder else None,
        template_id=getattr(page, "template", None),
        status=str(page.status or "draft").lower(),
        fields={name: text_of(getattr(page, name, None)) for name in FIELDS},
    )


def _list(reader: Reader) -> None:
    api = reader.assets.landing_pages
    list_into(reader, "landing_pages", PAGES, lambda where: api.list(folder=where), _state)


def _sections(reader: Reader, state: PageState) -> Task:
    def run() -> None:
        sections: dict[str, str] = {}
        for section in reader.assets.landing_pages.content(state.id):
            data = section.model_dump(by_alias=True)
            key = data.get("id") or data.get("htmlId")
            content = data.get("content")
            if key is not None and isinstance(content, str):
                sections[str(key)] = content
                state.section_types[str(key)] = str(data.get("type") or "HTML")
        state.sections = sections

    return run


def _content(ctx: PlanContext, entry: PageEntry) -> dict[str, str]:
    return {section: ctx.template.content_html(c) for section, c in entry.content.items()}


def plan(ctx: PlanContext) -> None:
    if ctx.action("program") is None:
        return
    existing = ctx.snapshot.section(PAGES)
    for entry in ctx.template.landing_pages:
        template_key = f"landing_page_template:{entry.template}"
        content = _content(ctx, entry)
        payload: dict[str, Any] = {
            "name": entry.name,
            "parent": parent_ref(entry.folder),
            "template_key": template_key,
            "fields": {name: getattr(entry, name) for name in FIELDS},
            "url_page_name": entry.url_page_name,
            "mobile_enabled": entry.mobile_enabled,
            "sections": content,
            "approve": entry.approve,
            "lead_fields": lead_fields_in_texts(content.values()),
        }
        key = f"landing_page:{entry.name}"
        depends = local_depends(entry.folder, template_key)
        location = ctx.request.local_location(entry.folder)
        found = existing.get(entry.name)
        binding = ctx.bindings.get(template_key)
        template_name = binding.name if binding else entry.template
        if found is None:
            on = f"landing-page template '{template_name}'"
            created_on_template(
                ctx, KIND, entry, on=on, sections=content, depends=depends, payload=payload
            )
            continue
        changes = [
            Change(name, found.fields.get(name, ""), want)
            for name, want in payload["fields"].items()
            if want is not None and found.fields.get(name, "") != want
        ]
        if (
            binding is not None
            and binding.existing_id is not None
            and found.template_id
            not in (
                None,
                binding.existing_id,
            )
        ):
            changes.append(Change("template", found.template_id, binding.name))
        check_folder(
            ctx,
            "landing page",
            entry.name,
            folder_path(ctx, found.folder_id, found.folder_type),
            entry.folder,
        )
        sections = found.sections or {}
        urls = image_urls(ctx)
        for section, html in content.items():
            want = normalise_html(replace_image_refs(html, urls))
            if normalise_html(sections.get(section, "")) != want:
                changes.append(
                    Change(f"section {section}", short(sections.get(section)), short(want))
                )
        if entry.approve and found.status != "approved":
            changes.append(Change("status", found.status, "approved"))
        payload["before"] = {
            "fields": found.fields,
            "sections": sections,
            "types": found.section_types,
            "status": found.status,
        }
        ctx.add(
            Action(
                key,
                KIND,
                Op.UPDATE if changes else Op.REUSE,
                entry.name,
                "differs from the template" if changes else "matches the template",
                entry=entry.name,
                location=location,
                existing_id=found.id,
                changes=changes,
                depends_on=depends,
                payload=payload,
            )
        )


def needs(_ctx: PlanContext, action: Action) -> Needs:
    return field_needs(action, list(action.payload.get("lead_fields") or []))


def prepare(ctx: PlanContext, action: Action) -> None:
    if action.writes:
        check_fields(
            ctx, list(action.payload.get("lead_fields") or []), f"landing page {action.entry!r}"
        )


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.landing_pages
    payload = action.payload
    fields = dict(payload.get("fields") or {})
    if action.op.adds:
        entry = writing.start(ctx, action)
        made = api.create(
            name=str(payload["name"]),
            folder=ctx.parent(payload["parent"]),
            template=ctx.id(str(payload["template_key"])),
            url_page_name=payload.get("url_page_name"),
            mobile_enabled=payload.get("mobile_enabled"),
            **{k: v for k, v in fields.items() if v is not None},
        )
        page_id = writing.id_of(made, action.name)
        ctx.journal.update(entry, id=page_id, created=True)
        existing = {str(s.model_dump(by_alias=True).get("id") or "") for s in api.content(page_id)}
        changed = None
    else:
        page_id = writing.target_id(ctx, action)
        entry = writing.start(ctx, action, id=page_id, before=dict(payload.get("before") or {}))
        changed = action.changed_fields
        settings = {k: v for k, v in fields.items() if k in changed}
        if settings:
            api.update(page_id, **settings)
        existing = set((payload.get("before") or {}).get("sections") or {})
    for section, raw in dict(payload.get("sections") or {}).items():
        if changed is not None and f"section {section}" not in changed:
            continue
        html = writing.html(ctx, raw)
        if section in existing:
            api.update_content(page_id, section, type="HTML", value=html)
        else:
            api.add_content(page_id, content_id=section, type="HTML", value=html)
    if payload.get("approve"):
        writing.approve(api, page_id)
    writing.done(ctx, entry, page_id, created=action.op.adds, key=action.key)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.landing_pages
    if writing.delete_made(ctx, api, entry) or entry.id is None or not entry.before:
        return
    fields = dict(entry.before.get("fields") or {})
    api.update(entry.id, **{k: v for k, v in fields.items() if k in FIELDS})
    types = dict(entry.before.get("types") or {})
    for section, html in (entry.before.get("sections") or {}).items():
        api.update_content(entry.id, section, type=types.get(section, "HTML"), value=html)
    if entry.before.get("status") == "approved":
        writing.approve(api, entry.id)
    ctx.restored.append(writing.label(entry))


LANDING_PAGE = Kind(
    kind=KIND, read=read, plan=plan, needs=needs, prepare=prepare, apply=apply, rollback=rollback
)


# -- export ----------------------------------------------------------------------------------------

#: Each exported page's settings that the plan does not compare (URL page name, mobile view).
PAGE_SETTINGS: Section[dict[str, dict[str, Any]]] = Section("export_landing_page_settings", dict)
_TEXT_SECTIONS = frozenset({"html", "text", "richtext", "rich text"})


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """Every page of the program (one list call), then each one's content."""
    if phase is Phase.CONTENTS:

        def run() -> None:
            _list(reader)
            settings = reader.snapshot.section(PAGE_SETTINGS)
            for page in listing(reader, "landing_pages", lambda _where: []):  # memoised
                url = str(page.url or "").split("?", 1)[0].rstrip("/")
                settings[str(page.name)] = {
                    "url_page_name": url.rsplit("/", 1)[-1].removesuffix(".html") or None,
                    "mobile_enabled": bool(page.mobile_enabled),
                }

        return [run]
    if phase is Phase.DETAIL:
        pages = reader.snapshot.section(PAGES)
        return [_seen(reader, _sections(reader, state), state) for state in pages.values()]
    return []


def _seen(reader: Reader, task: Task, state: PageState) -> Task:
    def run() -> None:
        task()
        saw_html(reader, *(state.sections or {}).values())

    return run


def export(ctx: ExportContext) -> None:
    pages = ctx.snapshot.section(PAGES)
    templates = exported(ctx.snapshot, AssetKind.LP_TEMPLATE)
    tree = ctx.snapshot.tree("program")
    settings = ctx.snapshot.section(PAGE_SETTINGS)
    for state in sorted(pages.values(), key=lambda s: s.id):
        label = f"landing page '{state.name}'"
        template = templates.get(state.template_id or 0)
        if template is None:
            ctx.problem(label, f"its template (id {state.template_id}) could not be read")
            continue
        defaults = editable_defaults(template.asset.content or "")
        content = {}
        for section, html in (state.sections or {}).items():
            kind = state.section_types.get(section, "HTML")
            if kind.lower() not in _TEXT_SECTIONS and not html.strip():
                continue  # an image or form element left as the template has it
            if kind.lower() not in _TEXT_SECTIONS:
                ctx.problem(
                    label,
                    f"section '{section}' holds {kind} content (a form, an image or a snippet), "
                    "which the template format cannot carry",
                )
                continue
            default = defaults.get(section)
            if default is not None and same_text(default, html):
                continue
            stem = f"{state.name}-{section}"
            content[section] = ctx.content("landing-pages", stem, ctx.html(html))
        extra = settings.get(state.name, {})
        fields = {name: state.fields.get(name) or None for name in FIELDS}
        ctx.add(
            "landing_pages",
            PageEntry(
                name=ctx.local_name(state.name),
                template=template.asset.name,
                folder=tree.path_of(state.folder_id, state.folder_type) or None,
                url_page_name=extra.get("url_page_name"),
                mobile_enabled=bool(extra.get("mobile_enabled")),
                content=content,
                approve=state.status == "approved",
                **fields,
            ),
        )


LANDING_PAGE = replace(LANDING_PAGE, export=export)
