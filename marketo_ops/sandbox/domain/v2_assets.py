"""Email Designer assets of the Asset API v2: emails, email templates and fragments.

Written from Adobe's pages "emails-new", "email-templates-new" and "fragments" (2026-03), which
give the calls and a few examples but no schema; what they leave open is decided here and said
so (see also ``marketo_ops/specs/asset-v2.from-docs.json``).

How they relate to the v1 assets. Email Designer assets are their own kinds in the same store
(``designer_email``, ``designer_template``, ``fragment``), living in the same folder tree,
programs and workspaces as the v1 assets: the v1 endpoints do not list them and the v2 endpoints
do not list v1 assets, because the two APIs describe different documents (v1: template HTML
with editable sections; v2: the Email Designer's JSON ``data``), and Adobe documents no way to
read one through the other. Names follow Marketo's rules across both: an email's name is unique
within its program (or among its workspace's Design Studio emails), v1 and v2 emails alike; an
email template's within its folder; a fragment's within its workspace. Placement follows the
v1 folder types: emails in programs or Design Studio "Email" folders, templates in "Email
Template" folders, fragments (email fragments, ``fragmentType: email``) in "Email" folders; an
``appData`` naming only a workspace puts the asset in that workspace's system folder.

Versions are the v1 ones (draft and approved, ``domain.versions``): edits go to the draft, and the
state transition approves, unapproves, discards, or makes a draft from the approved version.
An email needs an approved template (when it names one) to be created and approved, and its
headers complete to be approved, as v1 emails do. References: an email names its template
(``templateId``); emails and templates use a fragment by carrying ``{"fragmentId": "<id>"}``
anywhere in their ``data`` (the pages do not show the Email Designer's document, so this is the
sandbox's convention); a smart campaign sends an email by a "Send Email" flow step naming it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..store.seed import DESIGN_STUDIO
from ..timefmt import marketo_timestamp
from . import asset_rules, assets, tree, versions
from .emails import DEFAULT_FROM_EMAIL, DEFAULT_FROM_NAME
from .users import workspaces

ACTIONS: Final = frozenset({"approve", "unapprove", "discard", "create_draft"})
SORT_KEYS: Final = {
    "id": lambda row: row.id,
    "name": lambda row: row.name.lower(),
    "createdAt": lambda row: row.created_at,
    "modifiedAt": lambda row: row.updated_at,
    "updatedAt": lambda row: row.updated_at,
}
MAX_PAGE_SIZE: Final = 200
DEFAULT_PAGE_SIZE: Final = 20
_HEADERS: Final = ("subject", "fromName", "fromEmail", "replyEmail")


@dataclass(frozen=True)
class Kind:
    """One family of the v2 API."""

    path: str  # URL segment: email | emailtemplate | fragment
    kind: str  # store kind
    label: str
    editor: str  # appData.editorType in Adobe's examples
    folder_types: frozenset[str]
    local: bool  # may live in a program
    system_folder: tuple[str, ...]  # under Design Studio/<workspace>
    name_kinds: tuple[str, ...]
    per_folder: bool
    versioned: tuple[str, ...]  # body members kept in the versions


EMAIL: Final = Kind(
    "email",
    "designer_email",
    "Email",
    "email",
    frozenset({"Email"}),
    True,
    ("Emails",),
    ("email", "designer_email"),
    False,
    ("headers", "settings", "templateId", "themeId", "data", "editorContext"),
)
TEMPLATE: Final = Kind(
    "emailtemplate",
    "designer_template",
    "Email template",
    "emailTemplate",
    frozenset({"Email Template"}),
    False,
    ("Emails", "Templates"),
    ("email_template", "designer_template"),
    True,
    ("themeId", "data", "editorContext"),
)
FRAGMENT: Final = Kind(
    "fragment",
    "fragment",
    "Fragment",
    "fragment",
    frozenset({"Email"}),
    False,
    ("Emails",),
    ("fragment",),
    False,
    ("settings", "themeId", "data", "editorContext"),
)
KINDS: Final = {item.path: item for item in (EMAIL, TEMPLATE, FRAGMENT)}


# --- small parsers ------------------------------------------------------------------------------
def body_of(value: Any) -> dict[str, Any]:
    """The JSON body as an object (a missing body is an empty one)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise errors.invalid_data("The request body must be a JSON object")
    return value


