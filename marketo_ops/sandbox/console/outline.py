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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ...importer.provenance import marked_by
from ..admin import ORIGIN as SEEDED
from ..domain import folders as folder_domain
from ..domain import tree
from ..store.db import Store
from ..store.seed import DESIGN_STUDIO, MARKETING_ACTIVITIES

VERSIONED: Final = frozenset({"email", "email_template", "landing_page", "lp_template", "snippet"})
_ORDER: Final = {"folder": 0, "program": 1}

_FIELDS: Final = """
kind, id, name, workspace, parent_type, parent_id,
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
"""
_TREE_QUERY: Final = (
    f"SELECT {_FIELDS} FROM assets WHERE (parent_id IS NOT NULL OR kind = 'folder')"
)
_OUTSIDE_PROGRAMS: Final = " AND program_id IS NULL AND kind <> 'program'"
"""Design Studio holds no program and nothing of one: the rows its tree can need."""
_PROGRAM_QUERY: Final = f"""
SELECT {_FIELDS},
       json_extract(data, '$.template'),
       json_extract(data, '$.operational'),
       COALESCE(json_extract(data, '$.approved.subject.value'),
                json_extract(data, '$.draft.subject.value')),
       json_extract(data, '$.smartListId'),
       json_array_length(data, '$.flow'),
       json_array_length(data, '$.rules.triggers'),
       json_array_length(data, '$.rules.filters')
FROM assets WHERE program_id = ?
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
    owned: bool = False
    """A campaign's own smart list (or an email program's audience): not a tree item."""
    parent: tuple[str, int] | None = None
    """(kind, id) of the folder or program holding it."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Program-page fields: ``template``, ``operational``, ``subject`` of emails;
    ``smartListId``, ``steps`` of campaigns; ``triggers``, ``filters`` of smart lists."""
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


def _node(values: Sequence[Any]) -> Node:
    (kind, asset_id, name, workspace, parent_type, parent_id, description, folder_type) = values[:8]
    approved, draft, active, kind_type, channel, owned, origin, system, asset_type = values[8:17]
    text = str(description or "")
    return Node(
        kind=kind,
        id=int(asset_id),
        name=str(name),
        workspace=str(workspace),
        label=_label(kind, folder_type, asset_type),
        description=text,
        detail=_detail(kind, kind_type, channel),
        status=_status(kind, bool(approved), bool(draft), active),
        mark=marked_by(text),
        owned=bool(owned),
        parent=None
        if parent_id is None
        else ("program" if parent_type == "Program" else "folder", int(parent_id)),
        seeded=kind == "program" and origin == SEEDED,
        system=bool(system),
    )


def _nest(nodes: dict[tuple[str, int], Node]) -> None:
    """Hang every node under its parent (when that parent was read too), sorted like Marketo."""
    for node in nodes.values():
        parent = nodes.get(node.parent) if node.parent is not None else None
        if parent is not None:
            parent.children.append(node)
    for node in nodes.values():
        node.children.sort(key=_sort_key)


def load(store: Store, area: str = MARKETING_ACTIVITIES) -> list[Workspace]:
    """The workspaces of an app area (Marketing Activities or Design Studio) in seed order, each
    tree sorted as Marketo's: folders and programs first, then assets, by name."""
    query = _TREE_QUERY + (_OUTSIDE_PROGRAMS if area == DESIGN_STUDIO else "")
    nodes: dict[tuple[str, int], Node] = {}
    for values in store.execute(query):
        node = _node(values)
        if not node.owned:  # a campaign's own smart list, an email program's audience
            nodes[(node.kind, node.id)] = node
    _nest(nodes)
    roots = {node.name: node for node in nodes.values() if node.parent is None}
    return [Workspace(zone.name, zone) for zone in _zones(roots.get(area))]


def program_contents(store: Store, program_id: int) -> tuple[list[Node], list[Node]]:
    """(the program's top-level items with their folders' contents nested, every item flat),
    smart lists owned by campaigns included in the flat list (``owned``), for their counts."""
    nodes: dict[tuple[str, int], Node] = {}
    for values in store.execute(_PROGRAM_QUERY, (program_id,)):
        node = _node(values)
        template, operational, subject, smart_list, steps, triggers, filters = values[17:]
        node.extra = {
            "template": template,
            "operational": bool(operational),
            "subject": subject or "",
            "smartListId": smart_list,
            "steps": steps or 0,
            "triggers": triggers or 0,
            "filters": filters or 0,
        }
        nodes[(node.kind, node.id)] = node
    visible = {key: node for key, node in nodes.items() if not node.owned}
    _nest(visible)
    top = sorted(
        (node for node in visible.values() if node.parent == ("program", program_id)),
        key=_sort_key,
    )
    return top, sorted(nodes.values(), key=_sort_key)


def _zones(root: Node | None) -> Iterable[Node]:
    if root is None:
        return []
    return sorted(root.children, key=lambda zone: zone.id)


def _sort_key(node: Node) -> tuple[int, str, int]:
    return (_ORDER.get(node.kind, 2), node.name.lower(), node.id)
