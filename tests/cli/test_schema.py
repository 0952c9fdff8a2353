"""``marketo-ops schema``: the JSON Schema of program.yaml on standard output or in a file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from marketo_ops.templates import naming_policy_json_schema, template_json_schema


def test_schema_prints_the_template_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == template_json_schema()
    assert result.stdout == json.dumps(template_json_schema(), indent=2) + "\n"


def test_schema_is_identical_between_runs() -> None:
    first = CliRunner().invoke(cli, ["schema"]).stdout
    assert CliRunner().invoke(cli, ["schema"]).stdout == first


def test_schema_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "program-template.schema.json"
    result = CliRunner(env={"COLUMNS": "500"}).invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Schema written to {target}.\n"
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == (
        "marketo-ops program template (format_version 1)"
    )


def test_naming_policy_schema() -> None:
    result = CliRunner().invoke(cli, ["schema", "--naming-policy"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == naming_policy_json_schema()


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "-o", str(tmp_path / "missing" / "x.json")])
    assert result.exit_code == 64
    assert "Error: cannot write" in result.stderr
