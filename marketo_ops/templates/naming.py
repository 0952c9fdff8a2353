"""Naming conventions: program-name override, asset-name prefix and ``{{ variables }}``.

The same template is imported many times (once per region, quarter, workspace), so names are
computed, never edited in place: a spec as loaded plus :class:`NamingOptions` gives the spec as
it will appear in Marketo. Order matters and is fixed: the override and the prefix are applied
first, so they may themselves use variables (``--name "{{ region }} - Lead Management"``), then
every variable is filled, with ``{{ program }}`` meaning the final program name.

The prefix applies to program-local assets (smart campaigns, emails, landing pages) and every
reference to them inside the template is rewritten. Design Studio assets keep their names:
collisions there are what the conflict rules are for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .placeholders import fill_variables, map_strings
from .spec import LOCAL_ASSET_SECTIONS, TemplateSpec

REFERENCE_LABELS: dict[str, str] = {
    "Email": "emails",
    "Landing Page": "landing_pages",
    "Web Page": "landing_pages",
    "Campaign": "smart_campaigns",
    "Campaigns": "smart_campaigns",
}
"""Flow parameters and smart-list attributes whose value names a local asset of the template."""


@dataclass(frozen=True)
class NamingOptions:
    variables: Mapping[str, str] = field(default_factory=dict)
    program_name: str | None = None
    prefix: str | None = None


def variable_values(spec: TemplateSpec, given: Mapping[str, str]) -> dict[str, str]:
    """Declared defaults overridden by the values given (``program`` is added later)."""
    values = {name: var.default for name, var in spec.variables.items() if var.default is not None}
    values.update(given)
    return values


def apply_naming(spec: TemplateSpec, options: NamingOptions) -> TemplateSpec:
    data = spec.model_dump(mode="python")
    if options.program_name is not None:
        data["program"]["name"] = options.program_name
    if options.prefix:
        _prefix_local_assets(data, options.prefix)
    values = variable_values(spec, options.variables)
    values.pop("program", None)
    program_name = fill_variables(data["program"]["name"], values)
    values["program"] = program_name

    def fill(text: str) -> str:
        return fill_variables(text, values)

    return TemplateSpec.model_validate(map_strings(data, fill))


def _prefix_local_assets(data: dict[str, Any], prefix: str) -> None:
    renamed: dict[str, dict[str, str]] = {}
    for section in LOCAL_ASSET_SECTIONS:
        names = renamed.setdefault(section, {})
        for item in data[section]:
            names[item["name"]] = prefix + item["name"]
            item["name"] = prefix + item["name"]
    for campaign in data["smart_campaigns"]:
        for step in campaign["flow"]:
            _rewrite_params(step["params"], renamed)
            for choice in step["choices"]:
                _rewrite_params(choice["params"], renamed)
        for rule in (*campaign["smart_list"]["triggers"], *campaign["smart_list"]["filters"]):
            for condition in rule["conditions"]:
                target = REFERENCE_LABELS.get(condition["attribute"])
                if target:
                    names = renamed[target]
                    condition["values"] = [names.get(v, v) for v in condition["values"]]


def _rewrite_params(params: dict[str, str], renamed: Mapping[str, Mapping[str, str]]) -> None:
    for label, value in params.items():
        target = REFERENCE_LABELS.get(label)
        if target:
            params[label] = renamed[target].get(value, value)
