"""The plan: a document that says what an import will do, saved and applied exactly.

A :class:`Plan` is data: the target, the template it was made from (with a fingerprint of its
files), the conflict rules, every action with its reason and what it will write, the problems,
the manual steps, and a fingerprint of what was read of the destination. It holds no
connection: ``plan --out FILE`` saves it as JSON (``format_version`` 1), ``apply FILE`` applies
exactly it, and refuses, with the differences, when the template or the destination changed
since (Terraform's saved plans are the model).

A plan made in this process (:class:`BoundPlan`) also keeps what it read, so that ``import``
applies and verifies it without reading the destination again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..errors import MarketoError
from ..templates import ProgramTemplate
from .journal import JournalHeader
from .model import KIND_ORDER, Action, Problem, Summary, summarize
from .request import ImportRequest

if TYPE_CHECKING:
    from ..client import Marketo
    from .executor import ApplyResult, Progress
    from .journal import Journal
    from .snapshot import Snapshot

PLAN_FORMAT: Final = "marketo-ops-plan"
FORMAT_VERSION: Final = 1


class PlanFileError(MarketoError):
    """A plan file that cannot be read, or is not a marketo-ops plan."""


class StalePlanError(MarketoError):
    """The template or the destination changed since the plan was made: nothing was written."""

    def __init__(self, message: str, differences: list[str]) -> None:
        self.differences = differences
        listed = "".join(f"\n  - {line}" for line in differences)
        super().__init__(f"{message}{listed}")


@dataclass
class PlanTemplate:
    """The template a plan was made from, and how it was named."""

    id: str
    path: str
    fingerprint: str
    program: str
    variables: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    prefix: str | None = None


@dataclass
class PlanTarget:
    instance: str
    workspace: str
    into: str


@dataclass
class Plan:
    target: PlanTarget
    template: PlanTemplate
    rules: dict[str, str]
    actions: list[Action]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manual_steps: dict[str, list[str]] = field(default_factory=dict)
    destination: dict[str, str] = field(default_factory=dict)  # what was read, digested
    read_calls: int = 0
    seed: str | None = None
    create_prerequisites: bool = False
    use_mcp: bool = True
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    # -- what it says ----------------------------------------------------------------------------

    @property
    def summary(self) -> Summary:
        return summarize(self.actions)

    @property
    def has_changes(self) -> bool:
        return self.summary.has_changes

    @property
    def applicable(self) -> bool:
        return not self.problems

    @property
    def writes(self) -> list[Action]:
        return [a for a in self.actions if a.writes]

    def action(self, key: str) -> Action:
        found = next((a for a in self.actions if a.key == key), None)
        if found is None:
            raise KeyError(f"the plan has no action {key!r}")
        return found

    def render(self) -> str:
        from .render import render_plan

        return render_plan(self)

    def journal_header(self) -> JournalHeader:
        return JournalHeader(
            instance=self.target.instance,
            workspace=self.target.workspace,
            into=self.target.into,
            template_path=self.template.path,
            template_id=self.template.id,
            program=self.template.program,
            variables=dict(self.template.variables),
            program_name_override=self.template.name,
            prefix=self.template.prefix,
            rules=dict(self.rules),
            seed=self.seed,
            create_prerequisites=self.create_prerequisites,
            use_mcp=self.use_mcp,
        )

    # -- as a document ---------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "format": PLAN_FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "program": self.template.program,
            "template": {
                "id": self.template.id,
                "path": self.template.path,
                "fingerprint": self.template.fingerprint,
                "variables": self.template.variables,
                "name": self.template.name,
                "prefix": self.template.prefix,
            },
            "target": {
                "instance": self.target.instance,
                "workspace": self.target.workspace,
                "into": self.target.into,
            },
            "rules": self.rules,
            "seed": self.seed,
            "create_prerequisites": self.create_prerequisites,
            "use_mcp": self.use_mcp,
            "summary": {
                "add": summary.add,
                "change": summary.change,
                "destroy": summary.destroy,
                "unchanged": summary.unchanged,
            },
            "applicable": self.applicable,
            "actions": [a.to_json() for a in self.actions],
            "problems": [
                {"code": p.code, "message": p.message, "hint": p.hint} for p in self.problems
            ],
            "notes": self.notes,
            "manual_steps": self.manual_steps,
            "destination": {"fingerprint": self.destination, "read_calls": self.read_calls},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise PlanFileError('not a marketo-ops plan (no "format": "marketo-ops-plan")')
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise PlanFileError(
                f"plan format_version {version!r} is not supported (this version reads "
                f"{FORMAT_VERSION})"
            )
        try:
            template = data["template"]
            target = data["target"]
            destination = data.get("destination") or {}
            return cls(
                target=PlanTarget(**target),
                template=PlanTemplate(program=data["program"], **template),
                rules=dict(data["rules"]),
                actions=[Action.from_json(a) for a in data["actions"]],
                problems=[Problem(**p) for p in data.get("problems", [])],
                notes=list(data.get("notes", [])),
                manual_steps=dict(data.get("manual_steps", {})),
                destination=dict(destination.get("fingerprint") or {}),
                read_calls=int(destination.get("read_calls") or 0),
                seed=data.get("seed"),
                create_prerequisites=bool(data.get("create_prerequisites")),
                use_mcp=bool(data.get("use_mcp", True)),
                created_at=str(data.get("created_at") or ""),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanFileError(f"the plan is damaged ({type(exc).__name__}: {exc})") from None

    def save(self, path: Path | str) -> Path:
        """Write the plan as JSON, atomically."""
        target = Path(path)
        text = json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
        return target

    @classmethod
    def load(cls, path: Path | str) -> Plan:
        source = Path(path)
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise PlanFileError(f"cannot read the plan {source}: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise PlanFileError(f"{source} is not JSON: {exc}") from None
        try:
            return cls.from_json(data)
        except PlanFileError as exc:
            raise PlanFileError(f"{source}: {exc}") from None

    def __repr__(self) -> str:
        return f"<Plan {self.template.program!r}: {self.summary.line()}>"


class BoundPlan(Plan):
    """A plan made in this process: it knows its request, its client and what it read."""

    request: ImportRequest
    client: Marketo
    snapshot: Snapshot

    def bind(self, request: ImportRequest, client: Marketo, snapshot: Snapshot) -> BoundPlan:
        self.request = request
        self.client = client
        self.snapshot = snapshot
        return self

    def apply(
        self,
        *,
        journal: Journal | Path | str | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> ApplyResult:
        """Carry the plan out, journaling every step (default journal: the current folder)."""
        from .executor import execute

        return execute(
            self.client,
            self,
            self.request.template,
            journal=journal,
            progress=progress,
            workers=workers,
        )


def template_fingerprint(template: ProgramTemplate) -> str:
    """A digest of program.yaml and every file it names: a saved plan's template must not change."""
    digest = hashlib.sha256()
    digest.update(template.spec_file.read_bytes() if template.spec_file.exists() else b"")
    for relative in sorted(referenced_files(template)):
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(template.read_bytes(relative))
    return digest.hexdigest()


