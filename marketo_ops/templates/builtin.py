"""Built-in templates, so ``marketo-ops import op-lead-management`` needs no checkout.

A wheel ships the repository's ``program_templates/`` as ``marketo_ops/program_templates/``
(pyproject's force-include); an editable checkout reads the repository folder directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import TemplateNotFoundError
from .loading import SPEC_FILE_NAME, load_spec


def builtin_templates_dir() -> Path:
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "program_templates"
    if installed.is_dir():
        return installed
    return package_dir.parent / "program_templates"


@dataclass(frozen=True)
class BuiltinTemplate:
    name: str
    path: Path
    description: str


def list_builtin_templates() -> list[BuiltinTemplate]:
    """Every built-in template, by short name, with its one-line description."""
    root = builtin_templates_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if (p / SPEC_FILE_NAME).is_file()):
        found.append(BuiltinTemplate(folder.name, folder, _description(folder)))
    return found


def _description(folder: Path) -> str:
    spec = load_spec(folder).spec
    if spec is None:
        return "(this template does not load: validate it to see why)"
    text = spec.description or spec.program.description or ""
    return " ".join(text.split())


def resolve_template(name_or_path: str | Path) -> Path:
    """A template folder from a path (which wins when it exists) or a built-in's short name."""
    path = Path(name_or_path)
    if path.exists():
        return path
    candidate = builtin_templates_dir() / str(name_or_path)
    if len(path.parts) == 1 and (candidate / SPEC_FILE_NAME).is_file():
        return candidate
    names = ", ".join(t.name for t in list_builtin_templates()) or "none"
    raise TemplateNotFoundError(
        f"'{name_or_path}' is neither a template folder nor a built-in template (built-in: {names})"
    )
