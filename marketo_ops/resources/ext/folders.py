"""Finding a folder by its path, e.g. ``"Marketing Activities/Region/Programs"``.

Marketo has no lookup by path. ``getFolderByNameUsingGET`` finds folders *by name anywhere*
below ``root`` (two "Programs" folders in two regions both match), so the path is walked one
segment at a time: each step searches the segment's name under the folder found so far and keeps
only the match whose ``parent`` is that folder. The first segment must be a top-level folder
(one without a parent, such as "Marketing Activities" or "Design Studio").

One call per segment; a missing segment ends the walk early with ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._http import RequestSpec
from ...types.asset import Folder, FolderRef
from .._base import SyncResource

__all__ = ["FolderPathsMixin", "split_path"]

_OPERATION = "getFolderByNameUsingGET"
_PATH = "/rest/asset/v1/folder/byName.json"


def split_path(path: str) -> list[str]:
    """The segments of a folder path; empty segments (leading, doubled slashes) are ignored."""
    segments = [part.strip() for part in path.split("/")]
    return [part for part in segments if part]


def _reference(folder: Folder) -> FolderRef:
    """How ``folder`` is referenced as a parent: its ``folderId`` ({id, type}) when given."""
    if folder.folder_id is not None and folder.folder_id.id is not None:
        return folder.folder_id
    return FolderRef(id=folder.id, type="Folder")


def _lookup(name: str, parent: Folder | None, workspace: str | None) -> RequestSpec:
    query: dict[str, Any] = {"name": name, "workSpace": workspace}
    if parent is not None:
        query["root"] = _reference(parent)
    return RequestSpec(operation=_OPERATION, method="GET", path=_PATH, query=query)


def _is_child(candidate: Folder, parent: Folder | None) -> bool:
    """Whether ``candidate`` sits directly in ``parent`` (at the top level when ``None``)."""
    ref = candidate.parent
    if parent is None:
        return ref is None or ref.id is None
    if ref is None or ref.id is None:
        return False
    expected = _reference(parent)
    same_type = ref.type is None or expected.type is None or ref.type == expected.type
    return ref.id == expected.id and same_type


def _pick(candidates: Sequence[Folder], name: str, parent: Folder | None) -> Folder | None:
    named = [c for c in candidates if c.name == name]
    for candidate in named:
        if _is_child(candidate, parent):
            return candidate
    if parent is None:  # a root folder reported with a parent (workspace): trust its path
        for candidate in named:
            if (candidate.path or "").strip("/") == name:
                return candidate
    return None


class FolderPathsMixin(SyncResource):
    """``get_by_path`` for :class:`~marketo_ops.resources.assets.folders.Folders`."""

    def get_by_path(self, path: str, *, workspace: str | None = None) -> Folder | None:
        """The folder at ``path`` ("Marketing Activities/Region/Programs"), or ``None``.

        ``workspace`` limits the search to one workspace (needed when several workspaces have
        folders of the same names). Calls ``getFolderByNameUsingGET`` once per segment.
        """
        current: Folder | None = None
        for name in split_path(path):
            current = self.get_child(current, name, workspace=workspace)
            if current is None:
                return None
        return current

    def get_child(
        self, parent: Folder | None, name: str, *, workspace: str | None = None
    ) -> Folder | None:
        """The folder called ``name`` directly inside ``parent`` (a top folder when ``None``)."""
        found = self._request(_lookup(name, parent, workspace)).models(Folder)
        return _pick(found, name, parent)
