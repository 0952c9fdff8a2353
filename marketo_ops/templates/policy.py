"""Naming policies: a team's conventions, written down once and enforced by ``validate``.

A policy is a small YAML file with one rule per asset kind (and a ``default`` rule applied to
every kind), for example::

    default:
      forbidden_characters: "/\\\\|"
    program:
      pattern: '^(NA|EMEA|APAC) - \\d{4} - .+$'
      max_length: 80
      message: "Programs are named 'REGION - YEAR - Name'"
    email:
      pattern: '^\\d{2} - Email - .+$'

Rules apply to the final names, after variables, the program-name override and the prefix, so a
policy judges exactly what will appear in Marketo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import validation_findings
from .findings import Finding, make_finding
from .yamlsource import load_yaml, read_text_file

AssetKind = Literal[
    "program",
    "folder",
    "smart_campaign",
    "email",
    "email_template",
    "file",
    "landing_page_template",
    "landing_page",
    "snippet",
    "token",
]
ASSET_KINDS: tuple[AssetKind, ...] = (
    "program",
    "folder",
    "smart_campaign",
    "email",
    "email_template",
    "file",
    "landing_page_template",
    "landing_page",
    "snippet",
    "token",
)


class NameRule(BaseModel):
    """Constraints on the names of one kind of asset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str | None = Field(None, description="Regular expression the whole name must match.")
    max_length: int | None = Field(None, ge=1, description="Maximum number of characters.")
    forbidden_characters: str | None = Field(
        None, description="Characters that must not appear in the name."
    )
    message: str | None = Field(
        None, description="The convention in words, added to every finding of this rule."
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value


class NamingPolicy(BaseModel):
    """A naming policy file: one optional rule per asset kind, plus a default for all kinds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: NameRule = Field(NameRule(), description="Applies to every kind of asset.")
    program: NameRule = Field(NameRule(), description="Program names.")
    folder: NameRule = Field(NameRule(), description="Folder names.")
    smart_campaign: NameRule = Field(NameRule(), description="Smart campaign names.")
    email: NameRule = Field(NameRule(), description="Email names.")
    email_template: NameRule = Field(NameRule(), description="Email template names.")
    file: NameRule = Field(NameRule(), description="Image and file names.")
    landing_page_template: NameRule = Field(NameRule(), description="LP template names.")
    landing_page: NameRule = Field(NameRule(), description="Landing page names.")
    snippet: NameRule = Field(NameRule(), description="Snippet names.")
    token: NameRule = Field(NameRule(), description="My Token names.")

    def rules_for(self, kind: AssetKind) -> tuple[NameRule, NameRule]:
        return self.default, getattr(self, kind)


@dataclass(frozen=True)
class PolicyViolation:
    message: str


def check_name(policy: NamingPolicy, kind: AssetKind, name: str) -> list[PolicyViolation]:
    """Every way ``name`` breaks the policy for ``kind`` (the kind's rule and the default)."""
    violations: list[PolicyViolation] = []
    label = kind.replace("_", " ")
    for rule in policy.rules_for(kind):
        hint = f" ({rule.message})" if rule.message else ""
        if rule.max_length is not None and len(name) > rule.max_length:
            violations.append(
                PolicyViolation(
                    f"{label} name is {len(name)} characters long; the naming policy allows "
                    f"at most {rule.max_length}{hint}"
                )
            )
        if rule.forbidden_characters:
            bad = sorted({c for c in name if c in rule.forbidden_characters})
            if bad:
                shown = " ".join(repr(c) for c in bad)
                violations.append(
                    PolicyViolation(
                        f"{label} name '{name}' contains {shown}, forbidden by the naming "
                        f"policy{hint}"
                    )
                )
        if rule.pattern is not None and re.fullmatch(rule.pattern, name) is None:
            violations.append(
                PolicyViolation(
                    f"{label} name '{name}' does not match the naming policy pattern "
                    f"{rule.pattern!r}{hint}"
                )
            )
    return violations


def load_naming_policy(path: Path | str) -> tuple[NamingPolicy | None, list[Finding]]:
    """Read a policy file; problems in it are findings located in the policy file."""
    display = Path(path).as_posix()
    text, problem = read_text_file(Path(path), display)
    if problem is not None or text is None:
        if problem is None:
            return None, []
        return None, [replace(problem, message=f"{Path(path).name} {problem.message}")]
    loaded = load_yaml(text, display)
    findings = list(loaded.findings)
    if findings:
        return None, findings
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        return None, [
            make_finding(display, 1, 1, "schema", "a naming policy must be a mapping of rules")
        ]
    try:
        return NamingPolicy.model_validate(data), []
    except ValidationError as exc:
        return None, validation_findings(exc, data, loaded.source, NamingPolicy)
