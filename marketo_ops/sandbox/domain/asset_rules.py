"""Where an asset may live, which names it may not share, and lookups by id that cannot fail.

For the kinds ``tree`` does not know (forms, the Email Designer's v2 assets).

``tree.check_container``/``tree.ensure_unique`` encode the rules of the asset kinds the first
handlers needed; forms and the Email Designer (v2) assets follow the same pattern with other
folder types, so the pattern is written once here with the folder types as a parameter:

* a *local* asset lives in a program (or one of its folders) and is unique within that program;
* a Design Studio asset lives in a Design Studio folder of the right ``folderType`` and is unique
  among the workspace's Design Studio assets of its family.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Final

from .. import errors
from ..store.db import Row, Store
from ..store.seed import DESIGN_STUDIO, MARKETING_ACTIVITIES
from . import tree

MAX_ID: Final = 2**63
"""Ids are 64-bit in the store; a larger number names nothing (and must not reach SQLite)."""


def get(store: Store, kind: str, number: int) -> Row | None:
    """The row of a kind by id, or None (also for ids past 64 bits)."""
    return store.get(kind, number) if -MAX_ID <= number < MAX_ID else None


def check_placement(
    store: Store,
    container: Row,
    label: str,
    *,
    folder_types: Collection[str],
    local: bool,
) -> None:
    """711 unless ``container`` may hold the asset: a program (when ``local``) or a Design
    Studio folder whose ``folderType`` is one of ``folder_types``."""
    zone = tree.zone_of(store, container)
    where = f"{container.ref_type.lower()} '{container.name}' ({tree.folder_type_of(container)})"
    if zone == MARKETING_ACTIVITIES and local and tree.owning_program(container) is not None:
        return
    if zone == DESIGN_STUDIO and tree.folder_type_of(container) in folder_types:
        return
    if local:
        hint = f"a program or a Design Studio folder of type {' or '.join(sorted(folder_types))}"
    else:
        hint = f"a Design Studio folder of type {' or '.join(sorted(folder_types))}"
    raise errors.incompatible_folder(f"{label} cannot be created in {where}; use {hint}")


def ensure_unique(
    store: Store,
    kinds: Sequence[str],
    label: str,
    name: str,
    container: Row,
    *,
    exclude: tuple[str, int] | None = None,
    per_folder: bool = False,
) -> None:
    """709 when another asset of ``kinds`` has this name where Marketo wants it unique: within
    the owning program for local assets, among the workspace's other assets otherwise (within
    the folder when ``per_folder``, as email templates are)."""
    program_id = tree.owning_program(container)
    if per_folder:
        candidates = store.find(list(kinds), name=name, parent=(container.ref_type, container.id))
        scope = f"in folder '{container.name}'"
    elif program_id is not None:
        candidates = store.find(list(kinds), name=name, program_id=program_id)
        program = store.get("program", program_id)
        scope = f"in program '{program.name if program else program_id}'"
    else:
        candidates = [
            row
            for row in store.find(list(kinds), name=name, workspace=container.workspace)
            if row.program_id is None
        ]
        scope = f"in workspace '{container.workspace}'"
    if any((row.kind, row.id) != exclude and not row.data.get("owner") for row in candidates):
        raise errors.name_taken(label, name, scope)
