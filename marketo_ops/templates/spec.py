"""The program-template format (program.yaml, format_version 1) as pydantic models.

Every model forbids unknown keys: in a file people edit by hand, a misspelt key (``subjet``) must
be a finding, not a silently ignored line. Models are frozen and collections are tuples, so a
loaded template can be shared between threads and regions without anyone mutating it; naming
changes produce new objects (see :mod:`marketo_ops.templates.template`).

Only what the YAML itself can get wrong is expressed here (types, required keys, closed choice
lists). Everything that needs the whole template or the files next to it (references, duplicate
names, Marketo's limits, HTML) is checked in :mod:`marketo_ops.templates.checks`, so those
problems can be reported all at once with their precise location.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticUndefined

FORMAT_VERSION = 1


def _scalar_to_text(value: Any) -> Any:
    """YAML reads ``value: 90`` as a number; Marketo stores every value as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


Text = Annotated[
    str, BeforeValidator(_scalar_to_text, json_schema_input_type=str | int | float | bool)
]
"""A string that also accepts a YAML number or boolean, kept as Marketo would store it."""


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


def _field(description: str, default: Any = PydanticUndefined, **kwargs: Any) -> Any:
    return Field(default, description=description, **kwargs)


class Content(Spec):
    """HTML for one editable section or snippet: inline, or read from a file of the template."""

    html: str | None = _field("The HTML itself, for short content.", default=None)
    file: str | None = _field(
        "Path of an HTML file, relative to program.yaml (e.g. emails/alert-body.html).",
        default=None,
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Content:
        if (self.html is None) == (self.file is None):
            raise ValueError("give exactly one of 'html' or 'file'")
        return self


class Variable(Spec):
    """A naming variable used as {{ name }} in program.yaml, filled with --var name=VALUE."""

    description: str | None = _field("What the variable means, shown to users.", default=None)
    default: Text | None = _field("Value used when no --var is given.", default=None)
    pattern: str | None = _field(
        "Regular expression a value must match completely (e.g. '^(NA|EMEA|APAC)$').",
        default=None,
    )
    values: tuple[Text, ...] = _field("The only values allowed, if the list is not empty.", ())


class Tag(Spec):
    """A program tag. Tag types and their values are defined in Admin > Tags."""

    tag_type: str = _field("Tag type, e.g. 'Region'.")
    value: str = _field("Allowed value of that tag type, e.g. 'EMEA'.")


class Cost(Spec):
    """A period cost of the program (Marketo reports costs per month)."""

    start_date: dt.date = _field("First day of the period, YYYY-MM-DD.")
    cost: int = _field("Amount, a whole number in the instance currency.", ge=0, le=2**31 - 1)
    note: str | None = _field("Free text shown next to the cost.", default=None)


TokenType = Literal["text", "rich text", "number", "date", "score", "sfdc campaign"]

WRITABLE_TOKEN_TYPES: tuple[str, ...] = get_args(TokenType)
"""The token types Create Token accepts (Adobe: "These are the only data types that can be used
when creating a token via API"). Get Tokens reads others too (email script tokens...)."""


class Token(Spec):
    """A program 'My Token', referenced as {{my.Name}} in content, smart lists and flows."""

    name: str = _field("Token name without 'my.' (at most 50 characters).")
    type: Annotated[TokenType, BeforeValidator(_lower)] = _field(
        "Token type, as the Asset API names it."
    )
    value: Text | None = _field("The token's value.", default=None)
    file: str | None = _field(
        "Path of a file holding the value (useful for long rich text).", default=None
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> Token:
        if (self.value is None) == (self.file is None):
            raise ValueError("give exactly one of 'value' or 'file'")
        return self


class ReadOnlyToken(Spec):
    """A My Token the REST API can read but not create (a type other than text, rich text,
    number, date, score and sfdc campaign, such as an email script token).

    'marketo-ops export' writes such tokens here so that nothing is lost; import leaves them
    out and lists each one as a manual step (create it by hand with this type and value).
    """

    name: str = _field("Token name without 'my.'.")
    type: str = _field("Token type as the Asset API reads it, e.g. 'email script'.")
    value: Text = _field("The token's value, as read.")


class Program(Spec):
    """The program itself. The destination folder is chosen at import time (--into)."""

    name: str = _field("Program name; unique across the whole Marketo subscription.")
    type: str = _field(
        "Program type: Default, Event, Event with Webinar, Engagement or Email.",
        default="Default",
    )
    channel: str = _field("Channel (defines the membership statuses), e.g. 'Operational'.")
    description: str | None = _field("Program description shown in Marketo.", default=None)
    statuses: tuple[str, ...] = _field(
        "Membership statuses the channel must offer, e.g. ['Not in Program', 'Member']. "
        "Checked against 'Change Program Status' flow steps and the destination's channel.",
        (),
    )
    tags: tuple[Tag, ...] = _field("Program tags (the values must exist in Admin).", ())
    costs: tuple[Cost, ...] = _field("Period costs.", ())
    tokens: tuple[Token, ...] = _field("My Tokens of the program.", ())
    read_only_tokens: tuple[ReadOnlyToken, ...] = _field(
        "My Tokens of types the REST API can read but not create: import lists them as manual "
        "steps.",
        (),
    )


class Folder(Spec):
    """A folder inside the program, holding local assets; folders nest."""

    name: str = _field("Folder name, unique among its siblings.")
    description: str | None = _field("Folder description.", default=None)
    folders: tuple[Folder, ...] = _field("Sub-folders.", ())


class Condition(Spec):
    """One condition of a trigger or filter: the primary attribute or a constraint."""

    attribute: str = _field("Attribute name as Marketo shows it, e.g. 'New Score'.")
    operator: str = _field("Operator as Marketo shows it, e.g. 'is', 'at least', 'in past'.")
    values: tuple[Text, ...] = _field("Values; tokens like {{my.Name}} are allowed.", ())
    primary: bool = _field(
        "True for the rule's primary condition (Marketo's isPrimary), false for constraints.",
        default=False,
    )


class Rule(Spec):
    """A smart-list trigger or filter, named as in Marketo's smart-list editor."""

    name: str = _field("Rule name, e.g. 'Person is Created', 'Score is Changed'.")
    rule_type: str | None = _field(
        "Rule type as the Asset API reports it (ruleType), if known.", default=None
    )
    operator: str | None = _field(
        "Rule-level operator as the Asset API reports it (e.g. 'occurs'), if any.", default=None
    )
    conditions: tuple[Condition, ...] = _field("Primary condition and constraints.", ())


class SmartList(Spec):
    """Who qualifies for a smart campaign. The REST API cannot write it: see the checklist."""

    triggers: tuple[Rule, ...] = _field("Triggers; any one of them qualifies a person.", ())
    filters: tuple[Rule, ...] = _field("Filters, numbered from 1 in this order.", ())
    filter_logic: str = _field(
        "'all', 'any', or an advanced expression over filter numbers, e.g. '1 and (2 or 3)'.",
        default="all",
    )


class FlowChoice(Spec):
    """An 'If ... then' choice of a flow step; the step's own params are the default choice."""

    condition: str = _field("The choice's condition, e.g. 'Person Score at least 100'.")
    params: dict[str, Text] = _field("Parameters used when the condition holds.", {})


class FlowStep(Spec):
    """One flow step, as data: applied by seeding or by hand, since no API writes flows."""

    action: str = _field("Flow action, e.g. 'Change Program Status', 'Send Alert'.")
    params: dict[str, Text] = _field(
        "Parameters as Marketo labels them, e.g. {'New Status': 'Operational - Member'}.", {}
    )
    choices: tuple[FlowChoice, ...] = _field("Optional choices (If ... then).", ())


class Unread(Spec):
    """A part of a smart campaign that could not be read from the instance it was exported from.

    An explicit placeholder, never a silent gap: import lists it as a manual step (copy that
    part by hand from ``source``), and validate warns about it.
    """

    part: Literal["flow", "smart_list"] = _field(
        "Which part: 'flow' (flow steps: the REST API cannot read them, MCP can) or "
        "'smart_list' (triggers and filters)."
    )
    reason: str = _field("Why it could not be read.")
    source: str | None = _field(
        "Where the original is, to copy it from (campaign, program and instance).", default=None
    )


class SmartCampaign(Spec):
    """A smart campaign of the program."""

    name: str = _field("Campaign name, unique in the program.")
    folder: str | None = _field(
        "Program folder path ('Campaigns' or 'Parent/Child'); omitted: the program root.",
        default=None,
    )
    description: str | None = _field("Campaign description.", default=None)
    qualification: str | None = _field(
        "How often a person may run through the flow: 'once', 'every time', or "
        "'once every N hours|days|weeks|months'.",
        default=None,
        pattern=r"^(once|every time|once every [1-9][0-9]* (hour|day|week|month)s?)$",
    )
    activate: bool = _field(
        "Whether the campaign should be active after import (a trigger campaign needs a "
        "trigger and a flow step first).",
        default=False,
    )
    smart_list: SmartList = _field("Triggers and filters.", SmartList())
    flow: tuple[FlowStep, ...] = _field("Flow steps, in order.", ())
    unread: tuple[Unread, ...] = _field(
        "Parts that could not be read when the campaign was exported (placeholders that import "
        "turns into manual steps).",
        (),
    )


class Email(Spec):
    """An email of the program, built on an email template of this template."""

    name: str = _field("Email name, unique in the program.")
    folder: str | None = _field("Program folder path; omitted: the program root.", default=None)
    template: str = _field("Name of an entry of email_templates.")
    description: str | None = _field("Email description.", default=None)
    subject: str | None = _field("Subject line; tokens allowed.", default=None)
    from_name: str | None = _field("From name; tokens allowed.", default=None)
    from_email: str | None = _field("From address, or a token.", default=None)
    reply_to: str | None = _field("Reply-To address, or a token.", default=None)
    preheader: str | None = _field("Preheader text (at most 1,024 characters).", default=None)
    operational: bool = _field("Operational emails ignore unsubscribe status.", default=False)
    text_only: bool = _field("Send a text-only version.", default=False)
    content: dict[str, Content] = _field(
        "Content per editable section, keyed by the section's id in the email template.", {}
    )
    approve: bool = _field("Approve the email after import.", default=False)


class EmailTemplate(Spec):
    """A Design Studio email template, uploaded from an HTML file."""

    name: str = _field("Template name, unique in its Design Studio folder.")
    file: str = _field("HTML file, relative to program.yaml.")
    description: str | None = _field("Template description.", default=None)
    folder: str = _field(
        "Design Studio folder, relative to the workspace's Design Studio.",
        default="Emails/Templates",
    )
    approve: bool = _field("Approve after import (emails need an approved template).", default=True)


class File(Spec):
    """An image or file for Design Studio (Images and Files)."""

    name: str = _field("File name in Marketo; referenced in HTML as {{image:NAME}}.")
    file: str = _field("Path of the file, relative to program.yaml.")
    description: str | None = _field("File description.", default=None)
    folder: str = _field(
        "Design Studio folder, relative to the workspace's Design Studio.",
        default="Images and Files",
    )


class LandingPageTemplate(Spec):
    """A Design Studio landing-page template."""

    name: str = _field("Template name.")
    file: str = _field("HTML file, relative to program.yaml.")
    type: Literal["guided", "freeForm"] = _field("Template type.", default="guided")
    description: str | None = _field("Template description.", default=None)
    folder: str = _field(
        "Design Studio folder, relative to the workspace's Design Studio.",
        default="Landing Pages/Templates",
    )
    enable_munchkin: bool = _field("Track visits with Munchkin.", default=True)
    approve: bool = _field("Approve after import.", default=True)


class LandingPage(Spec):
    """A landing page of the program."""

    name: str = _field("Landing page name, unique in the program.")
    template: str = _field("Name of an entry of landing_page_templates.")
    folder: str | None = _field("Program folder path; omitted: the program root.", default=None)
    title: str | None = _field("The page's <title>.", default=None)
    description: str | None = _field("Page description.", default=None)
    keywords: str | None = _field("Meta keywords.", default=None)
    robots: str | None = _field("Robots directives, e.g. 'noindex, nofollow'.", default=None)
    url_page_name: str | None = _field("URL path; derived from the name if omitted.", None)
    mobile_enabled: bool = _field("Mobile view (free-form pages only).", default=False)
    content: dict[str, Content] = _field(
        "Content per editable element id of the (guided) template.", {}
    )
    approve: bool = _field("Approve the page after import.", default=False)


class Snippet(Spec):
    """A Design Studio snippet: reusable HTML for emails and landing pages."""

    name: str = _field("Snippet name.")
    content: Content = _field("The snippet's HTML.")
    description: str | None = _field("Snippet description.", default=None)
    folder: str = _field(
        "Design Studio folder, relative to the workspace's Design Studio.",
        default="Snippets",
    )
    approve: bool = _field("Approve after import.", default=True)


class ConflictRules(Spec):
    """What the importer does when a same-named asset already exists in the destination.

    The defaults are Marketo's recommended choices.
    """

    tags: Literal["create", "ignore"] = _field(
        "Program tags: 'create' applies them (values must exist), 'ignore' leaves them out.",
        default="create",
    )
    lp_templates: Literal["copy", "use-destination"] = _field(
        "Landing-page templates: 'copy' imports ours under a new name, 'use-destination' "
        "reuses theirs.",
        default="copy",
    )
    images: Literal["keep-both", "replace"] = _field(
        "Images and files: 'keep-both' imports ours under a new name, 'replace' overwrites.",
        default="keep-both",
    )
    email_templates: Literal["keep-both", "replace"] = _field(
        "Email templates: 'keep-both' imports ours under a new name, 'replace' overwrites.",
        default="keep-both",
    )
    program: Literal["stop", "adopt"] = _field(
        "A same-named program that this template did not import: 'stop' plans nothing until "
        "it is renamed or the import is (--name), 'adopt' takes it over and updates it.",
        default="stop",
    )


LEAD_FIELD_TYPES: tuple[str, ...] = (
    "boolean",
    "currency",
    "date",
    "datetime",
    "email",
    "float",
    "formula",
    "integer",
    "percent",
    "phone",
    "reference",
    "score",
    "string",
    "text",
    "url",
)
"""Lead field data types as the Lead Database API names them (``dataType`` of Describe Lead and
Get Lead Fields; Adobe's "Field Types" page: Text area is ``text``, Checkbox is ``boolean``)."""

API_CREATABLE_FIELD_TYPES: frozenset[str] = frozenset(LEAD_FIELD_TYPES) - {
    "formula",
    "reference",
    "text",
}
"""The types ``POST /rest/v1/leads/schema/fields.json`` (Create Lead Fields) accepts: the
``dataType`` enum of ``CreateLeadField`` in Adobe's Lead Database spec. A field of another type
(text area, formula, reference) can only be created by an admin in Field Management."""


class FieldPrerequisite(Spec):
    """A lead field the program needs (in smart lists, flows or content) before it can import."""

    name: str = _field(
        "REST API name of the field (a letter, then letters, digits or '_'), e.g. behaviorScore."
    )
    display_name: str = _field(
        "The field's name in Marketo's UI, e.g. 'Behavior Score'; smart lists, flow steps and "
        "{{lead.Field Name}} tokens use this name."
    )
    type: Annotated[str, BeforeValidator(_lower)] = _field(
        "Marketo data type as the Lead Database API names it (score, string, boolean...). "
        "score, string, boolean, integer, float, currency, percent, date, datetime, email, "
        "phone and url can be created through the API; text, formula and reference cannot.",
        json_schema_extra={"enum": list(LEAD_FIELD_TYPES)},
    )
    description: str | None = _field("What the field holds, shown in Field Management.", None)

    @property
    def creatable(self) -> bool:
        """Whether Create Lead Fields (REST) can make this field, or an admin must."""
        return self.type in API_CREATABLE_FIELD_TYPES


class Prerequisites(Spec):
    """What must exist in the instance before the program works (Marketo's import needs them).

    The program's channel (with its statuses) and tag values are prerequisites too; they are
    read from ``program``.
    """

    fields: tuple[FieldPrerequisite, ...] = _field("Lead fields the program needs.", ())
    segmentations: tuple[str, ...] = _field(
        "Segmentations that must exist and be approved, by name.", ()
    )

    def field(self, name: str) -> FieldPrerequisite | None:
        """The declared field with this API name or display name (case-insensitive)."""
        wanted = " ".join(name.split()).lower()
        for item in self.fields:
            if wanted in (item.name.lower(), " ".join(item.display_name.split()).lower()):
                return item
        return None

    def declares_field(self, name: str) -> bool:
        return self.field(name) is not None


class TemplateSpec(Spec):
    """A Marketo program template (program.yaml)."""

    format_version: Literal[1] = _field("Version of this format; always 1.")
    description: str | None = _field(
        "What the template is for, shown by 'marketo-ops templates list'.", default=None
    )
    variables: dict[str, Variable] = _field(
        "Naming variables used as {{ name }} anywhere in this file.", {}
    )
    program: Program = _field("The program: name, type, channel, tags, costs and tokens.")
    folders: tuple[Folder, ...] = _field("Folders inside the program.", ())
    smart_campaigns: tuple[SmartCampaign, ...] = _field("Smart campaigns.", ())
    emails: tuple[Email, ...] = _field("Emails.", ())
    email_templates: tuple[EmailTemplate, ...] = _field("Design Studio email templates.", ())
    files: tuple[File, ...] = _field("Design Studio images and files.", ())
    landing_page_templates: tuple[LandingPageTemplate, ...] = _field(
        "Design Studio landing-page templates.", ()
    )
    landing_pages: tuple[LandingPage, ...] = _field("Landing pages.", ())
    snippets: tuple[Snippet, ...] = _field("Design Studio snippets.", ())
    rules: ConflictRules = _field("Default conflict rules.", ConflictRules())
    prerequisites: Prerequisites = _field(
        "Lead fields and segmentations the instance must have before the import.",
        Prerequisites(),
    )


LOCAL_ASSET_SECTIONS = ("smart_campaigns", "emails", "landing_pages")
"""Sections holding program-local assets: their names are unique within the program."""

DESIGN_STUDIO_SECTIONS = ("email_templates", "files", "landing_page_templates", "snippets")
"""Sections holding Design Studio assets: their names are unique within their folder."""
