"""Emails of the program: built on an approved email template, compared field by field.

An approved email edited since its approval has a pending draft: that draft is what Marketo will
send once someone approves it, so it is what the template is compared with (drift). Drafts of
the whole program are found with one list call filtered by status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

from ...templates import Email as EmailEntry
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
    from ...types.asset import Email, EmailContent
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.EMAIL
#: An email template's variable declaration (``<meta class="mktoString" id=... >``).
TEMPLATE_VARIABLE: Final = re.compile(
    r"<meta\b[^>]*class=[\"'](?:mktoString|mktoNumber|mktoBoolean|mktoColor|mktoList|mktoImg|mktoHTML)\b",
    re.IGNORECASE,
)
HEADERS = ("subject", "from name", "from email", "reply-to")


@dataclass
class EmailVersion:
    subject: str
    from_name: str
    from_email: str
    reply_to: str
    preheader: str
    operational: bool
    text_only: bool
    description: str


@dataclass
class EmailState:
    id: int
    name: str
    folder_id: int | None
    folder_type: str | None
    template_id: int | None
    status: str
    version: EmailVersion  # the pending draft when there is one, else the approved version
    has_draft: bool = False
    sections: dict[str, str] | None = None  # section id -> HTML; None: not read
    approved_version: dict[str, Any] = field(default_factory=dict)


EMAILS: Section[dict[str, EmailState]] = Section("emails", dict)


def version_of(email: Email) -> EmailVersion:
    return EmailVersion(
        subject=text_of(email.subject),
        from_name=text_of(email.from_name),
        from_email=text_of(email.from_email),
        reply_to=text_of(email.reply_email),
        preheader=text_of(email.pre_header),
        operational=bool(email.operational),
        text_only=bool(email.text_only),
        description=text_of(email.description),
    )


def section_html(section: EmailContent) -> str:
    """The HTML of a section, whatever shape Marketo gives its value (text, list of versions)."""
    value = section.value
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item.get("type") == "HTML":
                return str(item.get("value", ""))
        for item in value:
            if isinstance(item, dict) and "value" in item:
                return str(item["value"])
    if isinstance(value, dict) and "value" in value:
        return str(value["value"])
    return "" if value is None else str(value)


# -- read ----------------------------------------------------------------------------------------


def read(reader: Reader, phase: Phase) -> list[Task]:
    if reader.exporting:
        return export_reads(reader, phase)
    return read_local(
        reader,
        phase,
        kind=KIND,
        entries=reader.template.emails,
        section=EMAILS,
        list_all=_list,
        details=lambda r, s: [_sections(r, s)],
    )


def _state(email: Email) -> EmailState:
    return EmailState(
        id=int(email.id or 0),
        name=str(email.name),
        folder_id=email.folder.id if email.folder else None,
        folder_type=email.folder.type if email.folder else None,
        template_id=email.template,
        status=str(email.status or "draft").lower(),
        version=version_of(email),
    )


def _list(reader: Reader) -> None:
    api = reader.assets.emails
    list_into(reader, "emails", EMAILS, lambda where: api.list(folder=where), _state)
    if not reader.drafts:
        return
    emails = reader.snapshot.section(EMAILS)
    drafts = listing(reader, "email-drafts", lambda where: api.list(folder=where, status="draft"))
    for draft in drafts:
        state = emails.get(str(draft.name))
        if state is not None and state.status == "approved":
            state.has_draft = True
            state.version = version_of(draft)


def _sections(reader: Reader, state: EmailState) -> Task:
    def run() -> None:
        status = "draft" if state.has_draft else None
        state.sections = {
            str(s.html_id): section_html(s)
            for s in reader.assets.emails.content(state.id, status=status)
            if s.html_id
        }

    return run


# -- plan ----------------------------------------------------------------------------------------


def _texts(ctx: PlanContext, entry: EmailEntry) -> list[str]:
    return [
        entry.subject or "",
        entry.from_name or "",
        entry.from_email or "",
        entry.reply_to or "",
        *ctx.template.email_content(entry).values(),
    ]


def plan(ctx: PlanContext) -> None:
    if ctx.action("program") is None:
        return
    existing = ctx.snapshot.section(EMAILS)
    for entry in ctx.template.emails:
        template_key = f"email_template:{entry.template}"
        binding = ctx.bindings.get(template_key)
        sections = ctx.template.email_content(entry)
        payload: dict[str, Any] = {
            "name": entry.name,
            "parent": parent_ref(entry.folder),
            "template_key": template_key,
            "subject": entry.subject,
            "from_name": entry.from_name,
            "from_email": entry.from_email,
            "reply_to": entry.reply_to,
            "preheader": entry.preheader,
            "operational": entry.operational,
            "text_only": entry.text_only,
            "description": entry.description,
            "sections": sections,
            "approve": entry.approve,
            "fields": lead_fields_in_texts(_texts(ctx, entry)),
        }
        key = f"email:{entry.name}"
        depends = local_depends(entry.folder, template_key)
        location = ctx.request.local_location(entry.folder)
        found = existing.get(entry.name)
        if found is None:
            on = f"email template '{binding.name if binding else entry.template}'"
            created_on_template(
                ctx, KIND, entry, on=on, sections=sections, depends=depends, payload=payload
            )
            continue
        changes = _changes(ctx, entry, found)
        if changes is None:
            continue
        payload["before"] = {  # what rollback restores
            "version": {
                "subject": found.version.subject,
                "from_name": found.version.from_name,
                "from_email": found.version.from_email,
                "reply_to": found.version.reply_to,
                "preheader": found.version.preheader,
                "operational": found.version.operational,
                "description": found.version.description,
            },
            "status": found.status,
            "sections": dict(found.sections or {}),
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


def _changes(ctx: PlanContext, entry: EmailEntry, found: EmailState) -> list[Change] | None:
    """Differences between an existing email and the template; None: a problem was raised."""
    binding = ctx.bindings.get(f"email_template:{entry.template}")
    if (
        binding is not None
        and found.template_id is not None
        and (binding.existing_id is None or found.template_id != binding.existing_id)
    ):
        ctx.problem(
            "email-template-switch",
            f"Email '{entry.name}' uses email template id {found.template_id} in the "
            f"destination, but the plan gives it '{binding.name}'"
            + (f" (id {binding.existing_id})" if binding.existing_id else " (a new copy)")
            + "; Marketo cannot change the template of an existing email.",
            "Delete or rename the email in Marketo, or choose --rule email-templates=replace.",
        )
        return None
    current = found.version
    wanted = {
        "subject": (current.subject, entry.subject),
        "from name": (current.from_name, entry.from_name),
        "from email": (current.from_email, entry.from_email),
        "reply-to": (current.reply_to, entry.reply_to),
        "preheader": (current.preheader, entry.preheader),
        "description": (current.description, entry.description),
    }
    changes = [
        Change(name, have, want)
        for name, (have, want) in wanted.items()
        if want is not None and have != want.strip()
    ]
    flags = {
        "operational": (current.operational, entry.operational),
        "text only": (current.text_only, entry.text_only),
    }
    changes += [Change(k, a, b) for k, (a, b) in flags.items() if a != b]
    check_folder(
        ctx, "email", entry.name, folder_path(ctx, found.folder_id, found.folder_type), entry.folder
    )
    sections = found.sections or {}
    urls = image_urls(ctx)
    for section, html in ctx.template.email_content(entry).items():
        want = normalise_html(replace_image_refs(html, urls))
        have = normalise_html(sections.get(section, ""))
        if want != have:
            changes.append(Change(f"section {section}", short(have), short(want)))
    if entry.approve and found.status != "approved":
        changes.append(Change("status", found.status, "approved"))
    elif entry.approve and found.has_draft:
        changes.append(Change("status", "draft", "approved"))
    elif entry.approve and changes:
        changes.append(Change("status", "approved", "approved again after the changes"))
    return changes


def needs(_ctx: PlanContext, action: Action) -> Needs:
    return field_needs(action, list(action.payload.get("fields") or []))


def prepare(ctx: PlanContext, action: Action) -> None:
    if action.writes:
        check_fields(ctx, list(action.payload.get("fields") or []), f"email {action.entry!r}")


# -- apply ---------------------------------------------------------------------------------------


def apply(action: Action, ctx: ApplyContext) -> None:
    api = ctx.client.assets.emails
    payload = action.payload
    if action.op.adds:
        entry = writing.start(ctx, action)
        made = api.create(
            name=str(payload["name"]),
            folder=ctx.parent(payload["parent"]),
            template=ctx.id(str(payload["template_key"])),
            subject=str(payload.get("subject") or ""),
            from_name=str(payload.get("from_name") or ""),
            from_email=str(payload.get("from_email") or ""),
            reply_email=str(payload.get("reply_to") or payload.get("from_email") or ""),
            description=payload.get("description"),
            operational=bool(payload.get("operational")),
        )
        email_id = writing.id_of(made, action.name)
        ctx.journal.update(entry, id=email_id, created=True)
        _write(api, ctx, email_id, payload, changed=None)
        writing.done(ctx, entry, email_id, created=True, key=action.key)
        return
    email_id = writing.target_id(ctx, action)
    entry = writing.start(ctx, action, id=email_id, before=dict(payload.get("before") or {}))
    _write(api, ctx, email_id, payload, changed=action.changed_fields)
    writing.done(ctx, entry, email_id, created=False, key=action.key)


def _write(
    api: Any, ctx: ApplyContext, email_id: int, payload: dict[str, Any], changed: set[str] | None
) -> None:
    """Headers, settings, sections, then approval: Marketo's order for an email draft."""

    def wanted(name: str) -> bool:
        return changed is None or name in changed

    if changed is not None:
        headers = {
            "subject": ("subject", payload.get("subject")),
            "from_name": ("from name", payload.get("from_name")),
            "from_email": ("from email", payload.get("from_email")),
            "reply_to": ("reply-to", payload.get("reply_to")),
        }
        values = {
            arg: {"type": "Text", "value": value}
            for arg, (label, value) in headers.items()
            if value is not None and wanted(label)
        }
        if values:
            api.update_content(email_id, **values)
    settings: dict[str, Any] = {}
    if payload.get("preheader") is not None and wanted("preheader"):
        settings["pre_header"] = payload["preheader"]
    if changed is not None and wanted("operational"):
        settings["operational"] = bool(payload.get("operational"))
    if (payload.get("text_only") and changed is None) or (changed and "text only" in changed):
        settings["text_only"] = bool(payload.get("text_only"))
    if changed is not None and payload.get("description") is not None and wanted("description"):
        settings["description"] = payload["description"]
    if settings:
        api.update(email_id, **settings)
    for section, raw in dict(payload.get("sections") or {}).items():
        if wanted(f"section {section}"):
            api.update_section(email_id, section, type="Text", value=writing.html(ctx, raw))
    if payload.get("approve"):
        writing.approve(api, email_id)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.emails
    if writing.delete_made(ctx, api, entry) or entry.id is None or not entry.before:
        return
    version = dict(entry.before.get("version") or {})
    headers = {
        "subject": version.get("subject"),
        "from_name": version.get("from_name"),
        "from_email": version.get("from_email"),
        "reply_to": version.get("reply_to"),
    }
    values = {k: {"type": "Text", "value": v} for k, v in headers.items() if v}
    if values:
        api.update_content(entry.id, **values)
    api.update(
        entry.id,
        description=version.get("description") or "",
        operational=version.get("operational"),
        pre_header=version.get("preheader"),
    )
    for section, html in (entry.before.get("sections") or {}).items():
        api.update_section(entry.id, section, type="Text", value=html)
    if entry.before.get("status") == "approved":
        writing.approve(api, entry.id)
    ctx.restored.append(writing.label(entry))


