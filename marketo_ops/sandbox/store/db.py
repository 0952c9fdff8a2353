"""SQLite-backed state: one file (or ``:memory:``), safe to share between threads.

The store knows rows, not Marketo rules: the domain modules enforce those. All access goes
through one re-entrant lock and explicit transactions, so the event-loop thread that serves HTTP
and a test thread seeding through the admin API never interleave half-done changes. A file
database uses WAL, so ``marketo-ops sandbox serve --db F`` and the CLI's embedded sandbox can
work on the same file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..._clock import SYSTEM_CLOCK, Clock
from .schema import DDL, ID_STARTS, LEAD_DATABASE_DDL, LEAD_DATABASE_TABLES, SCHEMA_VERSION


@dataclass
class Row:
    """One asset: indexed columns plus a JSON document with everything else."""

    kind: str
    id: int
    name: str
    workspace: str
    parent_type: str | None = None
    parent_id: int | None = None
    program_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def ref_type(self) -> str:
        """How Marketo names this row when it is a parent: programs are ``Program``."""
        return "Program" if self.kind == "program" else "Folder"


_COLUMNS = (
    "kind, id, name, workspace, parent_type, parent_id, program_id, data, created_at, updated_at"
)


def _row(values: Sequence[Any]) -> Row:
    return Row(
        kind=values[0],
        id=values[1],
        name=values[2],
        workspace=values[3],
        parent_type=values[4],
        parent_id=values[5],
        program_id=values[6],
        data=json.loads(values[7]),
        created_at=values[8],
        updated_at=values[9],
    )


class Store:
    """The sandbox's state. ``path`` is a file path or ``":memory:"``."""

    def __init__(self, path: str | Path = ":memory:", *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.path = str(path)
        self.clock = clock
        self.lock = threading.RLock()
        self._depth = 0
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=10.0
        )
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(DDL + LEAD_DATABASE_DDL)
        self._files_dir: Path | None = None
        self._owns_files_dir = False
        if self.get_meta("schema_version") is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    # --- plumbing -------------------------------------------------------------------------------
    def close(self) -> None:
        with self.lock:
            self._db.close()
            if self._owns_files_dir and self._files_dir is not None:
                shutil.rmtree(self._files_dir, ignore_errors=True)
                self._files_dir = None

    @property
    def files_dir(self) -> Path:
        """Where bulk files (export results, import uploads, failure CSVs) are written.

        Next to the database (``<db>.files/``), so a file sandbox keeps its exports across
        restarts like Marketo keeps them for days; a ``:memory:`` store gets a temporary
        directory that is removed on :meth:`close`.
        """
        with self.lock:
            if self._files_dir is None:
                if self.path == ":memory:":
                    self._files_dir = Path(tempfile.mkdtemp(prefix="marketo-ops-sandbox-"))
                    self._owns_files_dir = True
                else:
                    self._files_dir = (
                        Path(self.path).expanduser().with_name(Path(self.path).name + ".files")
                    )
                    self._files_dir.mkdir(parents=True, exist_ok=True)
            return self._files_dir

    def cursor(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """A cursor for large reads fetched in chunks (bulk exports); hold :attr:`lock`."""
        return self._db.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.lock:
            self._db.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction."""
        with self.lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._db.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            return list(self._db.execute(sql, params).fetchall())

    def now(self) -> float:
        return self.clock.time()

    # --- meta and sequences ---------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self.execute("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def next_id(self, kind: str) -> int:
        """The next id of a kind; persisted, so a deleted id is never handed out again."""
        with self.transaction():
            rows = self.execute("SELECT next_id FROM sequences WHERE kind = ?", (kind,))
            current = int(rows[0][0]) if rows else ID_STARTS.get(kind, 1001)
            self.execute(
                "INSERT OR REPLACE INTO sequences (kind, next_id) VALUES (?, ?)",
                (kind, current + 1),
            )
            return current

    # --- assets ---------------------------------------------------------------------------------
    def insert(self, row: Row) -> Row:
        now = self.now()
        row.created_at = row.created_at or now
        row.updated_at = row.updated_at or now
        self.execute(
            f"INSERT INTO assets ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.kind,
                row.id,
                row.name,
                row.workspace,
                row.parent_type,
                row.parent_id,
                row.program_id,
                json.dumps(row.data),
                row.created_at,
                row.updated_at,
            ),
        )
        return row

    def save(self, row: Row, *, touch: bool = True) -> Row:
        if touch:
            row.updated_at = self.now()
        self.execute(
            "UPDATE assets SET name = ?, workspace = ?, parent_type = ?, parent_id = ?,"
            " program_id = ?, data = ?, updated_at = ? WHERE kind = ? AND id = ?",
            (
                row.name,
                row.workspace,
                row.parent_type,
                row.parent_id,
                row.program_id,
                json.dumps(row.data),
                row.updated_at,
                row.kind,
                row.id,
            ),
        )
        return row

    def delete(self, kind: str, asset_id: int) -> None:
        self.execute("DELETE FROM assets WHERE kind = ? AND id = ?", (kind, asset_id))

    def get(self, kind: str, asset_id: int) -> Row | None:
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM assets WHERE kind = ? AND id = ?", (kind, asset_id)
        )
        return _row(rows[0]) if rows else None

    def find(
        self,
        kind: str | Sequence[str],
        *,
        name: str | None = None,
        workspace: str | None = None,
        parent: tuple[str, int] | None = None,
        program_id: int | None = None,
    ) -> list[Row]:
        """Rows of a kind (or kinds) matching every given column, by id. Names are case-blind."""
        kinds = [kind] if isinstance(kind, str) else list(kind)
        clauses = [f"kind IN ({', '.join('?' for _ in kinds)})"]
        params: list[Any] = list(kinds)
        if name is not None:
            clauses.append("name = ?")
            params.append(name)
        if workspace is not None:
            clauses.append("workspace = ?")
            params.append(workspace)
        if parent is not None:
            clauses.append("parent_type = ? AND parent_id = ?")
            params.extend(parent)
        if program_id is not None:
            clauses.append("program_id = ?")
            params.append(program_id)
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM assets WHERE {' AND '.join(clauses)} ORDER BY id", params
        )
        return [_row(values) for values in rows]

    def children(self, parent: Row) -> list[Row]:
        """Everything whose parent is this folder or program."""
        return [
            _row(values)
            for values in self.execute(
                f"SELECT {_COLUMNS} FROM assets WHERE parent_type = ? AND parent_id = ?"
                " ORDER BY kind, id",
                (parent.ref_type, parent.id),
            )
        ]

    def program_rows(self, program_id: int) -> list[Row]:
        """Every row owned by a program (its folders and local assets, not the program itself)."""
        return [
            _row(values)
            for values in self.execute(
                f"SELECT {_COLUMNS} FROM assets WHERE program_id = ? ORDER BY id", (program_id,)
            )
        ]

    # --- catalogs (admin-defined, read-only through the API) ------------------------------------
    def catalog_put(self, kind: str, name: str, data: dict[str, Any]) -> None:
        self.execute(
            "INSERT OR REPLACE INTO catalog (kind, name, data) VALUES (?, ?, ?)",
            (kind, name, json.dumps(data)),
        )

    def catalog_get(self, kind: str, name: str) -> dict[str, Any] | None:
        rows = self.execute("SELECT data FROM catalog WHERE kind = ? AND name = ?", (kind, name))
        return dict(json.loads(rows[0][0])) if rows else None

    def catalog_all(self, kind: str) -> list[dict[str, Any]]:
        rows = self.execute("SELECT data FROM catalog WHERE kind = ? ORDER BY rowid", (kind,))
        return [dict(json.loads(values[0])) for values in rows]

    # --- My Tokens ------------------------------------------------------------------------------
    def tokens(self, owner_type: str, owner_id: int) -> list[dict[str, Any]]:
        rows = self.execute(
            "SELECT name, type, value FROM tokens WHERE owner_type = ? AND owner_id = ?"
            " ORDER BY position",
            (owner_type, owner_id),
        )
        return [{"name": name, "type": kind, "value": value} for name, kind, value in rows]

    def put_token(self, owner_type: str, owner_id: int, name: str, kind: str, value: str) -> None:
        with self.transaction():
            existing = self.execute(
                "SELECT position FROM tokens WHERE owner_type = ? AND owner_id = ? AND name = ?",
                (owner_type, owner_id, name),
            )
            if existing:
                self.execute(
                    "UPDATE tokens SET name = ?, type = ?, value = ? WHERE owner_type = ?"
                    " AND owner_id = ? AND name = ?",
                    (name, kind, value, owner_type, owner_id, name),
                )
                return
            position = self.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM tokens")[0][0]
            self.execute(
                "INSERT INTO tokens (owner_type, owner_id, name, type, value, position)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (owner_type, owner_id, name, kind, value, position),
            )

    def delete_token(self, owner_type: str, owner_id: int, name: str) -> bool:
        with self.lock:
            cursor = self._db.execute(
                "DELETE FROM tokens WHERE owner_type = ? AND owner_id = ? AND name = ?",
                (owner_type, owner_id, name),
            )
            return cursor.rowcount > 0

    def delete_tokens_of(self, owner_type: str, owner_id: int) -> None:
        self.execute(
            "DELETE FROM tokens WHERE owner_type = ? AND owner_id = ?", (owner_type, owner_id)
        )

    # --- access tokens --------------------------------------------------------------------------
    def put_access_token(
        self, token: str, client_id: str, issued_at: float, expires_at: float
    ) -> None:
        self.execute(
            "INSERT INTO access_tokens (token, client_id, issued_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (token, client_id, issued_at, expires_at),
        )

    def access_token(self, token: str) -> tuple[str, float] | None:
        rows = self.execute(
            "SELECT client_id, expires_at FROM access_tokens WHERE token = ?", (token,)
        )
        return (str(rows[0][0]), float(rows[0][1])) if rows else None

    def live_access_token(self, client_id: str, now: float) -> tuple[str, float] | None:
        """The newest unexpired token of a client: asking again before expiry returns it."""
        rows = self.execute(
            "SELECT token, expires_at FROM access_tokens WHERE client_id = ? AND expires_at > ?"
            " ORDER BY issued_at DESC LIMIT 1",
            (client_id, now),
        )
        return (str(rows[0][0]), float(rows[0][1])) if rows else None

    # --- reset ----------------------------------------------------------------------------------
    def wipe(self) -> None:
        """Forget everything, including id sequences (used by ``sandbox reset``)."""
        with self.transaction():
            for table in (
                "assets",
                "catalog",
                "tokens",
                "access_tokens",
                "sequences",
                "meta",
                *LEAD_DATABASE_TABLES,
            ):
                self.execute(f"DELETE FROM {table}")
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        if self._files_dir is not None:
            for child in self._files_dir.iterdir():
                if child.is_file():
                    child.unlink(missing_ok=True)
