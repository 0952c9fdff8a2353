"""Draft and approved versions, as emails, templates, landing pages and snippets have them.

A versioned row keeps ``data["approved"]`` and ``data["draft"]`` (either may be ``None``); name,
description and folder are shared. Editing an approved asset creates a draft copy to edit;
approving promotes the draft; unapproving turns the approved version back into the draft;
discarding drops a draft of an approved asset. Reads default to the approved version when one
exists, as Marketo does, and ``status=draft|approved`` picks one explicitly.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import errors
from ..store.db import Row


def new_versions(content: dict[str, Any]) -> dict[str, Any]:
    return {"approved": None, "draft": content}


def has_approved(row: Row) -> bool:
    return row.data.get("approved") is not None


def has_draft(row: Row) -> bool:
    return row.data.get("draft") is not None


def pick(row: Row, status: str | None) -> tuple[str, dict[str, Any]] | None:
    """(status, content) of the version asked for; None when that version does not exist."""
    wanted = (status or "").strip().lower()
    if wanted not in {"", "approved", "draft"}:
        raise errors.invalid_value(status, "status (approved or draft)")
    if wanted == "approved" or (not wanted and has_approved(row)):
        content = row.data.get("approved")
        return ("approved", content) if content is not None else None
    content = row.data.get("draft")
    return ("draft", content) if content is not None else None


def current(row: Row) -> dict[str, Any]:
    """The content a read without ``status`` shows (approved, else draft), which every versioned
    row has: no operation leaves both versions empty, so none means the store is inconsistent."""
    picked = pick(row, None)
    if picked is None:
        raise RuntimeError(
            f"sandbox store inconsistent: {row.kind} {row.id} has neither a draft nor an"
            " approved version"
        )
    return picked[1]


def editable(row: Row) -> dict[str, Any]:
    """The draft to change, created from the approved version if there is none yet."""
    draft = row.data.get("draft")
    if draft is None:
        draft = copy.deepcopy(row.data.get("approved") or {})
        row.data["draft"] = draft
    return dict(draft)


def set_draft(row: Row, content: dict[str, Any]) -> None:
    row.data["draft"] = content


def approve(row: Row) -> None:
    if not has_draft(row):
        raise errors.business_rule("Asset has no draft to approve (it is already approved)")
    row.data["approved"] = row.data["draft"]
    row.data["draft"] = None


def unapprove(row: Row) -> None:
    if not has_approved(row):
        raise errors.business_rule("Asset is not approved")
    if not has_draft(row):
        row.data["draft"] = row.data["approved"]
    row.data["approved"] = None


def discard(row: Row) -> None:
    if not has_draft(row):
        raise errors.business_rule("Asset has no draft to discard")
    if not has_approved(row):
        raise errors.business_rule(
            "Cannot discard the draft of an asset that was never approved; delete it instead"
        )
    row.data["draft"] = None


def status_label(row: Row) -> str:
    return "approved" if has_approved(row) else "draft"
