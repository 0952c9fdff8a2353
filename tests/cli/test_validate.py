"""``marketo-ops validate``: exact output per format, exit codes, and no tracebacks ever."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from junitparser import Failure, JUnitXml

from cli.main import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
BROKEN = "tests/templates/broken"

TEMPLATE_HTML = '<html><body><div class="mktEditable" id="body">Hi</div></body></html>\n'
SMALL = """\
format_version: 1
variables:
  region: {description: Region}
program:
  name: "{{ region }} - Demo"
  channel: Operational
email_templates:
  - {name: Basic, file: t.html}
emails:
  - name: Welcome
    template: Basic
    subject: Hello
    from_email: "{{my.Sender}}"
smart_campaigns:
  - name: Send welcome
    flow:
      - {action: Send Emial, params: {Email: Welcome}}
"""


def run(*args: str) -> Result:
    # a wide terminal, so that diagnostics on standard error are not wrapped
    return CliRunner(env={"COLUMNS": "500"}).invoke(cli, list(args))


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO_ROOT)
    return REPO_ROOT


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A template with two errors and a warning, validated from its parent folder."""
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "program.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "t.html").write_text(TEMPLATE_HTML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "small"


def test_shipped_templates_are_clean(in_repo: Path) -> None:
    result = run("validate", "program_templates/")
    assert result.exit_code == 0
    assert result.stdout == "11 templates checked: no problems found.\n"


