"""Programs API (create, read, browse, update, clone, approve, delete, smart list)."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import assets, campaigns, catalog, programs
from ..routing import operation
from ..store.db import Row
from . import crud
from .common import container, one, paged

BASE = crud.BASE


def _render(ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    return programs.render(ctx.store, row)


def _render_by_name(ctx: Ctx, row: Row, _version: str | None) -> dict[str, Any] | None:
    params = ctx.params
    return programs.render(
        ctx.store,
        row,
        tags=bool(params.boolean("includeTags", default=False)),
        costs=bool(params.boolean("includeCosts", default=False)),
    )


PROGRAMS = crud.Family("program", "program", "programs", _render)
crud.get(PROGRAMS, "getProgramByIdUsingGET")
crud.by_name(PROGRAMS, "getProgramByNameUsingGET", render=_render_by_name)
crud.clone(PROGRAMS, "cloneProgramUsingPOST", programs.clone)
crud.transition(PROGRAMS, "approve", "approveProgramUsingPOST", programs.approve)
crud.transition(PROGRAMS, "unapprove", "unapproveProgramUsingPOST", programs.unapprove)
crud.delete(PROGRAMS, "deleteProgramUsingPOST", programs.delete)


@operation("GET", f"{BASE}/program/byTag.json", "getProgramListByTagUsingGET")
def get_by_tag(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    tag_type = params.required("tagType").lower()
    tag_value = params.required("tagValue").lower()
    rows = [
        row
        for row in ctx.store.find("program")
        if any(
            tag["tagType"].lower() == tag_type and tag["tagValue"].lower() == tag_value
            for tag in row.data.get("tags", [])
        )
    ]
    return paged(ctx, [programs.render(ctx.store, row) for row in rows])


@operation("GET", f"{BASE}/programs.json", "browseProgramsUsingGET")
def browse(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    rows = ctx.store.find("program")
    filter_type = params.text("filterType")
    if filter_type:
        raw_values = params.text("filterValues", aliases=("filterValue",)) or ""
        values = {value.strip().lower() for value in raw_values.split(",") if value.strip()}
        if filter_type not in {"id", "programId", "folderId", "workspace"}:
            raise errors.invalid_value(
                filter_type, "filterType (id, programId, folderId, workspace)"
            )
        if filter_type in {"id", "programId"}:
            rows = [row for row in rows if str(row.id) in values]
        elif filter_type == "folderId":
            rows = [
                row for row in rows if str(row.parent_id) in values and row.parent_type == "Folder"
            ]
        else:
            rows = [row for row in rows if row.workspace.lower() in values]
    status = params.text("status")
    if status:
        rows = [row for row in rows if row.data.get("status") == status.lower()]
    window = assets.parse_window(params.text("earliestUpdatedAt"), params.text("latestUpdatedAt"))
    rows = [row for row in rows if assets.in_window(row, window)]
    return paged(ctx, [programs.render(ctx.store, row, browse=True) for row in rows])


@operation("POST", f"{BASE}/programs.json", "createProgramUsingPOST")
def create(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    name = params.required("name")
    parent = container(ctx)
    type_name = params.required("type")
    channel = params.required("channel")
    row = programs.create(
        ctx.store,
        name=name,
        container=parent,
        type_name=type_name,
        channel=channel,
        description=params.text("description") or "",
        tags=catalog.parse_tags(params.json_field("tags")),
        costs=programs.parse_costs(params.json_field("costs")),
        start_date=params.text("startDate"),
        end_date=params.text("endDate"),
    )
    return one(programs.render(ctx.store, row))


@operation("POST", f"{BASE}/program/{{id}}.json", "updateProgramUsingPOST")
def update(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = programs.require(ctx.store, params.path_int())
    tags_value = params.json_field("tags")
    costs_value = params.json_field("costs")
    row = programs.update(
        ctx.store,
        row,
        name=params.text("name"),
        description=params.text("description"),
        tags=catalog.parse_tags(tags_value) if tags_value is not None else None,
        costs=programs.parse_costs(costs_value) if costs_value is not None else None,
        costs_destructive=bool(params.boolean("costsDestructiveUpdate", default=False)),
        start_date=params.text("startDate"),
        end_date=params.text("endDate"),
    )
    return one(programs.render(ctx.store, row))


@operation("GET", f"{BASE}/program/{{programId}}/smartList.json", "getSmartListByProgramIdUsingGET")
def smart_list(ctx: Ctx) -> list[dict[str, Any]]:
    row = programs.require(ctx.store, ctx.params.path_int("programId"))
    if row.data["type"] != "Email":
        raise errors.business_rule(
            f"Program '{row.name}' is a {row.data['type']} program;"
            " only Email programs have a smart list"
        )
    audience = programs.audience(ctx.store, row)
    include = bool(ctx.params.boolean("includeRules", default=False))
    return one(campaigns.render_list(audience, include_rules=include) if audience else None)
