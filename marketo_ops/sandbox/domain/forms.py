"""Forms: metadata, versions, submit button, follow-up rules and where a form is used.

As Adobe's Forms guide describes them: a form lives in a program (a local form, unique within
the program) or in a Design Studio folder of type "Landing Page Form" (unique within its
workspace), starts with First Name, Last Name and Email, and has a draft and an approved version.
Everything but the name and description is versioned: every change edits the draft and becomes
live on approval. The API has no "unapprove" for forms, and an approved form must be unapproved
before it can be deleted (the guide: "Always unapprove a form before attempting to delete it"),
so an approved form cannot be deleted through the API. A form used by a landing page cannot be
deleted either (709). The fields are :mod:`.form_fields`.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import asset_rules, form_fields, tree, versions
from .lead_schema import custom_member_fields

KIND: Final = "form"
LABEL: Final = "Form"
FOLDER_TYPES: Final = frozenset({"Landing Page Form"})

_LOCALES: Final = {
    "English": "en_US",
    "French": "fr_FR",
    "German": "de_DE",
    "Spanish": "es_ES",
    "Italian": "it_IT",
    "Portuguese": "pt_BR",
    "Dutch": "nl_NL",
    "Swedish": "sv_SE",
    "Japanese": "ja_JP",
    "Korean": "ko_KR",
    "Chinese": "zh_CN",
}
# (button label, waiting label); Adobe's French example: "Envoyer" / "Veuillez patienter"
_BUTTONS: Final = {
    "English": ("Submit", "Please Wait"),
    "French": ("Envoyer", "Veuillez patienter"),
    "German": ("Senden", "Bitte warten"),
    "Spanish": ("Enviar", "Por favor espere"),
}
LABEL_POSITIONS: Final = frozenset({"left", "above"})
FOLLOWUP_TYPES: Final = frozenset({"lp", "url", "none"})


# --- lookups ------------------------------------------------------------------------------------
def require(store: Store, form_id: int) -> Row:
    row = asset_rules.get(store, KIND, form_id)
    if row is None:
        raise errors.not_found(LABEL, form_id)
    return row


def with_status(rows: list[Row], status: str | None) -> list[Row]:
    """Rows matching a browse ``status``: approved, draft, or "approved with draft" (the Forms
    guide lists the three)."""
    wanted = (status or "").strip().lower()
    if not wanted:
        return rows
    if wanted == "approved with draft":
        return [row for row in rows if versions.has_approved(row) and versions.has_draft(row)]
    return [row for row in rows if versions.pick(row, wanted) is not None]


def _defaults(language: str) -> dict[str, Any]:
    label, waiting = _BUTTONS.get(language, _BUTTONS["English"])
    return {
        "theme": "simple",
        "language": language,
        "locale": _LOCALES.get(language, "en_US"),
        "progressiveProfiling": False,
        "labelPosition": "left",
        "fontFamily": "Helvetica",
        "fontSize": "13px",
        "customCss": None,
        "knownVisitor": {"type": "form", "template": None},
        "thankYouList": [{"followupType": "none", "followupValue": None, "default": True}],
        "buttonLocation": 120,
        "buttonLabel": label,
        "waitingLabel": waiting,
        "buttonStyle": None,
        "fields": [],
        "nextFieldSet": 1,
    }


# --- rendering ----------------------------------------------------------------------------------
def render(store: Store, row: Row, status: str | None = None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    label, content = picked
    return {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("FO", row.id, "B2"),
        "status": label,
        "theme": content["theme"],
        "language": content["language"],
        "locale": content["locale"],
        "progressiveProfiling": bool(content["progressiveProfiling"]),
        "labelPosition": content["labelPosition"],
        "fontFamily": content["fontFamily"],
        "fontSize": content["fontSize"],
        "folder": tree.named_ref(tree.parent_of(store, row), (row.parent_type, row.parent_id)),
        "knownVisitor": dict(content["knownVisitor"]),
        "thankYouList": copy.deepcopy(content["thankYouList"]),
        "buttonLocation": content["buttonLocation"],
        "buttonLabel": content["buttonLabel"],
        "waitingLabel": content["waitingLabel"],
        "workspace": row.workspace,
    }


def thank_you(row: Row, status: str | None) -> dict[str, Any] | None:
    picked = versions.pick(row, status)
    if picked is None:
        return None
    return {"id": row.id, "thankYouList": copy.deepcopy(picked[1]["thankYouList"])}


# --- metadata -----------------------------------------------------------------------------------
def _check_settings(settings: dict[str, Any]) -> None:
    position = settings.get("labelPosition")
    if position is not None and position not in LABEL_POSITIONS:
        raise errors.invalid_value(position, "labelPosition (left or above)")
    language = settings.get("language")
    if language is not None and not str(language).strip():
        raise errors.blank("language")


def create(
    store: Store,
    *,
    name: str,
    container: Row,
    description: str | None,
    settings: dict[str, Any],
) -> Row:
    """``settings``: theme, language, locale, labelPosition, fontFamily, fontSize,
    progressiveProfiling (None values keep the defaults)."""
    settings = {key: value for key, value in settings.items() if value is not None}
    _check_settings(settings)
    with store.transaction():
        asset_rules.check_placement(store, container, LABEL, folder_types=FOLDER_TYPES, local=True)
        asset_rules.ensure_unique(store, [KIND], LABEL, name, container)
        content = _defaults(str(settings.get("language", "English")))
        profiling = bool(settings.pop("progressiveProfiling", False))
        content.update(settings)
        row = Row(
            kind=KIND,
            id=store.next_id(KIND),
            name=name,
            **tree.placement(container),
            data={"description": description or "", **versions.new_versions(content)},
        )
        for field_id in form_fields.DEFAULT_FIELDS:
            form_fields.append(content, form_fields.new_field(store, row, field_id))
        form_fields.set_profiling(content, profiling)
        return store.insert(row)


def update(
    store: Store, row: Row, *, name: str | None, description: str | None, settings: dict[str, Any]
) -> Row:
    settings = {key: value for key, value in settings.items() if value is not None}
    _check_settings(settings)
    with store.transaction():
        if name is not None and name.strip() and name != row.name:
            parent = tree.container_of(store, row)
            asset_rules.ensure_unique(store, [KIND], LABEL, name, parent, exclude=(KIND, row.id))
            row.name = name
        if description is not None:
            row.data["description"] = description
        if settings:
            draft = form_fields.edit(row)
            if "language" in settings and "locale" not in settings:
                settings["locale"] = _LOCALES.get(str(settings["language"]), draft["locale"])
            profiling = settings.pop("progressiveProfiling", None)
            draft.update(settings)
            if profiling is not None:
                form_fields.set_profiling(draft, bool(profiling))
            versions.set_draft(row, draft)
        return store.save(row)


def approve(store: Store, row: Row) -> Row:
    with store.transaction():
        versions.approve(row)
        return store.save(row)


def discard(store: Store, row: Row) -> Row:
    with store.transaction():
        versions.discard(row)
        return store.save(row)


def delete(store: Store, row: Row) -> None:
    if versions.has_approved(row):
        raise errors.business_rule(
            f"Form '{row.name}' is approved; unapprove it before deleting it"
        )
    users = used_by(store, row)
    if users:
        names = ", ".join(f"{item['type']} '{item['name']}'" for item in users[:3])
        raise errors.business_rule(f"Form '{row.name}' is in use by {names}")
    store.delete(KIND, row.id)


def clone(store: Store, source: Row, *, name: str, container: Row, description: str | None) -> Row:
    current = versions.current(source)
    with store.transaction():
        asset_rules.check_placement(store, container, LABEL, folder_types=FOLDER_TYPES, local=True)
        asset_rules.ensure_unique(store, [KIND], LABEL, name, container)
        content = copy.deepcopy(current)
        row = Row(
            kind=KIND,
            id=store.next_id(KIND),
            name=name,
            **tree.placement(container),
            data={
                "description": description
                if description is not None
                else source.data.get("description", ""),
                **versions.new_versions(content),
            },
        )
        if tree.owning_program(container) is None:
            members = set(custom_member_fields(store))
            used = [
                field["id"] for field in form_fields.all_fields(content) if field["id"] in members
            ]
            if used:
                raise errors.business_rule(
                    f"Form '{source.name}' uses program member fields ({', '.join(used)}) and"
                    " can only be cloned into a program"
                )
        return store.insert(row)


# --- submit button and follow-up rules ---------------------------------------------------------


def set_submit_button(
    store: Store,
    row: Row,
    *,
    position: int | None,
    style: str | None,
    label: str | None,
    waiting_label: str | None,
) -> Row:
    """Destructive (the guide): what is not given goes back to the form's default."""
    with store.transaction():
        draft = form_fields.edit(row)
        default_label, default_waiting = _BUTTONS.get(draft["language"], _BUTTONS["English"])
        draft["buttonLocation"] = position if position is not None else 120
        draft["buttonStyle"] = style
        draft["buttonLabel"] = label or default_label
        draft["waitingLabel"] = waiting_label or default_waiting
        return form_fields.save(store, row, draft)


