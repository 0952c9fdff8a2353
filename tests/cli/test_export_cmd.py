"""export, diff and copy as an admin runs them: output, exit codes, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from cli.target import Target, parse_target
from marketo_ops import Marketo
from marketo_ops.sandbox import Sandbox

PROGRAM = "OP-Lead Management"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "MARKETO_BASE_URL",
        "MARKETO_MUNCHKIN_ID",
        "MARKETO_CLIENT_ID",
        "MARKETO_CLIENT_SECRET",
        "MARKETO_PROFILE",
        "MARKETO_OPS_SANDBOX_DB",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.db"
    assert run("import", "op-lead-management", "--sandbox-db", str(path)).exit_code == 0
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_writes_a_template_that_validates(db: Path, tmp_path: Path) -> None:
    result = run("export", PROGRAM, "--out", "exported", "--sandbox-db", str(db), "--no-flows")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Exported program '{PROGRAM}' (id 1001) to exported: 2 folders, 2 smart campaigns, "
        "1 email, 1 email template, 1 file, 5 tokens.",
        "  placeholder: flow of smart campaign '01 - Sync New People to CRM' (import lists it "
        "as a manual step)",
        "  placeholder: flow of smart campaign '02 - Marketing Qualified' (import lists it as a "
        "manual step)",
    ]
    assert "API calls: " in result.stderr
    validated = run("validate", "exported")
    assert validated.exit_code == 0, validated.output

    again = run("export", PROGRAM, "--out", "exported", "--sandbox-db", str(db), "--json")
    assert again.exit_code == 1
    assert "Error: exported exists and is not empty; nothing was written" in again.stderr
    forced = run("export", PROGRAM, "--out", "exported", "--sandbox-db", str(db), "--force")
    assert forced.exit_code == 0
    data = json.loads(
        run("export", PROGRAM, "--out", "other", "--sandbox-db", str(db), "--json").stdout
    )
    assert data["assets"]["emails"] == 1
    assert data["placeholders"] == []  # the sandbox's MCP server reads the (empty) flows
    assert data["calls"] == sum(data["calls_by_operation"].values())


def test_export_bad_input_exits_1_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    unknown = run("export", "Nope", "--out", "out", "--sandbox-db", str(db))
    assert unknown.exit_code == 1
    assert f"Error: no program named 'Nope' in sandbox:{db.resolve()}" in unknown.stderr
    assert "Traceback" not in unknown.output
    assert not (tmp_path / "out").exists()

    with Sandbox(db) as sandbox, Marketo.sandbox(sandbox) as client:
        found = client.assets.programs.get_by_name(name=PROGRAM)
        assert found is not None
        assert found.id is not None
        report = sandbox.admin.add_program_asset(found.id, "report", "Leads by Source")
    refused = run("export", PROGRAM, "--out", "out", "--sandbox-db", str(db))
    assert refused.exit_code == 1
    assert (
        f"  - program '{PROGRAM}': it holds Report #{report}, which the template format cannot "
        "carry (local smart lists, static lists, reports and the like)"
    ) in refused.stderr
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["a.db", *[p.name for p in tmp_path.glob("marketo-ops-journal-*.json")]]
    )

    partial = run("export", PROGRAM, "--out", "out", "--sandbox-db", str(db), "--partial")
    assert partial.exit_code == 0
    assert f"  not exported: program '{PROGRAM}': it holds Report #{report}" in partial.stdout


def test_diff_exit_codes(db: Path) -> None:
    assert run("export", PROGRAM, "--out", "exported", "--sandbox-db", str(db)).exit_code == 0
    in_sync = run("diff", "exported", "--sandbox-db", str(db))
    assert in_sync.exit_code == 0, in_sync.output
    assert "In sync: the instance matches the template (13 assets)." in in_sync.stdout

    with Sandbox(db) as sandbox, Marketo.sandbox(sandbox) as client:
        found = client.assets.programs.get_by_name(name=PROGRAM)
        assert found is not None
        assert found.id is not None
        client.assets.tokens.upsert(
            found.id, folder_type="Program", name="MQL Score Threshold", type="number", value="90"
        )
    drift = run("diff", "exported", "--sandbox-db", str(db))
    assert drift.exit_code == 2
    assert drift.stdout.splitlines()[2:5] == [
        "~ token 'my.MQL Score Threshold': differs from the template",
        "    value: '90' in Marketo, '100' in the template",
        "",
    ]
    assert "Drift: 1 asset differs from the template." in drift.stdout
    data = json.loads(run("diff", "exported", "--sandbox-db", str(db), "--json").stdout)
    assert data["in_sync"] is False
    assert data["drift"][0]["fields"] == [{"field": "value", "instance": "90", "template": "100"}]

    (Path("exported") / "program.yaml").write_text("format_version: 1\nprogram: {}\n")
    broken = run("diff", "exported", "--sandbox-db", str(db))
    assert broken.exit_code == 1
    assert "Traceback" not in broken.output


def test_copy_between_two_sandbox_databases(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "b.db"

    result = run("copy", PROGRAM, "--from", f"sandbox:{db}", "--to", f"sandbox:{other}")

    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"Exported program '{PROGRAM}' (id 1001) to " in out
    assert f"+ program '{PROGRAM}': new Default program, channel Operational" in out
    assert "Plan: 13 to add, 0 to change, 0 to destroy." in out
    assert "Verified: the instance matches the template." in out
    assert f"Copying into embedded sandbox ({other})" in result.stderr
    assert list(tmp_path.glob("marketo-ops-copy-*")) == []
    # the copy is the built-in template's program, in the other database
    diff = run("diff", "op-lead-management", "--sandbox-db", str(other))
    assert diff.exit_code == 0, diff.output

    renamed = run(
        "copy", PROGRAM, "--from", f"sandbox:{db}", "--to", f"sandbox:{other}", "--name", "Copy"
    )
    assert renamed.exit_code == 0, renamed.output
    assert "+ program 'Copy': new Default program, channel Operational" in renamed.stdout


def test_copy_bad_input(db: Path, tmp_path: Path) -> None:
    same = run("copy", PROGRAM, "--from", f"sandbox:{db}", "--to", f"sandbox:./{db.name}")
    assert same.exit_code == 64
    assert "--from and --to are the same instance: give the copy another --name" in same.stderr
    empty = run("copy", PROGRAM, "--from", "sandbox:", "--to", "sandbox:b.db")
    assert empty.exit_code == 64
    assert "'sandbox:' needs the path of a sandbox database" in empty.output
    unknown = run("copy", "Nope", "--from", f"sandbox:{db}", "--to", "sandbox:b.db")
    assert unknown.exit_code == 1
    assert "Error: no program named 'Nope'" in unknown.stderr
    assert not (tmp_path / "b.db").exists()  # never opened: nothing written there


def test_target_strings() -> None:
    assert parse_target("sandbox:a.db") == Target(sandbox_db=Path("a.db"), named_sandbox=True)
    assert parse_target("https://123-ABC-456.mktorest.com") == Target(
        base_url="https://123-ABC-456.mktorest.com"
    )
    assert parse_target("123-ABC-456") == Target(base_url="123-ABC-456")
    assert parse_target("prod") == Target(profile="prod")
    with pytest.raises(ValueError, match="looks like a file"):
        parse_target("exports/a.db")


def test_commands_are_documented() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for command in ("export", "diff", "copy"):
        assert f"marketo-ops {command} " in readme
        assert run(command, "--help").exit_code == 0
