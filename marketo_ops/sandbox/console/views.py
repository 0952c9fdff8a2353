"""What each console page shows, read through the domain layer: plain data for the templates.

Nothing here writes: the console shows the instance, the API changes it. Every function takes
the store and ids and returns dataclasses or dicts; escaping is the templates' job (Jinja's
autoescape), so values here are raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from ...importer.provenance import marked_by
from ..admin import ORIGIN as SEEDED
from ..domain import campaigns, emails, pages, templates, tree, versions
from ..store.db import Row, Store
from . import outline
from .outline import VERSIONED, Node
from .personalize import Person, Personalizer, for_container, my_tokens, person_label

QUALIFICATION: Final = {
    "once": "Each person can run through the flow once",
    "any": "Each person can run through the flow every time",
}
PERSON_CHOICES: Final = 100
"""People offered in the preview's picker (any other id can be typed in)."""


@dataclass
class Asset:
    """What every page header shows: identity, place, status and provenance."""

    kind: str
    id: int
    name: str
    label: str
    workspace: str
    path: str
    description: str
    mark: str | None
    seeded: bool
    status: list[str]
    created_at: float
    updated_at: float


def asset(store: Store, row: Row) -> Asset:
    description = str(row.data.get("description") or "")
    return Asset(
        kind=row.kind,
        id=row.id,
        name=row.name,
        label=tree.KIND_LABELS.get(row.kind, row.kind),
        workspace=row.workspace,
        path=tree.path_of(store, row),
        description=description,
        mark=marked_by(description),
        seeded=row.kind == "program" and row.data.get("origin") == SEEDED,
        status=status_of(row),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def status_of(row: Row) -> list[str]:
    if row.kind in VERSIONED:
        if versions.has_approved(row) and versions.has_draft(row):
            return ["approved with draft"]
        return [versions.status_label(row)]
    if row.kind == "smart_campaign":
        return ["active" if row.data.get("isActive") else "inactive"]
    return []


# --- program ------------------------------------------------------------------------------------
@dataclass
class ProgramPage:
    program: Asset
    row: Row
    tree: list[Node]
    """The program's folders with what each holds, nested like Marketo's tree."""
    tokens: list[dict[str, Any]]
    emails: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    landing_pages: list[dict[str, Any]]
    lists: list[dict[str, Any]]
    others: list[dict[str, Any]]


def program_page(store: Store, program: Row) -> ProgramPage:
    """Everything in a program, read in one query (a 400-asset program stays well under the
    console's 100 ms: see benchmarks/console_pages.py)."""
    top, every = outline.program_contents(store, program.id)
    smart_lists = {node.id: node for node in every if node.kind == "smart_list"}
    folder_names = {node.id: node.name for node in every if node.kind == "folder"}
    own = {token["name"].lower() for token in store.tokens("Program", program.id)}
    token_rows = [
        {**token, "inherited": token["name"].lower() not in own}
        for token in my_tokens(store, program)
    ]
    template_rows: dict[int, Row | None] = {}

    def template_of(node: Node) -> Row | None:
        template_id = int(node.extra.get("template") or 0)
        if template_id not in template_rows:
            template_rows[template_id] = store.get("email_template", template_id)
        return template_rows[template_id]

    def item(node: Node, **more: Any) -> dict[str, Any]:
        in_folder = node.parent is not None and node.parent[0] == "folder"
        folder = folder_names.get(node.parent[1], "") if node.parent and in_folder else ""
        return {"node": node, "folder": folder, **more}

    shown = [node for node in every if not node.owned]
    campaign_rows = []
    for node in shown:
        if node.kind != "smart_campaign":
            continue
        smart_list = smart_lists.get(int(node.extra.get("smartListId") or 0))
        counts = smart_list.extra if smart_list is not None else {}
        campaign_rows.append(
            item(
                node,
                type=node.detail or "default",
                triggers=counts.get("triggers", 0),
                filters=counts.get("filters", 0),
                steps=node.extra.get("steps", 0),
            )
        )
    listed = {"folder", "email", "smart_campaign", "landing_page", "smart_list", "static_list"}
    return ProgramPage(
        program=asset(store, program),
        row=program,
        tree=top,
        tokens=token_rows,
        emails=[
            item(
                node,
                subject=node.extra["subject"],
                template=template_of(node),
                operational=node.extra["operational"],
            )
            for node in shown
            if node.kind == "email"
        ],
        campaigns=campaign_rows,
        landing_pages=[item(node) for node in shown if node.kind == "landing_page"],
        lists=[item(node) for node in shown if node.kind in {"smart_list", "static_list"}],
        others=[item(node) for node in shown if node.kind not in listed],
    )


# --- smart campaign -----------------------------------------------------------------------------
@dataclass
class Rule:
    number: int
    name: str
    operator: str
    conditions: list[dict[str, Any]]


@dataclass
class Step:
    number: int
    action: str
    params: list[tuple[str, str, str | None]]
    """(label, value as written, value with tokens filled when that differs)."""
    choices: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CampaignPage:
    campaign: Asset
    row: Row
    program: Row | None
    type: str
    active: bool
    requestable: bool
    triggers: list[Rule]
    filters: list[Rule]
    filter_logic: str
    flow: list[Step]
    qualification: str
    smart_list_id: int


def campaign_page(store: Store, row: Row) -> CampaignPage:
    rules = campaigns.rules_of(store, row)
    container = tree.parent_of(store, row)
    fill = for_container(store, container, None)
    program = fill.program
    return CampaignPage(
        campaign=asset(store, row),
        row=row,
        program=program,
        type=str(row.data.get("type", "default")),
        active=bool(row.data.get("isActive")),
        requestable=bool(row.data.get("isRequestable")),
        triggers=_rules(rules.get("triggers") or [], fill),
        filters=_rules(rules.get("filters") or [], fill),
        filter_logic=filter_logic(rules),
        flow=[_step(number, step, fill) for number, step in enumerate(_flow(row), start=1)],
        qualification=qualification(row.data),
        smart_list_id=int(row.data.get("smartListId") or 0),
    )


def _flow(row: Row) -> list[dict[str, Any]]:
    return [step for step in row.data.get("flow") or [] if isinstance(step, dict)]


def _filled(value: str, fill: Personalizer) -> str | None:
    filled = fill.fill(value, in_html=False)
    return filled if filled != value else None


def _rules(items: list[Any], fill: Personalizer) -> list[Rule]:
    found = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):  # the API's short form: a trigger by name
            found.append(Rule(number, str(item), "", []))
            continue
        conditions = []
        for condition in item.get("conditions") or []:
            values = [str(value) for value in condition.get("values") or []]
            text = ", ".join(values)
            conditions.append(
                {
                    "attribute": condition.get("activityAttributeName") or "",
                    "operator": condition.get("operator") or "",
                    "values": text,
                    "filled": _filled(text, fill),
                    "primary": bool(condition.get("isPrimary")),
                }
            )
        found.append(
            Rule(number, str(item.get("name", "")), str(item.get("operator") or ""), conditions)
        )
    return found


