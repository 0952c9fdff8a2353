"""Validate template folders found under paths: the engine behind ``marketo-ops validate``.

Works offline and never raises for anything a user can put on disk: every problem, including an
unexpected one inside a check, becomes a finding, so a CI job always gets a complete report
instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .findings import Finding, TemplateReport, make_finding
from .loading import SPEC_FILE_NAME, LoadOutcome, load_spec, locate_spec_file
from .policy import NamingPolicy
from .template import ProgramTemplate
from .yamlsource import SourceMap


def discover_templates(path: Path) -> list[Path]:
    """The template folders a path stands for.

    A file is one template's spec; a folder with a program.yaml is one template; any other
    folder holds templates anywhere below it (hidden folders skipped). An empty result means
    the folder holds no template at all.
    """
    if path.is_file() or (path / SPEC_FILE_NAME).is_file():
        return [path]
    if not path.is_dir():
        return [path]
    found = []
    for spec_file in sorted(path.rglob(SPEC_FILE_NAME)):
        relative = spec_file.relative_to(path).parts
        if any(part.startswith(".") for part in relative):
            continue
        found.append(spec_file.parent)
    return found


def validate_template(
    path: Path | str,
    *,
    variables: Mapping[str, str] | None = None,
    program_name: str | None = None,
    prefix: str | None = None,
    policy: NamingPolicy | None = None,
    raise_unexpected: bool = False,
) -> TemplateReport:
    """Load and check one template; loading problems and check findings in one report."""
    return _validate_outcome(
        load_spec(Path(path)),
        Path(path),
        variables=variables or {},
        program_name=program_name,
        prefix=prefix,
        policy=policy,
        raise_unexpected=raise_unexpected,
    )


def _validate_outcome(
    outcome: LoadOutcome,
    path: Path,
    *,
    variables: Mapping[str, str],
    program_name: str | None,
    prefix: str | None,
    policy: NamingPolicy | None,
    raise_unexpected: bool,
) -> TemplateReport:
    report = TemplateReport(path=path.as_posix())
    try:
        if outcome.spec is None:
            report.findings = list(outcome.findings)
            return report
        template = ProgramTemplate.from_outcome(outcome)
        template = template.with_vars(dict(variables))
        template = template.renamed(name=program_name, prefix=prefix)
        report.name = template.name
        report.findings = template.validate(policy=policy)
    except Exception as exc:
        if raise_unexpected:
            raise
        report.findings.append(_internal_error(outcome.spec_file, exc))
    return report


def validate_paths(
    paths: Iterable[Path | str],
    *,
    variables: Mapping[str, str] | None = None,
    program_name: str | None = None,
    prefix: str | None = None,
    policy: NamingPolicy | None = None,
    raise_unexpected: bool = False,
) -> list[TemplateReport]:
    """Validate every template the paths stand for, in order.

    One ``--var`` applies to a whole run, which may hold templates with different variables:
    a variable declared by some template is given only to the templates declaring it, and one
    declared by none is given to all of them, so each reports it as unknown.
    """
    given = dict(variables or {})
    found: list[tuple[Path, LoadOutcome | None]] = []
    for entry in paths:
        path = Path(entry)
        folders = discover_templates(path)
        if not folders:
            found.append((path, None))
        found += [(folder, _load(folder, raise_unexpected)) for folder in folders]
    declared = {
        name for _, outcome in found if outcome and outcome.spec for name in outcome.spec.variables
    }
    reports: list[TemplateReport] = []
    for path, outcome in found:
        if outcome is None:
            reports.append(_no_template_report(path))
            continue
        own = set(outcome.spec.variables) if outcome.spec else set()
        values = {k: v for k, v in given.items() if k in own or k not in declared}
        reports.append(
            _validate_outcome(
                outcome,
                path,
                variables=values,
                program_name=program_name,
                prefix=prefix,
                policy=policy,
                raise_unexpected=raise_unexpected,
            )
        )
    return reports


def _load(folder: Path, raise_unexpected: bool) -> LoadOutcome:
    """Load one template; a failure of marketo-ops itself becomes a finding of that template
    only, so every other template of the run is still checked and reported."""
    try:
        return load_spec(folder)
    except Exception as exc:
        if raise_unexpected:
            raise
        spec_file = locate_spec_file(folder)
        outcome = LoadOutcome(spec_file.parent, spec_file, SourceMap(spec_file.as_posix()))
        outcome.findings.append(_internal_error(spec_file, exc))
        return outcome


def _internal_error(spec_file: Path, exc: Exception) -> Finding:
    return make_finding(
        spec_file.as_posix(),
        1,
        1,
        "internal-error",
        f"marketo-ops could not finish checking this template ({type(exc).__name__}: "
        f"{exc}); please report it",
    )


def _no_template_report(path: Path) -> TemplateReport:
    return TemplateReport(
        path=path.as_posix(),
        findings=[
            make_finding(
                (path / SPEC_FILE_NAME).as_posix(),
                1,
                1,
                "no-program-yaml",
                f"no {SPEC_FILE_NAME} in {path.as_posix()} or below it: a template is a folder "
                f"with a {SPEC_FILE_NAME} and its files",
            )
        ],
    )


__all__ = ["discover_templates", "validate_paths", "validate_template"]
