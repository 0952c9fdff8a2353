"""What a template contains, as plain data: the answer to ``marketo-ops templates show``.

An admin deciding whether to import a template wants to see, before any API call, what it will
create (the program, its folders and assets, in a tree), what it needs from the instance
(channel, tags, lead fields, segmentations), its tokens, and each campaign's triggers, filters
and flow. The outline is JSON-ready data so the command line can print it as text or as JSON
from one source, and scripts can read it without parsing program.yaml themselves.
"""

from __future__ import annotations

from typing import Any

from .smartlists import describe_filter_logic, describe_flow_step, describe_rule
from .spec import Folder, SmartCampaign
from .template import ProgramTemplate

#: Design Studio sections and the kind each entry is shown as.
DESIGN_STUDIO_KINDS = (
    ("email_templates", "email template"),
    ("landing_page_templates", "landing-page template"),
    ("snippets", "snippet"),
    ("files", "file"),
)
#: Program-local sections and the kind each entry is shown as, in tree order.
LOCAL_KINDS = (
    ("smart_campaigns", "smart campaign"),
    ("emails", "email"),
    ("landing_pages", "landing page"),
)


def template_outline(template: ProgramTemplate) -> dict[str, Any]:
    """Everything ``templates show`` prints, with names as they will appear in Marketo."""
    spec = template.spec
    program = spec.program
    prerequisites = spec.prerequisites
    return {
        "name": template.source_dir.name,
        "path": template.source_dir.as_posix(),
        "description": " ".join(template.description.split()),
        "program": {
            "name": program.name,
            "type": program.type,
            "channel": program.channel,
            "description": program.description,
            "statuses": list(program.statuses),
            "tags": [tag.model_dump() for tag in program.tags],
            "costs": [cost.model_dump(mode="json") for cost in program.costs],
        },
        "variables": [
            {"name": name, **variable.model_dump(mode="json")}
            for name, variable in template.raw.variables.items()
        ],
        "prerequisites": {
            "channel": {
                "name": program.channel,
                "program_type": program.type,
                "statuses": list(program.statuses),
            },
            "tags": [tag.model_dump() for tag in program.tags],
            "fields": [
                {**field.model_dump(), "creatable": field.creatable}
                for field in prerequisites.fields
            ],
            "segmentations": list(prerequisites.segmentations),
        },
        "tokens": [_token(token.model_dump()) for token in program.tokens],
        "folders": template.folder_paths(),
        "assets": {
            "program": _program_tree(template),
            "design_studio": [
                {"kind": kind, "name": item.name, "folder": item.folder}
                for section, kind in DESIGN_STUDIO_KINDS
                for item in getattr(spec, section)
            ],
        },
        "smart_campaigns": [_campaign(campaign) for campaign in spec.smart_campaigns],
        "rules": spec.rules.model_dump(),
    }


def _token(data: dict[str, Any]) -> dict[str, Any]:
    """A token with either its value or the file holding it, never both keys."""
    return {key: value for key, value in data.items() if value is not None}


def _program_tree(template: ProgramTemplate) -> dict[str, Any]:
    """The program as a folder tree: ``{"name", "kind", "children": [...]}`` nodes."""
    spec = template.spec
    by_folder: dict[str | None, list[dict[str, Any]]] = {}
    for section, kind in LOCAL_KINDS:
        for item in getattr(spec, section):
            by_folder.setdefault(item.folder, []).append(
                {"name": item.name, "kind": kind, "children": []}
            )

    def folders(items: tuple[Folder, ...], parent: str) -> list[dict[str, Any]]:
        nodes = []
        for folder in items:
            path = f"{parent}/{folder.name}" if parent else folder.name
            children = folders(folder.folders, path) + by_folder.get(path, [])
            nodes.append({"name": folder.name, "kind": "folder", "children": children})
        return nodes

    children = folders(spec.folders, "") + by_folder.get(None, [])
    return {
        "name": spec.program.name,
        "kind": f"{spec.program.type} program",
        "children": children,
    }


def _campaign(campaign: SmartCampaign) -> dict[str, Any]:
    smart_list = campaign.smart_list
    return {
        "name": campaign.name,
        "folder": campaign.folder,
        "kind": "trigger" if smart_list.triggers else "batch",
        "description": campaign.description,
        "qualification": campaign.qualification,
        "activate": campaign.activate,
        "triggers": [describe_rule(rule) for rule in smart_list.triggers],
        "filters": [describe_rule(rule) for rule in smart_list.filters],
        "filter_logic": (
            describe_filter_logic(smart_list) if len(smart_list.filters) > 1 else None
        ),
        "flow": [describe_flow_step(step) for step in campaign.flow],
        "smart_list": smart_list.model_dump(mode="json"),
        "flow_steps": [step.model_dump(mode="json") for step in campaign.flow],
    }