def set_thank_you(store: Store, row: Row, rules: Any) -> dict[str, Any]:
    if not isinstance(rules, list) or not rules:
        raise errors.invalid_value(rules, "thankyou (non-empty JSON array)")
    cleaned = []
    defaults = 0
    for entry in rules:
        if not isinstance(entry, dict):
            raise errors.invalid_value(entry, "follow-up rule (JSON object)")
        followup = entry.get("followupType")
        if followup not in FOLLOWUP_TYPES:
            raise errors.invalid_value(followup, "followupType (lp, url or none)")
        value = entry.get("followupValue")
        if followup == "lp":
            try:
                page_id = int(str(value))
            except ValueError:
                raise errors.invalid_value(value, "followupValue (a landing page id)") from None
            if asset_rules.get(store, "landing_page", page_id) is None:
                raise errors.business_rule(f"Follow-up landing page {page_id} not found")
            value = page_id
        elif followup == "url" and not str(value or "").strip():
            raise errors.blank("followupValue")
        is_default = bool(entry.get("default", False))
        defaults += is_default
        item: dict[str, Any] = {"followupType": followup, "followupValue": value}
        if not is_default or entry.get("subjectField"):
            item["operator"] = entry.get("operator")
            item["subjectField"] = entry.get("subjectField")
            values = entry.get("values") or []
            item["values"] = [str(v) for v in values] if isinstance(values, list) else [str(values)]
        item["default"] = is_default
        cleaned.append(item)
    if defaults > 1:
        raise errors.business_rule("Only one follow-up rule can be the default")
    with store.transaction():
        draft = form_fields.edit(row)
        for item in cleaned:
            subject = item.get("subjectField")
            if not item["default"] and (
                not subject or form_fields.find(draft, str(subject)) is None
            ):
                raise errors.business_rule(
                    f"Follow-up rule subject field '{subject}' is not on form '{row.name}'"
                )
        draft["thankYouList"] = cleaned
        form_fields.save(store, row, draft)
    return {"id": row.id, "thankYouList": copy.deepcopy(cleaned)}


