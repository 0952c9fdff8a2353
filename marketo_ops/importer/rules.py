"""Conflict rules: what to do when the destination already holds a same-named asset.

They are Marketo's own program-import choices, with Marketo's recommended defaults:

========================  ======================  ================================================
rule                      choices                 meaning
========================  ======================  ================================================
``tags``                  **create** / ignore     apply the template's program tags (the tag
                                                  values must already exist in Admin > Tags) or
                                                  import the program without tags
``lp-templates``          **copy** / use-dest.    import our landing-page template under a new
                                                  name (" - 1") or reuse the destination's
``images``                **keep-both** / replace import our image under a new name or overwrite
                                                  the destination's file content
``email-templates``       **keep-both** / replace import our email template under a new name or
                                                  overwrite the destination's template
``program``               **stop** / adopt        ours alone: a same-named program this template
                                                  did not import stops the plan, or is taken over
========================  ======================  ================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from ..errors import MarketoError
from ..templates import ConflictRules

#: CLI spelling -> field of :class:`ConflictRules`
RULE_KEYS: Final[Mapping[str, str]] = {
    "tags": "tags",
    "lp-templates": "lp_templates",
    "images": "images",
    "email-templates": "email_templates",
    "program": "program",
}

RULE_CHOICES: Final[Mapping[str, tuple[str, ...]]] = {
    "tags": ("create", "ignore"),
    "lp-templates": ("copy", "use-destination"),
    "images": ("keep-both", "replace"),
    "email-templates": ("keep-both", "replace"),
    "program": ("stop", "adopt"),
}

RULE_MEANINGS: Final[Mapping[tuple[str, str], str]] = {
    ("tags", "create"): "apply the template's program tags (values must exist in Admin > Tags)",
    ("tags", "ignore"): "import the program without its tags",
    ("lp_templates", "copy"): "import our landing-page template under a new name",
    ("lp_templates", "use-destination"): "reuse the destination's landing-page template",
    ("images", "keep-both"): "import our image under a new name, keep theirs",
    ("images", "replace"): "overwrite the destination's image with ours",
    ("email_templates", "keep-both"): "import our email template under a new name, keep theirs",
    ("email_templates", "replace"): "overwrite the destination's email template with ours",
    ("program", "stop"): "stop at a same-named program this template did not import",
    ("program", "adopt"): "take over a same-named program this template did not import",
}

RECOMMENDED: Final = ConflictRules()


class RuleError(MarketoError, ValueError):
    """A --rule option that names an unknown rule or choice."""


def parse_rules(overrides: Iterable[str], base: ConflictRules | None = None) -> ConflictRules:
    """Apply ``rule=choice`` overrides (CLI spelling) to the template's default rules."""
    values = (base or RECOMMENDED).model_dump()
    for item in overrides:
        key, sep, choice = item.partition("=")
        key, choice = key.strip().lower().replace("_", "-"), choice.strip().lower()
        if not sep or key not in RULE_KEYS:
            known = ", ".join(f"{k}={'|'.join(v)}" for k, v in RULE_CHOICES.items())
            raise RuleError(f"unknown rule {item!r}; rules are: {known}")
        if choice not in RULE_CHOICES[key]:
            raise RuleError(
                f"rule {key} takes {' or '.join(RULE_CHOICES[key])}, not {choice or 'nothing'!r}"
            )
        values[RULE_KEYS[key]] = choice
    return ConflictRules.model_validate(values)


def rule_meaning(field: str, choice: str) -> str:
    return RULE_MEANINGS[(field, choice)]


def cli_name(field: str) -> str:
    return next(k for k, v in RULE_KEYS.items() if v == field)


def describe_rules(rules: ConflictRules) -> list[str]:
    """One line per rule, e.g. ``email-templates=keep-both (import ours under a new name...)``."""
    lines = []
    for field, choice in rules.model_dump().items():
        lines.append(f"{cli_name(field)}={choice} ({rule_meaning(field, choice)})")
    return lines
