"""Validation never crashes: garbage in, findings out.

Run with ``raise_unexpected=True`` so that an exception inside a check fails the test instead
of being turned into an "internal-error" finding.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from marketo_ops.templates import validate_paths
from marketo_ops.templates.yamlsource import load_yaml

REPLACEMENTS: list[Any] = [None, [1, "x"], {"a": {"b": 1}}, 12345678901234567890, "", True]


def leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from leaf_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield (*path, index)
            yield from leaf_paths(item, (*path, index))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {k: replaced(v, tuple(rest), value) if k == head else v for k, v in data.items()}
    return [replaced(v, tuple(rest), value) if i == head else v for i, v in enumerate(data)]


def assert_clean_failure(folder: Path) -> None:
    [report] = validate_paths([folder], raise_unexpected=True)
    for finding in report.findings:
        assert finding.line >= 1
        assert finding.file
        assert finding.message


@pytest.mark.parametrize("name", ["op-lead-management", "lead-lifecycle"])
def test_every_value_replaced_by_the_wrong_type(
    builtin_dir: Path, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name
    shutil.copytree(builtin_dir / name, folder)
    original = load_yaml((folder / "program.yaml").read_text(encoding="utf-8"), "p").data
    rng = random.Random(5)
    paths = list(leaf_paths(original))
    for path in rng.sample(paths, min(len(paths), 60)):
        value = rng.choice(REPLACEMENTS)
        mutated = replaced(original, path, value)
        (folder / "program.yaml").write_text(yaml.safe_dump(mutated), encoding="utf-8")
        assert_clean_failure(folder)


@pytest.mark.parametrize("name", ["op-lead-management", "lead-scoring", "lead-lifecycle"])
def test_every_truncation_of_program_yaml(builtin_dir: Path, tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    shutil.copytree(builtin_dir / name, folder)
    text = (folder / "program.yaml").read_text(encoding="utf-8")
    for end in range(0, len(text), max(1, len(text) // 60)):
        (folder / "program.yaml").write_text(text[:end], encoding="utf-8")
        assert_clean_failure(folder)


def test_random_bytes_and_odd_files(tmp_path: Path) -> None:
    rng = random.Random(7)
    for index in range(40):
        folder = tmp_path / f"t{index}"
        folder.mkdir()
        size = rng.randint(0, 400)
        data = bytes(rng.randint(1, 255) for _ in range(size))
        (folder / "program.yaml").write_bytes(data)
        assert_clean_failure(folder)


def test_html_and_images_that_are_garbage(builtin_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lead-lifecycle"
    shutil.copytree(builtin_dir / "lead-lifecycle", folder)
    rng = random.Random(11)
    for html in folder.rglob("*.html"):
        html.write_bytes(bytes(rng.randint(0, 255) for _ in range(300)))
    for image in folder.rglob("*.png"):
        image.write_bytes(b"")
    [report] = validate_paths([folder], raise_unexpected=True)
    codes = {f.code for f in report.findings}
    assert codes == {"not-text", "empty-file"}
