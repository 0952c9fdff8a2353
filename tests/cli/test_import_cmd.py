"""The importer's commands as an admin runs them: output, exit codes, journals, real instances."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli.main import cli
from marketo_ops import Marketo
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.server import serve_in_thread

TEMPLATE = "op-lead-management"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "MARKETO_BASE_URL",
        "MARKETO_MUNCHKIN_ID",
        "MARKETO_CLIENT_ID",
        "MARKETO_CLIENT_SECRET",
        "MARKETO_PROFILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "sandbox.sqlite3"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_import_is_the_main_job(db: Path) -> None:
    result = run("import", TEMPLATE, "--sandbox-db", str(db))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "+ program 'OP-Lead Management': new Default program, channel Operational" in out
    assert (
        "+ smart campaign '02 - Marketing Qualified': new, with its smart list and flow written "
        "over Marketo's MCP server" in out
    )
    assert "      then: add flow step 2: Send Alert\n" in out
    assert "Plan: 13 to add, 0 to change, 0 to destroy." in out
    assert "Apply complete: 13 added, 0 changed, in " in out
    assert "ok   flow of '02 - Marketing Qualified': matches the template" in out
    assert "Verified: the instance matches the template." in out
    assert "Manual steps" not in out
    assert "OP-Lead Management (Default program, channel Operational)" in out
    assert "smart campaign: 02 - Marketing Qualified [Active]" in out
    assert "email: 01 - Email - ALERT - MQL [approved]" in out
    assert "Traceback" not in out
    journals = list(db.parent.glob("marketo-ops-journal-OP-Lead-Management-*.json"))
    assert len(journals) == 1

    again = run("import", TEMPLATE, "--sandbox-db", str(db))
    assert again.exit_code == 0
    assert "No changes. The destination matches the template." in again.output
    assert "Apply complete" not in again.output


def test_without_mcp_the_logic_stays_a_checklist(db: Path) -> None:
    result = run("import", TEMPLATE, "--sandbox-db", str(db), "--no-mcp")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Verified: what the REST API can write matches the template; 8 manual steps" in out
    assert "[ ] Smart List: add trigger Person is Created" in out
    assert "smart campaign: 02 - Marketing Qualified [Never Run]" in out


def test_plan_detailed_exitcode_and_json(db: Path) -> None:
    before = run("plan", TEMPLATE, "--sandbox-db", str(db), "--detailed-exitcode")
    assert before.exit_code == 2
    planned = run("plan", TEMPLATE, "--sandbox-db", str(db), "--json")
    data = json.loads(planned.stdout)
    assert data["summary"] == {"add": 13, "change": 0, "destroy": 0, "unchanged": 0}
    assert data["target"]["instance"] == f"sandbox:{db.resolve()}"
    assert {a["op"] for a in data["actions"]} == {"create"}
    assert run("apply", TEMPLATE, "--sandbox-db", str(db)).exit_code == 0
    after = run("plan", TEMPLATE, "--sandbox-db", str(db), "--detailed-exitcode")
    assert after.exit_code == 0
    assert "No changes." in after.output


def test_verify_exits_3_on_drift(db: Path) -> None:
    assert run("import", TEMPLATE, "--sandbox-db", str(db)).exit_code == 0
    with Sandbox(db) as sandbox, Marketo.sandbox(sandbox) as client:
        email = client.assets.emails.get_by_name(name="01 - Email - ALERT - MQL")
        assert email is not None
        assert email.id is not None
        client.assets.emails.update(email.id, operational=False)
    result = run("verify", TEMPLATE, "--sandbox-db", str(db))
    assert result.exit_code == 3
    assert (
        "FAIL email '01 - Email - ALERT - MQL': operational: False in Marketo, True in the template"
        in result.output
    )
    assert "Verification failed: 1 difference." in result.output
    as_json = json.loads(run("verify", TEMPLATE, "--sandbox-db", str(db), "--json").stdout)
    assert as_json["verified"] is False


def test_rollback_from_the_journal(db: Path) -> None:
    journal = db.parent / "j.json"
    assert run("apply", TEMPLATE, "--sandbox-db", str(db), "--journal", str(journal)).exit_code == 0
    result = run("rollback", str(journal), "--sandbox-db", str(db))
    assert result.exit_code == 0, result.output
    assert "- deleted program 'OP-Lead Management'" in result.output
    assert "Marketo's REST API cannot delete files" in result.output
    assert f"Rolled back 'OP-Lead Management' ({journal})." in result.output
    assert run("plan", TEMPLATE, "--sandbox-db", str(db), "--detailed-exitcode").exit_code == 2


def test_resume_continues_a_failed_apply(db: Path, tmp_path: Path) -> None:
    journal = tmp_path / "j.json"
    with Sandbox(db) as sandbox, Marketo.sandbox(sandbox) as client:
        plan = client.importer.plan(TEMPLATE)

        def stop(event: str, action) -> None:
            if event == "start" and action.kind.value == "email":
                raise RuntimeError("power cut")

        with pytest.raises(Exception, match="power cut"):
            plan.apply(journal=journal, progress=stop, workers=1)
    data = json.loads(journal.read_text())
    data["target"]["instance"] = (
        f"sandbox:{db.resolve()}"  # written in-process; the CLI names files
    )
    journal.write_text(json.dumps(data))

    result = run("apply", "--resume", str(journal), "--sandbox-db", str(db))
    assert result.exit_code == 0, result.output
    assert "+ email '01 - Email - ALERT - MQL'" in result.output
    assert "+ program" not in result.output
    assert run("verify", TEMPLATE, "--sandbox-db", str(db)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("plan", "no-such-template"), 64, "no-such-template"),
        (
            ("plan", TEMPLATE, "--rule", "images=overwrite"),
            64,
            "rule images takes keep-both or replace, not 'overwrite'",
        ),
        (("plan", TEMPLATE, "--rule", "colour=blue"), 64, "unknown rule 'colour=blue'"),
        (("apply",), 64, "give either TEMPLATE or --resume JOURNAL"),
        (
            ("plan", TEMPLATE, "--into", "Marketing Activities/Nowhere"),
            1,
            "The destination folder 'Marketing Activities/Nowhere' does not exist",
        ),
    ],
)
def test_bad_input_gives_a_clear_error(
    db: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args, "--sandbox-db", str(db))
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_tag_value_stops_before_writing(db: Path, tmp_path: Path) -> None:
    import shutil

    from marketo_ops.templates import builtin_templates_dir

    path = tmp_path / "op-lead-management"
    shutil.copytree(builtin_templates_dir() / TEMPLATE, path)
    spec = path / "program.yaml"
    spec.write_text(
        spec.read_text().replace(
            "  channel: Operational\n",
            "  channel: Operational\n  tags: [{tag_type: Region, value: MEA}]\n",
            1,
        )
    )
    result = run("import", str(path), "--sandbox-db", str(db))
    assert result.exit_code == 1
    assert "! Tag type 'Region' has no value 'MEA' in the destination" in result.output
    assert (
        "fix: Add the value 'MEA' to tag type 'Region' in Admin > Tags, "
        "or import without tags: --rule tags=ignore." in result.output
    )
    assert "Apply complete" not in result.output
    ok = run("import", str(path), "--sandbox-db", str(db), "--rule", "tags=ignore")
    assert ok.exit_code == 0


@pytest.fixture
def real_instance(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A 'real' instance: a sandbox over HTTP, named by a profile of the config file.

    The profile takes the instance's full rate (this test process is its only integration), so
    the test never waits for Adobe's one-integration pacing of 50 calls per 20 seconds.
    """
    sandbox = Sandbox(tmp_path / "remote.sqlite3")
    with serve_in_thread(sandbox) as url:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[profiles.remote]\nbase_url = "{url}"\nclient_id = "{sandbox.client_id}"\n'
            'client_secret_env = "REMOTE_SECRET"\nrate_limit_calls = 100\n'
        )
        yield {
            "MARKETO_OPS_CONFIG": str(config),
            "MARKETO_PROFILE": "remote",
            "REMOTE_SECRET": sandbox.client_secret,
        }
    sandbox.close()


