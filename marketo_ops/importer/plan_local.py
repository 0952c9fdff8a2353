"""Planning what lives in the program: folders, tokens, emails, landing pages, campaigns.

Local assets are compared field by field with the template (drafts included: an approved email
edited by hand since is drift), and what only a person can do in Marketo's UI becomes the
manual-steps checklist, minus what is already done (smart lists, qualification, activation).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..templates import replace_image_refs
from ..types.asset import Email, LandingPage, SmartCampaign
from .model import Action, AssetKind, Change, Op
from .plan_state import Binding, PlannerBase, normalise_html, short, text_of
from .rules_compare import is_empty, smart_list_matches


class LocalPlanning(PlannerBase):
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
            elif (found.type or "").lower() != token.type or text_of(found.value) != value.strip():
                op, reason = Op.UPDATE, "value or type differs"
                changes = [
                    Change("value", found.value, value)
                    if text_of(found.value) != value.strip()
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

    def plan_emails(self) -> None:
        existing = self.contents.emails if self.contents else {}
        for entry in self.template.emails:
            self.plan_on_template(
                AssetKind.EMAIL,
                entry,
                existing.get(entry.name),
                template_key=f"email_template:{entry.template}",
                template_label="email template",
                changes_of=self.email_changes,
            )

    def plan_landing_pages(self) -> None:
        existing = self.contents.landing_pages if self.contents else {}
        for entry in self.template.landing_pages:
            self.plan_on_template(
                AssetKind.LANDING_PAGE,
                entry,
                existing.get(entry.name),
                template_key=f"landing_page_template:{entry.template}",
                template_label="landing-page template",
                changes_of=self.landing_page_changes,
            )

    def plan_on_template(
        self,
        kind: AssetKind,
        entry: Any,
        found: Any,
        *,
        template_key: str,
        template_label: str,
        changes_of: Callable[[Any, Any, Binding], list[Change] | None],
    ) -> None:
        """An email or landing page: created on its template, or compared with the template.

        ``changes_of`` returns None when it raised a problem instead (no action then).
        """
        binding = self.bindings[template_key]
        depends = [self.folder_key(entry.folder), template_key]
        location = self.local_location(entry.folder)
        key = f"{kind.value}:{entry.name}"
        if found is None:
            steps = [f"set section '{section}'" for section in entry.content]
            steps += ["approve"] if entry.approve else []
            self.add(
                Action(
                    key,
                    kind,
                    Op.CREATE,
                    entry.name,
                    f"new, on {template_label} '{binding.name}'",
                    location=location,
                    depends_on=depends,
                    steps=steps,
                )
            )
            return
        changes = changes_of(entry, found, binding)
        if changes is None:
            return
        self.add(
            Action(
                key,
                kind,
                Op.UPDATE if changes else Op.REUSE,
                entry.name,
                "differs from the template" if changes else "matches the template",
                location=location,
                existing_id=found.id,
                changes=changes,
                depends_on=depends,
            )
        )

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
            Change(name, text_of(actual_header[name]), value)
            for name, value in expected_header.items()
            if value is not None and text_of(actual_header[name]) != value.strip()
        ]
        flags = {
            "operational": (bool(current.operational), entry.operational),
            "text only": (bool(current.text_only), entry.text_only),
        }
        changes += [Change(k, a, b) for k, (a, b) in flags.items() if a != b]
        if entry.preheader is not None and text_of(current.pre_header) != entry.preheader.strip():
            changes.append(Change("preheader", current.pre_header, entry.preheader))
        if (
            entry.description is not None
            and text_of(current.description) != entry.description.strip()
        ):
            changes.append(Change("description", current.description, entry.description))
        self.check_folder("email", entry.name, found.folder, entry.folder)
        sections = self.dest.email_sections(found.id, "draft" if draft else None)
        urls = self.image_urls()
        for section, html in self.template.email_content(entry).items():
            want = normalise_html(replace_image_refs(html, urls))
            have = normalise_html(sections.get(section, ""))
            if want != have:
                changes.append(Change(f"section {section}", short(have), short(want)))
        if entry.approve and (found.status or "").lower() != "approved":
            changes.append(Change("status", found.status or "draft", "approved"))
        elif entry.approve and draft is not None:
            changes.append(Change("status", "draft", "approved"))
        elif entry.approve and changes:
            changes.append(Change("status", "approved", "approved again after the changes"))
        return changes

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
            Change(name, a, b)
            for name, (a, b) in fields.items()
            if b is not None and text_of(a) != b
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
                    Change(f"section {section}", short(sections.get(section)), short(want))
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
            if entry.description is not None and text_of(found.description) != entry.description:
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
