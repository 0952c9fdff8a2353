"""The plan's vocabulary: typed actions with their reasons, problems, and the summary line.

An :class:`Action` says what apply will do to one asset and why, including the conflict found
in the destination and the rule applied to it, and carries in ``payload`` exactly what apply
will write (names, HTML, values, folder ids): a plan is data that can be saved, reviewed and
applied as it is. The code that carries actions out lives with each asset kind
(:mod:`marketo_ops.importer.kinds`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class AssetKind(StrEnum):
    LEAD_FIELD = "lead_field"
    FILE = "file"
    EMAIL_TEMPLATE = "email_template"
    LP_TEMPLATE = "landing_page_template"
    SNIPPET = "snippet"
    PROGRAM = "program"
    FOLDER = "folder"
    TOKEN = "token"
    EMAIL = "email"
    LANDING_PAGE = "landing_page"
    SMART_CAMPAIGN = "smart_campaign"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


#: Apply order: prerequisites and Design Studio first (emails need approved templates,
#: templates need image URLs), then the program and what lives in it.
KIND_ORDER: tuple[AssetKind, ...] = tuple(AssetKind)

DESIGN_KINDS = frozenset(
    {AssetKind.FILE, AssetKind.EMAIL_TEMPLATE, AssetKind.LP_TEMPLATE, AssetKind.SNIPPET}
)
LOCAL_KINDS = frozenset(
    {
        AssetKind.FOLDER,
        AssetKind.TOKEN,
        AssetKind.EMAIL,
        AssetKind.LANDING_PAGE,
        AssetKind.SMART_CAMPAIGN,
    }
)


class Op(StrEnum):
    CREATE = "create"  # a new asset
    COPY = "copy"  # a new asset under a new name, beside a same-named one (keep both / copy)
    CLONE = "clone"  # the program, cloned from a seed program
    UPDATE = "update"  # change fields or content of an asset that is ours
    REPLACE = "replace"  # overwrite a same-named destination asset with ours (rule: replace)
    REUSE = "reuse"  # use an existing asset as it is (identical, or use-destination)
    SKIP = "skip"  # leave out on purpose, or could not be read: left as it is

    @property
    def symbol(self) -> str:
        return {
            Op.CREATE: "+",
            Op.COPY: "+",
            Op.CLONE: "+",
            Op.UPDATE: "~",
            Op.REPLACE: "~",
            Op.REUSE: "=",
            Op.SKIP: "?",
        }[self]

    @property
    def adds(self) -> bool:
        return self in (Op.CREATE, Op.COPY, Op.CLONE)

    @property
    def changes(self) -> bool:
        return self in (Op.UPDATE, Op.REPLACE)


@dataclass
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class Action:
    key: str  # unique in the plan, e.g. "email_template:Quick Start Email Template"
    kind: AssetKind
    op: Op
    name: str  # the asset's name in the destination (after naming and copy suffixes)
    reason: str
    entry: str = ""  # the template entry this action stands for (its final name)
    location: str = ""  # where the asset lives, for people
    existing_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    conflict: str | None = None  # what was found and which rule decided
    affects: list[str] = field(default_factory=list)  # other assets a replace/reuse touches
    steps: list[str] = field(default_factory=list)  # sub-steps apply performs (content, approve)
    payload: dict[str, Any] = field(default_factory=dict)  # what apply writes, as data

    @property
    def writes(self) -> bool:
        return self.op.adds or self.op.changes

    @property
    def template_name(self) -> str:
        """The entry's name when the asset gets another one (a copy, a token's ``my.``)."""
        return self.entry if self.entry != self.name else ""

    @property
    def changed_fields(self) -> set[str]:
        return {c.field for c in self.changes}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"], data["op"] = self.kind.value, self.op.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        values = dict(data)
        values["kind"] = AssetKind(values["kind"])
        values["op"] = Op(values["op"])
        values["changes"] = [Change(**c) for c in values.get("changes", [])]
        return cls(**values)


@dataclass
class Problem:
    """A prerequisite missing in the destination: the plan cannot be applied until fixed."""

    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.message}" + (f"\n    {self.hint}" if self.hint else "")


@dataclass
class Summary:
    add: int
    change: int
    destroy: int
    unchanged: int

    @property
    def has_changes(self) -> bool:
        return bool(self.add or self.change or self.destroy)

    def line(self) -> str:
        if not self.has_changes:
            return "No changes. The destination matches the template."
        return f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy."


def summarize(actions: list[Action]) -> Summary:
    add = sum(1 for a in actions if a.op.adds)
    change = sum(1 for a in actions if a.op.changes)
    return Summary(add=add, change=change, destroy=0, unchanged=len(actions) - add - change)
