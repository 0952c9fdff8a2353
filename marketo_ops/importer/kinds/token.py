"""The program's My Tokens: all of them read in one call, written one by one (create = update)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...templates import ReadOnlyToken
from ...templates import Token as TokenEntry
from ...templates.spec import WRITABLE_TOKEN_TYPES
from ..export_context import INLINE_MAX
from ..model import Action, AssetKind, Change, Op
from ..reader import Phase, Reader, Task
from ..snapshot import Section
from . import writing
from .base import ApplyContext, Check, Kind, PlanContext, RollbackContext
from .compare import text_of

if TYPE_CHECKING:
    from ..export_context import ExportContext
    from ..journal import Entry

KIND = AssetKind.TOKEN


@dataclass
class TokenState:
    name: str
    type: str
    value: str


TOKENS: Section[dict[str, TokenState]] = Section("tokens", dict)


def read(reader: Reader, phase: Phase) -> list[Task]:
    if reader.exporting:
        return export_reads(reader, phase)
    program = reader.contents_program()
    if phase is not Phase.CONTENTS or program is None or not reader.wants(KIND):
        return []
    program_spec = reader.template.program
    if not (program_spec.tokens or program_spec.read_only_tokens) and reader.refresh is None:
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
    have = ctx.snapshot.section(TOKENS)
    if not ctx.verifying:
        ctx.notes += [read_only_step(t.name, t.type) for t in ctx.template.program.read_only_tokens]
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


def read_only_step(name: str, kind: str) -> str:
    return (
        f"Token my.{name} is a {kind} token, which the REST API cannot create: create it by hand "
        "in the program's My Tokens with the value in the template."
    )


def checks(ctx: PlanContext) -> list[Check]:
    """Verify: read-only tokens are there with the template's type and value, else a manual step."""
    have = ctx.snapshot.section(TOKENS)
    found_checks: list[Check] = []
    for token in ctx.template.program.read_only_tokens:
        subject = f"token 'my.{token.name}' ({token.type}, read-only for the API)"
        found = have.get(token.name)
        value = token.value.strip()
        same_type = found is not None and found.type.lower() == token.type.lower()
        if found is not None and same_type and found.value == value:
            found_checks.append(Check(subject, True, "matches the template"))
        else:
            found_checks.append(
                Check(subject, True, read_only_step(token.name, token.type), manual=True)
            )
    return found_checks


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


TOKEN = Kind(
    kind=KIND,
    read=read,
    plan=plan,
    apply=apply,
    rollback=rollback,
    checks=checks,
)


# -- export ----------------------------------------------------------------------------------------

#: Tokens the program shows but inherits from a parent folder (not the program's to export).
INHERITED: Section[list[str]] = Section("export_inherited_tokens", list)


def export_reads(reader: Reader, phase: Phase) -> list[Task]:
    """Every token of the program in one call; inherited ones are told apart by their
    ``computedUrl``, which names the folder or program that defines them."""
    program = reader.snapshot.program("program")
    if phase is not Phase.CONTENTS or program is None:
        return []

    def run() -> None:
        found = reader.assets.tokens.get(program.id, folder_type="Program")
        tokens = reader.snapshot.section(TOKENS)
        inherited = reader.snapshot.section(INHERITED)
        own = re.compile(rf"#PG{program.id}(?!\d)")
        for token in found.tokens or []:
            if not token.name:
                continue
            url = str(token.computed_url or "")
            if url and "#" in url and not own.search(url):
                inherited.append(str(token.name))
                continue
            tokens[str(token.name)] = TokenState(
                str(token.name), str(token.type or ""), text_of(token.value)
            )

    return [run]


def export(ctx: ExportContext) -> None:
    for state in ctx.snapshot.section(TOKENS).values():
        kind = state.type.strip().lower()
        value = state.value
        if kind not in WRITABLE_TOKEN_TYPES:
            ctx.read_only_tokens.append(ReadOnlyToken(name=state.name, type=kind, value=value))
            ctx.notes.append(
                f"Token my.{state.name} is a {kind} token: the REST API reads it but cannot "
                "create it, so it is exported under read_only_tokens and importing lists it as "
                "a manual step."
            )
        elif "\n" in value or len(value) > INLINE_MAX:
            suffix = ".html" if kind == "rich text" else ".txt"
            path = ctx.write("tokens", state.name, suffix, value.encode("utf-8"))
            ctx.tokens.append(TokenEntry(name=state.name, type=kind, file=path))
        else:
            ctx.tokens.append(TokenEntry(name=state.name, type=kind, value=value))
    for name in ctx.snapshot.section(INHERITED):
        ctx.notes.append(
            f"Token my.{name} is inherited from a folder above the program: not exported."
        )


TOKEN = replace(TOKEN, export=export)
