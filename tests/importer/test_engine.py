"""The importer engine: calls it spends, the plan as a document, and the defects an admin met.

Each test of a defect fails on the engine before this one (organised by phase, reading one
asset at a time): a foreign program adopted, unreadable images re-uploaded, workspaces other
than Default refused, ``--into`` a program failing half-way through apply, plan and verify
listing different manual steps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.errors import DownloadError
from marketo_ops.importer import Op, Plan, PlanNotApplicableError, StalePlanError
from marketo_ops.importer.model import AssetKind
from marketo_ops.sandbox import Sandbox
from tests.importer.conftest import design_studio, programs

TEMPLATE = "op-lead-management"


def test_a_fresh_import_and_a_second_one_spend_the_minimum_of_calls(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    importer = sandbox_client.importer
    plan = importer.plan(TEMPLATE, use_mcp=False)  # the REST API alone (logic: manual steps)
    result = plan.apply(journal=tmp_path / "j.json")
    report = importer.verify_applied(plan, result)
    assert report.ok
    # 19 writes; the destination read once (program, file, email template by name, then the
    # folders, channels and lead fields the writes need); verify re-reads what apply wrote.
    assert (plan.read_calls, result.calls, report.calls) == (8, 19, 10)

    again = importer.plan(TEMPLATE, use_mcp=False)
    assert not again.has_changes
    assert again.read_calls == 12  # by name, then one list call per kind, then details
    assert importer.verify_applied(again, None).calls == 0  # the plan's reading verifies it


def test_reads_run_in_parallel_within_the_limiter(sandbox_client: Marketo) -> None:
    sandbox_client.importer.plan(TEMPLATE).apply(journal=None)
    by_operation = sandbox_client.importer.plan(TEMPLATE).client.stats.by_operation
    assert by_operation["getFolderByNameUsingGET"] == 0  # no folder walks to re-plan
    assert by_operation["getFolderUsingGET"] == 1  # the program's tree in one browse
    assert by_operation["getEmailUsingGET"] == 2  # emails and their drafts, by list calls
    assert by_operation["getEmailByIdUsingGET"] == 0


def test_plan_file_round_trip_applies_exactly_the_plan(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    importer = sandbox_client.importer
    saved = importer.plan(TEMPLATE).save(tmp_path / "plan.json")
    document = json.loads(saved.read_text())
    assert document["format"] == "marketo-ops-plan"
    assert document["format_version"] == 1
    assert document["target"]["workspace"] == "Default"
    assert document["template"]["fingerprint"]
    assert document["destination"]["fingerprint"]
    assert "sandbox-client-secret" not in saved.read_text()

    loaded = Plan.load(saved)
    assert [a.key for a in loaded.actions] == [a["key"] for a in document["actions"]]
    result = importer.apply(saved, journal=tmp_path / "j.json")
    assert len(result.created) == 13
    assert importer.verify(TEMPLATE).ok


def test_a_saved_plan_is_refused_when_the_destination_changed(
    sandbox_client: Marketo, sandbox: Sandbox, tmp_path: Path
) -> None:
    importer = sandbox_client.importer
    saved = importer.plan(TEMPLATE).save(tmp_path / "plan.json")
    sandbox.admin.add_email_template(
        "Quick Start Email Template",
        "<html><body><div class='mktoText' id='main'>made meanwhile</div></body></html>",
    )
    before = design_studio(sandbox_client)

    with pytest.raises(StalePlanError) as refused:
        importer.apply(saved, journal=tmp_path / "j.json")

    assert "the destination changed since the plan was made" in str(refused.value)
    assert refused.value.differences == [
        "email_templates:Quick Start Email Template: changed since the plan"
    ]
    assert design_studio(sandbox_client) == before
    assert programs(sandbox_client) == []
    assert not (tmp_path / "j.json").exists()


def test_a_saved_plan_is_refused_when_its_template_changed(
    sandbox_client: Marketo, template_copy, tmp_path: Path
) -> None:
    path = template_copy()
    saved = sandbox_client.importer.plan(path).save(tmp_path / "plan.json")
    spec = path / "program.yaml"
    spec.write_text(spec.read_text().replace("value: 100", "value: 120"))

    with pytest.raises(StalePlanError, match="changed since the plan was made"):
        sandbox_client.importer.apply(saved)
    assert programs(sandbox_client) == []


def test_a_program_this_template_did_not_import_is_a_conflict(sandbox_client: Marketo) -> None:
    zone = sandbox_client.assets.folders.get_by_path("Marketing Activities/Default")
    assert zone is not None
    theirs = sandbox_client.assets.programs.create(
        name="OP-Lead Management",
        folder={"id": zone.id, "type": "Folder"},
        type="Default",
        channel="Operational",
        description="Built by hand by the web team",
    )

    plan = sandbox_client.importer.plan(TEMPLATE)

    assert [p.code for p in plan.problems] == ["program-not-ours"]
    problem = plan.problems[0]
    assert f"(id {theirs.id}), and this template did not import it" in problem.message
    assert "--name NAME" in problem.hint
    assert "--rule program=adopt" in problem.hint
    assert not [
        a
        for a in plan.actions
        if a.kind is not AssetKind.PROGRAM
        and a.op.adds
        and a.kind in (AssetKind.TOKEN, AssetKind.EMAIL)
    ]
    with pytest.raises(PlanNotApplicableError):
        plan.apply()

    adopted = sandbox_client.importer.plan(TEMPLATE, rules=["program=adopt"])
    assert adopted.applicable
    program = adopted.action("program")
    assert program.op is Op.UPDATE
    assert "import mark" in program.changed_fields
    adopted.apply(journal=None)
    assert not sandbox_client.importer.plan(TEMPLATE).has_changes  # now it is ours


def test_an_unreadable_image_is_left_alone_and_verify_says_so(
    sandbox_client: Marketo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sandbox_client.importer.plan(TEMPLATE).apply(journal=tmp_path / "j.json")

    def refuse(self: Marketo, url: str) -> bytes:
        raise DownloadError(f"cannot download {url}", url=url, status=None)

    monkeypatch.setattr(Marketo, "download", refuse)
    again = sandbox_client.importer.plan(TEMPLATE)

    image = again.action("file:Quick Start Logo")
    assert image.op is Op.SKIP
    assert "could not be read" in image.reason
    assert not again.has_changes  # never re-uploaded on every run
    report = sandbox_client.importer.verify(TEMPLATE)
    assert report.ok
    assert [c.subject for c in report.unread] == ["file 'Quick Start Logo'"]
    assert design_studio(sandbox_client)["files"] == ["Quick Start Logo"]


def test_any_workspace_not_only_default(sandbox_client: Marketo, tmp_path: Path) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE, workspace="Partner Marketing")
    assert plan.applicable, [p.message for p in plan.problems]
    result = plan.apply(journal=tmp_path / "j.json")
    program = sandbox_client.assets.programs.get(result.program_id or 0)
    assert program.workspace == "Partner Marketing"
    assert sandbox_client.importer.verify(TEMPLATE, workspace="Partner Marketing").ok
    assert not sandbox_client.importer.plan(TEMPLATE, workspace="Partner Marketing").has_changes


@pytest.mark.parametrize("inside", ["Seed Program", "Seed Program/Campaigns"])
def test_into_a_program_is_refused_by_the_plan(
    sandbox_client: Marketo, inside: str, tmp_path: Path
) -> None:
    zone = sandbox_client.assets.folders.get_by_path("Marketing Activities/Default")
    assert zone is not None
    seed = sandbox_client.assets.programs.create(
        name="Seed Program",
        folder={"id": zone.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    sandbox_client.assets.folders.create(
        name="Campaigns", parent={"id": seed.id, "type": "Program"}
    )
    before = design_studio(sandbox_client)

    plan = sandbox_client.importer.plan(TEMPLATE, into=f"Marketing Activities/{inside}")

    assert [p.code for p in plan.problems] == ["into-program"]
    assert "a program or a folder inside one" in plan.problems[0].message
    with pytest.raises(PlanNotApplicableError):
        plan.apply(journal=tmp_path / "j.json")
    assert design_studio(sandbox_client) == before  # no image uploaded before failing


def test_plan_and_verify_list_the_same_manual_steps(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE, use_mcp=False)
    result = plan.apply(journal=tmp_path / "j.json")
    after = sandbox_client.importer.verify_applied(plan, result)
    fresh = sandbox_client.importer.verify(TEMPLATE, use_mcp=False)
    assert plan.manual_steps == result.manual_steps == after.manual_steps == fresh.manual_steps
    assert sum(len(steps) for steps in plan.manual_steps.values()) == 8
