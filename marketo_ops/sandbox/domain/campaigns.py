"""Smart campaigns and smart lists, as the REST API lets you touch them.

The API creates smart campaigns as empty shells ("Never Run", inactive, type "default", with a
new smart list and flow): smart list rules and flow steps cannot be written through REST. Only
the admin seed path (non-Marketo) puts rules and flows in; clones of campaigns and programs copy
them; ``includeRules=true`` reads them back. A campaign's type follows its rules: a trigger makes
it "trigger", filters only make it "batch". Activation needs a trigger and at least one flow step.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import assets, tree

EMPTY_RULES: dict[str, Any] = {"filterMatchType": "all", "triggers": [], "filters": []}


def campaign_type(rules: dict[str, Any]) -> str:
    if rules.get("triggers"):
        return "trigger"
    if rules.get("filters"):
        return "batch"
    return "default"


def require(store: Store, campaign_id: int) -> Row:
    row = store.get("smart_campaign", campaign_id)
    if row is None:
        raise errors.not_found("Smart campaign", campaign_id)
    return row


def smart_list_of(store: Store, campaign: Row) -> Row:
    row = store.get("smart_list", int(campaign.data["smartListId"]))
    if row is None:  # pragma: no cover - created together, deleted together
        raise errors.ApiError(611, "System error")
    return row


def rules_of(store: Store, campaign: Row) -> dict[str, Any]:
    return dict(smart_list_of(store, campaign).data.get("rules") or EMPTY_RULES)


def list_rules(smart_list: Row) -> dict[str, Any]:
    """A smart list's stored rules (a copy): match type, triggers, filters and, for advanced
    logic, ``filterLogic`` (the expression, which REST does not show)."""
    return copy.deepcopy(smart_list.data.get("rules") or EMPTY_RULES)


def write_rules(store: Store, smart_list: Row, rules: dict[str, Any]) -> None:
    """Store a smart list's rules; its campaign's type (trigger/batch/default) follows them."""
    with store.transaction():
        smart_list.data["rules"] = copy.deepcopy(rules)
        store.save(smart_list)
        owner = (smart_list.data.get("owner") or {}).get("campaign")
        campaign = store.get("smart_campaign", int(owner)) if owner is not None else None
        if campaign is not None and campaign.data.get("type") != campaign_type(rules):
            campaign.data["type"] = campaign_type(rules)
            store.save(campaign)


def flow_of(store: Store, campaign: Row) -> list[dict[str, Any]]:
    """A campaign's flow steps (a copy), each with a stable ``id``.

    Steps seeded or cloned without ids get theirs on first read (saved, so they stay put).
    """
    steps = copy.deepcopy(list(campaign.data.get("flow") or []))
    if any("id" not in step for step in steps):
        for step in steps:
            if "id" not in step:
                step["id"] = store.next_id("flow_step")
        write_flow(store, campaign, steps, touch=False)
    return steps


def write_flow(
    store: Store, campaign: Row, steps: list[dict[str, Any]], *, touch: bool = True
) -> None:
    campaign.data["flow"] = copy.deepcopy(steps)
    store.save(campaign, touch=touch)


def render(store: Store, row: Row) -> dict[str, Any]:  # noqa: ARG001 - same shape as every renderer
    data = row.data
    program_id = row.program_id
    body: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "description": data.get("description", ""),
        "type": data.get("type", "default"),
        "isSystem": False,
        "isActive": bool(data.get("isActive")),
        "isRequestable": bool(data.get("isRequestable")),
        # Marketo shows recurrence as {"weekdayOnly": false} for campaigns without a schedule.
        "recurrence": {
            "startAt": None,
            "endAt": None,
            "intervalType": None,
            "interval": None,
            "weekdayOnly": False,
            "weekdayMask": None,
            "dayOfMonth": None,
            "dayOfWeek": None,
            "weekOfMonth": None,
        },
        "qualificationRuleType": data.get("qualificationRuleType", "once"),
        "qualificationRuleInterval": data.get("qualificationRuleInterval"),
        "qualificationRuleUnit": data.get("qualificationRuleUnit"),
        "maxMembers": None,
        "isCommunicationLimitEnabled": bool(data.get("isCommunicationLimitEnabled", False)),
        "smartListId": data["smartListId"],
        "flowId": data["flowId"],
        "folder": {"id": row.parent_id, "type": row.parent_type},
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "workspace": row.workspace,
        "computedUrl": tree.ui_url("SC", row.id),
        "status": data.get("status", "Never Run"),
    }
    if program_id is not None:
        body["parentProgramId"] = program_id
    return body


def create(
    store: Store,
    *,
    name: str,
    container: Row,
    description: str = "",
    rules: dict[str, Any] | None = None,
    flow: list[dict[str, Any]] | None = None,
    origin: str | None = None,
) -> Row:
    rules = copy.deepcopy(rules) if rules is not None else copy.deepcopy(EMPTY_RULES)
    with store.transaction():
        tree.check_container(store, container, "smart_campaign")
        tree.ensure_unique(store, "smart_campaign", name, container)
        campaign_id = store.next_id("smart_campaign")
        smart_list = store.insert(
            Row(
                kind="smart_list",
                id=store.next_id("smart_list"),
                name=name,
                **tree.placement(container),
                data={"owner": {"campaign": campaign_id}, "description": "", "rules": rules},
            )
        )
        data: dict[str, Any] = {
            "description": description,
            "type": campaign_type(rules),
            "isActive": False,
            "isRequestable": False,
            "status": "Never Run",
            "qualificationRuleType": "once",
            "isCommunicationLimitEnabled": False,
            "smartListId": smart_list.id,
            "flowId": store.next_id("flow"),
            "flow": copy.deepcopy(flow or []),
        }
        if origin:
            data["origin"] = origin
        return store.insert(
            Row(
                kind="smart_campaign",
                id=campaign_id,
                name=name,
                **tree.placement(container),
                data=data,
            )
        )


def update(
    store: Store, row: Row, *, name: str | None, changes: Mapping[str, Any] | None = None
) -> Row:
    """Rename and describe a campaign; its smart list keeps the campaign's name."""
    with store.transaction():
        row = assets.update_metadata(store, row, name=name, changes=changes)
        smart_list = smart_list_of(store, row)
        if smart_list.name != row.name:
            smart_list.name = row.name
            store.save(smart_list)
        return row


