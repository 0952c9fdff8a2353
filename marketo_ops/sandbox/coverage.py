"""Which operations of the official specs the sandbox implements, computed, never hand-kept.

The Asset API v2 (``asset_v2``) has no official spec: its rows come from the spec written from
Adobe's docs (``marketo_ops/specs/asset-v2.from-docs.json``).

Operations that are not implemented answer like an unknown Marketo resource (610, an error
envelope), never a fake success. ``python -m marketo_ops.sandbox.coverage`` prints the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..specs import DOC_SPECS, SPEC_NAMES, SpecName, load_spec
from .handlers import registry


@dataclass(frozen=True)
class CoverageRow:
    spec: SpecName
    operation_id: str
    method: str
    path: str
    implemented: bool


def coverage() -> list[CoverageRow]:
    implemented = registry().operation_ids()
    rows = []
    for spec_name in (*SPEC_NAMES, *DOC_SPECS):
        for path, item in load_spec(spec_name).get("paths", {}).items():
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    rows.append(
                        CoverageRow(
                            spec=spec_name,
                            operation_id=op["operationId"],
                            method=method.upper(),
                            path=path,
                            implemented=(spec_name, op["operationId"]) in implemented,
                        )
                    )
    return rows


def summary() -> dict[str, tuple[int, int]]:
    """spec -> (implemented, total)."""
    counts: dict[str, tuple[int, int]] = {}
    for row in coverage():
        done, total = counts.get(row.spec, (0, 0))
        counts[row.spec] = (done + row.implemented, total + 1)
    return counts


def markdown() -> str:
    lines = ["| spec | operationId | method | path | sandbox |", "| --- | --- | --- | --- | --- |"]
    for row in coverage():
        mark = "implemented" if row.implemented else "not implemented (610)"
        lines.append(f"| {row.spec} | {row.operation_id} | {row.method} | `{row.path}` | {mark} |")
    totals = ", ".join(f"{spec} {done}/{total}" for spec, (done, total) in summary().items())
    lines.append("")
    lines.append(f"Implemented: {totals}.")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(markdown())
