"""The sandbox's admin surface: what the REST API cannot do, clearly outside of Marketo's API.

In a real instance an admin defines tag types and channels in Admin, and builds smart lists and
flows in the UI. The sandbox offers Python calls for those so tests and ``sandbox seed`` can set
up what an importer then reads through the ordinary API. Everything made here goes through the
same rules as the API (name uniqueness, approved templates, folder types) and carries
``"origin": "sandbox-admin"`` in the store so it is recognisable as non-Marketo.

``SeedProgram`` and friends are plain dataclasses: the template format is adapted to them
elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from .domain import campaigns, emails, files, folders, programs, templates, tokens, versions
from .errors import ApiError
from .store.db import Row, Store
from .store.seed import ALL_PROGRAM_TYPE_CODES, seed_workspace

ORIGIN: Final = "sandbox-admin"


class SandboxAdminError(Exception):
    """An admin call broke a Marketo rule; ``code`` and ``message`` are what the API would say."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass
class SeedToken:
    name: str
    value: str
    type: str = "text"


@dataclass
class SeedEmail:
    """An email in the program; ``template`` is an email template id or name (must be approved)."""

    name: str
    template: int | str
    folder: str | None = None
    """Path of a folder inside the program (``"Emails"``), or None for the program itself."""
    subject: str = ""
    from_name: str | None = None
    from_email: str | None = None
    reply_email: str | None = None
    description: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    """htmlId -> HTML content of that editable section."""
    preheader: str | None = None
    operational: bool = False
    text_only: bool = False
    approve: bool = False


@dataclass
class SeedCampaign:
    """A smart campaign with smart-list rules (the API's ``SmartListRules`` shape) and a flow.

    ``triggers`` and ``filters`` are dicts with ``name``, ``ruleTypeId``, ``ruleType``,
    ``operator`` and ``conditions`` (missing keys are filled); ``flow`` is an opaque list of flow
    step dicts, kept as given. ``qualification`` is the UI's wording of the smart campaign's
    qualification rule: ``"once"``, ``"every time"`` or ``"once every 2 days"``.
    """

    name: str
    folder: str | None = None
    description: str = ""
    triggers: list[dict[str, Any]] = field(default_factory=list)
    filters: list[dict[str, Any]] = field(default_factory=list)
    filter_match_type: str = "all"
    flow: list[dict[str, Any]] = field(default_factory=list)
    active: bool = False
    qualification: str | None = None


@dataclass
class SeedProgram:
    """A whole program built directly in the store, as an admin would build it in the UI."""

    name: str
    folder: int | str = "Marketing Activities/Default"
    """Destination: a folder id or a path such as ``"Marketing Activities/Default/Campaigns"``."""
    type: str = "Default"
    channel: str = "Operational"
    description: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    costs: list[dict[str, Any]] = field(default_factory=list)
    """Period costs in the API's shape: ``{"startDate": "2025-01-01", "cost": 500, "note": ..}``."""
    folders: list[str] = field(default_factory=list)
    """Folders inside the program, as paths (``"Emails"``, ``"Campaigns/Nurture"``)."""
    folder_descriptions: dict[str, str] = field(default_factory=dict)
    """Folder path -> description, for folders of ``folders`` that have one."""
    tokens: list[SeedToken] = field(default_factory=list)
    emails: list[SeedEmail] = field(default_factory=list)
    campaigns: list[SeedCampaign] = field(default_factory=list)


@dataclass
class SeededProgram:
    """Ids of what :meth:`SandboxAdmin.seed_program` created, by name or path.

    ``email_templates`` and ``files`` (Design Studio) are filled by callers that seed those too
    (``seed_template``), keyed by the name asked for; ``renamed`` maps such a name to the name
    the asset got when the wanted one was taken (Marketo's "keep both": ``"Logo - 1"``).
    """

    program_id: int
    name: str = ""
    folders: dict[str, int] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)
    email_templates: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)


_RULE_KEYS: Final = ("id", "name", "ruleTypeId", "ruleType", "operator", "conditions")
_CONDITION_KEYS: Final = (
    "activityAttributeId",
    "activityAttributeName",
    "operator",
    "values",
    "isPrimary",
)


