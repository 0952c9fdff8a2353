"""Program templates: the format, loading, naming conventions and offline validation.

Typical use::

    from marketo_ops.templates import ProgramTemplate, resolve_template

    template = ProgramTemplate.load(resolve_template("op-lead-management"))
    emea = template.with_vars(region="EMEA").renamed(prefix="EMEA ")
    problems = emea.errors()

See ``program_templates/README.md`` for the YAML format.
"""

from __future__ import annotations

from .builtin import (
    BuiltinTemplate,
    builtin_templates_dir,
    list_builtin_templates,
    resolve_template,
)
from .errors import TemplateError, TemplateFileError, TemplateNotFoundError, UnknownAssetError
from .findings import Finding, Severity, TemplateReport
from .naming import NamingOptions
from .placeholders import replace_image_refs
from .policy import NameRule, NamingPolicy, load_naming_policy
from .reports import FORMATS, render_report
from .schema import naming_policy_json_schema, template_json_schema
from .smartlists import (
    campaign_checklist,
    describe_filter_logic,
    describe_flow_step,
    describe_rule,
    smart_list_to_api,
)
from .spec import (
    API_CREATABLE_FIELD_TYPES,
    LEAD_FIELD_TYPES,
    Condition,
    ConflictRules,
    Content,
    Cost,
    Email,
    EmailTemplate,
    FieldPrerequisite,
    File,
    FlowChoice,
    FlowStep,
    Folder,
    LandingPage,
    LandingPageTemplate,
    Prerequisites,
    Program,
    ReadOnlyToken,
    Rule,
    SmartCampaign,
    SmartList,
    Snippet,
    Tag,
    TemplateSpec,
    Token,
    Unread,
    Variable,
)
from .template import AssetName, ProgramTemplate
from .validation import discover_templates, validate_paths, validate_template

__all__ = [
    "API_CREATABLE_FIELD_TYPES",
    "FORMATS",
    "LEAD_FIELD_TYPES",
    "AssetName",
    "BuiltinTemplate",
    "Condition",
    "ConflictRules",
    "Content",
    "Cost",
    "Email",
    "EmailTemplate",
    "FieldPrerequisite",
    "File",
    "Finding",
    "FlowChoice",
    "FlowStep",
    "Folder",
    "LandingPage",
    "LandingPageTemplate",
    "NameRule",
    "NamingOptions",
    "NamingPolicy",
    "Prerequisites",
    "Program",
    "ProgramTemplate",
    "ReadOnlyToken",
    "Rule",
    "Severity",
    "SmartCampaign",
    "SmartList",
    "Snippet",
    "Tag",
    "TemplateError",
    "TemplateFileError",
    "TemplateNotFoundError",
    "TemplateReport",
    "TemplateSpec",
    "Token",
    "UnknownAssetError",
    "Unread",
    "Variable",
    "builtin_templates_dir",
    "campaign_checklist",
    "describe_filter_logic",
    "describe_flow_step",
    "describe_rule",
    "discover_templates",
    "list_builtin_templates",
    "load_naming_policy",
    "naming_policy_json_schema",
    "render_report",
    "replace_image_refs",
    "resolve_template",
    "smart_list_to_api",
    "template_json_schema",
    "validate_paths",
    "validate_template",
]
