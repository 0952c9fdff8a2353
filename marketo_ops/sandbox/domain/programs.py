"""Programs: Marketo's functional containers, with channel, tags, costs, tokens and local assets.

Rules enforced here: names are unique across the whole subscription (all workspaces); the channel
must apply to the program type; tags must be known types with allowed values and required tag
types must be present; channel and type are fixed at creation; only Email and Engagement programs
can be approved; a clone needs a Folder (not a Program) in the same workspace and is refused for
programs holding reports, social assets, push or in-app messages; deleting a program deletes its
assets.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp, parse_datetime
from . import catalog, tree

UNCLONABLE = {
    "report": "report",
    "social": "social asset",
    "push": "push notification",
    "in_app": "in-app message",
}
URL_PREFIX = {
    "Default": "PG",
    "Event": "ME",
    "Event with Webinar": "ME",
    "Engagement": "NP",
    "Email": "EBP",
}


def render(
    store: Store, row: Row, *, tags: bool = True, costs: bool = True, browse: bool = False
) -> dict[str, Any]:
    parent = tree.parent_of(store, row)
    body: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "description": row.data.get("description", ""),
        "createdAt": marketo_timestamp(row.created_at),
        "updatedAt": marketo_timestamp(row.updated_at),
        "url": tree.ui_url(URL_PREFIX.get(row.data["type"], "PG"), row.id),
        "type": row.data["type"],
        "channel": row.data["channel"],
        "folder": tree.named_ref(parent, (row.parent_type, row.parent_id)),
        "status": row.data.get("status", ""),
        "workspace": row.workspace,
        "headStart": False,
    }
    if row.data.get("startDate"):
        body["startDate"] = marketo_timestamp(row.data["startDate"])
    if row.data.get("endDate"):
        body["endDate"] = marketo_timestamp(row.data["endDate"])
    if not browse:
        # Marketo writes null, not [], when a program has no tags or costs (or they were not asked).
        body["tags"] = (row.data.get("tags") or None) if tags else None
        body["costs"] = (row.data.get("costs") or None) if costs else None
    return body


def require(store: Store, program_id: int) -> Row:
    row = store.get("program", program_id)
    if row is None:
        raise errors.not_found("Program", program_id)
    return row


def parse_costs(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    costs: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            raise errors.invalid_value(item, "Cost ({startDate, cost, note})")
        start = str(item.get("startDate", ""))
        if parse_datetime(start) is None:
            raise errors.invalid_date(start)
        try:
            amount = int(str(item.get("cost")))
        except ValueError:
            raise errors.invalid_value(item.get("cost"), "Integer") from None
        cost: dict[str, Any] = {"startDate": start, "cost": amount}
        if item.get("note") is not None:
            cost["note"] = str(item["note"])
        costs.append(cost)
    return costs


def _date(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise errors.invalid_date(value)
    return parsed


def create(
    store: Store,
    *,
    name: str,
    container: Row,
    type_name: str,
    channel: str,
    description: str = "",
    tags: list[dict[str, str]] | None = None,
    costs: list[dict[str, Any]] | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    origin: str | None = None,
) -> Row:
    program_type = catalog.program_type(type_name)
    with store.transaction():
        tree.check_container(store, container, "program", program_type=program_type)
        tree.ensure_unique(store, "program", name, container)
        found_channel = catalog.check_channel(store, channel, program_type)
        checked_tags = catalog.check_tags(store, tags or [], program_type)
        catalog.check_required_tags(store, checked_tags, program_type)
        status = {"Email": "unlocked", "Engagement": "off"}.get(program_type, "")
        data: dict[str, Any] = {
            "type": program_type,
            "channel": found_channel["name"],
            "description": description,
            "status": status,
            "tags": checked_tags,
            "costs": costs or [],
            "startDate": _date(start_date),
            "endDate": _date(end_date),
        }
        if origin:
            data["origin"] = origin
        row = store.insert(
            Row(
                kind="program",
                id=store.next_id("program"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )
        if program_type == "Email":
            _audience(store, row)
        return row


def _audience(store: Store, program: Row) -> Row:
    """Email programs own a smart list (their audience), readable via program/{id}/smartList."""
    return store.insert(
        Row(
            kind="smart_list",
            id=store.next_id("smart_list"),
            name=program.name,
            **tree.placement(program),
            data={
                "owner": {"program": program.id},
                "description": "",
                "rules": {"filterMatchType": "all", "triggers": [], "filters": []},
            },
        )
    )


def audience(store: Store, program: Row) -> Row | None:
    for row in store.find("smart_list", program_id=program.id):
        if (row.data.get("owner") or {}).get("program") == program.id:
            return row
    return None


def update(
    store: Store,
    row: Row,
    *,
    name: str | None = None,
    description: str | None = None,
    tags: list[dict[str, str]] | None = None,
    costs: list[dict[str, Any]] | None = None,
    costs_destructive: bool = False,
    start_date: str | None = None,
    end_date: str | None = None,
) -> Row:
    with store.transaction():
        if name is not None and name.strip() and name != row.name:
            parent = tree.container_of(store, row)
            tree.ensure_unique(store, "program", name, parent, exclude_id=row.id)
            row.name = name
        if description is not None:
            row.data["description"] = description
        if tags is not None:
            checked = catalog.check_tags(store, tags, row.data["type"])
            merged = {tag["tagType"].lower(): tag for tag in row.data.get("tags", [])}
            merged.update({tag["tagType"].lower(): tag for tag in checked})
            row.data["tags"] = list(merged.values())
        if costs_destructive:
            row.data["costs"] = list(costs or [])
        elif costs:
            row.data["costs"] = list(row.data.get("costs", [])) + list(costs)
        if start_date is not None:
            row.data["startDate"] = _date(start_date)
        if end_date is not None:
            row.data["endDate"] = _date(end_date)
        return store.save(row)


def approve(store: Store, row: Row) -> Row:
    program_type = row.data["type"]
    with store.transaction():
        if program_type == "Email":
            if row.data.get("status") == "locked":
                raise errors.business_rule(f"Email program '{row.name}' is already approved")
            if not row.data.get("startDate") or not row.data.get("endDate"):
                raise errors.business_rule(
                    f"Email program '{row.name}' needs a startDate and an endDate to be approved"
                )
            emails = store.find("email", program_id=row.id)
            if not any(email.data.get("approved") for email in emails):
                raise errors.business_rule(
                    f"Email program '{row.name}' needs an approved email to be approved"
                )
            row.data["status"] = "locked"
        elif program_type == "Engagement":
            row.data["status"] = "on"
        else:
            raise errors.business_rule(
                "Only Email and Engagement programs can be approved;"
                f" '{row.name}' is a {program_type} program"
            )
        return store.save(row)


def unapprove(store: Store, row: Row) -> Row:
    program_type = row.data["type"]
    with store.transaction():
        if program_type == "Email":
            if row.data.get("status") != "locked":
                raise errors.business_rule(f"Email program '{row.name}' is not approved")
            row.data["status"] = "unlocked"
        elif program_type == "Engagement":
            row.data["status"] = "off"
        else:
            raise errors.business_rule(
                "Only Email and Engagement programs can be unapproved;"
                f" '{row.name}' is a {program_type} program"
            )
        return store.save(row)


def _nested_programs(store: Store, row: Row) -> list[Row]:
    return [item for item in store.program_rows(row.id) if item.kind == "program"]


def delete(store: Store, row: Row) -> None:
    with store.transaction():
        for nested in _nested_programs(store, row):
            delete(store, nested)
        for item in store.program_rows(row.id):
            if item.kind in {"folder", "program"}:
                store.delete_tokens_of(item.ref_type, item.id)
            store.delete(item.kind, item.id)
        store.delete_tokens_of("Program", row.id)
        store.delete("program", row.id)


def unclonable_assets(store: Store, row: Row) -> list[str]:
    found = []
    for item in store.program_rows(row.id):
        if item.kind == "program_asset":
            kind = str(item.data.get("assetType"))
            found.append(f"{UNCLONABLE.get(kind, kind)} '{item.name}'")
    return found


def clone(
    store: Store, source: Row, *, name: str, container: Row, description: str | None = None
) -> Row:
    with store.transaction():
        if container.kind != "folder":
            raise errors.incompatible_folder(
                "the target of a program clone must be a folder of type 'Folder', not a program"
            )
        if container.workspace != source.workspace:
            raise errors.business_rule(
                f"The target folder is in workspace '{container.workspace}'; a program can only be"
                f" cloned within its own workspace ('{source.workspace}')"
            )
        blocked = unclonable_assets(store, source)
        if blocked:
            raise errors.business_rule(
                f"Program '{source.name}' cannot be cloned because it contains "
                + ", ".join(blocked)
                + " (programs with reports, social assets, push or in-app messages cannot be"
                " cloned)"
            )
        tree.check_container(store, container, "program", program_type=source.data["type"])
        tree.ensure_unique(store, "program", name, container)
        data = copy.deepcopy(source.data)
        data.pop("origin", None)
        data["description"] = (
            description if description is not None else source.data.get("description", "")
        )
        data["status"] = {"Email": "unlocked", "Engagement": "off"}.get(source.data["type"], "")
        new = store.insert(
            Row(
                kind="program",
                id=store.next_id("program"),
                name=name,
                **tree.placement(container),
                data=data,
            )
        )
        copy_contents(store, source, new)
        return new


def _repointed(flow: list[dict[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    """Flow steps naming the program itself (Change Program Status: Program = <it>) name the
    clone instead, as Marketo re-points a cloned program's references to itself."""

    def params(values: dict[str, Any]) -> dict[str, Any]:
        return {k: (new if v == old else v) for k, v in values.items()}

    return [
        {
            **step,
            "params": params(dict(step.get("params") or {})),
            "choices": [
                {**choice, "params": params(dict(choice.get("params") or {}))}
                for choice in step.get("choices") or []
            ],
        }
        for step in flow
    ]


