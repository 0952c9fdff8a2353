"""User Management: users, invitations, roles and workspaces of the subscription.

Users join by invitation: an invited user is "pending" until they accept (which happens in a
browser, not through the API); API-only users are created at once, since nobody logs in as
them. Each user holds roles per workspace; a user keeps at least one. Roles are defined in Admin
(read-only here) and workspaces are the sandbox's. Datetimes use this API's own form,
``yyyyMMdd'T'HH:mm:ss.SSS't'+hhmm`` (Adobe's User Management reference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from .. import errors
from ..store.db import Store
from ..timefmt import parse_datetime

SUBSCRIPTION_ID: Final = "sandbox-subscription"
ADMIN_USER: Final = "admin@sandbox.marketo.local"

# (id, name, description, only all zones)
ROLES: Final = (
    (1, "Admin", "Full access to the subscription", False),
    (2, "Marketing User", "Create and run marketing programs", False),
    (3, "Web Designer", "Design Studio access", False),
    (4, "Analytics User", "Reports and analytics", False),
    (5, "API Only", "Access to the REST API", True),
)


class UserError(errors.ApiError):
    """A refused User Management call: Marketo's code and message, and the HTTP status."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(code, message)
        self.status = status


def stamp(epoch: float | None) -> str | None:
    """``20240301T10:15:00.000t+0000``, the User Management API's datetime form."""
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y%m%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}t+0000"


def _parse(value: Any) -> float | None:
    if value is None or value == "":
        return None
    text = str(value)
    if "t+" in text or "t-" in text:
        text = text.replace("t+", "+").replace("t-", "-")
        try:
            return datetime.strptime(text, "%Y%m%dT%H:%M:%S.%f%z").timestamp()
        except ValueError:
            pass
    parsed = parse_datetime(text)
    if parsed is None:
        raise UserError(400, 1003, f"Invalid datetime '{value}'")
    return parsed


def roles() -> list[dict[str, Any]]:
    created = stamp(0.0)
    return [
        {
            "id": role_id,
            "name": name,
            "description": description,
            "isHidden": False,
            "isOnlyAllZones": all_zones,
            "type": "API" if all_zones else "Marketing",
            "createdAt": created,
            "updatedAt": created,
        }
        for role_id, name, description, all_zones in ROLES
    ]


def workspaces(store: Store) -> list[dict[str, Any]]:
    created = stamp(0.0)
    return [
        {
            "id": index,
            "name": item["name"],
            "description": item.get("description") or f"Workspace {item['name']}",
            "currencyInfo": "USD",
            "globalViz": 1,
            "status": "active",
            "createdAt": created,
            "updatedAt": created,
        }
        for index, item in enumerate(store.catalog_all("workspace"), start=1)
    ]


def _role_workspace(store: Store, pairs: Any) -> list[dict[str, Any]]:
    if not isinstance(pairs, list) or not pairs:
        raise UserError(400, 701, "userRoleWorkspaces cannot be blank")
    role_names = {item["id"]: item["name"] for item in roles()}
    spaces = {item["id"]: item["name"] for item in workspaces(store)}
    found: list[dict[str, Any]] = []
    for pair in pairs:
        if not isinstance(pair, dict):
            raise UserError(
                400, 1003, "Each userRoleWorkspaces item needs accessRoleId and workspaceId"
            )
        role_id, workspace_id = pair.get("accessRoleId"), pair.get("workspaceId")
        if role_id not in role_names:
            raise UserError(400, 1003, f"Unknown role id '{role_id}'")
        if workspace_id not in spaces:
            raise UserError(400, 1003, f"Unknown workspace id '{workspace_id}'")
        item = {
            "accessRoleId": role_id,
            "accessRoleName": role_names[role_id],
            "workspaceId": workspace_id,
            "workspaceName": spaces[workspace_id],
        }
        if item not in found:
            found.append(item)
    return found


def _seed(store: Store, api_user: str) -> None:
    if store.catalog_all("mgmt_user"):
        return
    spaces = [item["id"] for item in workspaces(store)]
    with store.transaction():
        for userid, first, last, api_only, role_id in (
            (ADMIN_USER, "Sandbox", "Admin", False, 1),
            (api_user, "API", "User", True, 5),
        ):
            store.catalog_put(
                "mgmt_user",
                userid,
                {
                    "id": store.next_id("user"),
                    "userid": userid,
                    "emailAddress": userid,
                    "firstName": first,
                    "lastName": last,
                    "apiOnly": api_only,
                    "createdAt": store.now(),
                    "expiresAt": None,
                    "userRoleWorkspaces": _role_workspace(
                        store, [{"accessRoleId": role_id, "workspaceId": s} for s in spaces]
                    ),
                },
            )


def render_user(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": entry["id"],
        "userid": entry["userid"],
        "emailAddress": entry["emailAddress"],
        "firstName": entry["firstName"],
        "lastName": entry["lastName"],
        "apiOnly": bool(entry.get("apiOnly")),
        "optedIn": False,
        "isLocked": False,
        "lockedReason": "",
        "failedLogins": 0,
        "failedDeviceCode": 0,
        "lastLoginAt": stamp(entry.get("lastLoginAt")) or "",
        "expiresAt": stamp(entry.get("expiresAt")) or "",
        "userRoleWorkspaces": [dict(item) for item in entry["userRoleWorkspaces"]],
    }


