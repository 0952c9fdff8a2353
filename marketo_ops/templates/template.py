"""``ProgramTemplate``: a loaded template folder, as the importer and scripts use it.

Immutable on purpose: a script importing the same template for ten regions concurrently calls
``template.with_vars(region=r)`` ten times and gets ten independent templates, never one shared
object being edited. The spec as loaded is kept (``raw``) and the naming options are data, so
``with_vars`` and ``renamed`` can be called in any order and still agree.

File contents are read when asked for, relative to ``source_dir``, never from outside it (links
included) and never beyond the size limit of their kind (see :mod:`.files`).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .errors import TemplateError, TemplateFileError, UnknownAssetError
from .files import FILE_LIMIT_WHOSE, TEXT_LIMIT_WHOSE, locate_file, read_limited
from .findings import FieldPath, Finding, Severity
from .loading import SPEC_FILE_NAME, LoadOutcome, load_spec
from .marketo_facts import FILE_MAX_BYTES, TEXT_FILE_MAX_BYTES
from .naming import NamingOptions, apply_naming, variable_values
from .smartlists import campaign_checklist, smart_list_to_api
from .spec import (
    ConflictRules,
    Content,
    Email,
    EmailTemplate,
    File,
    Folder,
    LandingPage,
    LandingPageTemplate,
    Prerequisites,
    Program,
    SmartCampaign,
    Snippet,
    TemplateSpec,
    Token,
)
from .yamlsource import SourceMap

if TYPE_CHECKING:
    from .policy import AssetKind, NamingPolicy


@dataclass(frozen=True)
class AssetName:
    """One name the template will create in Marketo, before and after naming conventions."""

    kind: AssetKind
    path: FieldPath
    original: str
    name: str


@dataclass(frozen=True, eq=False)
class ProgramTemplate:
    raw: TemplateSpec
    """The spec exactly as program.yaml says it, placeholders included."""
    source_dir: Path
    spec_file: Path
    source: SourceMap
    load_findings: tuple[Finding, ...] = ()
    """Problems found while loading that did not prevent it (e.g. duplicate YAML keys)."""
    naming: NamingOptions = field(default_factory=NamingOptions)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str) -> ProgramTemplate:
        """Load a template folder (or its program.yaml).

        Raises :class:`TemplateError` listing every finding when the YAML or its structure is
        unusable. Other problems (references, names, HTML) are reported by :meth:`validate`.
        """
        return cls.from_outcome(load_spec(path))

    @classmethod
    def from_outcome(cls, outcome: LoadOutcome) -> ProgramTemplate:
        if outcome.spec is None:
            raise TemplateError(
                f"cannot load the template in {outcome.template_dir.as_posix()}",
                outcome.findings,
            )
        return cls(
            raw=outcome.spec,
            source_dir=outcome.template_dir,
            spec_file=outcome.spec_file,
            source=outcome.source,
            load_findings=tuple(outcome.findings),
        )

    @classmethod
    def from_spec(cls, spec: TemplateSpec, source_dir: Path | str = ".") -> ProgramTemplate:
        """A template built in code (tests, generators); files are read from ``source_dir``."""
        directory = Path(source_dir)
        spec_file = directory / SPEC_FILE_NAME
        return cls(spec, directory, spec_file, SourceMap(spec_file.as_posix()))

    def with_vars(self, values: Mapping[str, Any] | None = None, /, **more: Any) -> ProgramTemplate:
        """A new template with these naming variables set (added to any set before)."""
        merged = dict(self.naming.variables)
        merged.update({k: str(v) for k, v in (values or {}).items()})
        merged.update({k: str(v) for k, v in more.items()})
        return replace(self, naming=replace(self.naming, variables=merged))

    def renamed(self, *, name: str | None = None, prefix: str | None = None) -> ProgramTemplate:
        """A new template with the program name overridden and/or local assets prefixed."""
        naming = self.naming
        if name is not None:
            naming = replace(naming, program_name=name)
        if prefix is not None:
            naming = replace(naming, prefix=prefix)
        return replace(self, naming=naming)

    # -- the spec as it will appear in Marketo ---------------------------------------------------

    @cached_property
    def spec(self) -> TemplateSpec:
        """The spec with the name override, the prefix and every known variable applied."""
        return apply_naming(self.raw, self.naming)

    @property
    def variables(self) -> dict[str, str]:
        """Effective variable values: declared defaults, given values and ``program``."""
        values = variable_values(self.raw, self.naming.variables)
        values["program"] = self.spec.program.name
        return values

    @property
    def name(self) -> str:
        return self.spec.program.name

    @property
    def description(self) -> str:
        return self.raw.description or self.raw.program.description or ""

    @property
    def program(self) -> Program:
        return self.spec.program

    @property
    def folders(self) -> tuple[Folder, ...]:
        return self.spec.folders

    @property
    def smart_campaigns(self) -> tuple[SmartCampaign, ...]:
        return self.spec.smart_campaigns

    @property
    def emails(self) -> tuple[Email, ...]:
        return self.spec.emails

    @property
    def email_templates(self) -> tuple[EmailTemplate, ...]:
        return self.spec.email_templates

    @property
    def files(self) -> tuple[File, ...]:
        return self.spec.files

    @property
    def landing_page_templates(self) -> tuple[LandingPageTemplate, ...]:
        return self.spec.landing_page_templates

    @property
    def landing_pages(self) -> tuple[LandingPage, ...]:
        return self.spec.landing_pages

    @property
    def snippets(self) -> tuple[Snippet, ...]:
        return self.spec.snippets

    @property
    def rules(self) -> ConflictRules:
        return self.spec.rules

    @property
    def prerequisites(self) -> Prerequisites:
        """Lead fields and segmentations the destination must have (channel and tags: program)."""
        return self.spec.prerequisites

    def folder_paths(self) -> list[str]:
        """Every program folder as 'Parent/Child', parents before children (creation order)."""
        paths: list[str] = []

        def walk(folders: tuple[Folder, ...], parent: str) -> None:
            for folder in folders:
                path = f"{parent}/{folder.name}" if parent else folder.name
                paths.append(path)
                walk(folder.folders, path)

        walk(self.spec.folders, "")
        return paths

    def render_names(self) -> list[AssetName]:
        """Every name the import creates, in file order, before and after naming."""
        names: list[AssetName] = [
            AssetName("program", ("program", "name"), self.raw.program.name, self.name)
        ]
        raw_tokens, tokens = self.raw.program.tokens, self.spec.program.tokens
        for i, (before, after) in enumerate(zip(raw_tokens, tokens, strict=True)):
            names.append(
                AssetName("token", ("program", "tokens", i, "name"), before.name, after.name)
            )
        names += _folder_names(self.raw.folders, self.spec.folders, ("folders",))
        sections: tuple[tuple[str, AssetKind], ...] = (
            ("smart_campaigns", "smart_campaign"),
            ("emails", "email"),
            ("email_templates", "email_template"),
            ("files", "file"),
            ("landing_page_templates", "landing_page_template"),
            ("landing_pages", "landing_page"),
            ("snippets", "snippet"),
        )
        for section, kind in sections:
            pairs = zip(getattr(self.raw, section), getattr(self.spec, section), strict=True)
            for i, (before, after) in enumerate(pairs):
                names.append(AssetName(kind, (section, i, "name"), before.name, after.name))
        return names

    # -- lookups by (final) name ---------------------------------------------------------------

    def email_template(self, name: str) -> EmailTemplate:
        return _by_name(self.spec.email_templates, name, "email template")

    def email(self, name: str) -> Email:
        return _by_name(self.spec.emails, name, "email")

    def file(self, name: str) -> File:
        return _by_name(self.spec.files, name, "file")

    def landing_page_template(self, name: str) -> LandingPageTemplate:
        return _by_name(self.spec.landing_page_templates, name, "landing-page template")

    def smart_campaign(self, name: str) -> SmartCampaign:
        return _by_name(self.spec.smart_campaigns, name, "smart campaign")

    # -- file contents ---------------------------------------------------------------------------

    def path_of(self, relative: str) -> Path:
        """The file a template entry names, refusing absolute paths, paths that leave the
        template folder, and symbolic links that lead out of it (a template from a pull request
        must not read the reviewer's disk)."""
        return locate_file(self.source_dir, relative).shown

    def read_bytes(self, relative: str) -> bytes:
        """A file of the template (an image...), at most Marketo's 100 MB per file."""
        file = locate_file(self.source_dir, relative)
        return read_limited(file, FILE_MAX_BYTES, FILE_LIMIT_WHOSE)

    def read_text(self, relative: str) -> str:
        """An HTML or text file of the template, at most 1 MB, as UTF-8."""
        file = locate_file(self.source_dir, relative)
        data = read_limited(file, TEXT_FILE_MAX_BYTES, TEXT_LIMIT_WHOSE)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplateFileError(f"{file.shown} is not UTF-8 text") from exc

    def email_template_html(self, template: EmailTemplate | str) -> str:
        """The email template's HTML, with ``{{image:NAME}}`` references still in place."""
        entry = self.email_template(template) if isinstance(template, str) else template
        return self.read_text(entry.file)

    def landing_page_template_html(self, template: LandingPageTemplate | str) -> str:
        entry = self.landing_page_template(template) if isinstance(template, str) else template
        return self.read_text(entry.file)

    def content_html(self, content: Content) -> str:
        """HTML of an email section, landing-page section or snippet (inline or from a file)."""
        if content.html is not None:
            return content.html
        if content.file is None:  # the spec's validator forbids it; a hand-built one may not
            raise TemplateError("a content entry needs 'html' or 'file'")
        return self.read_text(content.file)

    def email_content(self, email: Email | str) -> dict[str, str]:
        """Section id (the API's htmlId) -> HTML, for every section the template sets."""
        entry = self.email(email) if isinstance(email, str) else email
        return {section: self.content_html(c) for section, c in entry.content.items()}

    def file_bytes(self, entry: File | str) -> bytes:
        item = self.file(entry) if isinstance(entry, str) else entry
        return self.read_bytes(item.file)

    def mime_type(self, entry: File | str) -> str:
        item = self.file(entry) if isinstance(entry, str) else entry
        guessed, _ = mimetypes.guess_type(item.file)
        return guessed or "application/octet-stream"

    def token_value(self, token: Token) -> str:
        if token.value is not None:
            return token.value
        if token.file is None:
            raise TemplateError(f"token '{token.name}' needs a 'value' or a 'file'")
        return self.read_text(token.file)

    # -- campaigns -------------------------------------------------------------------------------

    def smart_list_api(self, campaign: SmartCampaign | str) -> dict[str, Any]:
        """The campaign's smart list in the Asset API's ``rules`` shape (see smartlists)."""
        entry = self.smart_campaign(campaign) if isinstance(campaign, str) else campaign
        return smart_list_to_api(entry)

    def manual_steps(self) -> dict[str, list[str]]:
        """Campaign name -> the UI steps that give it the template's smart list and flow."""
        return {c.name: campaign_checklist(c) for c in self.spec.smart_campaigns}

    # -- validation ------------------------------------------------------------------------------

    def validate(self, *, policy: NamingPolicy | None = None) -> list[Finding]:
        """Every problem found offline, sorted by file and line (loading problems included)."""
        from .checks import run_checks

        findings = set(self.load_findings) | set(run_checks(self, policy))
        return sorted(findings)

    def errors(self, *, policy: NamingPolicy | None = None) -> list[Finding]:
        return [f for f in self.validate(policy=policy) if f.severity is Severity.ERROR]

    def __repr__(self) -> str:
        return f"ProgramTemplate({self.name!r}, source_dir={self.source_dir.as_posix()!r})"


class _Named(Protocol):
    @property
    def name(self) -> str: ...


NamedT = TypeVar("NamedT", bound=_Named)


def _by_name(items: tuple[NamedT, ...], name: str, label: str) -> NamedT:
    for item in items:
        if item.name == name:
            return item
    known = ", ".join(repr(i.name) for i in items) or "none"
    raise UnknownAssetError(f"no {label} named {name!r} in this template (known: {known})")


def _folder_names(
    raw: tuple[Folder, ...], final: tuple[Folder, ...], path: FieldPath
) -> list[AssetName]:
    names: list[AssetName] = []
    for i, (before, after) in enumerate(zip(raw, final, strict=True)):
        here = (*path, i)
        names.append(AssetName("folder", (*here, "name"), before.name, after.name))
        names += _folder_names(before.folders, after.folders, (*here, "folders"))
    return names
