"""Landing-page templates of Design Studio (created empty, then given their HTML)."""

from __future__ import annotations

from typing import Any, Final

from ...templates import ConflictRules, LandingPageTemplate
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
from .landing_page import PAGES

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


SPEC: Final = TemplateKindSpec(
    kind=AssetKind.LP_TEMPLATE,
    section=LP_TEMPLATES,
    api=lambda assets: assets.landing_page_templates,
    entries=lambda template: template.landing_page_templates,
    html=lambda template, entry: template.landing_page_template_html(entry),
    rule=_rule,
    create=_create,
    content_in_create=False,
)
LANDING_PAGE_TEMPLATE = make_kind(SPEC)


# -- export ----------------------------------------------------------------------------------------


def _referenced(snapshot: Snapshot) -> set[int]:
    return {p.template_id for p in snapshot.section(PAGES).values() if p.template_id}


def _entry(item: ExportedDesign, path: str) -> LandingPageTemplate:
    asset = item.asset
    fields: dict[str, Any] = {
        "name": asset.name,
        "file": path,
        "description": unmarked(asset.description) or None,
        "approve": (asset.status or "").lower().startswith("approved"),
    }
    if item.extra.get("type") in ("guided", "freeForm"):
        fields["type"] = item.extra["type"]
    if item.extra.get("enable_munchkin") is not None:
        fields["enable_munchkin"] = bool(item.extra["enable_munchkin"])
    if item.folder:
        fields["folder"] = item.folder
    return LandingPageTemplate(**fields)


LANDING_PAGE_TEMPLATE = with_export(
    LANDING_PAGE_TEMPLATE,
    SPEC,
    TemplateExport(
        section="landing_page_templates",
        folder="landing-page-templates",
        referenced=_referenced,
        entry=_entry,
        settings=lambda found: {
            "type": found.template_type,
            "enable_munchkin": found.enable_munchkin,
        },
    ),
)
