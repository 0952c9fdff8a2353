"""Where the embedded sandbox keeps its state when nobody says otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

ENV_VAR: Final = "MARKETO_OPS_SANDBOX_DB"


def default_db_path() -> Path:
    """``$MARKETO_OPS_SANDBOX_DB`` or ``<user data dir>/marketo-ops/sandbox.sqlite3``.

    Every CLI command that targets the embedded sandbox, and ``marketo-ops sandbox serve``,
    resolve the same file, so what one writes the other sees.
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("marketo-ops")) / "sandbox.sqlite3"
