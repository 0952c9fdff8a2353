"""Smart campaigns as the lead database sees them: list, request (trigger) and schedule.

A campaign can be requested only when it is active and its smart list has a "Campaign is
Requested" trigger (the asset side sets ``isRequestable`` on activation); anything else is
refused, as Marketo refuses it. Requesting logs Request Campaign (47) for each lead and runs the
campaign's flow with the given My Token overrides, for the flow steps that change lead data:
Change Data Value, Change Score, Change Program Status, Add to List and Remove from List (other
steps, such as Send Email or Wait, have nothing to change in the sandbox and are passed over).
Scheduling is for batch campaigns; the run is recorded with its time and tokens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..timefmt import parse_datetime
from . import activities, leads, membership, programs
from .leaddb import LEAD_NOT_FOUND, iso

MAX_TRIGGER_LEADS: Final = 100
_TOKEN: Final = re.compile(r"^\{\{my\.[^{}]+\}\}$")
_TOKEN_USE: Final = re.compile(r"\{\{my\.([^{}]+)\}\}")


def require(store: Store, campaign_id: int) -> Row:
    row = store.get("smart_campaign", campaign_id)
    if row is None:
        raise errors.ApiError(1013, f"Campaign {campaign_id} not found")
    return row


def render(store: Store, row: Row) -> dict[str, Any]:
    """A lead-database campaign: type ``trigger`` when its smart list has a trigger."""
    kind = "trigger" if row.data.get("type") == "trigger" else "batch"
    body: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description") or "",
        "type": kind,
        "workspaceName": row.workspace,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "active": bool(row.data.get("isActive")),
    }
    if row.program_id is not None:
        program = store.get("program", row.program_id)
        if program is not None:
            body["programId"] = program.id
            body["programName"] = program.name
    return body


def check_tokens(store: Store, row: Row, tokens: Any) -> dict[str, str]:
    """``{{my.name}}`` overrides; each must name a token of the campaign's program."""
    if tokens is None:
        return {}
    if not isinstance(tokens, list):
        raise errors.invalid_value(tokens, "List")
    available = (
        {item["name"].lower() for item in store.tokens("Program", row.program_id)}
        if row.program_id is not None
        else set()
    )
    found: dict[str, str] = {}
    for token in tokens:
        name = str((token or {}).get("name") or "")
        if not _TOKEN.match(name):
            raise errors.invalid_data(f"Invalid token name '{name}': expected '{{{{my.name}}}}'")
        bare = name[5:-2]
        if bare.lower() not in available:
            raise errors.invalid_data(f"Token '{name}' is not defined in the campaign's program")
        found[bare.lower()] = str(token.get("value", ""))
    return found


def _token_values(store: Store, row: Row, overrides: Mapping[str, str]) -> dict[str, str]:
    values = (
        {
            item["name"].lower(): str(item["value"])
            for item in store.tokens("Program", row.program_id)
        }
        if row.program_id is not None
        else {}
    )
    values.update(overrides)
    return values


def _expand(text: Any, values: Mapping[str, str]) -> str:
    return _TOKEN_USE.sub(
        lambda match: values.get(match.group(1).lower(), match.group(0)), str(text)
    )


def trigger(
    store: Store, campaign_id: int, lead_ids: Sequence[int], tokens: Any, request_id: str
) -> Row:
    row = require(store, campaign_id)
    if not row.data.get("isActive") or not row.data.get("isRequestable"):
        raise errors.invalid_data(
            f"Campaign '{row.name}' cannot be requested: it must be active and have a"
            " 'Campaign is Requested' (Web Service API) trigger"
        )
    if not lead_ids:
        raise errors.blank("leads")
    if len(lead_ids) > MAX_TRIGGER_LEADS:
        raise errors.invalid_data(
            f"Too many leads: {len(lead_ids)} (at most {MAX_TRIGGER_LEADS} per request)"
        )
    overrides = check_tokens(store, row, tokens)
    with store.transaction():
        found = leads.get_many(store, lead_ids)
        if not found:
            raise errors.ApiError(*LEAD_NOT_FOUND)
        values = _token_values(store, row, overrides)
        # One run per request: every activity it logs carries the numeric Campaign Run ID.
        with activities.campaign_run(row.id, store.next_id("campaign_run")):
            for lead_id in lead_ids:
                if lead_id not in found:
                    continue
                activities.record(
                    store,
                    lead_id=lead_id,
                    type_id=activities.REQUEST_CAMPAIGN,
                    primary_id=row.id,
                    primary_value=row.name,
                    campaign_id=row.id,
                    attributes={
                        "Source": "Web Service API",
                        "Tokens": json.dumps({f"{{{{my.{k}}}}}": v for k, v in overrides.items()})
                        if overrides
                        else None,
                        "Request Id": request_id,
                    },
                )
                run_flow(store, row, lead_id, values)
    return row


