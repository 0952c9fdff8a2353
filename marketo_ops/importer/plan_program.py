"""Planning the destination folder, the prerequisites and the program itself.

Prerequisites (channel, tag types and values, lead fields, segmentations) are collected all at
once, as problems with the fix for each; the program is created, reused, updated or cloned from
a seed that carries the smart lists and flows the REST API cannot write.
"""

from __future__ import annotations

from typing import Any

from ..types.asset import Program
from .model import Action, AssetKind, Change, Op
from .plan_state import PlannerBase, text_of
from .preflight import field_exists, referenced_lead_fields, referenced_segmentations


class ProgramPlanning(PlannerBase):
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
        if text_of(program.description) != text_of(spec.description):
            changes.append(Change("description", program.description, spec.description))
        if self.rules.tags == "create":
            have = sorted((t.tag_type or "", t.tag_value or "") for t in program.tags or [])
            want = sorted((t.tag_type, t.value) for t in spec.tags)
            if have != want:
                changes.append(Change("tags", _tagstext_of(have), _tagstext_of(want)))
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


def _tagstext_of(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{t}={v}" for t, v in pairs) or "(none)"
