"""What an import is asked to do: the template (naming applied), where, and under which rules.

A request is the input of a plan and is kept in plans and journals, so a saved plan can be
checked against its template and an interrupted apply can be planned again from its journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ..templates import ConflictRules, ProgramTemplate

MARKETING_ACTIVITIES: Final = "Marketing Activities"
DESIGN_STUDIO: Final = "Design Studio"


@dataclass(frozen=True)
class ImportRequest:
    """What to import and where."""

    template: ProgramTemplate
    into: str = MARKETING_ACTIVITIES
    workspace: str = "Default"
    rules: ConflictRules = field(default_factory=ConflictRules)
    seed: str | None = None
    create_prerequisites: bool = False
    use_mcp: bool = True  # write campaigns' logic over Marketo's MCP server when it has one

    @property
    def template_id(self) -> str:
        return self.template.source_dir.resolve().name

    def marketing_path(self, path: str | None = None) -> str:
        """``/Marketing Activities/<workspace>/...`` for ``--into`` (or another path)."""
        return workspace_path(
            self.into if path is None else path, MARKETING_ACTIVITIES, self.workspace
        )

    def design_path(self, relative: str) -> str:
        """``/Design Studio/<workspace>/<relative>`` for a Design Studio folder of the template."""
        return workspace_path(f"{DESIGN_STUDIO}/{relative}", DESIGN_STUDIO, self.workspace)

    @property
    def program_path(self) -> str:
        return f"{self.marketing_path()}/{self.template.program.name}"

    @property
    def program_location(self) -> str:
        """Where the program lives, as people write it (``--into`` and the program's name)."""
        return f"{self.into}/{self.template.program.name}"

    def local_location(self, folder: str | None) -> str:
        return self.program_location + (f"/{folder}" if folder else "")


def workspace_path(path: str, root: str, workspace: str) -> str:
    """``root/<rest>`` -> ``/root/<workspace>/<rest>`` unless the workspace is already named.

    Admins write ``--into Operational`` or ``--into "Marketing Activities/Operational"``;
    Marketo's folder paths name the workspace after the root (``/Marketing Activities/Default``).
    """
    parts = [p.strip() for p in path.strip().strip("/").split("/") if p.strip()]
    if not parts or parts[0] != root:
        parts = [root, *parts]
    if len(parts) == 1 or parts[1] != workspace:
        parts.insert(1, workspace)
    return "/" + "/".join(parts)