EMAIL = Kind(
    kind=KIND, read=read, plan=plan, needs=needs, prepare=prepare, apply=apply, rollback=rollback
)


# -- export ----------------------------------------------------------------------------------------

#: Each exported email's section types (htmlId -> Text, DynamicContent, Snippet).
SECTION_TYPES: Section[dict[str, dict[str, str]]] = Section("export_email_section_types", dict)


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """Every email of the program: one list call (plus one for drafts), then each one's sections
    (the Asset API has no call that gives several emails' content)."""
    if phase is Phase.CONTENTS:
        return [lambda: _list(reader)]
    if phase is Phase.DETAIL:
        return [_typed_sections(reader, s) for s in reader.snapshot.section(EMAILS).values()]
    return []


def _typed_sections(reader: Reader, state: EmailState) -> Task:
    def run() -> None:
        status = "draft" if state.has_draft else None
        found = reader.assets.emails.content(state.id, status=status)
        state.sections = {str(s.html_id): section_html(s) for s in found if s.html_id}
        types = {str(s.html_id): str(s.content_type or "Text") for s in found if s.html_id}
        reader.snapshot.section(SECTION_TYPES)[state.name] = types
        saw_html(reader, *state.sections.values())

    return run


def export(ctx: ExportContext) -> None:
    emails = ctx.snapshot.section(EMAILS)
    templates = exported(ctx.snapshot, AssetKind.EMAIL_TEMPLATE)
    tree = ctx.snapshot.tree("program")
    defaults: dict[int, dict[str, str]] = {}
    for state in sorted(emails.values(), key=lambda s: s.id):
        label = f"email '{state.name}'"
        template = templates.get(state.template_id or 0)
        if template is None:
            ctx.problem(label, f"its email template (id {state.template_id}) could not be read")
            continue
        if template.asset.id not in defaults:
            defaults[template.asset.id] = editable_defaults(template.asset.content or "")
        if TEMPLATE_VARIABLE.search(template.asset.content or ""):
            ctx.placeholders.append(
                f"template variables of email '{state.name}': its template declares variables "
                "(mktoString, mktoColor...), whose values per email the export does not read; "
                "check them in Marketo"
            )
        types = ctx.snapshot.section(SECTION_TYPES).get(state.name, {})
        content = {}
        for html_id, html in (state.sections or {}).items():
            kind = types.get(html_id, "Text")
            if kind not in ("Text", "HTML"):
                ctx.problem(
                    label,
                    f"section '{html_id}' holds {kind} content, which the template format "
                    "cannot carry (Marketo's own program import skips such emails too)",
                )
                continue
            default = defaults[template.asset.id].get(html_id)
            if default is not None and same_text(default, html):
                continue  # as the template makes it: nothing to set
            stem = f"{state.name}-{html_id}"
            content[html_id] = ctx.content("emails", stem, ctx.html(html))
        version = state.version
        ctx.add(
            "emails",
            EmailEntry(
                name=ctx.local_name(state.name),
                folder=tree.path_of(state.folder_id, state.folder_type) or None,
                template=template.asset.name,
                description=version.description or None,
                subject=version.subject or None,
                from_name=version.from_name or None,
                from_email=version.from_email or None,
                reply_to=version.reply_to or None,
                preheader=version.preheader or None,
                operational=version.operational,
                text_only=version.text_only,
                content=content,
                approve=state.status == "approved",
            ),
        )
        if state.has_draft:
            ctx.notes.append(
                f"Email '{state.name}' has unapproved changes: the export holds that draft, "
                "and importing it approves it."
            )


EMAIL = replace(EMAIL, export=export)
