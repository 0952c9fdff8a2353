"""Importing by cloning a seed program that holds the smart lists and flows."""

from __future__ import annotations

from pathlib import Path

from marketo_ops import Marketo
from marketo_ops.importer import Op
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.seeding import seed_template
from marketo_ops.templates import ProgramTemplate, resolve_template

TEMPLATE = "op-lead-management"
SEED = "OP-Lead Management (seed)"


def seed(sandbox: Sandbox) -> int:
    template = ProgramTemplate.load(resolve_template(TEMPLATE))
    return seed_template(sandbox, template, name=SEED).program_id


def test_clone_from_seed_carries_the_campaigns_rules(
    sandbox_client: Marketo, sandbox: Sandbox, tmp_path: Path
) -> None:
    seed_id = seed(sandbox)
    plan = sandbox_client.importer.plan(TEMPLATE, seed=SEED)
    program_action = plan.action("program")
    assert (program_action.op, program_action.existing_id) == (Op.CLONE, seed_id)
    activations = [a.key for a in plan.actions if "active" in a.changed_fields]
    assert activations == [  # Marketo's clones start inactive: the plan lists each activation
        "smart_campaign:01 - Sync New People to CRM",
        "smart_campaign:02 - Marketing Qualified",
    ]
    assert plan.summary.line() == "Plan: 1 to add, 2 to change, 0 to destroy."

    result = plan.apply(journal=tmp_path / "j.json")

    assets = sandbox_client.assets
    clone = assets.programs.get_by_name(name="OP-Lead Management")
    assert clone is not None
    assert clone.id == result.program_id
    assert clone.id != seed_id
    report = sandbox_client.importer.verify(TEMPLATE, seed=SEED)
    assert report.ok
    checks = {c.subject: c for c in report.checks}
    assert checks["smart list of '02 - Marketing Qualified'"].detail == "matches the template"
    assert not checks["smart list of '02 - Marketing Qualified'"].manual
    campaigns = assets.smart_campaigns.list(folder={"id": clone.id, "type": "Program"})
    rules = {
        c.name: assets.smart_campaigns.smart_list(c.id, include_rules=True).rules for c in campaigns
    }
    triggers = rules["02 - Marketing Qualified"].triggers or []
    assert [t if isinstance(t, str) else t.name for t in triggers] == ["Score is Changed"]
    assert all(
        c.is_active for c in campaigns
    )  # activate: true, now possible: rules and flow came along
    assert report.manual_steps == {}  # the flows were read back over MCP, and match
    without_mcp = sandbox_client.importer.verify(TEMPLATE, seed=SEED, use_mcp=False)
    steps = without_mcp.manual_steps["02 - Marketing Qualified"]
    assert all(step.startswith("Flow (carried from the seed") for step in steps)
    assert assets.programs.get(seed_id).name == SEED  # the seed is untouched


def test_an_unclonable_seed_is_refused_in_the_plan(
    sandbox_client: Marketo, sandbox: Sandbox
) -> None:
    seed_id = seed(sandbox)
    sandbox.admin.add_program_asset(seed_id, "report", "Weekly MQL report")

    plan = sandbox_client.importer.plan(TEMPLATE, seed=SEED)

    assert [p.code for p in plan.problems] == ["seed-unclonable"]
    assert "programs with reports, social assets, push or in-app messages cannot be cloned" in (
        plan.problems[0].message
    )


def test_a_missing_seed_is_a_problem(sandbox_client: Marketo) -> None:
    plan = sandbox_client.importer.plan(TEMPLATE, seed="No Such Program")
    assert [p.code for p in plan.problems] == ["seed"]
    assert "Import the program once through Marketo's UI" in plan.problems[0].hint
