"""The planner's shared state and vocabulary: the request, bindings, the draft, helpers.

The planner is split by subject (``plan_design``, ``plan_program``, ``plan_local``); each part
is a mixin over :class:`PlannerBase`, which holds what they share: the destination reader, the
actions and problems found so far, and where each Design Studio entry of the template lands.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..templates import ConflictRules, ProgramTemplate
from ..templates.placeholders import image_refs_in
from ..types.asset import Folder, Program
from .destination import Destination, ProgramContents
from .model import Action, Problem

#: Placeholder in planned HTML for an image whose URL exists only once apply uploads it.
PENDING_URL = "marketo-ops://pending/{name}"


@dataclass(frozen=True)
class ImportRequest:
    """What to import and where: the inputs of a plan, kept in the journal for --resume."""

    template: ProgramTemplate
    into: str = "Marketing Activities"
    workspace: str = "Default"
    rules: ConflictRules = field(default_factory=ConflictRules)
    seed: str | None = None

    @property
    def template_id(self) -> str:
        return self.template.source_dir.resolve().name


@dataclass
class Binding:
    """Where a Design Studio entry of the template lands in the destination."""

    name: str  # the name in the destination
    existing_id: int | None = None  # known now (reuse/update/replace), else set by apply
    url: str | None = None  # files: public URL when known now


@dataclass
class PlanDraft:
    """Everything the planner found; ``plan.Plan`` wraps it with apply and rendering."""

    request: ImportRequest
    target_folder: Folder | None
    program: Program | None
    contents: ProgramContents | None
    seed_program: Program | None
    actions: list[Action]
    problems: list[Problem]
    notes: list[str]
    bindings: dict[str, Binding]
    manual_steps: dict[str, list[str]]
    destination: Destination  # what was read, cached: verify reuses it


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_html(html: str) -> str:
    """Compare HTML as Marketo keeps it: line endings and trailing blanks do not count."""
    lines = [line.rstrip() for line in html.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def text_of(value: Any) -> str:
    if value is None:
        return ""
    inner = getattr(value, "value", value)
    return "" if inner is None else str(inner).strip()


def short(text: str | None, limit: int = 60) -> str:
    value = " ".join((text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class PlannerBase:
    def __init__(self, destination: Destination, request: ImportRequest) -> None:
        self.dest = destination
        self.request = request
        self.template = request.template
        self.rules = request.rules
        self.template_id = request.template_id
        self.actions: dict[str, Action] = {}
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.bindings: dict[str, Binding] = {}
        self.program: Program | None = None
        self.contents: ProgramContents | None = None
        self.seed: Program | None = None
        self.target: Folder | None = None

    # -- helpers -------------------------------------------------------------------------------

    def add(self, action: Action) -> Action:
        self.actions[action.key] = action
        return action

    def problem(self, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code, message, hint))

    def image_urls(self) -> dict[str, str]:
        """File name in the template -> URL now known, or a pending placeholder."""
        urls = {}
        for entry in self.template.files:
            binding = self.bindings.get(f"file:{entry.name}")
            url = binding.url if binding else None
            urls[entry.name] = url or PENDING_URL.format(name=entry.name)
        return urls

    def file_deps(self, html: str) -> list[str]:
        return sorted({f"file:{ref.name}" for ref in image_refs_in(html)})

    def program_location(self) -> str:
        return f"{self.request.into}/{self.template.program.name}"

    def local_location(self, folder: str | None) -> str:
        return self.program_location() + (f"/{folder}" if folder else "")

    def folder_key(self, path: str | None) -> str:
        return f"folder:{path}" if path else "program"