def schedule(store: Store, campaign_id: int, data: Mapping[str, Any]) -> Row:
    row = require(store, campaign_id)
    if row.data.get("type") == "trigger":
        raise errors.invalid_data(
            f"Campaign '{row.name}' is a trigger campaign; only batch campaigns can be scheduled"
        )
    now = store.now()
    run_at = now + 300
    if data.get("runAt"):
        parsed = parse_datetime(str(data["runAt"]))
        if parsed is None or parsed < now:
            raise errors.ApiError(1042, f"Invalid runAt date '{data['runAt']}'")
        run_at = parsed
    overrides = check_tokens(store, row, data.get("tokens"))
    with store.transaction():
        target = row
        clone_name = data.get("cloneToProgramName")
        if clone_name:
            target = _clone_for_schedule(store, row, str(clone_name))
        target.data.setdefault("scheduledRuns", []).append(
            {"runAt": iso(run_at), "tokens": overrides}
        )
        store.save(target)
        return target


def _clone_for_schedule(store: Store, row: Row, name: str) -> Row:
    if row.program_id is None:
        raise errors.invalid_data("cloneToProgramName needs a campaign inside a program")
    program = programs.require(store, row.program_id)
    parent = (
        store.get("folder", program.parent_id)
        if program.parent_type == "Folder" and program.parent_id is not None
        else None
    )
    if parent is None:
        raise errors.business_rule("The campaign's program is not in a folder; it cannot be cloned")
    clone = programs.clone(store, program, name=name, container=parent, description=None)
    for candidate in store.program_rows(clone.id):
        if candidate.kind == "smart_campaign" and candidate.name == row.name:
            return candidate
    raise errors.ApiError(611, "System error")  # pragma: no cover - clones copy campaigns


# --- flow ---------------------------------------------------------------------------------------
def run_flow(store: Store, row: Row, lead_id: int, values: Mapping[str, str]) -> None:
    for step in row.data.get("flow") or []:
        if not isinstance(step, dict):
            continue
        action = str(step.get("action") or step.get("name") or "").strip().lower()
        params = {str(k).lower(): _expand(v, values) for k, v in (step.get("params") or {}).items()}
        handler = _STEPS.get(action)
        if handler is not None:
            handler(store, row, lead_id, params)


def _field_by_label(store: Store, label: str) -> leads.FieldDef | None:
    for definition in leads.schema(store).values():
        if label.lower() in {definition.name.lower(), definition.display_name.lower()}:
            return definition
    return None


def _change_value(store: Store, row: Row, lead_id: int, params: Mapping[str, str]) -> None:
    definition = _field_by_label(store, params.get("attribute", ""))
    lead = leads.get(store, lead_id)
    if definition is None or lead is None or definition.read_only:
        return
    value = params.get("new value")
    try:
        coerced = leads.coerce(definition, None if value in (None, "NULL") else value)
    except leads.RecordError:
        return
    leads.update(
        store,
        lead,
        {definition.name: coerced},
        definitions=leads.schema(store),
        source=leads.Source(api_method="", reason=f"Smart campaign: {row.name}"),
    )


def _change_score(store: Store, row: Row, lead_id: int, params: Mapping[str, str]) -> None:
    definition = _field_by_label(store, params.get("score name", "")) or _field_by_label(
        store, "leadScore"
    )
    lead = leads.get(store, lead_id)
    change = params.get("change", "").strip()
    if definition is None or lead is None or not change:
        return
    try:
        old = int(lead.data.get(definition.name) or 0)
        new = int(change[1:]) if change.startswith("=") else old + int(change)
    except ValueError:
        return
    if new != old:
        lead.data[definition.name] = new
        store.execute(
            "UPDATE leads SET data = ?, updated_at = ? WHERE id = ?",
            (json.dumps(lead.data), store.now(), lead_id),
        )
        activities.record(
            store,
            lead_id=lead_id,
            type_id=activities.CHANGE_SCORE,
            primary_id=int(definition.data.get("id", 0)),
            primary_value=definition.display_name,
            campaign_id=row.id,
            attributes={
                "Change Value": change,
                "New Value": new,
                "Old Value": old,
                "Reason": f"Smart campaign: {row.name}",
            },
        )


def _change_status(store: Store, row: Row, lead_id: int, params: Mapping[str, str]) -> None:
    if row.program_id is None:
        return
    program = store.get("program", row.program_id)
    wanted = params.get("new status", "")
    status_name = wanted.split(" - ", 1)[1] if " - " in wanted else wanted
    if program is None or not status_name:
        return
    try:
        status = membership.find_status(store, program, status_name)
    except errors.ApiError:
        return
    membership.set_status(store, program, lead_id, status, reason=f"Smart campaign: {row.name}")


def _list_step(add: bool) -> Any:
    def step(store: Store, row: Row, lead_id: int, params: Mapping[str, str]) -> None:
        name = params.get("list") or params.get("static list") or ""
        found = store.find("static_list", name=name) if name else []
        if not found:
            return
        source = leads.Source(api_method="", reason=f"Smart campaign: {row.name}")
        if add:
            membership.add_quietly(store, found[0].id, lead_id, source)
        else:
            store.execute(
                "DELETE FROM list_members WHERE list_id = ? AND lead_id = ?", (found[0].id, lead_id)
            )

    return step


_STEPS: Final = {
    "change data value": _change_value,
    "change score": _change_score,
    "change program status": _change_status,
    "add to list": _list_step(True),
    "remove from list": _list_step(False),
}
