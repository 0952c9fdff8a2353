"""Landing-page templates of Design Studio (created empty, then given their HTML)."""

from __future__ import annotations

from typing import Any

from ...templates import ConflictRules
from ..model import Action, AssetKind
from ..rules import cli_name
from ..snapshot import Section
from .design import DesignChain
from .design_templates import FileContent, RuleChoice, TemplateKindSpec, make_kind

LP_TEMPLATES: Section[dict[str, DesignChain]] = Section("landing_page_templates", dict)


def _rule(rules: ConflictRules) -> RuleChoice:
    choice = rules.lp_templates
    return RuleChoice(
        replace=False,
        use_existing=choice == "use-destination",
        label=f"{cli_name('lp_templates')}={choice}",
    )


def _create(api: Any, action: Action, _content: FileContent) -> Any:
    return api.create(
        name=action.name,
        folder=action.payload["folder"],
        description=str(action.payload["description"]),
        template_type=action.payload.get("type"),
        enable_munchkin=action.payload.get("enable_munchkin"),
    )


LANDING_PAGE_TEMPLATE = make_kind(
    TemplateKindSpec(
        kind=AssetKind.LP_TEMPLATE,
        section=LP_TEMPLATES,
        api=lambda assets: assets.landing_page_templates,
        entries=lambda template: template.landing_page_templates,
        html=lambda template, entry: template.landing_page_template_html(entry),
        rule=_rule,
        create=_create,
        content_in_create=False,
    )
)
