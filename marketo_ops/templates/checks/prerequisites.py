"""Prerequisites: lead fields and segmentations the template says the instance must have.

A prerequisite is a promise to the importer ("this program needs a score field called Behavior
Score"), so it must be one Marketo could hold: an API name Create Lead Fields would accept, a
data type Marketo has, no two declarations of one field. A declared field that nothing in the
template uses is most likely a misspelling of the one the smart lists do use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import FieldPath
from ..placeholders import iter_strings
from ..spec import LEAD_FIELD_TYPES, FieldPrerequisite
from .context import CheckContext
from .references import did_you_mean

FIELD_API_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
"""Create Lead Fields: a name must "start with a letter, and only contain letters, numbers, or
underscore" (CreateLeadField.name in Adobe's Lead Database spec)."""

_LEAD_TOKEN_RE = re.compile(r"\{\{\s*lead\.([^{}:]+?)\s*(?::[^{}]*)?\}\}", re.IGNORECASE)
SCORE_STEP_PARAMETER = ("Change Score", "Score Name")
"""The flow step and parameter that name a score field."""


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def check_prerequisites(ctx: CheckContext) -> None:
    prerequisites = ctx.spec.prerequisites
    seen_names: dict[str, int] = {}
    seen_labels: dict[str, int] = {}
    for i, item in enumerate(prerequisites.fields):
        path: FieldPath = ("prerequisites", "fields", i)
        _check_field(ctx, item, path)
        for seen, value, attribute, label in (
            (seen_names, item.name, "name", "API name"),
            (seen_labels, item.display_name, "display_name", "display name"),
        ):
            key = _key(value)
            if not key:
                continue
            if key in seen:
                ctx.error(
                    (*path, attribute),
                    "duplicate-name",
                    f"lead field {label} '{value}' is declared twice (also fields[{seen[key]}])",
                )
            else:
                seen[key] = i
    seen_segmentations: dict[str, int] = {}
    for i, name in enumerate(prerequisites.segmentations):
        path = ("prerequisites", "segmentations", i)
        key = _key(name)
        if not key:
            ctx.error(path, "empty-name", "a segmentation prerequisite needs a name")
        elif key in seen_segmentations:
            ctx.error(path, "duplicate-name", f"segmentation '{name}' is listed twice")
        else:
            seen_segmentations[key] = i
    _check_score_steps(ctx)
    _check_unused_fields(ctx)


def _check_field(ctx: CheckContext, item: FieldPrerequisite, path: FieldPath) -> None:
    if not FIELD_API_NAME_RE.fullmatch(item.name):
        ctx.error(
            (*path, "name"),
            "invalid-field-name",
            f"'{item.name}' is not a lead field API name: it must start with a letter and hold "
            "only letters, digits and '_' (e.g. behaviorScore)",
        )
    if not item.display_name.strip():
        ctx.error((*path, "display_name"), "empty-name", "a lead field needs a display name")
    if item.type not in LEAD_FIELD_TYPES:
        ctx.error(
            (*path, "type"),
            "unknown-field-type",
            f"'{item.type}' is not a Marketo field type{did_you_mean(item.type, LEAD_FIELD_TYPES)}"
            f"; use one of: {', '.join(LEAD_FIELD_TYPES)}",
        )


def _check_score_steps(ctx: CheckContext) -> None:
    """'Change Score' on a declared field of another type would be refused by Marketo's UI."""
    action, parameter = SCORE_STEP_PARAMETER
    prerequisites = ctx.spec.prerequisites
    for c, campaign in enumerate(ctx.spec.smart_campaigns):
        for s, step in enumerate(campaign.flow):
            if step.action != action:
                continue
            targets = [((), step.params)] + [
                (("choices", n), choice.params) for n, choice in enumerate(step.choices)
            ]
            for where, params in targets:
                name = params.get(parameter)
                declared = prerequisites.field(name) if name else None
                # an unknown type is reported on the declaration itself
                if declared is None or declared.type not in LEAD_FIELD_TYPES:
                    continue
                if declared.type == "score":
                    continue
                ctx.error(
                    ("smart_campaigns", c, "flow", s, *where, "params", parameter),
                    "field-type",
                    f"'{action}' changes a score field, but '{name}' is declared in "
                    f"prerequisites as a {declared.type} field",
                )


def _check_unused_fields(ctx: CheckContext) -> None:
    fields = ctx.spec.prerequisites.fields
    if not fields:
        return
    used = set(_referenced_names(ctx))
    for i, item in enumerate(fields):
        if _key(item.name) in used or _key(item.display_name) in used:
            continue
        ctx.warning(
            ("prerequisites", "fields", i),
            "unused-prerequisite",
            f"lead field '{item.display_name}' is declared but no smart list, flow step or "
            f"{{{{lead.Field Name}}}} token of this template uses it (under its display name "
            f"'{item.display_name}' or its API name '{item.name}')",
        )


def _referenced_names(ctx: CheckContext) -> Iterator[str]:
    """Every string of the template outside prerequisites, and every {{lead.X}} token's X."""
    data = ctx.spec.model_dump(mode="python", exclude={"prerequisites"})
    for _, text in iter_strings(data):
        yield _key(text)
        for match in _LEAD_TOKEN_RE.finditer(text):
            yield _key(match.group(1))
    for _, file in ctx.content_texts():
        for match in _LEAD_TOKEN_RE.finditer(file.text):
            yield _key(match.group(1))
