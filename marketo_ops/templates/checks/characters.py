"""Characters that do not belong in a template: control characters anywhere, and invisible or
look-alike characters in names (see :mod:`..lookalike`).

Control characters in program.yaml itself are reported while loading (YAML refuses them); the
ones checked here arrive through YAML escapes (``"\\a"``) or naming variables.
"""

from __future__ import annotations

from ..lookalike import confusables, describe, is_control, is_invisible, shown
from ..placeholders import iter_strings
from .context import CheckContext
from .names import LABELS


def check_characters(ctx: CheckContext) -> None:
    flagged = set()
    for path, text in iter_strings(ctx.raw.model_dump(mode="python")):
        controls = sorted({ch for ch in text if is_control(ch)})
        if controls:
            flagged.add(path)
            ctx.error(
                path,
                "control-character",
                f"'{shown(text)}' contains "
                + ", ".join(f"the control character {describe(ch)}" for ch in controls)
                + "; Marketo would store it invisibly",
            )
    for asset in ctx.template.render_names():
        path, name, label = asset.path, asset.name, LABELS[asset.kind]
        if path in flagged or path in ctx.lookalike_paths:
            continue  # already reported, more precisely
        controls = sorted({ch for ch in name if is_control(ch)})
        if controls:
            ctx.error(
                path,
                "control-character",
                f"{label} name '{shown(name)}' contains "
                + ", ".join(f"the control character {describe(ch)}" for ch in controls),
            )
            continue
        invisible = sorted({ch for ch in name if is_invisible(ch)})
        if invisible:
            ctx.error(
                path,
                "invisible-character",
                f"{label} name '{shown(name)}' contains "
                + ", ".join(describe(ch) for ch in invisible)
                + ", which cannot be seen: in Marketo it would look like a different name",
            )
            continue
        lookalikes = confusables(name)
        if lookalikes:
            ctx.error(
                path,
                "confusable-character",
                f"{label} name '{name}' mixes look-alike characters: "
                + "; ".join(str(c) for c in lookalikes)
                + " (write it with the letters it seems to have)",
            )