def test_github_format_on_the_shipped_templates(in_repo: Path) -> None:
    result = run("validate", "program_templates/", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == "11 templates checked: no problems found.\n"


def test_builtin_short_name(in_repo: Path) -> None:
    result = run("validate", "op-lead-management", "lead-scoring", "--strict")
    assert (result.exit_code, result.stdout) == (0, "2 templates checked: no problems found.\n")


def test_text_format(small: str) -> None:
    result = run("validate", small)
    assert result.exit_code == 1
    assert result.stdout == (
        "small/program.yaml:5:3: error: program.name: variable {{ region }} has no value: give "
        "the naming variable 'region' a value, or give it a default [missing-variable]\n"
        "small/program.yaml:13:5: error: emails[0].from_email: token {{my.Sender}} is not "
        "defined in program.tokens [unknown-token]\n"
        "small/program.yaml:17:10: warning: smart_campaigns[0].flow[0].action: 'Send Emial' is "
        "not a Marketo flow action I know (did you mean 'Send Email'?) [unknown-flow-action]\n"
        "1 template checked: 2 errors, 1 warning; 1 template failed.\n"
    )


def test_var_fills_the_variable(small: str) -> None:
    result = run("validate", small, "--var", "region=EMEA")
    assert result.exit_code == 1
    assert "missing-variable" not in result.stdout
    assert result.stdout.endswith("1 template checked: 1 error, 1 warning; 1 template failed.\n")


def test_warnings_pass_unless_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "warn"
    folder.mkdir()
    text = SMALL.replace("  region: {description: Region}", "  region: {default: NA}")
    text = text.replace('    from_email: "{{my.Sender}}"\n', "")
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    (folder / "t.html").write_text(TEMPLATE_HTML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    relaxed = run("validate", "warn")
    assert relaxed.exit_code == 0
    assert relaxed.stdout.endswith("1 template checked: 0 errors, 1 warning; all passed.\n")
    strict = run("validate", "warn", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.endswith("1 template checked: 0 errors, 1 warning; 1 template failed.\n")


def test_json_format(small: str) -> None:
    result = run("validate", small, "--format", "json", "--var", "region=EMEA")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["summary"] == {"templates": 1, "errors": 1, "warnings": 1}
    [template] = document["templates"]
    assert (template["path"], template["name"], template["ok"]) == ("small", "EMEA - Demo", False)
    assert template["findings"][0] == {
        "file": "small/program.yaml",
        "line": 13,
        "column": 5,
        "severity": "error",
        "code": "unknown-token",
        "field": "emails[0].from_email",
        "message": "token {{my.Sender}} is not defined in program.tokens",
    }


def test_github_format(small: str) -> None:
    result = run("validate", small, "--format", "github", "--var", "region=EMEA")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=small/program.yaml,line=13,col=5,title=marketo-ops unknown-token::"
        "emails[0].from_email: token {{my.Sender}} is not defined in program.tokens\n"
        "::warning file=small/program.yaml,line=17,col=10,title=marketo-ops unknown-flow-action::"
        "smart_campaigns[0].flow[0].action: 'Send Emial' is not a Marketo flow action I know "
        "(did you mean 'Send Email'?)\n"
        "1 template checked: 1 error, 1 warning; 1 template failed.\n"
    )


def test_github_format_escapes_properties_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "odd, name: 100%"
    folder.mkdir()
    (folder / "program.yaml").write_text("format_version: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "odd, name: 100%", "--format", "github")
    assert result.stdout.splitlines()[0] == (
        "::error file=odd%2C name%3A 100%25/program.yaml,line=1,col=1,"
        "title=marketo-ops missing-field::program: missing required field 'program'"
    )


def test_junit_report_is_accepted_by_a_junit_parser(in_repo: Path, tmp_path: Path) -> None:
    report = tmp_path / "validate.xml"
    result = run(
        "validate",
        f"{BROKEN}/unknown-folder",
        f"{BROKEN}/unknown-flow-action",
        "program_templates/lead-scoring",
        "--format",
        "junit",
        "-o",
        str(report),
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"3 templates checked: 1 error, 1 warning; 1 template failed. Report written to {report}.\n"
    )
    xml = JUnitXml.fromfile(str(report))
    suites = {suite.name: suite for suite in xml}
    assert list(suites) == [
        f"{BROKEN}/unknown-folder",
        f"{BROKEN}/unknown-flow-action",
        "program_templates/lead-scoring",
    ]
    assert (xml.tests, xml.failures, xml.errors) == (3, 1, 0)
    [failed] = list(suites[f"{BROKEN}/unknown-folder"])
    assert failed.name == "emails[0].folder [unknown-folder]"
    assert failed.classname == f"{BROKEN}/unknown-folder/program.yaml"
    [failure] = failed.result
    assert isinstance(failure, Failure)
    assert failure.type == "error"
    assert failure.message.startswith("folder 'Email' is not defined in folders")
    assert failure.text.startswith(f"{BROKEN}/unknown-folder/program.yaml:17:5: folder 'Email'")
    [warned] = list(suites[f"{BROKEN}/unknown-flow-action"])
    assert warned.is_passed
    assert warned.system_out.startswith("warning: ")
    [clean] = list(suites["program_templates/lead-scoring"])
    assert (clean.name, clean.is_passed) == ("valid", True)


def test_junit_strict_turns_warnings_into_failures(in_repo: Path) -> None:
    result = run("validate", f"{BROKEN}/unknown-flow-action", "--format", "junit", "--strict")
    assert result.exit_code == 1
    xml = JUnitXml.fromstring(result.stdout.split("\n", 1)[1])
    assert (xml.tests, xml.failures) == (1, 1)


def test_the_whole_broken_corpus_fails_cleanly(in_repo: Path) -> None:
    result = run("validate", BROKEN, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # 52 templates with one finding each, then the summary (the three *-too-large cases lack
    # their generated files here, which is one finding too; see test_broken_corpus.py)
    assert len(lines) == 53
    assert lines[-1] == "52 templates checked: 50 errors, 2 warnings; 50 templates failed."
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines[:-1])
    assert "Traceback" not in result.output


def test_naming_policy_option(small: str, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("email:\n  pattern: '^\\d{2} - .+$'\n", encoding="utf-8")
    result = run("validate", small, "--var", "region=NA", "--naming-policy", str(policy))
    assert "emails[0].name: email name 'Welcome' does not match the naming policy pattern" in (
        result.stdout
    )
    assert result.exit_code == 1


def test_broken_naming_policy_is_reported_with_its_location(small: str, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("emial:\n  max_length: 5\n", encoding="utf-8")
    result = run("validate", small, "--var", "region=NA", "--naming-policy", "policy.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "policy.yaml:1:1: error: emial: unknown field 'emial' (did you mean 'email'?) "
        "[unknown-field]"
    )


def test_name_and_prefix_options(small: str) -> None:
    result = run(
        "validate",
        small,
        "--format",
        "json",
        "--var",
        "region=NA",
        "--name",
        "{{ region }} Onboarding",
        "--prefix",
        "NA ",
    )
    document = json.loads(result.stdout)
    assert document["templates"][0]["name"] == "NA Onboarding"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "does-not-exist"],
            "Error: 'does-not-exist' is neither a template folder nor a built-in template "
            "(built-in: em-single-email-send, lead-lifecycle, lead-scoring, nur-simple-nurture, "
            "op-acquisition-api, op-data-management, op-deliverability-management, "
            "op-lead-management, op-scoring-behavior, op-scoring-demographic, wbn-webinar)",
        ),
        (
            ["validate", "program_templates", "--var", "region"],
            "Invalid value for '--var': expected NAME=VALUE, got 'region'",
        ),
        (
            ["validate", "program_templates", "--format", "xml"],
            "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github', 'junit'.",
        ),
        (
            ["validate", "program_templates", "--naming-policy", "missing.yaml"],
            "Invalid value for '--naming-policy': File 'missing.yaml' does not exist.",
        ),
        (["validate"], "Missing argument 'PATH...'."),
    ],
)
def test_usage_errors_exit_64(in_repo: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 64
    assert message in result.stderr
    assert result.stdout == ""


def test_garbage_inputs_never_show_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases: dict[str, bytes | None] = {
        "binary": bytes(range(256)) * 4,
        "latin1": "name: caf\xe9\n".encode("latin-1"),
        "tabs": b"format_version: 1\nprogram:\n\tname: x\n",
        "bomb": b"a: &a [x,x,x,x,x,x,x,x,x]\n"
        + b"".join(
            f"b{i}: &b{i} [{', '.join(['*a' if i == 0 else f'*b{i - 1}'] * 9)}]\n".encode()
            for i in range(8)
        ),
        "deep": b"[" * 5000,
        "list": b"- 1\n- 2\n",
        "empty": b"",
        "dir": None,
    }
    for name, content in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        if content is None:
            (folder / "program.yaml").mkdir()
        else:
            (folder / "program.yaml").write_bytes(content)
    (tmp_path / "no-template").mkdir()
    monkeypatch.chdir(tmp_path)
    cheap = [name for name in cases if name not in {"bomb", "deep"}]
    for output_format in ("json", "github", "junit"):
        result = run("validate", *cheap, "no-template", "--format", output_format)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    result = run("validate", *cases, "no-template")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    text = result.stdout
    assert text.splitlines()[-1] == "9 templates checked: 9 errors, 0 warnings; 9 templates failed."
    assert "no-template/program.yaml:1:1: error: no program.yaml in no-template or below it" in text


def test_validate_does_not_need_the_shipped_folder_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO_ROOT / "program_templates" / "op-lead-management", tmp_path / "copy")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "copy/program.yaml")
    assert (result.exit_code, result.stdout) == (0, "1 template checked: no problems found.\n")


def test_one_var_for_a_folder_of_templates(in_repo: Path) -> None:
    result = run("validate", "program_templates", "--var", "region=EMEA", "--format", "json")
    assert result.exit_code == 0
    names = [t["name"] for t in json.loads(result.stdout)["templates"]]
    assert names == [
        "EM-YYYY-MM-DD-Single Email Send",
        "EMEA - Lead Lifecycle",
        "Lead Scoring",
        "NUR-YYYY-MM-Simple Nurture",
        "OP-Acquisition-API",
        "OP-Data Management",
        "OP-Deliverability Management",
        "OP-Lead Management",
        "OP-Scoring-Behavior",
        "OP-Scoring-Demographic",
        "WBN-YYYY-MM-DD-Webinar Program",
    ]