def clone(store: Store, source: Row, *, name: str, container: Row, description: str | None) -> Row:
    return create(
        store,
        name=name,
        container=container,
        description=description if description is not None else source.data.get("description", ""),
        rules=rules_of(store, source),
        # The copy's steps get ids of their own (on first read), as a copy in Marketo does.
        flow=[
            {key: value for key, value in step.items() if key != "id"}
            for step in source.data.get("flow") or []
        ],
    )


def activate(store: Store, row: Row) -> Row:
    rules = rules_of(store, row)
    if not rules.get("triggers"):
        kind = "a batch campaign (schedule it instead)" if rules.get("filters") else "empty"
        raise errors.business_rule(
            f"Smart campaign '{row.name}' cannot be activated: it has no trigger in its smart"
            f" list ({kind})"
        )
    if not row.data.get("flow"):
        raise errors.business_rule(
            f"Smart campaign '{row.name}' cannot be activated: its flow has no steps"
        )
    with store.transaction():
        row.data["isActive"] = True
        row.data["status"] = "Active"
        row.data["isRequestable"] = any(
            isinstance(trigger, dict)
            and str(trigger.get("name", "")).lower() == "campaign is requested"
            for trigger in rules.get("triggers", [])
        )
        return store.save(row)


def deactivate(store: Store, row: Row) -> Row:
    if not row.data.get("isActive"):
        raise errors.business_rule(f"Smart campaign '{row.name}' is not active")
    with store.transaction():
        row.data["isActive"] = False
        row.data["isRequestable"] = False
        row.data["status"] = "Inactive"
        return store.save(row)


def delete(store: Store, row: Row) -> None:
    if row.data.get("isActive"):
        raise errors.business_rule(
            f"Smart campaign '{row.name}' is active; deactivate it before deleting"
        )
    with store.transaction():
        store.delete("smart_list", int(row.data["smartListId"]))
        store.delete("smart_campaign", row.id)


# --- smart lists --------------------------------------------------------------------------------
def require_list(store: Store, list_id: int) -> Row:
    row = store.get("smart_list", list_id)
    if row is None:
        raise errors.not_found("Smart list", list_id)
    return row


def render_list(row: Row, *, include_rules: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url("SL", row.id),
        "folder": {"id": row.parent_id, "type": row.parent_type},
        "workspace": row.workspace,
    }
    if include_rules:
        rules = list_rules(row)
        body["rules"] = {key: rules.get(key, EMPTY_RULES[key]) for key in EMPTY_RULES}
    return body


def create_list(
    store: Store,
    *,
    name: str,
    container: Row,
    description: str = "",
    rules: dict[str, Any] | None = None,
) -> Row:
    """A smart list of its own (no campaign), empty unless ``rules`` are given."""
    with store.transaction():
        tree.check_container(store, container, "smart_list")
        tree.ensure_unique(store, "smart_list", name, container)
        return store.insert(
            Row(
                kind="smart_list",
                id=store.next_id("smart_list"),
                name=name,
                **tree.placement(container),
                data={
                    "description": description,
                    "rules": copy.deepcopy(rules if rules is not None else EMPTY_RULES),
                },
            )
        )


def clone_list(
    store: Store, source: Row, *, name: str, container: Row, description: str | None
) -> Row:
    return create_list(
        store,
        name=name,
        container=container,
        description=description if description is not None else source.data.get("description", ""),
        rules=list_rules(source),
    )


def delete_list(store: Store, row: Row) -> None:
    owner = row.data.get("owner") or {}
    if owner:
        what = "smart campaign" if "campaign" in owner else "email program"
        raise errors.business_rule(
            f"Smart list {row.id} belongs to a {what} and cannot be deleted on its own"
        )
    store.delete("smart_list", row.id)
