"""The program's My Tokens: all of them read in one call, written one by one (create = update)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Action, AssetKind, Change, Op
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Kind, PlanContext, RollbackContext
from .compare import text_of
from .folder import contents_role

if TYPE_CHECKING:
    from ..journal import Entry

KIND = AssetKind.TOKEN


@dataclass
class TokenState:
    name: str
    type: str
    value: str


TOKENS: Section[dict[str, TokenState]] = Section("tokens", dict)


def read(reader: Reader, phase: Phase) -> list[Task]:
    program = reader.contents_program()
    if phase is not Phase.CONTENTS or program is None or not reader.wants(KIND):
        return []
    if not reader.template.program.tokens and reader.refresh is None:
        return []

    def run() -> None:
        found = reader.assets.tokens.get(program.id, folder_type="Program")
        tokens = reader.snapshot.section(TOKENS)
        tokens.clear()
        for token in found.tokens or []:
            if token.name:
                tokens[str(token.name)] = TokenState(
                    str(token.name), str(token.type or ""), text_of(token.value)
                )

    return [run]


def plan(ctx: PlanContext) -> None:
    if ctx.action("program") is None:
        return
    have = ctx.snapshot.section(TOKENS) if contents_role(ctx) else {}
    for token in ctx.template.program.tokens:
        value = ctx.template.token_value(token)
        found = have.get(token.name)
        changes: list[Change] = []
        if found is None:
            op, reason = Op.CREATE, "new"
        elif found.type.lower() != token.type or found.value != value.strip():
            op, reason = Op.UPDATE, "value or type differs"
            if found.value != value.strip():
                changes.append(Change("value", found.value, value))
            if found.type.lower() != token.type:
                changes.append(Change("type", found.type, token.type))
        else:
            op, reason = Op.REUSE, "same value"
        ctx.add(
            Action(
                f"token:{token.name}",
                KIND,
                op,
                f"my.{token.name}",
                reason,
                entry=token.name,
                location=ctx.request.program_location,
                changes=changes,
                depends_on=["program"],
                payload={
                    "name": token.name,
                    "type": token.type,
                    "value": value,
                    "before": {"type": found.type, "value": found.value} if found else {},
                },
            )
        )


def apply(action: Action, ctx: ApplyContext) -> None:
    program_id = ctx.id("program")
    payload = action.payload
    entry = writing.start(
        ctx, action, parent_id=program_id, before=dict(payload.get("before") or {})
    )
    ctx.client.assets.tokens.upsert(
        program_id,
        folder_type="Program",
        name=str(payload["name"]),
        type=str(payload["type"]),
        value=str(payload["value"]),
    )
    writing.done(ctx, entry, program_id, created=action.op is Op.CREATE)


def rollback(entry: Entry, ctx: RollbackContext) -> None:
    api = ctx.client.assets.tokens
    if entry.parent_id is None:
        return
    name = entry.name.removeprefix("my.")
    if writing.made_by(entry):
        tokens = api.get(entry.parent_id, folder_type="Program").tokens or []
        token = next((t for t in tokens if t.name == name), None)
        if token is not None:
            api.delete(entry.parent_id, folder_type="Program", name=name, type=token.type)
            ctx.deleted.append(writing.label(entry))
        return
    if entry.before:
        api.upsert(
            entry.parent_id,
            folder_type="Program",
            name=name,
            type=str(entry.before["type"]),
            value=str(entry.before.get("value") or ""),
        )
        ctx.restored.append(writing.label(entry))


TOKEN = Kind(kind=KIND, read=read, plan=plan, apply=apply, rollback=rollback)
