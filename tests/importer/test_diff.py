"""Diff: a template against the instance, per asset, after a copy and after changes by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import Sandbox, SandboxConfig

from .export_helpers import PROGRAM, build_by_rest

EMAIL = f"{PROGRAM} - Invite 1"


@pytest.fixture
def copied(
    sandbox_client: Marketo, sandbox_clock: ManualClock, tmp_path: Path
) -> Iterator[tuple[Marketo, Path]]:
    """A program built by REST in sandbox A, exported, imported into sandbox B."""
    build_by_rest(sandbox_client, emails=1, campaigns=1)
    out = tmp_path / "spring"
    sandbox_client.importer.export(PROGRAM, out)
    box = Sandbox(":memory:", SandboxConfig(validate_responses=True), clock=sandbox_clock)
    with Marketo.sandbox(box) as other:
        plan = other.importer.plan(out)
        assert other.importer.verify_applied(plan, plan.apply()).ok
        yield other, out
    box.close()


def test_in_sync_after_the_copy(copied: tuple[Marketo, Path]) -> None:
    other, out = copied
    calls = other.stats.calls

    report = other.importer.diff(out)

    assert report.in_sync
    assert report.drift == []
    # the campaign's smart list and flow arrived over the sandbox's MCP server: nothing pending
    assert report.render().splitlines()[-1] == (
        "In sync: the instance matches the template (13 assets)."
    )
    assert other.stats.calls == calls + report.calls  # read only


def test_a_change_in_the_instance_is_shown_exactly(copied: tuple[Marketo, Path]) -> None:
    other, out = copied
    assets = other.assets
    program = assets.programs.get_by_name(name=PROGRAM)
    assert program is not None
    assert program.id is not None
    assets.tokens.upsert(
        program.id, folder_type="Program", name="Max Seats", type="number", value="300"
    )
    email = assets.emails.get_by_name(name=EMAIL)
    assert email is not None
    assert email.id is not None
    assets.emails.update_content(email.id, subject={"type": "Text", "value": "Last call"})
    assets.emails.update_section(email.id, "headline", type="Text", value="Invite 1, again")

    report = other.importer.diff(out)

    assert not report.in_sync
    assert [(a.kind, a.name, a.status) for a in report.drift] == [
        ("token", "my.Max Seats", "differs"),
        ("email", EMAIL, "differs"),
    ]
    token, changed = report.drift
    assert [(f.field, f.instance, f.template) for f in token.fields] == [("value", "300", "250")]
    assert [f.field for f in changed.fields] == ["subject", "section headline", "status"]
    subject, section, status = changed.fields
    assert (subject.instance, subject.template) == ("Last call", "You are invited (1)")
    assert section.unified == "\n".join(
        ["--- Marketo", "+++ template", "@@ -1 +1 @@", "-Invite 1, again", "+Invite 1"]
    )
    assert (status.instance, status.template) == ("draft", "approved")  # the edit is a draft
    lines = report.render().splitlines()
    assert "~ token 'my.Max Seats': differs from the template" in lines
    assert "    value: '300' in Marketo, '250' in the template" in lines
    assert "    subject: 'Last call' in Marketo, 'You are invited (1)' in the template" in lines
    assert "      -Invite 1, again" in lines
    assert lines[-1] == "Drift: 2 assets differ from the template."
    data = report.to_json()
    assert data["in_sync"] is False
    assert data["drift"][1]["fields"][1] == {"field": "section headline", "diff": section.unified}


def test_missing_assets_and_changed_templates(copied: tuple[Marketo, Path]) -> None:
    other, out = copied
    assets = other.assets
    page = assets.landing_pages.get_by_name(name="Register")
    assert page is not None
    assert page.id is not None
    assets.landing_pages.delete(page.id)
    template = assets.email_templates.get_by_name(name="Launch Email")
    assert template is not None
    assert template.id is not None
    html = assets.email_templates.content(template.id).content or ""
    changed = html.replace("Default footer", "Footer by hand")
    assets.email_templates.update_content(
        template.id, content=("launch.html", changed.encode(), "text/html")
    )
    assets.email_templates.approve(template.id)

    report = other.importer.diff(out)

    drift = {(a.kind, a.name): a for a in report.drift}
    assert drift[("landing page", "Register")].status == "missing"
    edited = drift[("email template", "Launch Email")]
    assert edited.status == "differs"
    assert '-  <div class="mktoText" id="footer" mktoName="Footer">Footer by hand</div>' in (
        edited.fields[0].unified or ""
    )


def test_a_program_built_by_hand_is_compared_too(sandbox_client: Marketo, tmp_path: Path) -> None:
    """No import mark: the program is compared as it is, never reported as someone else's."""
    build_by_rest(sandbox_client, emails=1, campaigns=1)
    sandbox_client.importer.export(PROGRAM, tmp_path / "spring")

    report = sandbox_client.importer.diff(tmp_path / "spring")

    assert report.in_sync, report.render()
