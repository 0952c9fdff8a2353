"""The sandbox's SQLite schema.

One generic ``assets`` table holds every asset family (folders, programs, emails, templates,
campaigns...): the columns Marketo's rules query on (kind, id, name, workspace, parent, owning
program) are real indexed columns, everything else is a JSON document per row. Id sequences are
persisted per kind, so ids never repeat, even after deletes and restarts. Admin-defined catalogs
(tag types, channels, lead fields, workspaces), My Tokens and issued access tokens have their own
tables. The lead database has its own tables (:data:`LEAD_DATABASE_DDL`): leads with their
field values as JSON, list and program memberships, the activity log, generic CRM-like records
(companies, opportunities, custom objects...), bulk jobs (their files live on disk next to the
database) and the call log behind the usage statistics.
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

LEAD_DATABASE_DDL: Final = """
CREATE TABLE IF NOT EXISTS leads (
    id           INTEGER PRIMARY KEY,
    email        TEXT COLLATE NOCASE,
    partition_id INTEGER NOT NULL DEFAULT 1,
    data         TEXT    NOT NULL,
    created_at   REAL    NOT NULL,
    updated_at   REAL    NOT NULL
);
CREATE INDEX IF NOT EXISTS leads_by_email   ON leads (email);
CREATE INDEX IF NOT EXISTS leads_by_created ON leads (created_at);
CREATE INDEX IF NOT EXISTS leads_by_updated ON leads (updated_at);
CREATE TABLE IF NOT EXISTS list_members (
    list_id  INTEGER NOT NULL,
    lead_id  INTEGER NOT NULL,
    added_at REAL    NOT NULL,
    PRIMARY KEY (list_id, lead_id)
);
CREATE INDEX IF NOT EXISTS list_members_by_lead ON list_members (lead_id);
CREATE TABLE IF NOT EXISTS program_members (
    program_id      INTEGER NOT NULL,
    lead_id         INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    reached_success INTEGER NOT NULL DEFAULT 0,
    acquired_by     INTEGER NOT NULL DEFAULT 0,
    data            TEXT    NOT NULL DEFAULT '{}',
    membership_date REAL    NOT NULL,
    updated_at      REAL    NOT NULL,
    PRIMARY KEY (program_id, lead_id)
);
CREATE INDEX IF NOT EXISTS program_members_by_lead ON program_members (lead_id);
CREATE TABLE IF NOT EXISTS activities (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    guid          TEXT    NOT NULL,
    lead_id       INTEGER NOT NULL,
    type_id       INTEGER NOT NULL,
    activity_date REAL    NOT NULL,
    primary_id    INTEGER,
    primary_value TEXT,
    campaign_id   INTEGER,
    attributes    TEXT    NOT NULL DEFAULT '[]',
    fields        TEXT
);
CREATE INDEX IF NOT EXISTS activities_by_date ON activities (activity_date, id);
CREATE INDEX IF NOT EXISTS activities_by_lead ON activities (lead_id);
CREATE TABLE IF NOT EXISTS records (
    kind       TEXT    NOT NULL,
    id         INTEGER NOT NULL,
    guid       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    created_at REAL    NOT NULL,
    updated_at REAL    NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS records_by_guid ON records (kind, guid);
CREATE TABLE IF NOT EXISTS bulk_jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS bulk_jobs_by_kind ON bulk_jobs (kind, created_at);
CREATE TABLE IF NOT EXISTS call_log (
    day     TEXT    NOT NULL,
    user_id TEXT    NOT NULL,
    code    TEXT    NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (day, user_id, code)
);
"""
"""Lead database tables; ``code`` in ``call_log`` is "" for a successful call."""

LEAD_DATABASE_TABLES: Final = (
    "leads",
    "list_members",
    "program_members",
    "activities",
    "records",
    "bulk_jobs",
    "call_log",
)

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
    "lead": 1001,
    "partition": 1,
    "bulk_import": 1001,
    "custom_activity_type": 100001,
    "user": 1001,
    "role": 1,
}