def _rule(item: dict[str, Any] | str, index: int) -> dict[str, Any]:
    if isinstance(item, str):
        item = {"name": item}
    rule = dict(item)
    rule.setdefault("id", index)
    rule.setdefault("name", f"Rule {index}")
    rule.setdefault("ruleTypeId", 0)
    rule.setdefault("ruleType", rule["name"])
    rule.setdefault("operator", "")
    conditions = []
    for position, condition in enumerate(rule.get("conditions") or []):
        filled = dict(condition)
        filled.setdefault("activityAttributeId", position + 1)
        filled.setdefault("activityAttributeName", str(filled.get("name", "")))
        filled.setdefault("operator", "is")
        filled.setdefault("values", [])
        filled.setdefault("isPrimary", position == 0)
        conditions.append(_ordered(filled, _CONDITION_KEYS))
    rule["conditions"] = conditions
    return _ordered(rule, _RULE_KEYS)


def _ordered(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The API's key order first (as Marketo prints rules), any other keys after."""
    return {**{key: item[key] for key in keys if key in item}, **item}


_QUALIFICATION_RE = re.compile(
    r"once every\s+([1-9][0-9]*)\s+(hour|day|week|month)s?", re.IGNORECASE
)


def qualification_rule(text: str) -> dict[str, Any]:
    """The UI's qualification wording as the API's ``qualificationRule*`` fields.

    ``"once"`` -> once; ``"every time"`` -> any; ``"once every 2 days"`` -> interval, 2, day.
    """
    wording = " ".join(text.lower().split())
    if wording == "once":
        return {"qualificationRuleType": "once"}
    if wording == "every time":
        return {"qualificationRuleType": "any"}
    match = _QUALIFICATION_RE.fullmatch(wording)
    if match is None:
        raise SandboxAdminError(
            1003,
            f"Invalid qualification rule '{text}'; use 'once', 'every time' or"
            " 'once every N hours|days|weeks|months'",
        )
    return {
        "qualificationRuleType": "interval",
        "qualificationRuleInterval": int(match.group(1)),
        "qualificationRuleUnit": match.group(2).lower(),
    }


def smart_list_rules(
    triggers: Sequence[dict[str, Any] | str],
    filters: Sequence[dict[str, Any] | str],
    filter_match_type: str = "all",
) -> dict[str, Any]:
    """Rules in the ``SmartListRules`` shape, with rule ids numbered like Marketo's."""
    numbered = [_rule(item, 1000 + index) for index, item in enumerate(triggers)]
    return {
        "filterMatchType": filter_match_type,
        "triggers": numbered,
        "filters": [_rule(item, 2000 + index) for index, item in enumerate(filters)],
    }


class SandboxAdmin:
    """Non-Marketo setup calls on a sandbox's store (``Sandbox.admin``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- catalogs -------------------------------------------------------------------------------
    def add_tag_type(
        self,
        name: str,
        allowable_values: Iterable[str],
        required: bool = False,
        applicable_program_types: Iterable[str] = ALL_PROGRAM_TYPE_CODES,
    ) -> None:
        """Define a tag type.

        ``applicable_program_types`` uses Marketo's codes: program, email_batch, nurture, event,
        webinar.
        """
        self.store.catalog_put(
            "tag_type",
            name,
            {
                "tagType": name,
                "allowableValues": list(allowable_values),
                "required": required,
                "applicableProgramTypes": list(applicable_program_types),
                "origin": ORIGIN,
            },
        )

    def add_channel(
        self,
        name: str,
        *,
        applicable_program_type: str = "program",
        statuses: Sequence[str | tuple[str, bool]] = ("Not in Program", "Member"),
    ) -> int:
        """Define a channel; ``statuses`` are names or (name, success) pairs, in step order."""
        existing = self.store.catalog_get("channel", name)
        progression = []
        for step, status in enumerate(statuses):
            status_name, success = (status, False) if isinstance(status, str) else status
            progression.append(
                {
                    "name": status_name,
                    "step": step * 10,
                    "description": None,
                    "hidden": False,
                    "success": success,
                }
            )
        channel_id = int(existing["id"]) if existing else self.store.next_id("channel")
        now = self.store.now()
        self.store.catalog_put(
            "channel",
            name,
            {
                "id": channel_id,
                "name": name,
                "applicableProgramType": applicable_program_type,
                "progressionStatuses": progression,
                "createdAt": existing["createdAt"] if existing else now,
                "updatedAt": now,
                "origin": ORIGIN,
            },
        )
        return channel_id

    def add_workspace(self, name: str) -> None:
        """A further workspace with its Marketing Activities and Design Studio zones."""
        with self.store.transaction():
            if self.store.catalog_get("workspace", name) is not None:
                return
            self.store.catalog_put("workspace", name, {"name": name, "origin": ORIGIN})
            seed_workspace(self.store, name)

    # --- lookups --------------------------------------------------------------------------------
    def folder(self, path_or_id: int | str) -> Row:
        """A folder or program by id or by path (``"Design Studio/Default/Emails/Templates"``)."""
        if isinstance(path_or_id, int):
            row = self.store.get("folder", path_or_id)
            if row is None:
                raise SandboxAdminError(710, f"Folder {path_or_id} not found")
            return row
        parts = [part for part in path_or_id.strip("/").split("/") if part]
        if not parts:
            raise SandboxAdminError(710, "Empty folder path")
        current = next(
            (row for row in folders.roots(self.store) if row.name.lower() == parts[0].lower()), None
        )
        for part in parts[1:]:
            if current is None:
                break
            current = next(
                (
                    child
                    for child in self.store.children(current)
                    if child.kind in {"folder", "program"} and child.name.lower() == part.lower()
                ),
                None,
            )
        if current is None:
            raise SandboxAdminError(710, f"Folder '{path_or_id}' not found")
        return current

    def ensure_folder(self, path: str, description: str | None = None) -> Row:
        """The folder at ``path``, creating the missing folders at its end (as an admin would).

        The existing part of the path decides where new folders may go: Marketo's folder rules
        apply (711 in a zone root or in a Design Studio folder of another asset type).
        ``description`` is given to the folders this creates.
        """
        parts = [part for part in path.strip("/").split("/") if part]
        with self._rules(), self.store.transaction():
            for end in range(len(parts), 0, -1):
                try:
                    current = self.folder("/".join(parts[:end]))
                except SandboxAdminError:
                    continue
                for name in parts[end:]:
                    current = folders.create(self.store, name, current, description)
                    current.data["origin"] = ORIGIN
                    self.store.save(current, touch=False)
                return current
            raise SandboxAdminError(710, f"Folder '{path}' not found")

    # --- assets ---------------------------------------------------------------------------------
    def add_file(
        self,
        name: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        folder: int | str = "Design Studio/Default/Images and Files",
        description: str | None = None,
    ) -> int:
        """Upload a Design Studio file; a taken name is refused (709), as with ``insertOnly``."""
        with self._rules():
            row = files.create(
                self.store,
                name=name,
                container=self.folder(folder),
                content=content,
                mime_type=mime_type,
                description=description,
                insert_only=True,
            )
            row.data["origin"] = ORIGIN
            self.store.save(row, touch=False)
            return row.id

    def add_email_template(
        self,
        name: str,
        html: str,
        *,
        folder: int | str = "Design Studio/Default/Emails/Templates",
        description: str | None = None,
        approve: bool = True,
    ) -> int:
        with self._rules():
            row = templates.create_email_template(
                self.store,
                name=name,
                container=self.folder(folder),
                content=html,
                description=description,
            )
            row.data["origin"] = ORIGIN
            if approve:
                templates.approve_email_template(self.store, row)
            else:
                self.store.save(row)
            return row.id

    def add_program_asset(self, program_id: int, asset_type: str, name: str) -> int:
        """Put a report, social asset, push or in-app message (``report``, ``social``, ``push``,
        ``in_app``) in a program, which makes the program unclonable (709), as in Marketo."""
        with self._rules():
            program = programs.require(self.store, program_id)
            return programs.add_program_asset(self.store, program, asset_type, name).id

    def seed_program(self, spec: SeedProgram) -> SeededProgram:
        """Build a program with folders, tokens, emails and smart campaigns with rules and flows."""
        with self._rules(), self.store.transaction():
            destination = self.folder(spec.folder)
            program = programs.create(
                self.store,
                name=spec.name,
                container=destination,
                type_name=spec.type,
                channel=spec.channel,
                description=spec.description,
                tags=[{"tagType": key, "tagValue": value} for key, value in spec.tags.items()],
                costs=programs.parse_costs(spec.costs) if spec.costs else None,
                origin=ORIGIN,
            )
            seeded = SeededProgram(program_id=program.id, name=program.name)
            containers: dict[str, Row] = {"": program}
            for path in spec.folders:
                self._program_folder(program, path, containers, seeded, spec.folder_descriptions)
            for token in spec.tokens:
                tokens.put(self.store, program, token.name, token.type, token.value)
            for email in spec.emails:
                seeded.emails[email.name] = self._email(program, email, containers, seeded)
            for campaign in spec.campaigns:
                parent = self._program_folder(program, campaign.folder or "", containers, seeded)
                row = campaigns.create(
                    self.store,
                    name=campaign.name,
                    container=parent,
                    description=campaign.description,
                    rules=smart_list_rules(
                        campaign.triggers, campaign.filters, campaign.filter_match_type
                    ),
                    flow=campaign.flow,
                    origin=ORIGIN,
                )
                if campaign.qualification:
                    row.data.update(qualification_rule(campaign.qualification))
                    row = self.store.save(row, touch=False)
                if campaign.active:
                    campaigns.activate(self.store, row)
                seeded.campaigns[campaign.name] = row.id
            return seeded

    def _program_folder(
        self,
        program: Row,
        path: str,
        containers: dict[str, Row],
        seeded: SeededProgram,
        descriptions: dict[str, str] | None = None,
    ) -> Row:
        key = "/".join(part for part in path.strip("/").split("/") if part)
        if key in containers:
            return containers[key]
        parent_key, _, name = key.rpartition("/")
        parent = self._program_folder(program, parent_key, containers, seeded, descriptions)
        row = folders.create(self.store, name, parent, (descriptions or {}).get(key))
        row.data["origin"] = ORIGIN
        self.store.save(row, touch=False)
        containers[key] = row
        seeded.folders[key] = row.id
        return row

    def _email(
        self, program: Row, spec: SeedEmail, containers: dict[str, Row], seeded: SeededProgram
    ) -> int:
        parent = self._program_folder(program, spec.folder or "", containers, seeded)
        template_id = (
            spec.template if isinstance(spec.template, int) else self._template_id(spec.template)
        )
        row = emails.create(
            self.store,
            name=spec.name,
            container=parent,
            template_id=template_id,
            description=spec.description,
            subject=spec.subject,
            from_name=spec.from_name,
            from_email=spec.from_email,
            reply_email=spec.reply_email,
            operational=spec.operational,
            text_only=spec.text_only,
            origin=ORIGIN,
        )
        for html_id, html in spec.sections.items():
            row = emails.update_section(
                self.store, row, html_id=html_id, kind="Text", value=html, text_value=None
            )
        if spec.preheader:
            row = emails.update_metadata(self.store, row, {"preHeader": spec.preheader})
        if spec.approve:
            emails.approve(self.store, row)
        return row.id

    def _template_id(self, name: str) -> int:
        rows = self.store.find("email_template", name=name)
        if not rows:
            raise SandboxAdminError(709, f"Email template '{name}' not found")
        approved = [row for row in rows if versions.has_approved(row)]
        return (approved or rows)[0].id

    def _rules(self) -> _Translate:
        return _Translate()


class _Translate:
    """Turns the API's ApiError into SandboxAdminError for Python callers."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ApiError):
            raise SandboxAdminError(exc.code, exc.message) from exc


__all__ = [
    "SandboxAdmin",
    "SandboxAdminError",
    "SeedCampaign",
    "SeedEmail",
    "SeedProgram",
    "SeedToken",
    "SeededProgram",
    "qualification_rule",
    "smart_list_rules",
]