# --- dependencies -------------------------------------------------------------------------------
def _page_uses(page: Row, form_id: int) -> bool:
    for version in ("draft", "approved"):
        content = page.data.get(version) or {}
        for section in content.get("sections", []):
            if section.get("type") == "Form" and str(section.get("content")) == str(form_id):
                return True
    return False


def _rules_use(rules: dict[str, Any], form_name: str) -> bool:
    for rule in [*(rules.get("triggers") or []), *(rules.get("filters") or [])]:
        if not isinstance(rule, dict) or "fills out form" not in str(rule.get("name", "")).lower():
            continue
        for condition in rule.get("conditions") or []:
            values = condition.get("values") or []
            if any(str(value).lower() == form_name.lower() for value in values):
                return True
    return False


def used_by(store: Store, row: Row) -> list[dict[str, Any]]:
    """Landing pages showing the form, and smart campaigns and smart lists whose "Fills Out
    Form" trigger or filter names it (the Forms guide's dependency kinds that exist here)."""
    found = []
    for page in store.find("landing_page"):
        if _page_uses(page, row.id):
            found.append(
                {
                    "id": page.id,
                    "name": page.name,
                    "type": "Landing Page",
                    "status": versions.status_label(page),
                    "updatedAt": marketo_timestamp(page.updated_at),
                }
            )
    for smart_list in store.find("smart_list"):
        if not _rules_use(dict(smart_list.data.get("rules") or {}), row.name):
            continue
        owner = smart_list.data.get("owner") or {}
        campaign = (
            store.get("smart_campaign", int(owner["campaign"])) if "campaign" in owner else None
        )
        target = campaign or smart_list
        found.append(
            {
                "id": target.id,
                "name": target.name,
                "type": "Smart Campaign" if campaign else "Smart List",
                "status": "approved",
                "updatedAt": marketo_timestamp(target.updated_at),
            }
        )
    return found
