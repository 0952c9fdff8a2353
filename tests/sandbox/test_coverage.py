"""The coverage table is computed from the routes and the specs."""

from __future__ import annotations

from marketo_ops.sandbox.coverage import coverage, markdown, summary
from marketo_ops.sandbox.routing import REGISTRY
from marketo_ops.specs import load_spec


def test_every_route_is_a_spec_operation_at_its_spec_path() -> None:
    by_id = {(row.spec, row.operation_id): row for row in coverage()}
    for op in REGISTRY.operations:
        row = by_id.get((op.spec, op.operation_id))
        assert row is not None, f"{op.operation_id} is not in the {op.spec} spec"
        assert row.method == op.method
        assert row.path == (op.spec_path or op.path)
        assert row.path in load_spec(op.spec)["paths"]


def test_coverage_counts(capsys: object) -> None:
    counts = summary()
    assert counts["identity"] == (2, 2)
    assert counts["asset"][1] == 166
    assert counts["asset"][0] >= 100
    assert counts["mapi"][1] == 147
    assert counts["user"][1] == 12
    table = markdown()
    assert "createProgramUsingPOST | POST | `/rest/asset/v1/programs.json` | implemented" in table
    print(
        "\nsandbox coverage: "
        + ", ".join(f"{spec} {done}/{total}" for spec, (done, total) in counts.items())
    )
