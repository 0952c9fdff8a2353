"""User Management API (``/userservice/management/v1``): plain JSON, failures by HTTP status.

Unlike the other APIs there is no envelope: a success is HTTP 200 with the resource itself, a
failure a non-200 status with ``{errors: [{code, message}]}`` (Adobe's User Management
reference), whatever refused the call: the app gives every error of these operations that
shape (:func:`marketo_ops.sandbox.envelope.user_error_response`). Calls whose spec declares no
body (deletions) answer an empty 200.
"""

from __future__ import annotations

from starlette.responses import Response

from ..context import Ctx
from ..domain import users
from ..domain.leaddb import body
from ._leaddb import plain, user_api

BASE = "/userservice/management/v1/users"


def _userid(ctx: Ctx) -> str:
    return ctx.params.path["userid"]


def _api_user(ctx: Ctx) -> str:
    return ctx.config.scope


def _int(ctx: Ctx, name: str, default: int) -> int:
    value = ctx.params.text(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise users.UserError(400, 1001, f"Invalid value '{value}' for {name}") from None


def all_users(ctx: Ctx) -> Response:
    found = users.users(
        ctx.store, _api_user(ctx), _int(ctx, "pageOffset", 0), _int(ctx, "pageSize", 20)
    )
    return plain([users.render_summary(entry) for entry in found])


def get_user(ctx: Ctx) -> Response:
    return plain(users.render_user(users.user(ctx.store, _api_user(ctx), _userid(ctx))))


def update_user(ctx: Ctx) -> Response:
    entry = users.update(ctx.store, _api_user(ctx), _userid(ctx), body(ctx.params))
    return plain(users.render_user(entry))


def delete_user(ctx: Ctx) -> Response:
    users.delete(ctx.store, _api_user(ctx), _userid(ctx))
    return Response(status_code=200)


def invite(ctx: Ctx) -> Response:
    return plain(users.invite(ctx.store, _api_user(ctx), body(ctx.params)))


def get_invite(ctx: Ctx) -> Response:
    return plain(users.render_invite(users.invited(ctx.store, _userid(ctx))))


def delete_invite(ctx: Ctx) -> Response:
    users.delete_invite(ctx.store, _userid(ctx))
    return Response(status_code=200)


def roles_of(ctx: Ctx) -> Response:
    entry = users.user(ctx.store, _api_user(ctx), _userid(ctx))
    return plain([dict(item) for item in entry["userRoleWorkspaces"]])


def _pairs(ctx: Ctx) -> list[object]:
    """Role/workspace pairs: ``{"input": [...]}`` as the spec has it, or the bare array that
    Adobe's User Management guide shows for Add Roles and Delete Roles."""
    payload = ctx.params.json_body
    value = payload if isinstance(payload, list) else body(ctx.params).get("input")
    if not isinstance(value, list):
        raise users.UserError(400, 701, "input cannot be blank")
    return value


def add_roles(ctx: Ctx) -> Response:
    return plain(users.change_roles(ctx.store, _api_user(ctx), _userid(ctx), _pairs(ctx), add=True))


def delete_roles(ctx: Ctx) -> Response:
    return plain(
        users.change_roles(ctx.store, _api_user(ctx), _userid(ctx), _pairs(ctx), add=False)
    )


def roles(_ctx: Ctx) -> Response:
    return plain(users.roles())


def workspaces(ctx: Ctx) -> Response:
    return plain(users.workspaces(ctx.store))


user_api("GET", f"{BASE}/allusers.json", "getUsersUsingGET")(all_users)
user_api("POST", f"{BASE}/invite.json", "inviteUserUsingPOST")(invite)
user_api("GET", f"{BASE}/roles.json", "getRolesUsingGET")(roles)
user_api("GET", f"{BASE}/workspaces.json", "getWorkspacesUsingGET")(workspaces)
user_api("POST", f"{BASE}/{{userid}}/delete.json", "deleteUserUsingPOST")(delete_user)
user_api("POST", f"{BASE}/{{userid}}/invite/delete.json", "deleteInvitedUserUsingPOST")(
    delete_invite
)
user_api("POST", f"{BASE}/{{userid}}/update.json", "updateUserAttributeUsingPOST")(update_user)
user_api("GET", f"{BASE}/{{userid}}/roles.json", "getUserRolesAndWorkspacesUsingGET")(roles_of)
user_api("POST", f"{BASE}/{{userid}}/roles/create.json", "addRolesUsingPOST")(add_roles)
user_api("POST", f"{BASE}/{{userid}}/roles/delete.json", "deleteRolesUsingPOST")(delete_roles)
user_api("GET", f"{BASE}/{{userid}}/user.json", "getUserUsingGET")(get_user)
user_api("GET", f"{BASE}/{{userid}}/invite.json", "getInvitedUserUsingGET")(get_invite)
