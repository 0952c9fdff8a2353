"""The generator: generated files are current, and its data files are complete and explained.

``python -m tools.codegen --check`` runs in-process here, so CI fails when someone edits a spec
fix, the operation map or a generated file without regenerating.
"""

from __future__ import annotations

import pytest

from marketo_ops.specs import SPEC_NAMES, load_spec
from tools.codegen import GENERATED_MARK, generate
from tools.codegen.__main__ import main
from tools.codegen.spec import load, load_yaml


def all_operation_ids() -> set[str]:
    return {
        operation["operationId"]
        for name in SPEC_NAMES
        for item in load_spec(name)["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }


def test_generated_files_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--check"])
    output = capsys.readouterr().out
    assert status == 0, output


def test_generation_is_deterministic_and_marked() -> None:
    first, second = generate(), generate()
    assert first == second
    for path, text in first.items():
        assert text.startswith(GENERATED_MARK), path
        assert "do not edit" in text.splitlines()[0], path


def test_operations_yaml_maps_every_spec_operation_exactly_once() -> None:
    listed: list[str] = []
    for group in load_yaml("operations.yaml")["groups"].values():
        listed.extend(group["operations"])
    assert len(listed) == len(set(listed)), "an operation is listed twice"
    expected = all_operation_ids()
    assert set(listed) - expected == set(), "operations.yaml names unknown operations"
    assert expected - set(listed) == set(), "operations missing from operations.yaml"
    assert len(expected) == 327


def test_every_spec_fix_says_why() -> None:
    fixes = load_yaml("spec_fixes.yaml")
    for section in ("rules", "parameters", "paths", "results", "definitions"):
        for entry in fixes.get(section) or []:
            assert str(entry.get("reason", "")).strip(), f"{section}: {entry} has no reason"


def test_creates_that_can_be_found_again_carry_a_lookup() -> None:
    """A create or clone is retried after an ambiguous failure only behind a by-name check."""
    config = load_yaml("operations.yaml")["groups"]
    specs = load()
    for path, group in config.items():
        for op_id, conf in group["operations"].items():
            if conf["method"] in ("create", "clone") and "lookup" in conf:
                assert conf.get("idempotent") is False, op_id
                target = specs.operations[conf["lookup"]["op"]]
                assert target.method == "GET", op_id
            if conf["method"] in ("create", "clone") and path.startswith("assets."):
                assert conf.get("idempotent") is False, f"{op_id} must not be replayed blindly"


def test_model_renames_the_importer_relies_on() -> None:
    names = load().apis["asset"].model_names
    assert names["ProgramResponse"] == "Program"
    assert names["EmailResponse"] == "Email"
    assert names["FolderResponse"] == "Folder"
    assert names["Folder"] == "FolderRef"
    assert names["SmartListResponseWithRules"] == "SmartListWithRules"
