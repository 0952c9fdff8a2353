"""Email templates of Design Studio (emails need an approved one)."""

from __future__ import annotations

from typing import Any

from ...templates import ConflictRules
from ..model import Action, AssetKind
from ..rules import cli_name
from ..snapshot import Section
from .design import DesignChain
from .design_templates import FileContent, RuleChoice, TemplateKindSpec, make_kind

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


EMAIL_TEMPLATE = make_kind(
    TemplateKindSpec(
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
)
