"""Export: programs out of a sandbox as template folders, and back into another sandbox."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.importer import ExportDestinationError, ExportError, ProgramNotFoundError
from marketo_ops.importer.export_compare import template_differences
from marketo_ops.sandbox import Sandbox, SandboxConfig
from marketo_ops.templates import ProgramTemplate, list_builtin_templates, resolve_template

from .export_helpers import PROGRAM, build_by_rest, complete_in_the_ui, complete_manual_steps

LEAD_MANAGEMENT = "op-lead-management"


@pytest.fixture
def other(sandbox_clock: ManualClock) -> Iterator[Marketo]:
    """A second, empty instance (sandbox B), on the same controllable clock."""
    box = Sandbox(":memory:", SandboxConfig(validate_responses=True), clock=sandbox_clock)
    with Marketo.sandbox(box) as client:
        yield client
    box.close()


def imported(client: Marketo, name: str) -> ProgramTemplate:
    template = ProgramTemplate.load(resolve_template(name))
    plan = client.importer.plan(template, create_prerequisites=True)
    assert not plan.problems, plan.render()
    plan.apply()
    return template


def test_op_lead_management_exports_as_the_builtin_template(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    template = imported(sandbox_client, LEAD_MANAGEMENT)
    complete_manual_steps(sandbox_client, template)  # smart lists and flows, over MCP

    result = sandbox_client.importer.export("OP-Lead Management", tmp_path / "exported")

    exported = ProgramTemplate.load(tmp_path / "exported")
    assert exported.errors() == []
    assert template_differences(exported, template) == []
    assert result.placeholders == []
    assert result.left_out == []
    campaign = exported.smart_campaign("02 - Marketing Qualified")
    assert exported.raw.smart_campaigns[1].flow[0].params["Program"] == "{{ program }}"
    assert [c.attribute for c in campaign.smart_list.triggers[0].conditions] == [
        "Score Name",
        "New Score",
    ]
    assert (tmp_path / "exported/images/quick-start-logo.png").read_bytes() == (
        resolve_template(LEAD_MANAGEMENT) / "images/quick-start-logo.png"
    ).read_bytes()
    html = (tmp_path / "exported/email-templates/quick-start-email-template.html").read_text()
    assert '<img src="{{image:Quick Start Logo}}"' in html

    # the comparison sees what matters, and only that
    data = yaml.safe_load((tmp_path / "exported/program.yaml").read_text())
    data["emails"][0]["subject"] = "Another subject"
    (tmp_path / "exported/program.yaml").write_text(yaml.safe_dump(data, sort_keys=True))
    assert template_differences(ProgramTemplate.load(tmp_path / "exported"), template) == [
        "emails['01 - Email - ALERT - MQL'].subject: 'Another subject' != 'New MQL: "
        "{{lead.First Name}} {{lead.Last Name}} at {{company.Company Name}}'"
    ]


@pytest.mark.parametrize("name", [t.name for t in list_builtin_templates()])
def test_every_builtin_template_survives_import_then_export(
    sandbox: Sandbox, sandbox_client: Marketo, tmp_path: Path, name: str
) -> None:
    template = imported(sandbox_client, name)
    complete_in_the_ui(sandbox, sandbox_client, template)

    result = sandbox_client.importer.export(template.name, tmp_path / name)

    assert result.template.errors() == []
    differences = template_differences(result.template, template)
    known = {
        # the sandbox has Blocklisted as a standard field: only custom fields are prerequisites
        "op-data-management": ["prerequisites.fields"],
        # an export names every status of the channel; the template those its flows use
        "wbn-webinar": ["program.statuses"],
    }
    assert [d.split(":")[0] for d in differences] == known.get(name, [])


def test_program_built_by_rest_is_copied_to_another_instance(
    sandbox_client: Marketo, other: Marketo, tmp_path: Path
) -> None:
    build_by_rest(sandbox_client)
    out = tmp_path / "spring"

    result = sandbox_client.importer.export(PROGRAM, out)

    template = result.template
    assert template.errors() == []
    assert [e.name for e in template.raw.emails] == [
        "{{ program }} - Invite 1",
        "{{ program }} - Invite 2",
    ]
    flow = template.raw.smart_campaigns[0].flow
    assert flow[1].params == {"Email": "{{ program }} - Invite 1"}
    assert [f.name for f in template.raw.folders] == ["Content"]
    assert template.folder_paths() == ["Content", "Content/Campaigns"]
    body = template.email_content("Spring Launch 2026 - Invite 1")["body"]
    assert '<img src="{{image:launch-banner.png}}"' in body
    assert {f.name for f in template.files} == {"launch-logo.png", "launch-banner.png"}
    assert template.program.tokens[2].file == "tokens/signature.html"

    plan = other.importer.plan(out)
    assert not plan.problems
    applied = plan.apply()
    assert other.importer.verify_applied(plan, applied).ok
    assert other.importer.verify(out).ok

    # renamed on the way: {{ program }} follows the new name
    renamed = other.importer.plan(out, name="Autumn Launch 2026")
    emails = [a.name for a in renamed.actions if a.kind.value == "email"]
    assert emails == ["Autumn Launch 2026 - Invite 1", "Autumn Launch 2026 - Invite 2"]


def test_flows_without_mcp_are_placeholders_that_import_lists(
    sandbox_client: Marketo, other: Marketo, tmp_path: Path
) -> None:
    built = build_by_rest(sandbox_client, emails=1, campaigns=1)
    out = tmp_path / "spring"

    result = sandbox_client.importer.export(PROGRAM, out, flows=False)

    campaign = result.template.raw.smart_campaigns[0]
    assert campaign.flow == ()
    assert [(u.part, u.reason) for u in campaign.unread] == [
        ("flow", "the REST API cannot read flow steps")
    ]
    source = f"campaign '01 - Send Invite' (id {built.campaigns['01 - Send Invite']})"
    assert campaign.unread[0].source == (
        f"{source} of program '{PROGRAM}' in {sandbox_client.importer.instance}"
    )
    assert result.placeholders == ["flow of smart campaign '01 - Send Invite'"]
    warnings = [f for f in result.template.validate() if f.code == "unread-part"]
    assert len(warnings) == 1
    text = (out / "program.yaml").read_text()
    assert "# Placeholders ('unread'), listed by import as manual steps:" in text
    plan = other.importer.plan(out)
    assert plan.manual_steps["01 - Send Invite"][-1] == (
        f"Flow (not exported): copy the flow steps by hand from {campaign.unread[0].source} "
        "(the REST API cannot read flow steps)"
    )


def test_tokens_the_api_cannot_write_are_kept_read_only(
    sandbox: Sandbox, sandbox_client: Marketo, other: Marketo, tmp_path: Path
) -> None:
    built = build_by_rest(sandbox_client, emails=1, campaigns=0)
    script = "#set($greeting = 'Hello')\n${greeting}"
    sandbox.store.put_token("Program", built.program_id, "Greeting", "email script", script)

    result = sandbox_client.importer.export(PROGRAM, tmp_path / "spring")

    tokens = result.template.raw.program.read_only_tokens
    assert [(t.name, t.type, t.value) for t in tokens] == [("Greeting", "email script", script)]
    assert "Greeting" not in [t.name for t in result.template.program.tokens]
    plan = other.importer.plan(tmp_path / "spring")
    note = (
        "Token my.Greeting is a email script token, which the REST API cannot create: create it "
        "by hand in the program's My Tokens with the value in the template."
    )
    assert note in plan.notes
    report = other.importer.verify_applied(plan, plan.apply())
    assert report.ok
    assert [c.detail for c in report.pending] == [note]


def test_export_reads_with_list_calls(sandbox_client: Marketo, tmp_path: Path) -> None:
    build_by_rest(sandbox_client, emails=12, campaigns=12)

    result = sandbox_client.importer.export(PROGRAM, tmp_path / "spring")

    calls = result.calls_by_operation
    assert calls["getEmailUsingGET"] == 2  # every email, then every draft: one page each
    assert calls["getAllSmartCampaignsGET"] == 1
    assert calls["browseLandingPagesUsingGET"] == 1
    assert calls["getTokensByFolderIdUsingGET"] == 1
    # what no list call gives: each email's content, each campaign's smart list and flow
    assert calls["getEmailContentByIdUsingGET"] == 12
    assert calls["getSmartListBySmartCampaignIdUsingGET"] == 12
    assert calls["mcp:get_smart_campaign_flow_steps"] == 12
    assert calls["getTemplateByIdUsingGET"] == 1  # the one template the 12 emails share
    assert result.calls == sum(calls.values())


# -- bad input: a clear error, nothing on disk --------------------------------------------------


def test_unknown_program(sandbox_client: Marketo, tmp_path: Path) -> None:
    with pytest.raises(ProgramNotFoundError) as caught:
        sandbox_client.importer.export("No Such Program", tmp_path / "out")
    assert str(caught.value).startswith("no program named 'No Such Program' in ")
    assert list(tmp_path.iterdir()) == []


def test_out_folder_that_is_not_empty(sandbox_client: Marketo, tmp_path: Path) -> None:
    build_by_rest(sandbox_client, emails=1, campaigns=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    calls = sandbox_client.stats.calls

    with pytest.raises(ExportDestinationError, match="exists and is not empty"):
        sandbox_client.importer.export(PROGRAM, out)

    assert sandbox_client.stats.calls == calls  # refused before reading anything
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    sandbox_client.importer.export(PROGRAM, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == [
        "email-templates",
        "emails",
        "images",
        "landing-page-templates",
        "program.yaml",
        "tokens",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_assets_the_format_cannot_carry(
    sandbox: Sandbox, sandbox_client: Marketo, tmp_path: Path
) -> None:
    built = build_by_rest(sandbox_client, emails=1, campaigns=1)
    report = sandbox.admin.add_program_asset(built.program_id, "report", "Launch Report")
    email_id = built.emails[f"{PROGRAM} - Invite 1"]
    sandbox_client.assets.emails.update_section(
        email_id, "footer", type="DynamicContent", value="<p>By segment</p>"
    )

    with pytest.raises(ExportError) as caught:
        sandbox_client.importer.export(PROGRAM, tmp_path / "out")

    assert caught.value.problems == [
        f"program '{PROGRAM}': it holds Report #{report}, which the template format cannot "
        "carry (local smart lists, static lists, reports and the like)",
        f"email '{PROGRAM} - Invite 1': section 'footer' holds DynamicContent content, which "
        "the template format cannot carry (Marketo's own program import skips such emails too)",
        "export the rest with --partial (what is left out is listed in program.yaml)",
    ]
    assert list(tmp_path.iterdir()) == []

    result = sandbox_client.importer.export(PROGRAM, tmp_path / "out", partial=True)
    assert result.left_out == [str(p) for p in caught.value.problems[:2]]
    text = (tmp_path / "out/program.yaml").read_text()
    assert "# Not exported (the template format cannot carry them):" in text
    assert f"#   - program '{PROGRAM}': it holds Report #{report}" in text
    assert "footer" not in result.template.raw.emails[0].content


def test_a_template_that_would_not_validate_is_never_written(
    sandbox_client: Marketo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_by_rest(sandbox_client, emails=1, campaigns=1)
    from marketo_ops.importer import export as export_module

    real = export_module.spec_of

    def broken(ctx: object) -> object:
        spec = real(ctx)  # type: ignore[arg-type]
        email = spec.emails[0].model_copy(update={"template": "Missing Template"})
        return spec.model_copy(update={"emails": (email,)})

    monkeypatch.setattr(export_module, "spec_of", broken)
    with pytest.raises(ExportError, match="does not validate; nothing was written"):
        sandbox_client.importer.export(PROGRAM, tmp_path / "deep" / "out")
    assert list(tmp_path.iterdir()) == []
    shutil.rmtree(tmp_path, ignore_errors=True)
