"""``sandbox seed``: build a template's program in the sandbox as an admin would in Marketo's UI.

This is deliberately *not* the REST API. Marketo's API creates smart campaigns as empty shells:
it cannot write smart-list rules or flow steps. In a real instance those come from a person
(or a program imported once through Marketo's UI) and then travel by cloning. The sandbox has
no person, so this module stands in for one: it writes the template's program straight into the
store through :class:`~marketo_ops.sandbox.admin.SandboxAdmin`, with the same business rules as
the API (unique names, approved templates, folder types) and every row marked
``origin: sandbox-admin``.

What a seeded program holds, read back through the ordinary API afterwards:

* the program (type, channel, description, tags, costs), its folder tree and My Tokens;
* the Design Studio assets its emails need: the files (images) the HTML refers to as
  ``{{image:NAME}}``, uploaded and referenced by their URL, and the email templates, approved
  (an email cannot exist on an unapproved template). Same-named Design Studio assets already in
  the instance are kept and ours get a new name (``"Logo - 1"``), as Marketo's own program
  import does by default;
* the emails with their headers, pre-header and section content, approved when the template
  says so;
* the smart campaigns with their smart-list rules (``GET /smartCampaign/{id}/smartList.json?
  includeRules=true`` returns them in the API's ``SmartListRules`` shape), their flow steps (kept
  as data, since no API reads flows), their qualification rule, and active when the template
  asks for it and the campaign has a trigger and a flow step.

Landing pages, landing-page templates and snippets are not seeded: the REST API can write all
of them, so an importer creates them like any other asset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from ..templates import ProgramTemplate, TemplateError, replace_image_refs, smart_list_to_api
from .admin import (
    SeedCampaign,
    SeededProgram,
    SeedEmail,
    SeedProgram,
    SeedToken,
)
from .domain import files as file_domain
from .store.db import Row, Store

if TYPE_CHECKING:
    from ..templates.spec import Folder, SmartCampaign
    from .sandbox import Sandbox

DEFAULT_FOLDER: Final = "Marketing Activities/Default"


def seed_template(
    sandbox: Sandbox,
    template: ProgramTemplate,
    *,
    name: str | None = None,
    folder: str = DEFAULT_FOLDER,
) -> SeededProgram:
    """Build ``template``'s program in ``sandbox`` directly, smart lists and flows included.

    ``name`` renames the program (``{{ program }}`` in flow steps follows); ``folder`` is the
    Marketing Activities folder that receives it. All or nothing: when any Marketo rule refuses
    a part (the program name exists: 709; the folder is missing: 710...), nothing is kept.

    Raises :class:`~marketo_ops.templates.TemplateError` (with every finding) when the template
    has errors, and :class:`~marketo_ops.sandbox.SandboxAdminError` (``code``, ``message``) when
    the instance refuses it.
    """
    if name is not None:
        template = template.renamed(name=name)
    problems = template.errors()
    if problems:
        raise TemplateError(
            f"the template in {template.source_dir.as_posix()} has errors; fix them before seeding",
            problems,
        )
    admin = sandbox.admin
    store = sandbox.store
    with store.transaction():
        destination = admin.folder(folder)
        workspace = destination.workspace
        renamed: dict[str, str] = {}
        file_ids, urls = _seed_files(sandbox, template, workspace, renamed)
        template_ids = _seed_email_templates(sandbox, template, workspace, urls, renamed)
        seeded = admin.seed_program(_program_spec(template, destination, template_ids, urls))
    seeded.files = file_ids
    seeded.email_templates = template_ids
    seeded.renamed = renamed
    return seeded


# --- Design Studio ------------------------------------------------------------------------------
def design_studio_path(folder: str, workspace: str) -> str:
    """Where a template's Design Studio folder is in a workspace.

    The format names it relative to the workspace's Design Studio, so ``"Emails/Templates"`` is
    ``"Design Studio/Default/Emails/Templates"`` in the Default workspace.
    """
    relative = "/".join(part.strip() for part in folder.split("/") if part.strip())
    return f"Design Studio/{workspace}/{relative}"


def _taken(store: Store, kind: str, container: Row | None = None) -> Callable[[str], bool]:
    """Whether a name is taken for ``kind`` (in ``container`` when names are unique per folder)."""
    parent = (container.ref_type, container.id) if container is not None else None

    def taken(name: str) -> bool:
        return bool(store.find(kind, name=name, parent=parent))

    return taken


def _free_name(taken: Callable[[str], bool], wanted: str) -> str:
    """``wanted``, or Marketo's "keep both" name for it: ``"NAME - 1"``, ``"NAME - 2"``..."""
    if not taken(wanted):
        return wanted
    number = 1
    while taken(f"{wanted} - {number}"):
        number += 1
    return f"{wanted} - {number}"