def test_a_real_instance_needs_yes_without_a_terminal(
    db: Path, real_instance: dict[str, str]
) -> None:
    refused = run("apply", TEMPLATE, env=real_instance)
    assert refused.exit_code == 1
    assert "refusing to write to profile 'remote' without a terminal to confirm" in refused.output
    assert "run again with --yes" in refused.output
    assert run("plan", TEMPLATE, "--detailed-exitcode", env=real_instance).exit_code == 2

    applied = run("apply", TEMPLATE, "--yes", env=real_instance)
    assert applied.exit_code == 0, applied.output
    assert "Apply complete: 13 added" in applied.output


def test_debug_output_holds_no_secret(db: Path, real_instance: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["--debug", "plan", TEMPLATE], env=real_instance)
    assert result.exit_code == 0
    text = result.output
    assert "identityUsingGET" in text or "identity" in text
    assert real_instance["REMOTE_SECRET"] not in text


def test_a_template_that_does_not_validate_is_refused_with_its_findings(
    db: Path, tmp_path: Path
) -> None:
    import shutil

    from marketo_ops.templates import builtin_templates_dir

    path = tmp_path / "op-lead-management"
    shutil.copytree(builtin_templates_dir() / TEMPLATE, path)
    spec = path / "program.yaml"
    spec.write_text(
        spec.read_text().replace(
            "template: Quick Start Email Template", "template: No Such Template", 1
        )
    )
    for command in ("plan", "apply", "import", "verify"):
        result = run(command, str(path), "--sandbox-db", str(db))
        assert result.exit_code == 1, (command, result.output)
        assert "does not validate" in result.output
        assert "program.yaml:" in result.output
        assert "No Such Template" in result.output
        assert "Traceback" not in result.output


