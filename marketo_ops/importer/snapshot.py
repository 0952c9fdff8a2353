"""What was read of the destination: one snapshot per command, shared by plan, apply and verify.

A :class:`Snapshot` is plain data, filled by the asset kinds' read functions
(:mod:`marketo_ops.importer.reader`) and read by their plan and verify functions, which never
call the API themselves. Each kind keeps its records in a :class:`Section` it declares (typed:
``snapshot.section(EMAILS)`` is a ``dict[str, EmailState]``); the records every kind needs (the
program, its folders, the destination folders, the catalog of channels and fields) are declared
here.

``fingerprint()`` digests every record, so a saved plan can tell whether the destination changed
between the plan and its apply. What could not be read is recorded in ``unread`` (with why): a
file whose URL cannot be downloaded is "could not read", never "different".
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    """A typed slot of the snapshot, declared by the module that fills and reads it."""

    name: str
    factory: Callable[[], T]


@dataclass
class FolderState:
    """A folder (or a program seen as a folder) as the folder browse shows it."""

    id: int
    type: str  # "Folder" or "Program": how it is referenced as a parent
    name: str
    path: str  # "/Marketing Activities/Default/Operational"
    folder_type: str = ""
    parent_id: int | None = None
    parent_type: str | None = None
    workspace: str | None = None
    description: str | None = None

    @property
    def ref(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type}


@dataclass
class ProgramState:
    id: int
    name: str
    type: str
    channel: str
    description: str
    tags: list[tuple[str, str]]
    costs: list[tuple[str, int, str]]
    folder_id: int | None
    folder_type: str | None
    workspace: str | None
    status: str | None = None


@dataclass
class ProgramTree:
    """A program's own folder record and every folder inside it, by program-relative path."""

    program: FolderState | None = None
    folders: dict[str, FolderState] = field(default_factory=dict)  # "Parent/Child" -> folder
    other: list[tuple[str, int, str]] = field(default_factory=list)  # (type, id, folder path)

    def path_of(self, folder_id: int | None, folder_type: str | None) -> str:
        """The program-relative path of an asset's parent ('' for the program root)."""
        if folder_id is None or (folder_type or "").lower() == "program":
            return ""
        for path, folder in self.folders.items():
            if folder.id == folder_id:
                return path
        return f"#{folder_id}"


@dataclass
class Catalog:
    """What the instance's Admin defines: read only when a plan writes something that needs it."""

    channels: dict[str, dict[str, Any]] | None = None  # name -> {applicable, statuses}
    tag_types: dict[str, dict[str, Any]] | None = None  # name -> {required, applicable, values}
    lead_fields: set[str] | None = None  # display and API names, lower-cased
    segmentations: set[str] | None = None


#: The program of the template, found by name (program names are unique in the subscription).
PROGRAM: Section[dict[str, ProgramState | None]] = Section("program", dict)
#: The program's tree (and the seed's), keyed "program" / "seed".
PROGRAM_TREE: Section[dict[str, ProgramTree]] = Section("program_tree", dict)
#: Destination folders by full path ("/Marketing Activities/Default/X"); None: missing.
FOLDERS: Section[dict[str, FolderState | None]] = Section("folders", dict)
CATALOG: Section[Catalog] = Section("catalog", Catalog)


class Snapshot:
    """The destination as read by one command; thread-safe while kinds fill it in parallel."""

    def __init__(self) -> None:
        self._sections: dict[str, Any] = {}
        self._lock = threading.RLock()
        self.unread: dict[str, str] = {}  # record key -> why it could not be read
        self.calls = 0  # API calls spent reading it

    def section(self, key: Section[T]) -> T:
        with self._lock:
            if key.name not in self._sections:
                self._sections[key.name] = key.factory()
            return cast(T, self._sections[key.name])

    def mark_unread(self, key: str, why: str) -> None:
        with self._lock:
            self.unread[key] = why

    def copy_from(self, other: Snapshot) -> None:
        """Start from a copy of what ``other`` read (a refresh re-reads only some of it)."""
        with self._lock, other._lock:
            self._sections.update(copy.deepcopy(other._sections))
            self.unread.update(other.unread)

    # -- shared records --------------------------------------------------------------------------

    def program(self, role: str = "program") -> ProgramState | None:
        return self.section(PROGRAM).get(role)

    @property
    def contents_role(self) -> str:
        """Whose contents the local kinds read and plan against: the program's, or (when it
        does not exist yet) the seed's, which a clone will copy."""
        return "program" if self.program("program") is not None else "seed"

    def tree(self, role: str = "program") -> ProgramTree:
        return self.section(PROGRAM_TREE).get(role) or ProgramTree()

    def folder(self, path: str) -> FolderState | None:
        return self.section(FOLDERS).get(path)

    @property
    def catalog(self) -> Catalog:
        return self.section(CATALOG)

    # -- fingerprint -------------------------------------------------------------------------------

    def fingerprint(self) -> dict[str, str]:
        """``section:key`` -> digest of what was read, for every record of every section."""
        with self._lock:
            digests: dict[str, str] = {}
            for name, value in sorted(self._sections.items()):
                for key, item in _records(value):
                    digests[f"{name}:{key}" if key else name] = _digest(item)
            for key in self.unread:
                digests[f"unread:{key}"] = "unread"
            return digests


def _records(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(str(k), v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    return [("", value)]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value


def _digest(value: Any) -> str:
    text = json.dumps(_plain(value), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint_differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What changed between two fingerprints, one readable line per record."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            lines.append(f"{key}: read at plan time, not found now")
        elif key not in before:
            lines.append(f"{key}: appeared since the plan")
        elif before[key] != after[key]:
            lines.append(f"{key}: changed since the plan")
    return lines