def _seed_files(
    sandbox: Sandbox, template: ProgramTemplate, workspace: str, renamed: dict[str, str]
) -> tuple[dict[str, int], dict[str, str]]:
    """Upload the template's files; returns their ids and the URL each ``{{image:NAME}}`` gets."""
    store = sandbox.store
    ids: dict[str, int] = {}
    urls: dict[str, str] = {}
    for entry in template.files:
        container = sandbox.admin.ensure_folder(design_studio_path(entry.folder, workspace))
        # File names are unique across Design Studio: their public URL is built from the name.
        final = _free_name(_taken(store, "file"), entry.name)
        ids[entry.name] = sandbox.admin.add_file(
            final,
            template.file_bytes(entry),
            mime_type=template.mime_type(entry),
            folder=container.id,
            description=entry.description,
        )
        if final != entry.name:
            renamed[entry.name] = final
        urls[entry.name] = file_domain.url_for(sandbox.base_url, final)
    return ids, urls


def _seed_email_templates(
    sandbox: Sandbox,
    template: ProgramTemplate,
    workspace: str,
    urls: dict[str, str],
    renamed: dict[str, str],
) -> dict[str, int]:
    store = sandbox.store
    needed = {email.template for email in template.emails}
    ids: dict[str, int] = {}
    for entry in template.email_templates:
        container = sandbox.admin.ensure_folder(design_studio_path(entry.folder, workspace))
        # Email template names are unique within their folder.
        final = _free_name(_taken(store, "email_template", container), entry.name)
        ids[entry.name] = sandbox.admin.add_email_template(
            final,
            replace_image_refs(template.email_template_html(entry), urls),
            folder=container.id,
            description=entry.description,
            # Emails need an approved template, so a template they use is approved regardless.
            approve=entry.approve or entry.name in needed,
        )
        if final != entry.name:
            renamed[entry.name] = final
    return ids


# --- the program --------------------------------------------------------------------------------
def _program_spec(
    template: ProgramTemplate,
    destination: Row,
    template_ids: dict[str, int],
    urls: dict[str, str],
) -> SeedProgram:
    program = template.program
    return SeedProgram(
        name=program.name,
        folder=destination.id,
        type=program.type,
        channel=program.channel,
        description=program.description or "",
        tags={tag.tag_type: tag.value for tag in program.tags},
        costs=[
            {
                "startDate": cost.start_date.isoformat(),
                "cost": cost.cost,
                **({"note": cost.note} if cost.note is not None else {}),
            }
            for cost in program.costs
        ],
        folders=template.folder_paths(),
        folder_descriptions=_folder_descriptions(template),
        tokens=[
            SeedToken(token.name, template.token_value(token), token.type)
            for token in program.tokens
        ],
        emails=[
            SeedEmail(
                name=email.name,
                template=template_ids[email.template],
                folder=email.folder,
                subject=email.subject or "",
                from_name=email.from_name,
                from_email=email.from_email,
                reply_email=email.reply_to,
                description=email.description or "",
                sections={
                    section: replace_image_refs(html, urls)
                    for section, html in template.email_content(email).items()
                },
                preheader=email.preheader,
                operational=email.operational,
                text_only=email.text_only,
                approve=email.approve,
            )
            for email in template.emails
        ],
        campaigns=[seed_campaign(campaign) for campaign in template.smart_campaigns],
    )


def seed_campaign(campaign: SmartCampaign) -> SeedCampaign:
    """A template's smart campaign in the shape the sandbox stores (and the API reads back).

    Triggers keep their constraints (``detailed_triggers``): a trigger is a rule like a filter,
    with its primary condition and constraints. The match type is written in lower case, as
    Adobe's documented responses show it (``"filterMatchType": "all"``).
    """
    rules = smart_list_to_api(campaign, detailed_triggers=True)
    flow = [step.model_dump(mode="json") for step in campaign.flow]
    triggers: list[dict[str, Any]] = rules["triggers"]
    return SeedCampaign(
        name=campaign.name,
        folder=campaign.folder,
        description=campaign.description or "",
        triggers=triggers,
        filters=rules["filters"],
        filter_match_type=str(rules["filterMatchType"]).lower(),
        flow=flow,
        # Only a trigger campaign can be active; a batch campaign is scheduled instead.
        active=campaign.activate and bool(triggers) and bool(flow),
        qualification=campaign.qualification,
    )


def _folder_descriptions(template: ProgramTemplate) -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(entries: Iterable[Folder], parent: str) -> None:
        for entry in entries:
            path = f"{parent}/{entry.name}" if parent else entry.name
            if entry.description:
                found[path] = entry.description
            walk(entry.folders, path)

    walk(template.folders, "")
    return found


__all__ = ["design_studio_path", "seed_campaign", "seed_template"]