def referenced_files(template: ProgramTemplate) -> set[str]:
    spec = template.spec
    files = {e.file for e in spec.email_templates}
    files |= {e.file for e in spec.landing_page_templates}
    files |= {e.file for e in spec.files}
    files |= {t.file for t in spec.program.tokens if t.file}
    for email in spec.emails:
        files |= {c.file for c in email.content.values() if c.file}
    for page in spec.landing_pages:
        files |= {c.file for c in page.content.values() if c.file}
    files |= {s.content.file for s in spec.snippets if s.content.file}
    return files


def plan_from(
    request: ImportRequest,
    instance: str,
    actions: list[Action],
    *,
    problems: list[Problem],
    notes: list[str],
    manual_steps: dict[str, list[str]],
    destination: dict[str, str],
    read_calls: int,
) -> BoundPlan:
    template = request.template
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    ordered = sorted(actions, key=lambda a: rank[a.kind])
    return BoundPlan(
        target=PlanTarget(instance=instance, workspace=request.workspace, into=request.into),
        template=PlanTemplate(
            id=request.template_id,
            path=str(template.source_dir.resolve()),
            fingerprint=template_fingerprint(template),
            program=template.name,
            variables=dict(template.naming.variables),
            name=template.naming.program_name,
            prefix=template.naming.prefix,
        ),
        rules=request.rules.model_dump(),
        actions=ordered,
        problems=problems,
        notes=notes,
        manual_steps=manual_steps,
        destination=destination,
        read_calls=read_calls,
        seed=request.seed,
        create_prerequisites=request.create_prerequisites,
        use_mcp=request.use_mcp,
    )
