"""Planning Design Studio assets (images, email and landing-page templates, snippets).

One rule serves every type (:meth:`DesignStudioPlanning.decide`): an identical asset is reused,
whoever made it; one this template imported before is updated in place; a same-named one of
someone else's goes through the conflict rule (keep both / copy, or replace / use destination).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..templates import EmailTemplate, File, LandingPageTemplate, Snippet, replace_image_refs
from ..types.asset import Folder
from .destination import iter_copies
from .model import Action, AssetKind, Change, Op
from .plan_state import Binding, PlannerBase, content_hash, normalise_html
from .provenance import is_ours
from .rules import cli_name


@dataclass
class Decision:
    action: Action
    binding: Binding
    existing: Any
    conflict: bool

    @property
    def op(self) -> Op:
        return self.action.op


class DesignStudioPlanning(PlannerBase):
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
        decision = self.decide(
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
        decision = self.decide(
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
        decision = self.decide(
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

        decision = self.decide(
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

    def decide(
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
    ) -> Decision:
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
    ) -> Decision:
        self.add(action)
        return Decision(action, binding, existing, conflict)