def test_a_plan_that_cannot_be_applied_ends_on_its_problems(db: Path) -> None:
    result = run("plan", TEMPLATE, "--sandbox-db", str(db), "--into", "Nowhere")
    assert result.exit_code == 1
    lines = result.output.rstrip().splitlines()
    assert lines[-2] == "Plan: 13 to add, 0 to change, 0 to destroy."
    assert lines[-1] == "Not applied: 1 problem to fix first."


def test_plan_out_then_apply_the_saved_plan(db: Path, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    planned = run("plan", TEMPLATE, "--sandbox-db", str(db), "--out", str(saved))
    assert planned.exit_code == 0, planned.output
    assert f"Plan saved to {saved}. Apply exactly this plan with: marketo-ops apply {saved}" in (
        planned.output
    )
    as_json = json.loads(run("plan", TEMPLATE, "--sandbox-db", str(db), "--json").stdout)
    assert as_json["actions"] == json.loads(saved.read_text())["actions"]

    applied = run("apply", str(saved), "--sandbox-db", str(db))
    assert applied.exit_code == 0, applied.output
    assert "Apply complete: 13 added, 0 changed" in applied.output

    stale = run("apply", str(saved), "--sandbox-db", str(db))
    assert stale.exit_code == 1
    assert "the destination changed since the plan was made; nothing was written" in stale.output
    assert "program:program: changed since the plan" in stale.output
    assert "Traceback" not in stale.output


def test_ctrl_c_during_apply_says_how_to_resume_or_roll_back(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import _thread

    from marketo_ops.importer import kinds
    from marketo_ops.importer.model import AssetKind

    email_kind = kinds.KINDS[AssetKind.EMAIL]

    def interrupted(action, ctx) -> None:  # the person presses Ctrl-C while the email is written
        _thread.interrupt_main()
        email_kind.apply(action, ctx)

    patched = dict(kinds.KINDS)
    patched[AssetKind.EMAIL] = email_kind.__class__(**{**email_kind.__dict__, "apply": interrupted})
    monkeypatch.setattr("marketo_ops.importer.executor.KINDS", patched)
    journal = tmp_path / "j.json"

    result = run("apply", TEMPLATE, "--sandbox-db", str(db), "--journal", str(journal))

    assert result.exit_code == 130
    assert "Interrupted: interrupted after" in result.output
    assert f"Continue with 'marketo-ops apply --resume {journal}'" in result.output
    assert f"undo with 'marketo-ops rollback {journal}'" in result.output
    assert json.loads(journal.read_text())["status"] == "interrupted"
    resumed = run("apply", "--resume", str(journal), "--sandbox-db", str(db))
    assert resumed.exit_code == 0, resumed.output
    assert run("verify", TEMPLATE, "--sandbox-db", str(db)).exit_code == 0


def test_import_json_counts_calls_by_phase(db: Path) -> None:
    rest = ("--sandbox-db", str(db), "--json", "--no-mcp")
    data = json.loads(run("import", TEMPLATE, *rest).stdout)
    assert data["calls_by_phase"]["apply"] == 19
    assert data["calls"] == sum(data["calls_by_phase"].values()) <= 38
    again = json.loads(run("import", TEMPLATE, *rest).stdout)
    assert again["applied"] is False
    assert again["calls"] <= 12


def test_import_json_counts_mcp_calls_with_the_rest(tmp_path: Path, db: Path) -> None:
    data = json.loads(run("import", TEMPLATE, "--sandbox-db", str(db), "--json").stdout)
    # + 2 x (rules, flow steps, read back, activation) over MCP and the REST activations
    assert data["calls_by_phase"]["apply"] == 31
    assert data["verification"]["manual_steps"] == {}
