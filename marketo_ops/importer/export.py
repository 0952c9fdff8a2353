"""Export: a program of an instance written out as a template folder that ``validate`` accepts.

>>> from marketo_ops import Marketo
>>> with Marketo(profile="prod") as client:
...     result = client.importer.export("OP-Lead Management", "templates/op-lead-management")
>>> result.path, result.placeholders

The program is found by name and read once, in the importer's rounds of parallel reads
(:mod:`marketo_ops.importer.reader`, with an :class:`~.reader.ExportScope`): list calls for
its emails, campaigns, pages and tokens, then what has no list call (each email's sections, each
campaign's smart list), then the Design Studio assets they use (email and landing-page templates
by id, images by the name their URL ends with, downloaded). Each asset kind turns its records
back into template entries (``Kind.export``), and the result is written to a temporary folder
beside ``out``, validated like any template, and only then moved into place: a failed export
leaves nothing half-written.

What the template format cannot carry (dynamic content, local smart lists and static lists,
reports...) stops the export with every such asset named, unless ``partial=True``, which writes
the rest and lists what was left out. What the API cannot read (flow steps without Marketo's
MCP server) becomes an explicit placeholder that import turns into a manual step.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import MarketoError
from ..templates import ProgramTemplate, TemplateError, TemplateSpec
from ..templates.findings import Finding, Severity
from ..templates.spec import Program
from .export_context import ExportContext, ExportProblem
from .kinds import KINDS
from .reader import ExportScope, Phase, Reader
from .request import ImportRequest

if TYPE_CHECKING:
    from ..client import Marketo

SPEC_FILE = "program.yaml"


class ExportError(MarketoError):
    """The program cannot be exported as asked; ``problems`` names every reason."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message + "".join(f"\n  - {p}" for p in self.problems))


class ProgramNotFoundError(ExportError, LookupError):
    """No program of that name in the instance."""


class ExportDestinationError(ExportError):
    """The --out folder cannot be written (it exists and is not empty, or is a file)."""


@dataclass
class ExportResult:
    """What an export wrote, and what it could not carry."""

    program: str
    program_id: int
    path: Path
    template: ProgramTemplate
    placeholders: list[str] = field(default_factory=list)  # parts to copy by hand
    notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # with partial=True: not exported
    warnings: list[Finding] = field(default_factory=list)
    calls: int = 0
    calls_by_operation: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        counts = {
            section: len(getattr(self.template.raw, section))
            for section in (
                "folders",
                "smart_campaigns",
                "emails",
                "email_templates",
                "files",
                "landing_page_templates",
                "landing_pages",
                "snippets",
            )
        }
        counts["tokens"] = len(self.template.raw.program.tokens)
        counts["read_only_tokens"] = len(self.template.raw.program.read_only_tokens)
        return {
            "program": self.program,
            "program_id": self.program_id,
            "path": str(self.path),
            "assets": counts,
            "placeholders": self.placeholders,
            "notes": self.notes,
            "left_out": self.left_out,
            "warnings": [str(w) for w in self.warnings],
            "calls": self.calls,
            "calls_by_operation": self.calls_by_operation,
        }


# -- reading -----------------------------------------------------------------------------------


def read_program(
    client: Marketo,
    name: str,
    *,
    workspace: str = "Default",
    flows: bool | None = None,
    instance: str = "",
) -> ExportContext:
    """Read the program and turn it into template entries (nothing written anywhere).

    ``flows``: read flow steps over Marketo's MCP server (default: when the client has one and
    it answers); without it every campaign's flow is a placeholder.
    """
    if flows is None:
        try:
            flows = client.mcp.configured and client.mcp.available()
        except MarketoError:  # MCP configured but failing: flows become placeholders
            flows = False
    stub = ProgramTemplate.from_spec(
        TemplateSpec(format_version=1, program=Program(name=name, channel=""))
    )
    scope = ExportScope(program=name, workspace=workspace, flows=flows, instance=instance)
    reader = Reader(client, ImportRequest(template=stub, workspace=workspace), export=scope)
    before = client.stats.calls
    for phase in Phase:
        reader.parallel(task for kind in KINDS.values() for task in kind.read(reader, phase))
    reader.snapshot.calls += client.stats.calls - before
    program = reader.snapshot.program("program")
    if program is None:
        where = f" in {instance}" if instance else ""
        raise ProgramNotFoundError(
            f"no program named '{name}'{where}",
            ["program names are matched exactly (case included); check the name in Marketo"],
        )
    ctx = ExportContext(reader.snapshot, scope, program)
    for kind in KINDS.values():
        kind.export(ctx)
    return ctx


def spec_of(ctx: ExportContext) -> TemplateSpec:
    """The template document the kinds built."""
    program = Program(
        **ctx.program_fields,
        tokens=tuple(ctx.tokens),
        read_only_tokens=tuple(ctx.read_only_tokens),
    )
    sections = {name: tuple(entries) for name, entries in ctx.entries.items()}
    return TemplateSpec(
        format_version=1,
        program=program,
        folders=ctx.folders,
        prerequisites=ctx.prerequisites,
        **sections,
    )