def render_summary(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": entry["id"],
        "userid": entry["userid"],
        "emailAddress": entry["emailAddress"],
        "firstName": entry["firstName"],
        "lastName": entry["lastName"],
        "apiOnly": bool(entry.get("apiOnly")),
    }


def render_invite(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": entry["id"],
        "userid": entry["userid"],
        "emailAddress": entry["emailAddress"],
        "firstName": entry["firstName"],
        "lastName": entry["lastName"],
        "subscriptionId": SUBSCRIPTION_ID,
        "status": "pending",
        "expiresAt": stamp(entry.get("expiresAt")) or "",
        "createdAt": stamp(entry["createdAt"]),
        "updatedAt": stamp(entry["createdAt"]),
    }


def user(store: Store, api_user: str, userid: str) -> dict[str, Any]:
    _seed(store, api_user)
    found = store.catalog_get("mgmt_user", userid)
    if found is None:
        raise UserError(404, 610, f"User '{userid}' not found")
    return found


def users(store: Store, api_user: str, offset: int, size: int) -> list[dict[str, Any]]:
    _seed(store, api_user)
    if size < 1 or size > 200:
        raise UserError(400, 1003, "pageSize must be between 1 and 200")
    entries = sorted(store.catalog_all("mgmt_user"), key=lambda item: int(item["id"]))
    return entries[offset : offset + size]


def invite(store: Store, api_user: str, body: Mapping[str, Any]) -> str:
    _seed(store, api_user)
    email = str(body.get("emailAddress") or "").strip()
    if "@" not in email:
        raise UserError(400, 1003, f"Invalid emailAddress '{email}'")
    for key in ("firstName", "lastName"):
        if not str(body.get(key) or "").strip():
            raise UserError(400, 701, f"{key} cannot be blank")
    userid = str(body.get("userid") or email).strip()
    pairs = _role_workspace(store, body.get("userRoleWorkspaces"))
    with store.transaction():
        if store.catalog_get("mgmt_user", userid) or store.catalog_get("mgmt_invite", userid):
            raise UserError(409, 1017, f"User '{userid}' already exists or is invited")
        entry = {
            "id": store.next_id("user"),
            "userid": userid,
            "emailAddress": email,
            "firstName": str(body["firstName"]),
            "lastName": str(body["lastName"]),
            "apiOnly": bool(body.get("apiOnly", False)),
            "createdAt": store.now(),
            "expiresAt": _parse(body.get("expiresAt")),
            "reason": body.get("reason"),
            "userRoleWorkspaces": pairs,
        }
        # API-only users never log in, so they exist at once; people accept an invitation first.
        store.catalog_put("mgmt_user" if entry["apiOnly"] else "mgmt_invite", userid, entry)
    return "true"


def invited(store: Store, userid: str) -> dict[str, Any]:
    found = store.catalog_get("mgmt_invite", userid)
    if found is None:
        raise UserError(404, 610, f"Invitation for '{userid}' not found")
    return found


def delete_invite(store: Store, userid: str) -> None:
    invited(store, userid)
    store.execute("DELETE FROM catalog WHERE kind = 'mgmt_invite' AND name = ?", (userid,))


def update(store: Store, api_user: str, userid: str, body: Mapping[str, Any]) -> dict[str, Any]:
    with store.transaction():
        entry = user(store, api_user, userid)
        for key in ("emailAddress", "firstName", "lastName"):
            if body.get(key) is not None:
                value = str(body[key]).strip()
                if not value or (key == "emailAddress" and "@" not in value):
                    raise UserError(400, 1003, f"Invalid {key} '{body[key]}'")
                entry[key] = value
        if "expiresAt" in body:
            entry["expiresAt"] = _parse(body.get("expiresAt"))
        if body.get("apiOnly") is not None:
            entry["apiOnly"] = bool(body["apiOnly"])
        store.catalog_put("mgmt_user", userid, entry)
        return entry


def delete(store: Store, api_user: str, userid: str) -> None:
    user(store, api_user, userid)
    if userid == api_user:
        raise UserError(400, 1003, "The API user making the call cannot delete itself")
    store.execute("DELETE FROM catalog WHERE kind = 'mgmt_user' AND name = ?", (userid,))


def change_roles(
    store: Store, api_user: str, userid: str, pairs: Sequence[Any], *, add: bool
) -> list[dict[str, Any]]:
    with store.transaction():
        entry = user(store, api_user, userid)
        wanted = _role_workspace(store, list(pairs))
        current: list[dict[str, Any]] = list(entry["userRoleWorkspaces"])
        if add:
            current.extend(item for item in wanted if item not in current)
        else:
            for item in wanted:
                if item not in current:
                    raise UserError(
                        400,
                        1003,
                        f"User '{userid}' does not have role {item['accessRoleId']} in workspace"
                        f" {item['workspaceId']}",
                    )
            current = [item for item in current if item not in wanted]
            if not current:
                raise UserError(400, 1003, "A user must keep at least one role")
        entry["userRoleWorkspaces"] = current
        store.catalog_put("mgmt_user", userid, entry)
        return current