def asset_id(value: Any, field: str) -> int:
    """An id given as a number or a string of digits (Adobe's examples quote them)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise errors.blank(field)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise errors.invalid_value(value, "Integer")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise errors.invalid_value(value, "Integer") from None
    if not -asset_rules.MAX_ID <= number < asset_rules.MAX_ID:
        raise errors.invalid_data(f"{field} '{value}' is out of range")
    return number


def _text(body: Mapping[str, Any], key: str) -> str | None:
    """An optional string member: None when absent, "" when blank, 1001 when not a string."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.invalid_value(value, "String")
    return value if value.strip() else ""


def _required_text(body: Mapping[str, Any], key: str) -> str:
    """A string member the call cannot do without: 701 when absent or blank."""
    value = _text(body, key)
    if not value:
        raise errors.blank(key)
    return value


def _object(body: Mapping[str, Any], key: str, *, required: bool = False) -> dict[str, Any] | None:
    value = body.get(key)
    if value is None:
        if required:
            raise errors.blank(key)
        return None
    if not isinstance(value, dict):
        raise errors.invalid_value(value, f"{key} (JSON object)")
    return dict(value)


def _strings(value: Any, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise errors.invalid_value(value, f"{field} (array of strings)")
    return list(value)


# --- lookups ------------------------------------------------------------------------------------
def get(store: Store, spec: Kind, number: int) -> Row | None:
    return asset_rules.get(store, spec.kind, number)


def require(store: Store, spec: Kind, number: int) -> Row:
    row = get(store, spec, number)
    if row is None:
        raise errors.not_found(spec.label, number)
    return row


def workspace_name(store: Store, workspace_id: int) -> str:
    for item in workspaces(store):
        if item["id"] == workspace_id:
            return str(item["name"])
    raise errors.invalid_data(f"Workspace {workspace_id} not found")


def workspace_id(store: Store, name: str) -> int | None:
    for item in workspaces(store):
        if item["name"] == name:
            return int(item["id"])
    return None


def _system_folder(store: Store, spec: Kind, workspace: str) -> Row:
    path = (DESIGN_STUDIO, workspace, *spec.system_folder)
    rows = [row for row in store.find("folder", name=path[0]) if row.parent_id is None]
    for name in path[1:]:
        if not rows:
            break
        rows = store.find("folder", name=name, parent=(rows[0].ref_type, rows[0].id))
    if not rows:
        raise errors.folder_not_found("/".join(path))
    return rows[0]


def placement(store: Store, spec: Kind, app_data: Mapping[str, Any]) -> Row:
    """The container ``appData`` names: its folder, else its program (emails), else the
    workspace's system folder for the kind. 710 for a missing folder or program, 711 for one
    that cannot hold the asset or lies in another workspace than ``workspaceId``."""
    workspace = None
    if app_data.get("workspaceId") not in (None, ""):
        workspace = workspace_name(store, asset_id(app_data["workspaceId"], "appData.workspaceId"))
    program = None
    if app_data.get("programId") not in (None, ""):
        if not spec.local:
            raise errors.invalid_data(f"A {spec.label.lower()} cannot be placed in a program")
        number = asset_id(app_data["programId"], "appData.programId")
        program = store.get("program", number)
        if program is None:
            raise errors.folder_not_found(number, "Program")
    if app_data.get("folderId") not in (None, ""):
        number = asset_id(app_data["folderId"], "appData.folderId")
        container = store.get("folder", number)
        if container is None:
            raise errors.folder_not_found(number)
        if program is not None and tree.owning_program(container) != program.id:
            raise errors.incompatible_folder(
                f"folder {number} is not in program '{program.name}' (appData.programId)"
            )
    elif program is not None:
        container = program
    elif workspace is not None:
        container = _system_folder(store, spec, workspace)
    else:
        raise errors.ApiError(
            701, "appData.folderId, appData.workspaceId or appData.programId cannot be blank"
        )
    if workspace is not None and container.workspace != workspace:
        raise errors.incompatible_folder(
            f"{container.ref_type.lower()} '{container.name}' is in workspace"
            f" '{container.workspace}', not '{workspace}' (appData.workspaceId)"
        )
    asset_rules.check_placement(
        store, container, spec.label, folder_types=spec.folder_types, local=spec.local
    )
    return container


def _unique(
    store: Store, spec: Kind, name: str, container: Row, exclude: Row | None = None
) -> None:
    asset_rules.ensure_unique(
        store,
        spec.name_kinds,
        spec.label,
        name,
        container,
        exclude=(exclude.kind, exclude.id) if exclude is not None else None,
        per_folder=spec.per_folder,
    )


# --- content ------------------------------------------------------------------------------------
def _template(store: Store, value: Any, *, approved: bool) -> str:
    number = asset_id(value, "templateId")
    row = get(store, TEMPLATE, number)
    if row is None:
        raise errors.business_rule(f"Email template {number} not found")
    if approved and not versions.has_approved(row):
        raise errors.business_rule(f"Email template '{row.name}' is not approved")
    return str(row.id)


def _email_headers(base: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    headers = dict(base)
    for key, value in given.items():
        if key == "ccEmails":
            headers[key] = _strings(value, "headers.ccEmails")
        elif value is not None and not isinstance(value, str):
            raise errors.invalid_value(value, f"headers.{key} (String)")
        else:
            headers[key] = value
    if not str(headers.get("subject") or "").strip():
        raise errors.blank("headers.subject")
    return headers


def _fragment_settings(base: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    settings = {**base, **given}
    if not str(settings.get("fragmentType") or "").strip():
        raise errors.blank("settings.fragmentType")
    channels = settings.get("supportedChannels")
    if not channels:
        raise errors.blank("settings.supportedChannels")
    settings["supportedChannels"] = _strings(channels, "settings.supportedChannels")
    return settings


def _content(
    store: Store, spec: Kind, body: Mapping[str, Any], base: Mapping[str, Any]
) -> dict[str, Any]:
    """A version's content: ``base`` with the body's versioned members applied and checked."""
    content = copy.deepcopy(dict(base))
    for key in ("data", "editorContext"):
        if key in body and body[key] is not None:
            content[key] = _object(body, key)
    theme = body.get("themeId")
    if theme is not None:
        if isinstance(theme, bool) or not isinstance(theme, str | int):
            raise errors.invalid_value(theme, "themeId (String)")
        content["themeId"] = str(theme)
    if spec is EMAIL:
        headers = _object(body, "headers")
        if headers is not None:
            content["headers"] = _email_headers(content.get("headers") or {}, headers)
        settings = _object(body, "settings")
        if settings is not None:
            for key, value in settings.items():
                if key != "scriptEngine" and not isinstance(value, bool):
                    raise errors.invalid_value(value, f"settings.{key} (Boolean)")
            content["settings"] = {**content.get("settings", {}), **settings}
        if body.get("templateId") is not None:
            content["templateId"] = _template(store, body["templateId"], approved=True)
    if spec is FRAGMENT:
        settings = _object(body, "settings")
        if settings is not None:
            content["settings"] = _fragment_settings(content.get("settings") or {}, settings)
    return content


def _initial(spec: Kind) -> dict[str, Any]:
    if spec is EMAIL:
        return {
            "headers": {
                "fromName": DEFAULT_FROM_NAME,
                "fromEmail": DEFAULT_FROM_EMAIL,
                "replyEmail": DEFAULT_FROM_EMAIL,
            },
            "settings": {
                "isOperational": False,
                "isTextOnly": False,
                "isWebPageView": False,
                "enableUrlTracking": True,
            },
            "templateId": None,
            "themeId": None,
            "data": {},
            "editorContext": {},
        }
    if spec is FRAGMENT:
        return {"settings": {}, "themeId": None, "data": {}, "editorContext": {}}
    return {"themeId": None, "data": {}, "editorContext": {}}


# --- writes -------------------------------------------------------------------------------------
def create(store: Store, spec: Kind, body: Mapping[str, Any], *, user: str, app_type: str) -> Row:
    name = _required_text(body, "name")
    description = _text(body, "description") or ""
    app_data = _object(body, "appData", required=True) or {}
    if spec is EMAIL:
        _object(body, "headers", required=True)
    if spec is FRAGMENT:
        _object(body, "settings", required=True)
    status = body.get("status")
    if status not in (None, "draft", "approved"):
        raise errors.invalid_value(status, "status (draft or approved)")
    with store.transaction():
        container = placement(store, spec, app_data)
        _unique(store, spec, name, container)
        base = _initial(spec)
        if spec is EMAIL:
            base["headers"]["replyEmail"] = (body.get("headers") or {}).get(
                "fromEmail"
            ) or DEFAULT_FROM_EMAIL
        content = _content(store, spec, body, base)
        row = store.insert(
            Row(
                kind=spec.kind,
                id=store.next_id(spec.kind),
                name=name,
                **tree.placement(container),
                data={
                    "description": description,
                    "appType": str(body.get("appType") or app_type),
                    "createdBy": user,
                    "modifiedBy": user,
                    **versions.new_versions(content),
                },
            )
        )
        if status == "approved":
            row = _apply(store, spec, row, "approve", user)
        return row


def update(store: Store, spec: Kind, row: Row, body: Mapping[str, Any], *, user: str) -> Row:
    name = _text(body, "name")
    description = _text(body, "description")
    app_data = _object(body, "appData")
    with store.transaction():
        if app_data:
            container = placement(store, spec, app_data)
            row.workspace = container.workspace
            row.parent_type, row.parent_id = container.ref_type, container.id
            row.program_id = tree.owning_program(container)
        else:
            container = tree.container_of(store, row)
        if name is not None and name.strip():
            row.name = name
        if name or app_data:
            _unique(store, spec, row.name, container, exclude=row)
        if description is not None:
            row.data["description"] = description
        if any(body.get(key) is not None for key in spec.versioned):
            draft = _content(store, spec, body, versions.editable(row))
            versions.set_draft(row, draft)
        row.data["modifiedBy"] = user
        return store.save(row)


def _check_approvable(store: Store, spec: Kind, row: Row) -> None:
    draft = row.data.get("draft") or {}
    if spec is not EMAIL:
        return
    template_id = draft.get("templateId")
    if template_id is not None:
        template = get(store, TEMPLATE, int(template_id))
        if template is None or not versions.has_approved(template):
            raise errors.business_rule(
                f"Email '{row.name}' cannot be approved: its template is missing or not approved"
            )
    headers = draft.get("headers") or {}
    missing = [key for key in _HEADERS if not str(headers.get(key) or "").strip()]
    if missing:
        raise errors.business_rule(
            f"Email '{row.name}' cannot be approved: {', '.join(missing)} must not be empty"
        )


def _apply(store: Store, spec: Kind, row: Row, action: str, user: str) -> Row:
    if action == "approve":
        if versions.has_draft(row):
            _check_approvable(store, spec, row)
        versions.approve(row)
    elif action == "unapprove":
        versions.unapprove(row)
    elif action == "discard":
        versions.discard(row)
    else:
        if not versions.has_approved(row):
            raise errors.business_rule(f"{spec.label} '{row.name}' has no approved version")
        if versions.has_draft(row):
            raise errors.business_rule(f"{spec.label} '{row.name}' already has a draft")
        versions.set_draft(row, copy.deepcopy(row.data["approved"]))
    row.data["modifiedBy"] = user
    return store.save(row)


def transition(store: Store, spec: Kind, body: Mapping[str, Any], *, user: str) -> Row:
    action = body.get("action")
    if action is None or action == "":
        raise errors.blank("action")
    if action not in ACTIONS:
        raise errors.invalid_value(action, "action (approve, unapprove, discard or create_draft)")
    row = require(store, spec, asset_id(body.get("contentId"), "contentId"))
    with store.transaction():
        return _apply(store, spec, row, str(action), user)


def clone(store: Store, spec: Kind, body: Mapping[str, Any], *, user: str) -> Row:
    source = require(store, spec, asset_id(body.get("assetId"), "assetId"))
    new_asset = _object(body, "newAsset", required=True) or {}
    name = _required_text(new_asset, "name")
    description = _text(new_asset, "description")
    app_data = _object(new_asset, "appData")
    content = versions.current(source)
    with store.transaction():
        container = (
            placement(store, spec, app_data) if app_data else tree.container_of(store, source)
        )
        _unique(store, spec, name, container)
        return store.insert(
            Row(
                kind=spec.kind,
                id=store.next_id(spec.kind),
                name=name,
                **tree.placement(container),
                data={
                    "description": description
                    if description is not None
                    else source.data.get("description", ""),
                    "appType": source.data.get("appType"),
                    "createdBy": user,
                    "modifiedBy": user,
                    **versions.new_versions(copy.deepcopy(content)),
                },
            )
        )


def delete(store: Store, spec: Kind, row: Row) -> None:
    if spec is not EMAIL:
        users = used_by(store, spec, row)
        if users:
            names = ", ".join(f"{item['type']} '{item['name']}'" for item in users[:3])
            raise errors.business_rule(f"{spec.label} '{row.name}' is in use by {names}")
    store.delete(spec.kind, row.id)


# --- reads --------------------------------------------------------------------------------------
def render(store: Store, spec: Kind, row: Row, status: str | None = None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    parent = tree.parent_of(store, row)
    program_id = row.program_id
    folder_id = parent.id if parent is not None and parent.kind == "folder" else None
    space = workspace_id(store, row.workspace)
    shown = {key: copy.deepcopy(content.get(key)) for key in spec.versioned}
    return {
        "id": str(row.id),
        "name": row.name,
        "description": row.data.get("description", ""),
        "status": label,
        "hasDraft": versions.has_approved(row) and versions.has_draft(row),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "createdBy": row.data.get("createdBy"),
        "modifiedBy": row.data.get("modifiedBy"),
        "appData": {
            "workspaceId": str(space) if space is not None else None,
            "folderId": str(folder_id) if folder_id is not None else None,
            "programId": str(program_id) if program_id is not None else None,
            "editorType": spec.editor,
        },
        **shown,
    }


def _current(row: Row) -> dict[str, Any]:
    picked = versions.pick(row, None)
    return picked[1] if picked is not None else {}


def filter_rows(store: Store, spec: Kind, query: Mapping[str, Any], *, user: str) -> list[Row]:
    """The filter endpoint: every documented filter but ``isValueNonNullable`` (its meaning is
    not documented; accepted, not applied) and ``includeArchived`` (nothing is archived here)."""
    workspace = workspace_name(store, int(query["workspaceId"]))
    rows = store.find(spec.kind, workspace=workspace)
    folders = [number for number in query.get("folderIds") or [] if number is not None]
    if query.get("folderId") is not None:
        folders.append(query["folderId"])
    if folders:
        containers = [asset_rules.get(store, "folder", number) for number in folders]
        rows = [
            row
            for row in rows
            if any(c is not None and assets.in_container(store, row, c) for c in containers)
        ]
    statuses = query.get("status") or []
    for status in statuses:
        if status not in {"approved", "draft"}:
            raise errors.invalid_value(status, "status (approved or draft)")
    if statuses:
        rows = [row for row in rows if any(versions.pick(row, s) is not None for s in statuses)]
    name = query.get("name")
    if name:
        rows = [row for row in rows if str(name).lower() in row.name.lower()]
    for key, field in (("createdBy", "createdBy"), ("modifiedBy", "modifiedBy")):
        if query.get(key):
            rows = [row for row in rows if row.data.get(field) == query[key]]
    if query.get("isCreatedByMe"):
        rows = [row for row in rows if row.data.get("createdBy") == user]
    if query.get("isModifiedByMe"):
        rows = [row for row in rows if row.data.get("modifiedBy") == user]
    windows = (
        ("createdAtStart", "createdAtEnd", "created_at"),
        ("modifiedAtStart", "modifiedAtEnd", "updated_at"),
    )
    for start_key, end_key, column in windows:
        low, high = assets.parse_window(query.get(start_key), query.get(end_key))
        if low is not None:
            rows = [row for row in rows if getattr(row, column) >= low]
        if high is not None:
            rows = [row for row in rows if getattr(row, column) <= high]
    if query.get("templateId") is not None and spec is EMAIL:
        wanted = str(query["templateId"])
        rows = [row for row in rows if str(_current(row).get("templateId")) == wanted]
    if query.get("fragmentType") and spec is FRAGMENT:
        wanted = str(query["fragmentType"]).lower()
        rows = [
            row
            for row in rows
            if str((_current(row).get("settings") or {}).get("fragmentType", "")).lower() == wanted
        ]
    if query.get("scriptEngine"):
        rows = [
            row
            for row in rows
            if (_current(row).get("settings") or {}).get("scriptEngine") == query["scriptEngine"]
        ]
    sort_key = query.get("sortKey") or "id"
    if sort_key not in SORT_KEYS:
        raise errors.invalid_value(sort_key, "sortKey (" + ", ".join(SORT_KEYS) + ")")
    order = (query.get("sortOrder") or "asc").lower()
    if order not in {"asc", "desc"}:
        raise errors.invalid_value(query.get("sortOrder"), "sortOrder (asc or desc)")
    rows.sort(key=SORT_KEYS[sort_key], reverse=order == "desc")
    return rows


def page(items: list[Any], page_index: int | None, page_size: int | None) -> list[Any]:
    """``pageIndex`` (from 0) and ``pageSize`` (1 to 200, default 20: the asset API's limits,
    which Adobe's v2 pages do not restate)."""
    index = 0 if page_index is None else page_index
    size = DEFAULT_PAGE_SIZE if page_size is None else page_size
    if index < 0:
        raise errors.invalid_data(f"Invalid pageIndex '{index}': it must not be negative")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise errors.invalid_data(f"Invalid pageSize '{size}': it must be between 1 and 200")
    return items[index * size : (index + 1) * size]


def _versions(row: Row) -> Iterator[dict[str, Any]]:
    for key in ("draft", "approved"):
        content = row.data.get(key)
        if content:
            yield content


def _mentions_fragment(value: Any, fragment_id: str) -> bool:
    if isinstance(value, dict):
        if str(value.get("fragmentId")) == fragment_id:
            return True
        return any(_mentions_fragment(item, fragment_id) for item in value.values())
    if isinstance(value, list):
        return any(_mentions_fragment(item, fragment_id) for item in value)
    return False


def _entry(row: Row, kind: str) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "name": row.name,
        "type": kind,
        "status": versions.status_label(row) if kind != "smartCampaign" else None,
    }


def used_by(store: Store, spec: Kind, row: Row) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    key = str(row.id)
    if spec is TEMPLATE:
        for email in store.find(EMAIL.kind):
            if any(str(content.get("templateId")) == key for content in _versions(email)):
                found.append(_entry(email, "email"))
    elif spec is FRAGMENT:
        for kind, label in ((EMAIL.kind, "email"), (TEMPLATE.kind, "emailTemplate")):
            for item in store.find(kind):
                if any(
                    _mentions_fragment(content.get("data"), key)
                    or _mentions_fragment(content.get("editorContext"), key)
                    for content in _versions(item)
                ):
                    found.append(_entry(item, label))
    else:
        for campaign in store.find("smart_campaign"):
            steps = campaign.data.get("flow") or []
            if any(
                isinstance(step, dict)
                and str(step.get("type", "")).lower() == "send email"
                and str(step.get("email")) in {key, row.name}
                for step in steps
            ):
                found.append(_entry(campaign, "smartCampaign"))
    return found
