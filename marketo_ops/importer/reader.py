"""Reading the destination into a snapshot: in as few calls as the API allows, in parallel.

Reading happens in three rounds. In each round every asset kind names the reads it needs
(:func:`marketo_ops.importer.kinds.base.Kind.read` returns tasks) and all of them run at once,
within the client's limiter:

1. ``LOCATE``: what is found by name (the program, Design Studio assets);
2. ``CONTENTS``: what needs the program's id: its folder tree (one browse with depth), its
   tokens (one call), its emails, campaigns and landing pages (list calls filtered by the
   program);
3. ``DETAIL``: what needs an asset's id: email and page sections, smart lists.

``marketo-ops export`` reads in the same rounds with ``export`` set (:class:`ExportScope`): every
asset of the program, not only the template's, with the same list calls, and then, in two more
rounds, the Design Studio assets the program's HTML names (``REFERENCES``: snippets; ``FILES``:
images and files, found by the name in their URL).

After planning, :func:`marketo_ops.importer.planning.prepare` reads what only the writes need,
in one more round:
the destination folders, and the catalog (channels, tag types, lead fields, segmentations),
and only those the plan's writes use. Verify after an apply re-reads only what apply wrote
(``refresh``); the rest of the snapshot is the plan's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import MarketoError, NotFoundError
from .request import ImportRequest
from .snapshot import FOLDERS, FolderState, ProgramState, Snapshot

if TYPE_CHECKING:
    from ..client import Marketo
    from ..types.asset import Folder
    from .model import AssetKind

T = TypeVar("T")
Task = Callable[[], None]

#: How deep a program's folder tree is browsed in one call (Marketo's default is 2).
PROGRAM_TREE_DEPTH = 10


@dataclass(frozen=True)
class Written:
    """What an apply wrote (ids by kind and action key, names by key) and what it read back
    right after writing (``observed``, e.g. a campaign's rules and flow), for verify."""

    ids: Mapping[AssetKind, Mapping[str, int]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    observed: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class Phase(IntEnum):
    LOCATE = 0
    CONTENTS = 1
    DETAIL = 2
    REFERENCES = 3  # export only: snippets the program's content shows
    FILES = 4  # export only: images and files named in any HTML read before


@dataclass(frozen=True)
class ExportScope:
    """What an export reads: the named program, all of it, and what its HTML refers to."""

    program: str
    workspace: str = "Default"
    flows: bool = False  # read flow steps over MCP (the REST API cannot read them)
    instance: str = ""  # where the program is, for placeholders ("copy it from ...")


class Reader:
    """One command's reads: the client, the request, the snapshot being filled.

    ``refresh`` says what apply wrote (:class:`Written`): a kind that is
    not in it keeps what the plan read; one that is re-reads its assets by id.
    """

    def __init__(
        self,
        client: Marketo,
        request: ImportRequest,
        snapshot: Snapshot | None = None,
        *,
        refresh: Written | None = None,
        drafts: bool = True,
        export: ExportScope | None = None,
    ) -> None:
        self.client = client
        self.assets = client.assets
        self.request = request
        self.template = request.template
        self.snapshot = snapshot or Snapshot()
        self.refresh = refresh
        self.drafts = drafts  # whether to look for unapproved drafts of approved assets
        self.export = export  # set: read the whole program for an export (not a template's)
        self._memo: dict[Any, _Once] = {}
        self._memo_lock = threading.Lock()

    # -- running reads ------------------------------------------------------------------------

    @property
    def workers(self) -> int:
        return max(1, self.client.settings.max_concurrency)

    def parallel(self, tasks: Iterable[Task]) -> None:
        """Run independent reads at once (within the limiter); the first failure is raised."""
        todo = list(tasks)
        if not todo:
            return
        if len(todo) == 1:
            todo[0]()
            return
        with ThreadPoolExecutor(min(self.workers, len(todo)), thread_name_prefix="read") as pool:
            futures = [pool.submit(task) for task in todo]
            errors = [f.exception() for f in futures]
        failure = next((e for e in errors if e is not None), None)
        if failure is not None:
            raise failure

    def once(self, key: Any, load: Callable[[], T]) -> T:
        """``load()`` once per key, even when several kinds ask at the same time."""
        with self._memo_lock:
            slot = self._memo.get(key)
            if slot is None:
                slot = self._memo[key] = _Once(load)
        return slot.get()  # type: ignore[no-any-return]

    @property
    def exporting(self) -> bool:
        """Whether this read is an export's: every asset of the program, whatever the template."""
        return self.export is not None

    def wants(self, kind: AssetKind) -> bool:
        """Whether this read covers ``kind`` (a refresh covers only what apply wrote)."""
        return self.refresh is None or kind in self.refresh.ids

    def written_id(self, kind: AssetKind, key: str) -> int | None:
        if self.refresh is None:
            return None
        return self.refresh.ids.get(kind, {}).get(key) or None

    def written_name(self, key: str) -> str | None:
        return self.refresh.names.get(key) if self.refresh is not None else None

    def observed(self, key: str) -> Mapping[str, Any] | None:
        """What apply read back right after writing ``key`` (a refresh reuses it)."""
        return self.refresh.observed.get(key) if self.refresh is not None else None

    # -- shared lookups --------------------------------------------------------------------------

    def contents_program(self) -> ProgramState | None:
        """The program whose contents the local kinds read: the template's, else the seed's."""
        program = self.snapshot.program("program")
        if program is None and self.request.seed:
            return self.snapshot.program("seed")
        return program

    def download(self, url: str) -> bytes | None:
        """A file's public content; None when it cannot be read (never counted as different)."""
        try:
            return self.client.download(url)
        except MarketoError:
            return None

    def folder_candidates(self, name: str) -> list[Folder]:
        """Every folder or program called ``name`` in the workspace (one call, memoised)."""

        def load() -> list[Folder]:
            from ..types.asset import Folder

            query = {"name": name, "workSpace": self.request.workspace}
            answer = self.client.request("GET", "/rest/asset/v1/folder/byName.json", query=query)
            return list(answer.models(Folder))

        return self.once(("folder-name", name), load)

    def resolve_folders(self, paths: Iterable[str]) -> None:
        """Find destination folders by their full path: one call per distinct folder name."""
        wanted = sorted({p for p in paths if p not in self.snapshot.section(FOLDERS)})
        if not wanted:
            return
        by_name: dict[str, list[str]] = {}
        for path in wanted:
            by_name.setdefault(path.rstrip("/").rsplit("/", 1)[-1], []).append(path)
        self.parallel(_resolver(self, name, group) for name, group in by_name.items())

    def folder_by_id(self, folder_id: int, folder_type: str = "Folder") -> FolderState | None:
        """A folder's record by id (one call, memoised): where a Design Studio asset lives."""

        def load() -> FolderState | None:
            try:
                return folder_state(self.assets.folders.get(folder_id, type=folder_type))
            except NotFoundError:
                return None

        return self.once(("folder-id", folder_type, folder_id), load)

    # -- the catalog (Admin's definitions), read once when something needs it -------------------

    def load_lead_fields(self) -> None:
        """Every lead field's display name and API name, lower-cased (one Describe call)."""
        catalog = self.snapshot.catalog

        def load() -> set[str]:
            names: set[str] = set()
            for item in self.client.leads.describe():
                data = item.model_dump(by_alias=True)
                names.add(str(data.get("displayName", "")).lower())
                for key in ("rest", "soap"):
                    value = data.get(key)
                    if isinstance(value, dict) and value.get("name"):
                        names.add(str(value["name"]).lower())
            names.discard("")
            return names

        catalog.lead_fields = self.once("lead-fields", load)

    def load_segmentations(self) -> None:
        catalog = self.snapshot.catalog
        catalog.segmentations = self.once(
            "segmentations",
            lambda: {str(s.name) for s in self.assets.segmentations.list() if s.name},
        )


class _Once:
    """A value computed once; concurrent callers wait for the first."""

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None

    def get(self) -> Any:
        with self._lock:
            if not self._done:
                try:
                    self._value = self._load()
                except BaseException as exc:
                    self._error = exc
                self._done = True
        if self._error is not None:
            raise self._error
        return self._value


def folder_state(folder: Folder) -> FolderState | None:
    """The importer's view of a folder record (None for a record without an id)."""
    ref = folder.folder_id
    folder_id = ref.id if ref is not None and ref.id is not None else folder.id
    if folder_id is None:
        return None
    parent = folder.parent
    return FolderState(
        id=int(folder_id),
        type=(ref.type if ref is not None and ref.type else "Folder"),
        name=str(folder.name or ""),
        path=str(folder.path or ""),
        folder_type=str(folder.folder_type or ""),
        parent_id=parent.id if parent is not None else None,
        parent_type=parent.type if parent is not None else None,
        workspace=folder.workspace,
        description=folder.description,
    )


def _resolver(reader: Reader, name: str, paths: list[str]) -> Task:
    def run() -> None:
        found = [s for f in reader.folder_candidates(name) if (s := folder_state(f)) is not None]
        folders = reader.snapshot.section(FOLDERS)
        for path in paths:
            folders[path] = next((f for f in found if _same_path(f.path, path)), None)

    return run


def _same_path(actual: str, wanted: str) -> bool:
    return actual.strip("/").lower() == wanted.strip("/").lower()
