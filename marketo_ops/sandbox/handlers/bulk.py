"""Bulk API (``/bulk/v1``): export jobs for leads, activities, program members and custom
objects, and imports of leads, program members and custom objects from files.

Export files are served from disk with HTTP Range support (206 partial content), so a client can
resume an interrupted download. Imports larger than 10 MB are refused with HTTP 413, as Marketo
refuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import FileResponse, PlainTextResponse, Response

from ..context import Ctx
from ..domain import bulk, custom_objects, membership
from ..domain.leaddb import after_id, batch_size, body, encode_token, text_list
from ._leaddb import mapi, respond

B = "/bulk/v1"

# kind -> (path prefix, operationId prefix, operationId suffix)
_EXPORTS: tuple[tuple[str, str, str], ...] = (
    ("leads", f"{B}/leads/export", "Leads"),
    ("activities", f"{B}/activities/export", "Activities"),
    ("program_members", f"{B}/program/members/export", "ProgramMembers"),
    ("custom_objects", f"{B}/customobjects/{{apiName}}/export", "CustomObjects"),
)


def _api_name(ctx: Ctx, kind: str) -> str | None:
    if kind != "custom_objects":
        return None
    name = ctx.params.path["apiName"]
    custom_objects.record_kind(ctx.store, name)
    return name


def _export_ops(kind: str) -> dict[str, Callable[[Ctx], Response]]:
    def create(ctx: Ctx) -> Response:
        return respond(
            ctx, [bulk.create_export(ctx.store, kind, _api_name(ctx, kind), body(ctx.params))]
        )

    def enqueue(ctx: Ctx) -> Response:
        job = bulk.enqueue(ctx.store, kind, _api_name(ctx, kind), ctx.params.path["exportId"])
        return respond(ctx, [job])

    def status(ctx: Ctx) -> Response:
        job = bulk.status(ctx.store, kind, _api_name(ctx, kind), ctx.params.path["exportId"])
        return respond(ctx, [job])

    def cancel(ctx: Ctx) -> Response:
        job = bulk.cancel(ctx.store, kind, _api_name(ctx, kind), ctx.params.path["exportId"])
        return respond(ctx, [job])

    def file(ctx: Ctx) -> Response:
        path = bulk.export_file(ctx.store, kind, _api_name(ctx, kind), ctx.params.path["exportId"])
        return FileResponse(path, media_type="text/csv", filename=None)

    def browse(ctx: Ctx) -> Response:
        statuses = text_list(ctx.params.raw("status"))
        jobs = bulk.list_exports(ctx.store, kind, _api_name(ctx, kind), statuses)
        size = batch_size(ctx.params)
        start = after_id(ctx.params, "E")
        shown = jobs[start : start + size]
        extra: dict[str, Any] = (
            {"nextPageToken": encode_token("E", start + size)} if start + size < len(jobs) else {}
        )
        return respond(ctx, shown, **extra)

    return {
        "create": create,
        "enqueue": enqueue,
        "status": status,
        "cancel": cancel,
        "file": file,
        "browse": browse,
    }


for _kind, _base, _suffix in _EXPORTS:
    _ops = _export_ops(_kind)
    mapi("POST", f"{_base}/create.json", f"createExport{_suffix}UsingPOST")(_ops["create"])
    mapi("POST", f"{_base}/{{exportId}}/enqueue.json", f"enqueueExport{_suffix}UsingPOST")(
        _ops["enqueue"]
    )
    mapi("GET", f"{_base}/{{exportId}}/status.json", f"getExport{_suffix}StatusUsingGET")(
        _ops["status"]
    )
    mapi("POST", f"{_base}/{{exportId}}/cancel.json", f"cancelExport{_suffix}UsingPOST")(
        _ops["cancel"]
    )
    mapi("GET", f"{_base}/{{exportId}}/file.json", f"getExport{_suffix}FileUsingGET")(_ops["file"])
    mapi("GET", f"{_base}.json", f"getExport{_suffix}UsingGET")(_ops["browse"])


# --- imports ------------------------------------------------------------------------------------
def _upload(ctx: Ctx) -> bytes | Response:
    upload = ctx.params.required_file("file")
    if len(upload.content) > bulk.MAX_IMPORT_BYTES:
        return PlainTextResponse("Request Entity Too Large", status_code=413)
    return upload.content


@mapi("POST", f"{B}/leads.json", "importLeadUsingPOST")
def import_leads(ctx: Ctx) -> Response:
    content = _upload(ctx)
    if isinstance(content, Response):
        return content
    params = ctx.params
    job = bulk.create_import(
        ctx.store,
        "leads",
        content,
        file_format=params.required("format"),
        options={
            "lookupField": params.text("lookupField") or "email",
            "listId": params.integer("listId"),
            "partitionName": params.text("partitionName") or None,
        },
    )
    return respond(ctx, [job])


@mapi("GET", f"{B}/leads/batch/{{batchId}}.json", "getImportLeadStatusUsingGET")
def lead_import_status(ctx: Ctx) -> Response:
    return respond(ctx, [bulk.import_status(ctx.store, "leads", ctx.params.path_int("batchId"))])


def _report(kind: str, which: str, scoped: bool = False) -> Callable[[Ctx], Response]:
    def report(ctx: Ctx) -> Response:
        scope = ctx.params.path["apiName"] if scoped else None
        content = bulk.import_report(ctx.store, kind, ctx.params.path_int("batchId"), which, scope)
        return Response(content, media_type="text/csv")

    return report


mapi("GET", f"{B}/leads/batch/{{batchId}}/failures.json", "getImportLeadFailuresUsingGET")(
    _report("leads", "failures")
)
mapi("GET", f"{B}/leads/batch/{{batchId}}/warnings.json", "getImportLeadWarningsUsingGET")(
    _report("leads", "warnings")
)


@mapi("POST", f"{B}/program/{{programId}}/members/import.json", "importProgramMemberUsingPOST")
def import_members(ctx: Ctx) -> Response:
    content = _upload(ctx)
    if isinstance(content, Response):
        return content
    params = ctx.params
    program = membership.require_program(ctx.store, params.path_int("programId"))
    status_name = params.required("programMemberStatus")
    membership.find_status(ctx.store, program, status_name)
    job = bulk.create_import(
        ctx.store,
        "program_members",
        content,
        file_format=params.required("format"),
        options={"programId": program.id, "programMemberStatus": status_name},
    )
    return respond(ctx, [job])


@mapi(
    "GET",
    f"{B}/program/members/import/{{batchId}}/status.json",
    "getImportProgramMemberStatusUsingGET",
)
def member_import_status(ctx: Ctx) -> Response:
    return respond(
        ctx, [bulk.import_status(ctx.store, "program_members", ctx.params.path_int("batchId"))]
    )


mapi(
    "GET",
    f"{B}/program/members/import/{{batchId}}/failures.json",
    "getImportProgramMemberFailuresUsingGET",
)(_report("program_members", "failures"))
mapi(
    "GET",
    f"{B}/program/members/import/{{batchId}}/warnings.json",
    "getImportProgramMemberWarningsUsingGET",
)(_report("program_members", "warnings"))


@mapi("POST", f"{B}/customobjects/{{apiName}}/import.json", "importCustomObjectUsingPOST")
def import_objects(ctx: Ctx) -> Response:
    content = _upload(ctx)
    if isinstance(content, Response):
        return content
    name = ctx.params.path["apiName"]
    custom_objects.record_kind(ctx.store, name)
    job = bulk.create_import(
        ctx.store,
        "custom_objects",
        content,
        file_format=ctx.params.required("format"),
        options={"apiName": name},
    )
    return respond(ctx, [job])


@mapi(
    "GET",
    f"{B}/customobjects/{{apiName}}/import/{{batchId}}/status.json",
    "getImportCustomObjectStatusUsingGET",
)
def object_import_status(ctx: Ctx) -> Response:
    job = bulk.import_status(
        ctx.store, "custom_objects", ctx.params.path_int("batchId"), ctx.params.path["apiName"]
    )
    return respond(ctx, [job])


mapi(
    "GET",
    f"{B}/customobjects/{{apiName}}/import/{{batchId}}/failures.json",
    "getImportCustomObjectFailuresUsingGET",
)(_report("custom_objects", "failures", scoped=True))
mapi(
    "GET",
    f"{B}/customobjects/{{apiName}}/import/{{batchId}}/warnings.json",
    "getImportCustomObjectWarningsUsingGET",
)(_report("custom_objects", "warnings", scoped=True))
