"""The Marketing Activities and Design Studio trees, read in one query.

The console's home pages show every folder, program and asset of an instance with its type,
status and provenance. Reading 1,000 assets through :class:`~marketo_ops.sandbox.store.db.Row`
would parse every email's HTML (both versions) just to learn whether it is approved, so this
module asks SQLite for the few fields a tree line needs (``json_type``/``json_extract`` over the
row's document) and builds the tree in Python. Same columns, same meaning as the domain layer:
an asset is approved when it has an ``approved`` version, a smart campaign active when
``isActive``; rows owned by another asset (a campaign's smart list) are not tree items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from ...importer.provenance import marked_by
from ..admin import ORIGIN as SEEDED
from ..domain import folders as folder_domain
from ..domain import tree
from ..store.db import Store
from ..store.seed import DESIGN_STUDIO, MARKETING_ACTIVITIES

VERSIONED: Final = frozenset({"email", "email_template", "landing_page", "lp_template", "snippet"})
_ORDER: Final = {"folder": 0, "program": 1}

_QUERY: Final = """
SELECT kind, id, name, workspace, parent_type, parent_id,
       json_extract(data, '$.description'),
       json_extract(data, '$.folderType'),
       json_type(data, '$.approved') = 'object',
       json_type(data, '$.draft') = 'object',
       json_extract(data, '$.isActive'),
       json_extract(data, '$.type'),
       json_extract(data, '$.channel'),
       json_type(data, '$.owner') IS NOT NULL,
       json_extract(data, '$.origin'),
       json_extract(data, '$.isSystem'),
       json_extract(data, '$.assetType')
FROM assets
WHERE parent_id IS NOT NULL OR kind = 'folder'
"""


@dataclass
class Node:
    """One line of a tree: a folder, a program or an asset, with what the console shows of it."""

    kind: str
    id: int
    name: str
    workspace: str
    label: str
    description: str = ""
    detail: str = ""
    """Program type and channel, campaign type, folder type."""
    status: list[str] = field(default_factory=list)
    """Badges: approved, draft, approved with draft, active, inactive."""
    mark: str | None = None
    """The template id of a marketo-ops import mark in the description."""
    seeded: bool = False
    """A program built by the sandbox's admin surface (``sandbox seed``), not through the API.
    Only programs say so: the assets a clone copies from a seed carry the seed's origin too."""
    system: bool = False
    children: list[Node] = field(default_factory=list)

    @property
    def container(self) -> bool:
        return self.kind in {"folder", "program"}

    def count(self) -> int:
        """Assets below this node (folders and programs not counted)."""
        return sum((0 if child.container else 1) + child.count() for child in self.children)


@dataclass
class Workspace:
    name: str
    root: Node


def _label(kind: str, folder_type: str | None, asset_type: str | None) -> str:
    if kind == "program_asset":
        return folder_domain.PROGRAM_ASSET_TYPES.get(str(asset_type), "Program asset")
    if kind == "folder" and folder_type:
        return "Folder" if folder_type == "Marketing Folder" else f"Folder ({folder_type})"
    return tree.KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def _status(kind: str, approved: bool, draft: bool, active: object) -> list[str]:
    if kind in VERSIONED:
        if approved and draft:
            return ["approved with draft"]
        return ["approved"] if approved else ["draft"]
    if kind == "smart_campaign":
        return ["active"] if active else ["inactive"]
    return []


def _detail(kind: str, program_type: str | None, channel: str | None) -> str:
    if kind == "program":
        return " · ".join(part for part in (program_type, channel) if part)
    if kind == "smart_campaign" and program_type:
        return program_type  # the campaign's type: trigger, batch or default
    return ""


def load(store: Store) -> dict[str, list[Workspace]]:
    """``{"Marketing Activities": [Workspace...], "Design Studio": [...]}``, workspaces in seed
    order, each tree sorted as Marketo's: folders and programs first, then assets, by name."""
    nodes: dict[tuple[str, int], Node] = {}
    parents: dict[tuple[str, int], tuple[str, int]] = {}
    roots: dict[str, Node] = {}
    for values in store.execute(_QUERY):
        (kind, asset_id, name, workspace, parent_type, parent_id, description, folder_type) = (
            values[:8]
        )
        approved, draft, active, kind_type, channel, owned, origin, system, asset_type = values[8:]
        if owned:
            continue  # a campaign's own smart list, an email program's audience
        text = str(description or "")
        node = Node(
            kind=kind,
            id=int(asset_id),
            name=str(name),
            workspace=str(workspace),
            label=_label(kind, folder_type, asset_type),
            description=text,
            detail=_detail(kind, kind_type, channel),
            status=_status(kind, bool(approved), bool(draft), active),
            mark=marked_by(text),
            seeded=kind == "program" and origin == SEEDED,
            system=bool(system),
        )
        nodes[(kind, node.id)] = node
        if parent_id is None:
            roots[node.name] = node
        else:
            parents[(kind, node.id)] = (
                "program" if parent_type == "Program" else "folder",
                parent_id,
            )
    for key, parent_key in parents.items():
        parent = nodes.get(parent_key)
        if parent is not None:
            parent.children.append(nodes[key])
    for node in nodes.values():
        node.children.sort(key=_sort_key)
    return {
        area: [Workspace(zone.name, zone) for zone in _zones(roots.get(area))]
        for area in (MARKETING_ACTIVITIES, DESIGN_STUDIO)
    }


def _zones(root: Node | None) -> Iterable[Node]:
    if root is None:
        return []
    return sorted(root.children, key=lambda zone: zone.id)


def _sort_key(node: Node) -> tuple[int, str, int]:
    return (_ORDER.get(node.kind, 2), node.name.lower(), node.id)
