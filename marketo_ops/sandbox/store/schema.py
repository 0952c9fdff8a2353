"""The sandbox's SQLite schema.

One generic ``assets`` table holds every asset family (folders, programs, emails, templates,
campaigns...): the columns Marketo's rules query on (kind, id, name, workspace, parent, owning
program) are real indexed columns, everything else is a JSON document per row. Id sequences are
persisted per kind, so ids never repeat, even after deletes and restarts. Admin-defined catalogs
(tag types, channels, lead fields, workspaces), My Tokens and issued access tokens have their own
tables. Later API areas (lead database, lists, bulk jobs) add their own tables here.
"""

from __future__ import annotations

from typing import Final

SCHEMA_VERSION: Final = 1

DDL: Final = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sequences (
    kind    TEXT PRIMARY KEY,
    next_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS assets (
    kind        TEXT    NOT NULL,
    id          INTEGER NOT NULL,
    name        TEXT    NOT NULL COLLATE NOCASE,
    workspace   TEXT    NOT NULL,
    parent_type TEXT,
    parent_id   INTEGER,
    program_id  INTEGER,
    data        TEXT    NOT NULL,
    created_at  REAL    NOT NULL,
    updated_at  REAL    NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS assets_by_name    ON assets (kind, name);
CREATE INDEX IF NOT EXISTS assets_by_parent  ON assets (parent_type, parent_id);
CREATE INDEX IF NOT EXISTS assets_by_program ON assets (program_id);
CREATE TABLE IF NOT EXISTS catalog (
    kind TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, name)
);
CREATE TABLE IF NOT EXISTS tokens (
    owner_type TEXT    NOT NULL,
    owner_id   INTEGER NOT NULL,
    name       TEXT    NOT NULL COLLATE NOCASE,
    type       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (owner_type, owner_id, name)
);
CREATE TABLE IF NOT EXISTS access_tokens (
    token      TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    issued_at  REAL NOT NULL,
    expires_at REAL NOT NULL
);
"""

ID_STARTS: Final[dict[str, int]] = {
    # Marketo's system folders have small ids; user assets start around 1000.
    "folder": 10,
    "program": 1001,
    "email": 1001,
    "email_template": 1001,
    "file": 1001,
    "lp_template": 1001,
    "landing_page": 1001,
    "snippet": 1001,
    "smart_campaign": 1001,
    "smart_list": 1001,
    "flow": 1001,
    "segmentation": 1001,
    "segment": 1001,
    "program_asset": 1001,
    "static_list": 1001,
    "redirect_rule": 1,
    "channel": 1,
    "lead_field": 1,
}
