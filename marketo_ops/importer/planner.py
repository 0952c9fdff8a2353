"""Planning: compare the template with the destination and decide, asset by asset, what to do.

The planner only reads. For every entry of the template it finds the asset that would hold it
(by name, where Marketo's names are unique), compares what is there with what the template
says, and records an :class:`Action` with its reason; missing prerequisites become
:class:`Problem` s, all of them at once. Design Studio assets follow the conflict rules:

* an identical asset is reused, whoever made it (an import twice changes nothing);
* an asset this template imported before (see ``provenance``) is updated in place;
* a same-named asset of someone else's goes through the rule: keep both / copy (ours is imported
  as ``Name - 1``) or replace / use destination.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..templates import (
    ConflictRules,
    EmailTemplate,
    File,
    LandingPageTemplate,
    ProgramTemplate,
    Snippet,
    replace_image_refs,
)
from ..templates.placeholders import image_refs_in
from ..types.asset import Email, Folder, LandingPage, Program, SmartCampaign
from .destination import Destination, ProgramContents, iter_copies
from .model import Action, AssetKind, Change, Op, Problem
from .preflight import field_exists, referenced_lead_fields, referenced_segmentations
from .provenance import is_ours, mark
from .rules import cli_name
from .rules_compare import is_empty, smart_list_matches

if TYPE_CHECKING:
    from ..client import Marketo

T = TypeVar("T")

#: Placeholder in planned HTML for an image whose URL exists only once apply uploads it.
PENDING_URL = "marketo-ops://pending/{name}"


@dataclass(frozen=True)
class ImportRequest:
    """What to import and where: the inputs of a plan, kept in the journal for --resume."""

    template: ProgramTemplate
    into: str = "Marketing Activities"
    workspace: str = "Default"
    rules: ConflictRules = field(default_factory=ConflictRules)
    seed: str | None = None

    @property
    def template_id(self) -> str:
        return self.template.source_dir.resolve().name


@dataclass
class Binding:
    """Where a Design Studio entry of the template lands in the destination."""

    name: str  # the name in the destination
    existing_id: int | None = None  # known now (reuse/update/replace), else set by apply
    url: str | None = None  # files: public URL when known now


@dataclass
class PlanDraft:
    """Everything the planner found; ``plan.Plan`` wraps it with apply and rendering."""

    request: ImportRequest
    target_folder: Folder | None
    program: Program | None
    contents: ProgramContents | None
    seed_program: Program | None
    actions: list[Action]
    problems: list[Problem]
    notes: list[str]
    bindings: dict[str, Binding]
    manual_steps: dict[str, list[str]]
    destination: Destination  # what was read, cached: verify reuses it


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_html(html: str) -> str:
    """Compare HTML as Marketo keeps it: line endings and trailing blanks do not count."""
    lines = [line.rstrip() for line in html.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    inner = getattr(value, "value", value)
    return "" if inner is None else str(inner).strip()


class Planner:
    def __init__(self, destination: Destination, request: ImportRequest) -> None:
        self.dest = destination
        self.request = request
        self.template = request.template
        self.rules = request.rules
        self.template_id = request.template_id
        self.actions: dict[str, Action] = {}
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.bindings: dict[str, Binding] = {}
        self.program: Program | None = None
        self.contents: ProgramContents | None = None
        self.seed: Program | None = None
        self.target: Folder | None = None

    # -- helpers -------------------------------------------------------------------------------

    def add(self, action: Action) -> Action:
        self.actions[action.key] = action
        return action

    def problem(self, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code, message, hint))

    def described(self, description: str | None) -> str:
        return mark(description, self.template_id)

    def image_urls(self) -> dict[str, str]:
        """File name in the template -> URL now known, or a pending placeholder."""
        urls = {}
        for entry in self.template.files:
            binding = self.bindings.get(f"file:{entry.name}")
            url = binding.url if binding else None
            urls[entry.name] = url or PENDING_URL.format(name=entry.name)
        return urls

    def file_deps(self, html: str) -> list[str]:
        return sorted({f"file:{ref.name}" for ref in image_refs_in(html)})

    # -- the whole plan ------------------------------------------------------------------------

    def run(self) -> PlanDraft:
        self.plan_target()
        self.plan_prerequisites()
        for entry in self.template.files:
            self.plan_file(entry)
        for template in self.template.email_templates:
            self.plan_email_template(template)
        for lp_template in self.template.landing_page_templates:
            self.plan_lp_template(lp_template)
        for snippet in self.template.snippets:
            self.plan_snippet(snippet)
        self.plan_program()
        if not any(p.code in ("program-elsewhere", "program-kind") for p in self.problems):
            self.plan_folders()
            self.plan_tokens()
            self.plan_emails()
            self.plan_landing_pages()
            self.plan_campaigns()
        return PlanDraft(
            request=self.request,
            target_folder=self.target,
            program=self.program,
            contents=self.contents,
            seed_program=self.seed,
            actions=list(self.actions.values()),
            problems=self.problems,
            notes=self.notes,
            bindings=self.bindings,
            manual_steps=self.manual_steps(),
            destination=self.dest,
        )

    # -- destination and prerequisites -----------------------------------------------------------

    def plan_target(self) -> None:
        into = self.request.into
        self.target = self.dest.marketing_folder(into)
        if self.target is None:
            self.problem(
                "target-folder",
                f"The destination folder '{into}' does not exist in workspace "
                f"'{self.request.workspace}'.",
                "Create it in Marketing Activities, or choose another with --into.",
            )

    def plan_prerequisites(self) -> None:
        program = self.template.program
        channel = self.dest.channels.get(program.channel)
        if channel is None:
            known = ", ".join(sorted(self.dest.channels)) or "none"
            self.problem(
                "channel",
                f"Channel '{program.channel}' does not exist in the destination.",
                f"Create it in Admin > Tags > Channels (known channels: {known}).",
            )
        else:
            if not applies_to(channel.applicable_program_type, program.type):
                self.problem(
                    "channel-type",
                    f"Channel '{program.channel}' applies to {channel.applicable_program_type}"
                    f" programs, not to {program.type} programs.",
                    "Choose a channel for this program type in the template.",
                )
            statuses = {s.name for s in channel.progression_statuses or [] if s.name}
            for status in program.statuses:
                if statuses and status not in statuses:
                    self.problem(
                        "channel-status",
                        f"Channel '{program.channel}' has no membership status '{status}' "
                        f"(it has: {', '.join(sorted(statuses))}).",
                        "Add the status to the channel in Admin > Tags, or fix the template.",
                    )
        self.plan_tag_prerequisites()
        fields = self.dest.lead_fields
        for name, where in referenced_lead_fields(self.template).items():
            if not field_exists(name, fields):
                self.problem(
                    "lead-field",
                    f"Lead field '{name}' ({where}) does not exist in the destination.",
                    "Create the field in Admin > Field Management, or change the template.",
                )
        segmentations = self.dest.segmentations
        for name, where in referenced_segmentations(self.template).items():
            if name not in segmentations:
                self.problem(
                    "segmentation",
                    f"Segmentation '{name}' ({where}) does not exist in the destination.",
                    "Create and approve it in Database > Segmentations.",
                )

    def plan_tag_prerequisites(self) -> None:
        program = self.template.program
        given = {tag.tag_type for tag in program.tags}
        if self.rules.tags == "create":
            for tag in program.tags:
                tag_type = self.dest.tag_type(tag.tag_type)
                if tag_type is None:
                    self.problem(
                        "tag-type",
                        f"Tag type '{tag.tag_type}' does not exist in the destination, and the "
                        "REST API cannot create tag types.",
                        f"Create tag type '{tag.tag_type}' with the value '{tag.value}' in "
                        "Admin > Tags, or import without tags: --rule tags=ignore.",
                    )
                    continue
                allowed = _allowed_values(tag_type.allowable_values)
                if allowed and tag.value not in allowed:
                    self.problem(
                        "tag-value",
                        f"Tag type '{tag.tag_type}' has no value '{tag.value}' in the destination"
                        f" (it has: {', '.join(allowed)}), and the REST API cannot add one.",
                        f"Add the value '{tag.value}' to tag type '{tag.tag_type}' in "
                        "Admin > Tags, or import without tags: --rule tags=ignore.",
                    )
        for name, summary in self.dest.tag_types.items():
            if not summary.required or not applies_to(
                summary.applicable_program_types, program.type
            ):
                continue
            if self.rules.tags == "ignore" or name not in given:
                self.problem(
                    "tag-required",
                    f"The destination requires tag '{name}' on {program.type} programs, and "
                    + (
                        "--rule tags=ignore leaves it out."
                        if name in given
                        else "the template does not set it."
                    ),
                    f"Add a '{name}' tag to the template's program (with a value allowed in "
                    "Admin > Tags).",
                )

    # -- Design Studio -------------------------------------------------------------------------

    def design_folder(self, relative: str, entry_label: str) -> Folder | None:
        folder = self.dest.design_folder(relative)
        if folder is None:
            self.problem(
                "design-folder",
                f"Design Studio folder '{relative}' ({entry_label}) does not exist in workspace "
                f"'{self.request.workspace}'.",
                "Create the folder in Design Studio, or change the entry's folder.",
            )
        return folder

    def plan_file(self, entry: File) -> None:
        key = f"file:{entry.name}"
        location = f"Design Studio/{entry.folder}"
        self.design_folder(entry.folder, f"file '{entry.name}'")
        data = self.template.file_bytes(entry)
        digest = content_hash(data)

        def identical(candidate: Any) -> bool:
            if candidate.size is not None and candidate.size != len(data):
                return False
            fetched = self.dest.file_bytes(candidate)
            return fetched is not None and content_hash(fetched) == digest

        rule = self.rules.images
        decision = self._decide(
            key=key,
            kind=AssetKind.FILE,
            name=entry.name,
            location=location,
            lookup=self.dest.file_named,
            identical=identical,
            ours=lambda c: is_ours(c.description, self.template_id),
            replace=rule == "replace",
            rule_label=f"{cli_name('images')}={rule}",
            keep_extension=True,
        )
        if decision.existing is not None and decision.op in (Op.REUSE, Op.UPDATE, Op.REPLACE):
            decision.binding.url = decision.existing.url
        if decision.op is Op.REPLACE:
            decision.action.affects = [
                "every email, template and landing page showing this image (its URL stays)"
            ]
        self.bindings[key] = decision.binding

    def plan_email_template(self, entry: EmailTemplate) -> None:
        key = f"email_template:{entry.name}"
        self.design_folder(entry.folder, f"email template '{entry.name}'")
        raw = self.template.email_template_html(entry)
        expected = replace_image_refs(raw, self.image_urls())

        def identical(candidate: Any) -> bool:
            html = self.dest.email_template_html(candidate.id)
            return normalise_html(html) == normalise_html(expected)

        rule = self.rules.email_templates
        decision = self._decide(
            key=key,
            kind=AssetKind.EMAIL_TEMPLATE,
            name=entry.name,
            location=f"Design Studio/{entry.folder}",
            lookup=self.dest.email_template_named,
            identical=identical,
            ours=lambda c: is_ours(c.description, self.template_id),
            replace=rule == "replace",
            rule_label=f"{cli_name('email_templates')}={rule}",
        )
        action = decision.action
        action.depends_on = self.file_deps(raw)
        if decision.existing is not None and decision.op in (Op.UPDATE, Op.REPLACE):
            action.affects = self.dest.email_template_users(decision.existing.id)
        if entry.approve and decision.op is Op.REUSE and decision.existing is not None:
            status = (decision.existing.status or "").lower()
            if status and status != "approved":
                action.op = Op.UPDATE
                action.reason = "identical content, but only a draft: emails need it approved"
                action.changes.append(Change("status", status, "approved"))
        self.bindings[key] = decision.binding

    def plan_lp_template(self, entry: LandingPageTemplate) -> None:
        key = f"landing_page_template:{entry.name}"
        self.design_folder(entry.folder, f"landing-page template '{entry.name}'")
        raw = self.template.landing_page_template_html(entry)
        expected = replace_image_refs(raw, self.image_urls())

        def identical(candidate: Any) -> bool:
            html = self.dest.lp_template_html(candidate.id)
            return normalise_html(html) == normalise_html(expected)

        rule = self.rules.lp_templates
        use_destination = rule == "use-destination"
        decision = self._decide(
            key=key,
            kind=AssetKind.LP_TEMPLATE,
            name=entry.name,
            location=f"Design Studio/{entry.folder}",
            lookup=self.dest.lp_template_named,
            identical=identical,
            ours=lambda c: is_ours(c.description, self.template_id),
            replace=False,
            use_existing=use_destination,
            rule_label=f"{cli_name('lp_templates')}={rule}",
        )
        decision.action.depends_on = self.file_deps(raw)
        if use_destination and decision.op is Op.REUSE and decision.conflict:
            users = [p.name for p in self.template.landing_pages if p.template == entry.name]
            decision.action.affects = [f"landing page {name!r}" for name in users]
        self.bindings[key] = decision.binding

    def plan_snippet(self, entry: Snippet) -> None:
        key = f"snippet:{entry.name}"
        self.design_folder(entry.folder, f"snippet '{entry.name}'")
        expected = replace_image_refs(self.template.content_html(entry.content), self.image_urls())

        def identical(candidate: Any) -> bool:
            return normalise_html(self.dest.snippet_html(candidate.id)) == normalise_html(expected)

        decision = self._decide(
            key=key,
            kind=AssetKind.SNIPPET,
            name=entry.name,
            location=f"Design Studio/{entry.folder}",
            lookup=self.dest.snippets.get,
            identical=identical,
            ours=lambda c: is_ours(c.description, self.template_id),
            replace=False,
            rule_label="snippets are always kept both",
        )
        decision.action.depends_on = self.file_deps(self.template.content_html(entry.content))
        self.bindings[key] = decision.binding

    @dataclass
    class _Decision:
        action: Action
        binding: Binding
        existing: Any
        conflict: bool

        @property
        def op(self) -> Op:
            return self.action.op

    def _decide(
        self,
        *,
        key: str,
        kind: AssetKind,
        name: str,
        location: str,
        lookup: Callable[[str], Any],
        identical: Callable[[Any], bool],
        ours: Callable[[Any], bool],
        replace: bool,
        rule_label: str,
        use_existing: bool = False,
        keep_extension: bool = False,
    ) -> Planner._Decision:
        """The conflict rules, shared by every Design Studio asset type."""
        first = lookup(name)
        if first is None:
            action = Action(key, kind, Op.CREATE, name, "new", location=location)
            return self.add_decision(action, Binding(name), None, conflict=False)
        if use_existing:
            action = Action(
                key,
                kind,
                Op.REUSE,
                name,
                "a same-named one exists; the destination's is used",
                location=location,
                existing_id=first.id,
                conflict=f"{kind.label} '{name}' exists (id {first.id}); {rule_label}: "
                "use the destination's, as it is",
            )
            return self.add_decision(action, Binding(name, first.id), first, conflict=True)
        theirs: Any = None
        for candidate_name, candidate in iter_copies(lookup, name, keep_extension=keep_extension):
            if candidate is None:
                break
            if identical(candidate):
                reason = "identical content already in the destination"
                if candidate_name != name:
                    reason += f" (our earlier copy '{candidate_name}')"
                action = Action(
                    key,
                    kind,
                    Op.REUSE,
                    candidate_name,
                    reason,
                    template_name=name,
                    location=location,
                    existing_id=candidate.id,
                )
                binding = Binding(candidate_name, candidate.id)
                return self.add_decision(action, binding, candidate, conflict=False)
            if ours(candidate):
                action = Action(
                    key,
                    kind,
                    Op.UPDATE,
                    candidate_name,
                    "imported by this template before; its content changed",
                    template_name=name,
                    location=location,
                    existing_id=candidate.id,
                    changes=[Change("content", "destination version", "template version")],
                )
                binding = Binding(candidate_name, candidate.id)
                return self.add_decision(action, binding, candidate, conflict=False)
            if theirs is None:
                theirs = candidate
            if replace:
                break
        assert theirs is not None
        found = f"{kind.label} '{name}' exists (id {theirs.id}) with other content"
        if replace:
            action = Action(
                key,
                kind,
                Op.REPLACE,
                name,
                "overwrite the destination's with the template's",
                location=location,
                existing_id=theirs.id,
                conflict=f"{found}; {rule_label}: overwrite it",
                changes=[Change("content", "destination version", "template version")],
            )
            return self.add_decision(action, Binding(name, theirs.id), theirs, conflict=True)
        free = next(
            n for n, c in iter_copies(lookup, name, keep_extension=keep_extension) if c is None
        )
        action = Action(
            key,
            kind,
            Op.COPY,
            free,
            f"imported as '{free}' beside the destination's",
            template_name=name,
            location=location,
            conflict=f"{found}; {rule_label}: import ours as '{free}' and point our assets to it",
        )
        return self.add_decision(action, Binding(free), None, conflict=True)

    def add_decision(
        self, action: Action, binding: Binding, existing: Any, *, conflict: bool
    ) -> Planner._Decision:
        self.add(action)
        return Planner._Decision(action, binding, existing, conflict)

    # -- the program and its contents ----------------------------------------------------------

    def plan_program(self) -> None:
        spec = self.template.program
        key = "program"
        location = self.request.into
        existing = self.dest.program_by_name(spec.name)
        seed_name = self.request.seed
        if existing is None and seed_name:
            self.plan_seed(seed_name)
            if self.seed is None:
                return
            self.add(
                Action(
                    key,
                    AssetKind.PROGRAM,
                    Op.CLONE,
                    spec.name,
                    f"cloned from the seed program '{seed_name}', which carries the smart lists "
                    "and flows the REST API cannot write",
                    location=location,
                    existing_id=self.seed.id,
                    depends_on=self.design_keys(),
                )
            )
            self.program = self.seed
            self.contents = self.dest.program_contents(self.seed)
            self.notes.append(
                "After the clone, apply re-reads the new program and makes its tokens, emails "
                "and campaigns match the template; the differences below are against the seed."
            )
            self.plan_program_fields(self.seed, key, update=False)
            return
        if existing is None:
            self.add(
                Action(
                    key,
                    AssetKind.PROGRAM,
                    Op.CREATE,
                    spec.name,
                    f"new {spec.type} program, channel {spec.channel}",
                    location=location,
                    depends_on=self.design_keys(),
                )
            )
            return
        if seed_name:
            self.notes.append(
                f"Program '{spec.name}' already exists, so the seed '{seed_name}' is not cloned."
            )
        folder_id = existing.folder.id if existing.folder else None
        if self.target is not None and folder_id != self.target.id:
            where = existing.workspace or "another workspace"
            self.problem(
                "program-elsewhere",
                f"A program named '{spec.name}' already exists outside '{self.request.into}' "
                f"(id {existing.id}, folder id {folder_id}, workspace {where}); program names are "
                "unique across the whole subscription.",
                "Import under another name (--name), or into that program's folder (--into).",
            )
            return
        if (existing.type or "").lower() != spec.type.lower():
            self.problem(
                "program-kind",
                f"Program '{spec.name}' exists as a {existing.type} program; the template "
                f"describes a {spec.type} program, and Marketo cannot change a program's type.",
                "Import under another name (--name).",
            )
            return
        self.program = existing
        self.contents = self.dest.program_contents(existing)
        self.plan_program_fields(existing, key, update=True)

    def plan_program_fields(self, program: Program, key: str, *, update: bool) -> None:
        spec = self.template.program
        changes: list[Change] = []
        if (program.channel or "") != spec.channel:
            self.problem(
                "program-channel",
                f"Program '{program.name}' uses channel '{program.channel}'; the template says "
                f"'{spec.channel}', and the REST API cannot change a program's channel.",
                "Change the channel in Marketo, or import under another name (--name).",
            )
        if _text(program.description) != _text(spec.description):
            changes.append(Change("description", program.description, spec.description))
        if self.rules.tags == "create":
            have = sorted((t.tag_type or "", t.tag_value or "") for t in program.tags or [])
            want = sorted((t.tag_type, t.value) for t in spec.tags)
            if have != want:
                changes.append(Change("tags", _tags_text(have), _tags_text(want)))
        have_costs = sorted(
            (str(c.start_date.date() if c.start_date else ""), c.cost or 0, c.note or "")
            for c in program.costs or []
        )
        want_costs = sorted((str(c.start_date), c.cost, c.note or "") for c in spec.costs)
        if have_costs != want_costs:
            changes.append(Change("costs", have_costs, want_costs))
        if not update:
            if changes:
                self.add(
                    Action(
                        "program:fields",
                        AssetKind.PROGRAM,
                        Op.UPDATE,
                        spec.name,
                        "the clone's settings differ from the template",
                        changes=changes,
                        depends_on=[key],
                    )
                )
            return
        if changes:
            op, reason = Op.UPDATE, "program settings differ from the template"
        else:
            op, reason = Op.REUSE, "exists in the destination folder, settings match"
        self.add(
            Action(
                key,
                AssetKind.PROGRAM,
                op,
                spec.name,
                reason,
                location=self.request.into,
                existing_id=program.id,
                changes=changes,
            )
        )

    def plan_seed(self, seed_name: str) -> None:
        seed = self.dest.program_by_name(seed_name)
        if seed is None:
            self.problem(
                "seed",
                f"The seed program '{seed_name}' does not exist in the destination.",
                "Import the program once through Marketo's UI (or, in the sandbox: "
                "marketo-ops sandbox seed TEMPLATE --name NAME), then name it with --seed.",
            )
            return
        if self.target is not None and (self.target.folder_type or "") == "Program":
            self.problem("seed-target", "A program clone must go into a folder, not a program.")
        contents = self.dest.program_contents(seed)
        blockers = [
            f"{kind} #{asset_id}"
            for kind, asset_id, _path in contents.other
            if kind.lower().replace(" ", "") in _UNCLONABLE
        ]
        if blockers:
            self.problem(
                "seed-unclonable",
                f"Marketo cannot clone the seed program '{seed_name}': it holds "
                f"{', '.join(blockers)} (programs with reports, social assets, push or in-app "
                "messages cannot be cloned).",
                "Remove those assets from the seed, or import without --seed.",
            )
            return
        if (seed.type or "").lower() != self.template.program.type.lower():
            self.problem(
                "seed-type",
                f"The seed '{seed_name}' is a {seed.type} program; the template describes a "
                f"{self.template.program.type} program.",
            )
            return
        self.seed = seed

    def design_keys(self) -> list[str]:
        kinds = (AssetKind.FILE, AssetKind.EMAIL_TEMPLATE, AssetKind.LP_TEMPLATE, AssetKind.SNIPPET)
        return [k for k, a in self.actions.items() if a.kind in kinds]

    def program_location(self) -> str:
        return f"{self.request.into}/{self.template.program.name}"

    def folder_key(self, path: str | None) -> str:
        return f"folder:{path}" if path else "program"

    def plan_folders(self) -> None:
        existing = self.contents.folders if self.contents else {}
        for path in self.template.folder_paths():
            parent = path.rsplit("/", 1)[0] if "/" in path else None
            depends = [self.folder_key(parent)]
            found = existing.get(path)
            if found is not None:
                action = Action(
                    f"folder:{path}",
                    AssetKind.FOLDER,
                    Op.REUSE,
                    path,
                    "exists",
                    location=self.program_location(),
                    existing_id=found.id,
                    depends_on=depends,
                )
            else:
                action = Action(
                    f"folder:{path}",
                    AssetKind.FOLDER,
                    Op.CREATE,
                    path,
                    "new",
                    location=self.program_location(),
                    depends_on=depends,
                )
            self.add(action)

    def plan_tokens(self) -> None:
        have = self.dest.program_tokens(self.program.id) if self.program and self.program.id else {}
        for token in self.template.program.tokens:
            value = self.template.token_value(token)
            key = f"token:{token.name}"
            found = have.get(token.name)
            if found is None:
                op, reason, changes = Op.CREATE, "new", []
            elif (found.type or "").lower() != token.type or _text(found.value) != value.strip():
                op, reason = Op.UPDATE, "value or type differs"
                changes = [
                    Change("value", found.value, value)
                    if _text(found.value) != value.strip()
                    else Change("type", found.type, token.type)
                ]
            else:
                op, reason, changes = Op.REUSE, "same value", []
            self.add(
                Action(
                    key,
                    AssetKind.TOKEN,
                    op,
                    f"my.{token.name}",
                    reason,
                    template_name=token.name,
                    location=self.program_location(),
                    changes=changes,
                    depends_on=["program"],
                )
            )

    def email_template_binding(self, name: str) -> Binding:
        return self.bindings[f"email_template:{name}"]

    def plan_emails(self) -> None:
        existing = self.contents.emails if self.contents else {}
        for entry in self.template.emails:
            key = f"email:{entry.name}"
            binding = self.email_template_binding(entry.template)
            depends = [self.folder_key(entry.folder), f"email_template:{entry.template}"]
            found = existing.get(entry.name)
            if found is None:
                self.add(
                    Action(
                        key,
                        AssetKind.EMAIL,
                        Op.CREATE,
                        entry.name,
                        f"new, on email template '{binding.name}'",
                        location=self.local_location(entry.folder),
                        depends_on=depends,
                        steps=self.email_steps(entry),
                    )
                )
                continue
            changes = self.email_changes(entry, found, binding)
            if changes is None:
                continue
            self.add(
                Action(
                    key,
                    AssetKind.EMAIL,
                    Op.UPDATE if changes else Op.REUSE,
                    entry.name,
                    "differs from the template" if changes else "matches the template",
                    location=self.local_location(entry.folder),
                    existing_id=found.id,
                    changes=changes,
                    depends_on=depends,
                )
            )

    def email_steps(self, entry: Any) -> list[str]:
        steps = [f"set section '{section}'" for section in entry.content]
        if entry.approve:
            steps.append("approve")
        return steps

    def local_location(self, folder: str | None) -> str:
        return self.program_location() + (f"/{folder}" if folder else "")

    def email_changes(self, entry: Any, found: Email, binding: Binding) -> list[Change] | None:
        """Differences between an existing email and the template; None: a problem was raised."""
        assert self.contents is not None
        if binding.existing_id is not None and found.template != binding.existing_id:
            self.problem(
                "email-template-switch",
                f"Email '{entry.name}' uses email template id {found.template} in the "
                f"destination, but the plan gives it '{binding.name}'"
                + (f" (id {binding.existing_id})" if binding.existing_id else " (a new copy)")
                + "; Marketo cannot change the template of an existing email.",
                "Delete or rename the email in Marketo, then plan again.",
            )
            return None
        if binding.existing_id is None and found.template is not None:
            self.problem(
                "email-template-switch",
                f"Email '{entry.name}' exists on email template id {found.template}, but the plan "
                f"imports its template as the new asset '{binding.name}'; Marketo cannot change "
                "the template of an existing email.",
                "Delete or rename the email in Marketo, or choose --rule email-templates=replace.",
            )
            return None
        assert found.id is not None
        draft = self.dest.email_draft(found.id) if found.status == "approved" else None
        current = draft or found  # what Marketo will send once the pending draft is approved
        expected_header = {
            "subject": entry.subject,
            "from name": entry.from_name,
            "from email": entry.from_email,
            "reply-to": entry.reply_to,
        }
        actual_header = {
            "subject": current.subject,
            "from name": current.from_name,
            "from email": current.from_email,
            "reply-to": current.reply_email,
        }
        changes = [
            Change(name, _text(actual_header[name]), value)
            for name, value in expected_header.items()
            if value is not None and _text(actual_header[name]) != value.strip()
        ]
        flags = {
            "operational": (bool(current.operational), entry.operational),
            "text only": (bool(current.text_only), entry.text_only),
        }
        changes += [Change(k, a, b) for k, (a, b) in flags.items() if a != b]
        if entry.preheader is not None and _text(current.pre_header) != entry.preheader.strip():
            changes.append(Change("preheader", current.pre_header, entry.preheader))
        if (
            entry.description is not None
            and _text(current.description) != entry.description.strip()
        ):
            changes.append(Change("description", current.description, entry.description))
        self.check_folder("email", entry.name, found.folder, entry.folder)
        sections = self.dest.email_sections(found.id, "draft" if draft else None)
        urls = self.image_urls()
        for section, html in self.template.email_content(entry).items():
            want = normalise_html(replace_image_refs(html, urls))
            have = normalise_html(sections.get(section, ""))
            if want != have:
                changes.append(Change(f"section {section}", _short(have), _short(want)))
        if entry.approve and (found.status or "").lower() != "approved":
            changes.append(Change("status", found.status or "draft", "approved"))
        elif entry.approve and draft is not None:
            changes.append(Change("status", "draft", "approved"))
        elif entry.approve and changes:
            changes.append(Change("status", "approved", "approved again after the changes"))
        return changes

    def plan_landing_pages(self) -> None:
        existing = self.contents.landing_pages if self.contents else {}
        for entry in self.template.landing_pages:
            key = f"landing_page:{entry.name}"
            binding = self.bindings[f"landing_page_template:{entry.template}"]
            depends = [self.folder_key(entry.folder), f"landing_page_template:{entry.template}"]
            found = existing.get(entry.name)
            if found is None:
                self.add(
                    Action(
                        key,
                        AssetKind.LANDING_PAGE,
                        Op.CREATE,
                        entry.name,
                        f"new, on landing-page template '{binding.name}'",
                        location=self.local_location(entry.folder),
                        depends_on=depends,
                        steps=self.email_steps(entry),
                    )
                )
                continue
            changes = self.landing_page_changes(entry, found, binding)
            self.add(
                Action(
                    key,
                    AssetKind.LANDING_PAGE,
                    Op.UPDATE if changes else Op.REUSE,
                    entry.name,
                    "differs from the template" if changes else "matches the template",
                    location=self.local_location(entry.folder),
                    existing_id=found.id,
                    changes=changes,
                    depends_on=depends,
                )
            )

    def landing_page_changes(
        self, entry: Any, found: LandingPage, binding: Binding
    ) -> list[Change]:
        changes: list[Change] = []
        fields = {
            "title": (found.title, entry.title),
            "description": (found.description, entry.description),
            "keywords": (found.keywords, entry.keywords),
            "robots": (found.robots, entry.robots),
        }
        changes += [
            Change(name, a, b) for name, (a, b) in fields.items() if b is not None and _text(a) != b
        ]
        template_id = getattr(found, "template", None)
        if binding.existing_id is not None and template_id not in (None, binding.existing_id):
            changes.append(Change("template", template_id, binding.name))
        assert found.id is not None
        sections = self.dest.landing_page_sections(found.id)
        urls = self.image_urls()
        for section, content in entry.content.items():
            want = normalise_html(replace_image_refs(self.template.content_html(content), urls))
            if normalise_html(sections.get(section, "")) != want:
                changes.append(
                    Change(f"section {section}", _short(sections.get(section)), _short(want))
                )
        status = (found.status or "").lower()
        if entry.approve and status != "approved":
            changes.append(Change("status", status or "draft", "approved"))
        return changes

    def plan_campaigns(self) -> None:
        existing = self.contents.campaigns if self.contents else {}
        for entry in self.template.smart_campaigns:
            key = f"smart_campaign:{entry.name}"
            depends = [self.folder_key(entry.folder)]
            depends += [f"email:{e.name}" for e in self.template.emails]
            found = existing.get(entry.name)
            location = self.local_location(entry.folder)
            if found is None:
                self.add(
                    Action(
                        key,
                        AssetKind.SMART_CAMPAIGN,
                        Op.CREATE,
                        entry.name,
                        "new (the REST API creates it empty: see the manual steps)",
                        location=location,
                        depends_on=depends,
                    )
                )
                continue
            changes: list[Change] = []
            if entry.description is not None and _text(found.description) != entry.description:
                changes.append(Change("description", found.description, entry.description))
            if entry.activate and not found.is_active and self.campaign_has_rules(found):
                changes.append(Change("active", False, True))
            self.check_folder("smart campaign", entry.name, found.folder, entry.folder)
            self.add(
                Action(
                    key,
                    AssetKind.SMART_CAMPAIGN,
                    Op.UPDATE if changes else Op.REUSE,
                    entry.name,
                    "differs from the template" if changes else "exists",
                    location=location,
                    existing_id=found.id,
                    changes=changes,
                    depends_on=depends,
                )
            )

    def campaign_has_rules(self, campaign: SmartCampaign) -> bool:
        """A campaign with smart-list rules (cloned or built by hand) can be activated by API."""
        if campaign.id is None:
            return False
        smart_list = self.dest.campaign_smart_list(campaign.id)
        return smart_list is not None and not is_empty(smart_list)

    def check_folder(self, label: str, name: str, actual: Any, expected: str | None) -> None:
        """Local assets cannot be moved through the API: a misplaced one is a problem to fix."""
        assert self.contents is not None
        path = self.contents.path_of(actual)
        if path != (expected or ""):
            self.problem(
                "moved",
                f"The {label} '{name}' is in '{path or '(program root)'}' in the destination; "
                f"the template puts it in '{expected or '(program root)'}', and the REST API "
                "cannot move it.",
                "Move it in Marketo's UI (drag it to its folder), then plan again.",
            )

    def manual_steps(self) -> dict[str, list[str]]:
        """What only a person can do in Marketo's UI, per campaign, given what exists already.

        Smart lists, qualification rules and activation are read back, so a step already done
        disappears; flows cannot be read at all, so they stay, as a check when the program comes
        from a seed that carries them.
        """
        steps: dict[str, list[str]] = {}
        all_steps = self.template.manual_steps()
        existing = self.contents.campaigns if self.contents else {}
        for entry in self.template.smart_campaigns:
            lines = list(all_steps.get(entry.name, []))
            found = existing.get(entry.name)
            if found is not None and found.id is not None:
                smart_list = self.dest.campaign_smart_list(found.id)
                if smart_list is not None and smart_list_matches(
                    smart_list, self.template.smart_list_api(entry)
                ):
                    lines = [line for line in lines if not line.startswith("Smart List:")]
                if qualification_matches(entry.qualification, found):
                    lines = [line for line in lines if "Smart Campaign Settings" not in line]
                if found.is_active or self.campaign_has_rules(found):
                    lines = [line for line in lines if line != "Schedule: Activate"]
            if self.request.seed:
                lines = [
                    line.replace(
                        "Flow: ",
                        "Flow (carried from the seed, not readable by the API: check it): ",
                        1,
                    )
                    for line in lines
                ]
            if lines:
                steps[entry.name] = lines
        return steps


def qualification_matches(wanted: str | None, campaign: SmartCampaign) -> bool:
    """Whether a campaign's qualification rule is the template's ('once', 'every time'...)."""
    if wanted is None:
        return True
    text = wanted.strip().lower()
    kind = (campaign.qualification_rule_type or "").lower()
    if text == "once":
        return kind == "once"
    if text == "every time":
        return kind == "any"
    _, _, interval, unit = text.split(" ", 3)
    return (
        kind == "interval"
        and str(campaign.qualification_rule_interval) == interval
        and (campaign.qualification_rule_unit or "").lower() == unit.rstrip("s")
    )


_UNCLONABLE = frozenset(
    {
        "report",
        "socialapp",
        "social",
        "pushnotification",
        "push",
        "inapp",
        "in-appmessage",
        "inappmessage",
        "in_app",
    }
)


def _allowed_values(values: Any) -> list[str]:
    """Tag values as Marketo lists them: a JSON array, or text like ``[AMER, EMEA]``."""
    if values is None:
        return []
    if isinstance(values, str):
        return [v.strip() for v in values.strip().strip("[]").split(",") if v.strip()]
    return [str(v) for v in values]


#: Program types as the tag and channel catalogs name them.
PROGRAM_TYPE_CODES = {
    "default": "program",
    "email": "email_batch",
    "engagement": "nurture",
    "event": "event",
    "event with webinar": "webinar",
}


def applies_to(applicable: str | None, program_type: str) -> bool:
    """Whether a tag type or channel applies to a program type (no list: it applies to all)."""
    codes = {c.strip().lower() for c in (applicable or "").strip().strip("[]").split(",")}
    codes.discard("")
    wanted = program_type.strip().lower()
    return not codes or wanted in codes or PROGRAM_TYPE_CODES.get(wanted, wanted) in codes


def _tags_text(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{t}={v}" for t, v in pairs) or "(none)"


def _short(text: str | None, limit: int = 60) -> str:
    value = " ".join((text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def build_draft(client: Marketo, request: ImportRequest) -> PlanDraft:
    """Read the destination and plan the import (never writes)."""
    return Planner(Destination(client, request.workspace), request).run()