def _step(number: int, step: dict[str, Any], fill: Personalizer) -> Step:
    def params(values: Any) -> list[tuple[str, str, str | None]]:
        if not isinstance(values, dict):
            return []
        return [(str(key), str(value), _filled(str(value), fill)) for key, value in values.items()]

    return Step(
        number=number,
        action=str(step.get("action", "")),
        params=params(step.get("params")),
        choices=[
            {"condition": str(choice.get("condition", "")), "params": params(choice.get("params"))}
            for choice in step.get("choices") or []
            if isinstance(choice, dict)
        ],
    )


def filter_logic(rules: dict[str, Any]) -> str:
    """As the smart-list editor words it: ``Use all filters``, ``Use any filters``, advanced."""
    match = str(rules.get("filterMatchType") or "all").strip().lower()
    if match in {"all", "any"}:
        return f"Use {match} filters"
    logic = rules.get("customLogic") or rules.get("filterLogic")
    return f"Use advanced filter logic: {logic}" if logic else "Use advanced filter logic"


def qualification(data: dict[str, Any]) -> str:
    kind = str(data.get("qualificationRuleType") or "once")
    if kind in QUALIFICATION:
        return QUALIFICATION[kind]
    interval, unit = data.get("qualificationRuleInterval"), data.get("qualificationRuleUnit")
    plural = "" if interval == 1 else "s"
    return f"Each person can run through the flow once every {interval} {unit}{plural}"


