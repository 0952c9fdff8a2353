"""From a path to a spec: locate program.yaml, read it safely, build the models.

Kept apart from :class:`~marketo_ops.templates.template.ProgramTemplate` so that validation can
report every loading problem as findings while ``ProgramTemplate.load`` raises one exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from .errors import validation_findings
from .findings import Finding, make_finding
from .marketo_facts import SPEC_FILE_MAX_BYTES
from .spec import FORMAT_VERSION, TemplateSpec
from .yamlsource import SourceMap, load_yaml, read_text_file

SPEC_FILE_NAME = "program.yaml"


@dataclass
class LoadOutcome:
    """What loading produced: a spec when the YAML and schema allow one, and the findings."""

    template_dir: Path
    spec_file: Path
    source: SourceMap
    spec: TemplateSpec | None = None
    findings: list[Finding] = field(default_factory=list)


def locate_spec_file(path: Path) -> Path:
    """A folder means its program.yaml; a file is taken as the spec itself."""
    return path / SPEC_FILE_NAME if path.is_dir() else path


def _outside_link(spec_file: Path) -> Path | None:
    """Where program.yaml really is, if a symbolic link takes it out of its folder."""
    real = spec_file.resolve()
    root = spec_file.parent.resolve()
    return None if real.is_relative_to(root) else real


def load_spec(path: Path | str) -> LoadOutcome:
    """Load one template; never raises for anything wrong with the files."""
    spec_file = locate_spec_file(Path(path))
    display = spec_file.as_posix()
    outcome = LoadOutcome(spec_file.parent, spec_file, SourceMap(display))
    if not spec_file.exists():
        where = spec_file.parent.as_posix()
        outcome.findings.append(
            make_finding(
                display,
                1,
                1,
                "no-program-yaml",
                f"no {SPEC_FILE_NAME} in {where}: a template is a folder with a "
                f"{SPEC_FILE_NAME} and its files",
            )
        )
        return outcome
    outside = _outside_link(spec_file)
    if outside is not None:
        outcome.findings.append(
            make_finding(
                display,
                1,
                1,
                "file-outside-template",
                f"{SPEC_FILE_NAME} is a symbolic link leading outside the template folder (to "
                f"{outside.as_posix()}); a template reads only files inside its folder",
            )
        )
        return outcome
    text, problem = read_text_file(
        spec_file, display, max_bytes=SPEC_FILE_MAX_BYTES, limit_note="marketo-ops reads up to"
    )
    if problem is not None or text is None:
        if problem is not None:
            message = f"{spec_file.name} {problem.message}"
            outcome.findings.append(replace(problem, message=message))
        return outcome
    loaded = load_yaml(text, display)
    outcome.source = loaded.source
    outcome.findings.extend(loaded.findings)
    data = loaded.data
    if any(f.code in {"yaml-syntax", "yaml-too-large"} for f in loaded.findings):
        return outcome
    if data is None:
        outcome.findings.append(
            make_finding(display, 1, 1, "empty-template", f"{SPEC_FILE_NAME} is empty")
        )
        return outcome
    if not isinstance(data, dict):
        outcome.findings.append(
            make_finding(
                display,
                1,
                1,
                "schema",
                f"{SPEC_FILE_NAME} must be a mapping starting with 'format_version: "
                f"{FORMAT_VERSION}', not {'a list' if isinstance(data, list) else 'a value'}",
            )
        )
        return outcome
    version = data.get("format_version")
    if "format_version" in data and version != FORMAT_VERSION:
        outcome.findings.append(
            loaded.source.finding(
                ("format_version",),
                "format-version",
                f"format_version {version!r} is not supported; this version of marketo-ops "
                f"reads format_version {FORMAT_VERSION}",
            )
        )
        return outcome
    try:
        outcome.spec = TemplateSpec.model_validate(data)
    except ValidationError as exc:
        outcome.findings.extend(validation_findings(exc, data, loaded.source, TemplateSpec))
    return outcome
