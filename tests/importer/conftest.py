"""Helpers for importer tests: editable copies of the built-in templates, asset counts."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from marketo_ops import Marketo
from marketo_ops.templates import builtin_templates_dir

Edit = Callable[[dict[str, Any]], None]


def copy_template(tmp_path: Path, name: str, edit: Edit | None = None) -> Path:
    """A copy of a built-in template (same folder name, so the same template id), edited."""
    target = tmp_path / name
    if not target.exists():
        shutil.copytree(builtin_templates_dir() / name, target)
    if edit is not None:
        spec_file = target / "program.yaml"
        data = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        edit(data)
        spec_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def template_copy(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "op-lead-management", edit: Edit | None = None) -> Path:
        return copy_template(tmp_path, name, edit)

    return make


def names(items: Any) -> list[str]:
    return sorted(str(item.name) for item in items)


def design_studio(client: Marketo) -> dict[str, list[str]]:
    """Every Design Studio asset name, by kind: what an import must never duplicate."""
    return {
        "files": names(client.assets.files.list()),
        "email_templates": names(client.assets.email_templates.list()),
        "lp_templates": names(client.assets.landing_page_templates.list()),
    }


def programs(client: Marketo) -> list[str]:
    return names(client.assets.programs.list())