# -- writing -----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the format's order, lists indented, multi-line text as ``|``."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    lines = value.split("\n")
    block = len(lines) > 1 and all(line == line.rstrip() for line in lines)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if block else None)


_Dumper.add_representer(str, _text)


def dump_spec(spec: TemplateSpec, header: list[str] | None = None) -> str:
    """program.yaml for ``spec``: defaults left out (but the program's type), readable order."""
    data = spec.model_dump(mode="json", exclude_defaults=True)
    program = data["program"]
    data["program"] = {"name": program.pop("name"), "type": spec.program.type, **program}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header or [])
    return comments + body


def check_destination(out: Path, *, force: bool) -> None:
    """Refuse an --out that is a file, or a folder with something in it (unless ``force``)."""
    if out.exists() and not out.is_dir():
        raise ExportDestinationError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportDestinationError(
            f"{out} exists and is not empty; nothing was written",
            ["choose another --out, or replace its contents with --force"],
        )


def _existing_ancestor(path: Path) -> Path:
    current = path.absolute().parent
    while not current.exists():
        current = current.parent
    return current


def write_template(
    spec: TemplateSpec,
    files: dict[str, bytes],
    out: Path,
    *,
    force: bool = False,
    header: list[str] | None = None,
) -> ProgramTemplate:
    """Write the template beside ``out``, validate it, then move it into place.

    A template that does not validate is never moved: nothing is left behind. With ``force``
    an existing ``out`` is replaced as a whole, only once the new one is complete.
    """
    check_destination(out, force=force)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=_existing_ancestor(out)))
    try:
        draft = staging / (out.name or "template")
        draft.mkdir()
        (draft / SPEC_FILE).write_text(dump_spec(spec, header), encoding="utf-8")
        for relative, data in files.items():
            target = draft / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            template = ProgramTemplate.load(draft)
        except TemplateError as exc:
            raise ExportError(
                "the exported template does not load; nothing was written",
                [str(f) for f in exc.findings],
            ) from None
        errors = template.errors()
        if errors:
            raise ExportError(
                "the exported template does not validate; nothing was written",
                [str(f) for f in errors],
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            old = staging / ".replaced"
            os.replace(out, old)
        os.replace(draft, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ProgramTemplate.load(out)


def _header(ctx: ExportContext, left_out: list[ExportProblem]) -> list[str]:
    where = f" of {ctx.scope.instance}" if ctx.scope.instance else ""
    lines = [
        f"Exported by marketo-ops from program '{ctx.program.name}' (id {ctx.program.id}){where}.",
        "Check it with 'marketo-ops validate FOLDER'; import it with 'marketo-ops import FOLDER'.",
    ]
    if ctx.placeholders:
        lines.append("Placeholders ('unread'), listed by import as manual steps:")
        lines += [f"  - {p}" for p in sorted(ctx.placeholders)]
    if left_out:
        lines.append("Not exported (the template format cannot carry them):")
        lines += [f"  - {p}" for p in left_out]
    return lines


def export_program(
    client: Marketo,
    program: str,
    out: Path | str,
    *,
    workspace: str = "Default",
    force: bool = False,
    partial: bool = False,
    flows: bool | None = None,
    instance: str | None = None,
) -> ExportResult:
    """Export ``program`` to the template folder ``out``.

    Raises :class:`ProgramNotFoundError` for an unknown name, :class:`ExportDestinationError`
    for an ``out`` that exists and is not empty (unless ``force``), and :class:`ExportError`
    listing every asset the format cannot carry (unless ``partial``). Nothing is written to
    ``out`` unless the whole template is written and validates.
    """
    out = Path(out)
    check_destination(out, force=force)  # before spending a call
    counting = client.counting()
    ctx = read_program(
        counting,
        program,
        workspace=workspace,
        flows=flows,
        instance=instance if instance is not None else client.importer.instance,
    )
    if ctx.problems and not partial:
        raise ExportError(
            f"program '{ctx.program.name}' holds what the template format cannot carry; "
            "nothing was written",
            [str(p) for p in ctx.problems]
            + ["export the rest with --partial (what is left out is listed in program.yaml)"],
        )
    template = write_template(
        spec_of(ctx), ctx.files, out, force=force, header=_header(ctx, ctx.problems)
    )
    return ExportResult(
        program=ctx.program.name,
        program_id=ctx.program.id,
        path=out,
        template=template,
        placeholders=sorted(ctx.placeholders),  # campaigns are read in parallel
        notes=list(ctx.notes),
        left_out=[str(p) for p in ctx.problems],
        warnings=[f for f in template.validate() if f.severity is Severity.WARNING],
        calls=counting.stats.calls,
        calls_by_operation=dict(counting.stats.by_operation),
    )


__all__ = [
    "ExportDestinationError",
    "ExportError",
    "ExportResult",
    "ProgramNotFoundError",
    "check_destination",
    "dump_spec",
    "export_program",
    "read_program",
    "spec_of",
    "write_template",
]
