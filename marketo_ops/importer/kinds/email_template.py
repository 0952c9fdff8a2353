"""Email templates of Design Studio (emails need an approved one)."""

from __future__ import annotations

from typing import Any, Final

from ...templates import ConflictRules, EmailTemplate
from ..model import Action, AssetKind
from ..provenance import unmarked
from ..rules import cli_name
from ..snapshot import Section, Snapshot
from .design import DesignChain, ExportedDesign
from .design_templates import (
    FileContent,
    RuleChoice,
    TemplateExport,
    TemplateKindSpec,
    make_kind,
    with_export,
)
from .email import EMAILS

EMAIL_TEMPLATES: Section[dict[str, DesignChain]] = Section("email_templates", dict)


def _rule(rules: ConflictRules) -> RuleChoice:
    choice = rules.email_templates
    return RuleChoice(
        replace=choice == "replace",
        use_existing=False,
        label=f"{cli_name('email_templates')}={choice}",
    )


def _create(api: Any, action: Action, content: FileContent) -> Any:
    return api.create(
        name=action.name,
        folder=action.payload["folder"],
        content=content,
        description=str(action.payload["description"]),
    )


SPEC: Final = TemplateKindSpec(
    kind=AssetKind.EMAIL_TEMPLATE,
    section=EMAIL_TEMPLATES,
    api=lambda assets: assets.email_templates,
    entries=lambda template: template.email_templates,
    html=lambda template, entry: template.email_template_html(entry),
    rule=_rule,
    create=_create,
    content_in_create=True,
    list_users=True,
)
EMAIL_TEMPLATE = make_kind(SPEC)


# -- export ----------------------------------------------------------------------------------------


def _referenced(snapshot: Snapshot) -> set[int]:
    return {s.template_id for s in snapshot.section(EMAILS).values() if s.template_id}


def _entry(item: ExportedDesign, path: str) -> EmailTemplate:
    asset = item.asset
    fields: dict[str, Any] = {
        "name": asset.name,
        "file": path,
        "description": unmarked(asset.description) or None,
        "approve": (asset.status or "").lower().startswith("approved"),
    }
    if item.folder:
        fields["folder"] = item.folder
    return EmailTemplate(**fields)


EMAIL_TEMPLATE = with_export(
    EMAIL_TEMPLATE,
    SPEC,
    TemplateExport(
        section="email_templates", folder="email-templates", referenced=_referenced, entry=_entry
    ),
)