def copy_contents(store: Store, source: Row, target: Row) -> None:
    """Copy a program's tokens, folders and local assets into another program."""
    for token in store.tokens("Program", source.id):
        store.put_token("Program", target.id, token["name"], token["type"], token["value"])
    containers: dict[tuple[str, int], Row] = {("Program", source.id): target}
    campaign_ids: dict[int, int] = {}
    rows = [item for item in store.program_rows(source.id) if item.kind != "program"]
    # Folders first (a parent always has a lower id than its children), then assets.
    rows.sort(key=lambda item: (item.kind != "folder", item.id))
    owned_lists: list[Row] = []
    for item in rows:
        parent = containers.get((item.parent_type or "", item.parent_id or 0), target)
        if item.data.get("owner"):
            owned_lists.append(item)
            continue
        data = copy.deepcopy(item.data)
        new = Row(
            kind=item.kind,
            id=store.next_id(item.kind),
            name=item.name,
            **tree.placement(parent),
            data=data,
        )
        if item.kind == "smart_campaign":
            data["isActive"] = False
            data["isRequestable"] = False
            data["status"] = "Inactive" if data.get("type") == "trigger" else "Never Run"
            data["flowId"] = store.next_id("flow")
            data["flow"] = _repointed(data.get("flow") or [], source.name, target.name)
            campaign_ids[item.id] = new.id
        store.insert(new)
        if item.kind == "folder":
            containers[("Folder", item.id)] = new
            for token in store.tokens("Folder", item.id):
                store.put_token("Folder", new.id, token["name"], token["type"], token["value"])
    for item in owned_lists:
        owner = dict(item.data.get("owner") or {})
        if "campaign" in owner and owner["campaign"] in campaign_ids:
            owner = {"campaign": campaign_ids[owner["campaign"]]}
        elif "program" in owner:
            owner = {"program": target.id}
        else:
            continue
        parent = containers.get((item.parent_type or "", item.parent_id or 0), target)
        data = copy.deepcopy(item.data)
        data["owner"] = owner
        new_list = store.insert(
            Row(
                kind="smart_list",
                id=store.next_id("smart_list"),
                name=item.name,
                **tree.placement(parent),
                data=data,
            )
        )
        if "campaign" in owner:
            campaign = store.get("smart_campaign", owner["campaign"])
            if campaign is not None:
                campaign.data["smartListId"] = new_list.id
                store.save(campaign, touch=False)
        else:
            new_list.name = target.name
            store.save(new_list, touch=False)


def add_program_asset(store: Store, program: Row, asset_type: str, name: str) -> Row:
    """Admin hook: a report, social asset, push or in-app message inside a program."""
    if asset_type not in UNCLONABLE:
        raise ValueError(f"asset_type must be one of {', '.join(UNCLONABLE)}")
    return store.insert(
        Row(
            kind="program_asset",
            id=store.next_id("program_asset"),
            name=name,
            **tree.placement(program),
            data={"assetType": asset_type, "origin": "sandbox-admin"},
        )
    )
