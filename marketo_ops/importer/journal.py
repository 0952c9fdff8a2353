"""The apply journal: every asset an import created or changed, written as it happens.

An interrupted apply (a crash, Ctrl-C, a failure) leaves a journal that says exactly what was
done. ``apply --resume JOURNAL`` plans again from the same inputs (the destination now holds
what was created, so nothing is made twice) and continues in the same journal;
``rollback JOURNAL`` deletes only what the journal created and restores what it changed.

The file is JSON, rewritten atomically after every step. It holds names, ids and the previous
content of what was overwritten (text inline, binary files beside it in ``<journal>.d/``), and
never a credential or a token: only the instance's base URL (or the sandbox's file).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from ..errors import MarketoError

FORMAT: Final = "marketo-ops-journal/1"


class JournalError(MarketoError):
    """A journal that cannot be read, or belongs to another instance."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Entry:
    key: str
    kind: str
    op: str
    name: str
    status: str = "started"  # started | done | failed | rolled-back
    id: int | None = None
    created: bool = False
    parent_id: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class JournalHeader:
    instance: str  # the base URL, or "sandbox:<db file>" for the CLI's embedded sandbox
    workspace: str
    into: str
    template_path: str
    template_id: str
    program: str
    variables: dict[str, str]
    program_name_override: str | None
    prefix: str | None
    rules: dict[str, str]
    seed: str | None
    create_prerequisites: bool = False
    use_mcp: bool = True


class Journal:
    """Thread-safe: the executor records steps from several worker threads."""

    def __init__(self, path: Path, header: JournalHeader) -> None:
        self.path = path
        self.header = header
        self.status = "in-progress"
        self.started_at = _now()
        self.entries: list[Entry] = []
        self.manual_steps: dict[str, list[str]] = {}
        self._lock = threading.RLock()

    # -- file ----------------------------------------------------------------------------------

    @property
    def blob_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".d")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "status": self.status,
            "started_at": self.started_at,
            "updated_at": _now(),
            "target": {
                "instance": self.header.instance,
                "workspace": self.header.workspace,
                "into": self.header.into,
            },
            "request": {
                k: v
                for k, v in asdict(self.header).items()
                if k not in ("instance", "workspace", "into")
            },
            "entries": [asdict(e) for e in self.entries],
            "manual_steps": self.manual_steps,
        }

    def save(self) -> None:
        with self._lock:
            text = json.dumps(self.to_json(), indent=2, ensure_ascii=False)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            os.replace(tmp, self.path)

    @classmethod
    def load(cls, path: Path) -> Journal:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise JournalError(f"cannot read journal {path}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise JournalError(f"{path} is not a marketo-ops journal: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise JournalError(f"{path} is not a marketo-ops journal ({FORMAT})")
        try:
            target, request = data["target"], data["request"]
            journal = cls(path, JournalHeader(**target, **request))
            journal.status = data.get("status", "in-progress")
            journal.started_at = data.get("started_at", journal.started_at)
            journal.entries = [Entry(**e) for e in data.get("entries", [])]
            journal.manual_steps = data.get("manual_steps", {})
        except (KeyError, TypeError) as exc:
            raise JournalError(f"{path}: journal is damaged ({exc})") from None
        return journal

    # -- recording -----------------------------------------------------------------------------

    def find(self, key: str) -> Entry | None:
        with self._lock:
            return next((e for e in reversed(self.entries) if e.key == key), None)

    def start(self, key: str, kind: str, op: str, name: str, **extra: Any) -> Entry:
        with self._lock:
            entry = Entry(key, kind, op, name, **extra)
            self.entries.append(entry)
            self.save()
            return entry

    def update(self, entry: Entry, **changes: Any) -> None:
        with self._lock:
            for name, value in changes.items():
                setattr(entry, name, value)
            self.save()

    def keep_bytes(self, entry: Entry, data: bytes) -> None:
        """Keep a binary previous version (an image) beside the journal for rollback."""
        with self._lock:
            self.blob_dir.mkdir(parents=True, exist_ok=True)
            name = f"{len(self.entries):04d}-{entry.key.replace(':', '-').replace('/', '_')}.bin"
            (self.blob_dir / name).write_bytes(data)
            entry.before["blob"] = name
            self.save()

    def read_bytes(self, entry: Entry) -> bytes | None:
        name = entry.before.get("blob")
        if not name:
            return None
        try:
            return (self.blob_dir / str(name)).read_bytes()
        except OSError:
            return None

    def set_status(self, status: str) -> None:
        with self._lock:
            self.status = status
            self.save()

    def created(self) -> list[Entry]:
        """Entries that made an asset, newest first (the order rollback deletes them in)."""
        with self._lock:
            return [e for e in reversed(self.entries) if e.created and e.status != "rolled-back"]


def default_journal_path(program: str, directory: Path | None = None) -> Path:
    """``./marketo-ops-journal-<program>-<UTC time>.json`` unless a directory is given."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in program).strip("-") or "import"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return (directory or Path.cwd()) / f"marketo-ops-journal-{safe}-{stamp}.json"
