"""Naming variables: declared, given a value, and used where they are filled.

A variable without a value would leave ``{{ region }}`` in an asset name in Marketo, and a
``--var regoin=EMEA`` typo would silently do nothing; both are findings, never crashes.
"""

from __future__ import annotations

import re

from ..findings import FieldPath, Severity
from ..placeholders import BUILTIN_VARIABLES, VARIABLE_NAME_RE, iter_strings, variables_in
from .context import CheckContext
from .references import did_you_mean


def check_variables(ctx: CheckContext) -> None:
    raw = ctx.raw
    declared = raw.variables
    given = dict(ctx.template.naming.variables)
    values = {n: v.default for n, v in declared.items() if v.default is not None}
    values.update(given)

    for name, variable in declared.items():
        path: FieldPath = ("variables", name)
        if not VARIABLE_NAME_RE.fullmatch(name) or name in BUILTIN_VARIABLES:
            reason = (
                f"'{name}' is reserved: {{{{ {name} }}}} is the final program name"
                if name in BUILTIN_VARIABLES
                else f"variable name '{name}' must be lower-case letters, digits and '_'"
            )
            ctx.error(path, "invalid-variable", reason)
            continue
        if variable.pattern is not None:
            try:
                re.compile(variable.pattern)
            except re.error as exc:
                ctx.error((*path, "pattern"), "invalid-variable", f"invalid pattern: {exc}")
                continue
        value = values.get(name)
        if value is None:
            continue
        if variable.pattern is not None and re.fullmatch(variable.pattern, value) is None:
            ctx.error(
                path,
                "invalid-variable-value",
                f"{name}={value!r} does not match the pattern {variable.pattern!r}",
            )
        if variable.values and value not in variable.values:
            ctx.error(
                path,
                "invalid-variable-value",
                f"{name}={value!r} is not allowed; choose one of: {', '.join(variable.values)}",
            )

    first_use: dict[str, FieldPath] = {}
    for path, text in iter_strings(raw.model_dump(mode="python")):
        for occurrence in variables_in(text):
            first_use.setdefault(occurrence.name, path)
    overrides = (ctx.template.naming.program_name, ctx.template.naming.prefix)
    for override in overrides:
        for occurrence in variables_in(override or ""):
            first_use.setdefault(occurrence.name, ("program", "name"))

    for name, path in first_use.items():
        if name in BUILTIN_VARIABLES:
            continue
        if name not in declared:
            ctx.error(
                path,
                "undeclared-variable",
                f"variable {{{{ {name} }}}} is not declared under variables"
                + did_you_mean(name, declared),
            )
        elif name not in values:
            ctx.error(
                path,
                "missing-variable",
                f"variable {{{{ {name} }}}} has no value: give the naming variable '{name}' "
                "a value, or give it a default",
            )
    for name in given:
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            ctx.error(
                ("variables",),
                "unknown-variable",
                f"a value was given for '{name}', but the template declares no variable "
                f"'{name}'"
                f"{did_you_mean(name, declared)}; declared variables: {known}",
            )
    for name in declared:
        if (
            name not in first_use
            and VARIABLE_NAME_RE.fullmatch(name)
            and name not in BUILTIN_VARIABLES
        ):
            ctx.warning(("variables", name), "unused-variable", f"variable '{name}' is never used")
    for path, file in ctx.content_texts():
        for occurrence in variables_in(file.text):
            if occurrence.name in declared or occurrence.name in BUILTIN_VARIABLES:
                ctx.in_file(
                    file,
                    occurrence.offset,
                    path,
                    "variable-in-file",
                    f"{{{{ {occurrence.name} }}}} is not filled in files, only in program.yaml; "
                    "use a program token ({{my.Name}}) for content",
                    severity=Severity.WARNING,
                )
