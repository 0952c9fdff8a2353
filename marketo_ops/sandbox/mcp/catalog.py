"""The flow steps, triggers and filters the sandbox's MCP server knows (``catalog.yaml``).

Names are matched case-insensitively against a type's name and its aliases. Every activity
filter also answers to ``"Not <filter>"``, its inactivity form in Marketo's smart-list editor.
Type ids are positions in the catalog, stable for a given file (Marketo's ruleTypeId and flow
step type ids are instance data; these only need to be stable within the sandbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

RuleKind = Literal["trigger", "filter"]
_SECTIONS: dict[str, tuple[str, str | None]] = {
    "flow_steps": ("flow step", None),
    "triggers": ("trigger", None),
    "activity_filters": ("filter", "activity"),
    "attribute_filters": ("filter", "attribute"),
}
#: Type ids by section, so a trigger and a filter never share one.
_ID_BASE = {"flow_steps": 1, "triggers": 1001, "activity_filters": 2001, "attribute_filters": 3001}


@dataclass(frozen=True)
class CatalogType:
    """One flow step, trigger or filter type."""

    id: int
    name: str
    kind: str
    """``flow step``, ``trigger`` or ``filter``."""
    category: str | None
    """For filters: ``activity`` or ``attribute``."""
    aliases: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.kind != "flow step":
            body["kind"] = self.kind
        if self.category is not None:
            body["category"] = self.category
        body["aliases"] = list(self.aliases)
        return body


@dataclass(frozen=True)
class Catalog:
    flow_steps: tuple[CatalogType, ...]
    triggers: tuple[CatalogType, ...]
    filters: tuple[CatalogType, ...]

    def rule_types(self, kind: RuleKind | None = None) -> tuple[CatalogType, ...]:
        if kind == "trigger":
            return self.triggers
        if kind == "filter":
            return self.filters
        return self.triggers + self.filters

    def flow_step(self, name: str) -> CatalogType | None:
        return _find(self.flow_steps, name)

    def rule_type(self, kind: RuleKind, name: str) -> CatalogType | None:
        return _find(self.rule_types(kind), name)

    def rules_named(self, name: str, kind: RuleKind | None = None) -> list[CatalogType]:
        wanted = _key(name)
        return [t for t in self.rule_types(kind) if wanted in {_key(n) for n in t.names()}]

    def suggest(self, term: str | None, kind: RuleKind | None = None) -> list[CatalogType]:
        wanted = _key(term or "")
        return [t for t in self.rule_types(kind) if any(wanted in _key(n) for n in t.names())]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _find(types: tuple[CatalogType, ...], name: str) -> CatalogType | None:
    wanted = _key(name)
    return next((t for t in types if wanted in {_key(n) for n in t.names()}), None)


def _person_or_lead(name: str) -> tuple[str, ...]:
    """Marketo renamed "Lead ..." to "Person ..." in its UI (2019) and answers to both names."""
    for old, new in (("Lead ", "Person "), ("Person ", "Lead ")):
        if name.startswith(old):
            return (new + name[len(old) :],)
    return ()


def _entry(raw: Any) -> tuple[str, tuple[str, ...]]:
    if isinstance(raw, str):
        return raw, ()
    return str(raw["name"]), tuple(str(alias) for alias in raw.get("aliases", ()))


@cache
def catalog() -> Catalog:
    """The catalog of ``catalog.yaml`` (read once)."""
    text = resources.files(__package__).joinpath("catalog.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    sections: dict[str, list[CatalogType]] = {}
    for section, (kind, category) in _SECTIONS.items():
        types = []
        for offset, raw in enumerate(data[section]):
            name, aliases = _entry(raw)
            if category == "activity":
                aliases = (*aliases, f"Not {name}")
            aliases = (*aliases, *_person_or_lead(name))
            types.append(CatalogType(_ID_BASE[section] + offset, name, kind, category, aliases))
        sections[section] = types
    return Catalog(
        flow_steps=tuple(sections["flow_steps"]),
        triggers=tuple(sections["triggers"]),
        filters=tuple(sections["activity_filters"] + sections["attribute_filters"]),
    )