# --- emails and landing pages -------------------------------------------------------------------
@dataclass
class Preview:
    """A previewed email or landing page: the chosen version, its headers, the sample person."""

    asset: Asset
    row: Row
    status: str | None
    """The version shown (approved or draft); None when the asset has no such version."""
    versions: list[str]
    headers: list[tuple[str, str]]
    person: Person | None
    people: list[tuple[int, str]]
    unresolved: list[str]
    template: Row | None
    program: Row | None


def versions_of(row: Row) -> list[str]:
    return [
        name
        for name, present in (
            ("approved", versions.has_approved(row)),
            ("draft", versions.has_draft(row)),
        )
        if present
    ]


def email_preview(
    store: Store, row: Row, status: str | None, person: Person | None
) -> tuple[Preview, str | None]:
    """The page's data and the email's HTML with its tokens filled (None: no such version)."""
    fill = for_container(store, tree.parent_of(store, row), person)
    picked = versions.pick(row, status)
    full = emails.full_content(row, status)
    headers: list[tuple[str, str]] = []
    if picked is not None:
        content = picked[1]
        for label, key in (
            ("Subject", "subject"),
            ("From name", "fromName"),
            ("From address", "fromEmail"),
            ("Reply-to", "replyEmail"),
        ):
            value = (content.get(key) or {}).get("value") or ""
            headers.append((label, fill.fill(str(value), in_html=False)))
        if content.get("preHeader"):
            headers.append(("Pre-header", fill.fill(str(content["preHeader"]), in_html=False)))
    body = fill.fill(full[1], in_html=True) if full is not None else None
    template = store.get("email_template", int(row.data.get("template") or 0))
    return (
        Preview(
            asset=asset(store, row),
            row=row,
            status=picked[0] if picked else None,
            versions=versions_of(row),
            headers=headers,
            person=person,
            people=people(store),
            unresolved=fill.unresolved,
            template=template,
            program=fill.program,
        ),
        body,
    )


def page_preview(store: Store, row: Row, person: Person | None) -> tuple[Preview, str | None]:
    """A landing page's current version (approved, else draft) with its tokens filled."""
    fill = for_container(store, tree.parent_of(store, row), person)
    full = pages.full_page(store, row)
    picked = versions.pick(row, None)
    headers = []
    if picked is not None:
        headers = [
            (label, fill.fill(str(picked[1].get(key) or ""), in_html=False))
            for label, key in (("Title", "title"), ("Description", "metaTagsDescription"))
            if picked[1].get(key)
        ]
    body = fill.fill(full[1], in_html=True) if full is not None else None
    template = store.get("lp_template", int(row.data.get("template") or 0))
    return (
        Preview(
            asset=asset(store, row),
            row=row,
            status=picked[0] if picked else None,
            versions=versions_of(row),
            headers=headers,
            person=person,
            people=people(store),
            unresolved=fill.unresolved,
            template=template,
            program=fill.program,
        ),
        body,
    )


def template_html(row: Row, status: str | None) -> tuple[str, str] | None:
    """(version, HTML) of an email or landing-page template."""
    picked = versions.pick(row, status)
    return (picked[0], str(picked[1].get("content", ""))) if picked else None


def people(store: Store) -> list[tuple[int, str]]:
    """The first people of the lead database, for the preview's picker."""
    rows = store.execute(
        "SELECT id, email, json_extract(data, '$.firstName'), json_extract(data, '$.lastName')"
        " FROM leads ORDER BY id LIMIT ?",
        (PERSON_CHOICES,),
    )
    return [
        (
            int(lead_id),
            person_label(int(lead_id), {"firstname": first, "lastname": last, "email": email}),
        )
        for lead_id, email, first, last in rows
    ]


def used_by(store: Store, template: Row) -> list[Row]:
    """Emails or landing pages built on a template."""
    if template.kind == "email_template":
        return templates.emails_using(store, template)
    return templates.pages_using(store, template)
