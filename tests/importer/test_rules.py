"""The eight conflict-rule choices, each against a same-named asset already in the destination.

Each test pre-creates "their" asset (not made by this template), imports, and checks the
assets, names and references that result, then that a second import changes nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from marketo_ops import Marketo
from marketo_ops.importer import Op
from marketo_ops.sandbox import Sandbox
from marketo_ops.templates import builtin_templates_dir

THEIR_HTML = (
    "<html><body><div class='mktoText' id='main' mktoName='Main'>Their template</div></body></html>"
)
THEIR_PNG = b"\x89PNG\r\n\x1a\n" + b"their-logo" * 20


def with_tags(data: dict[str, Any]) -> None:
    data["program"]["tags"] = [{"tag_type": "Region", "value": "EMEA"}]


def with_landing_page(template_dir: Path) -> Callable[[dict[str, Any]], None]:
    source = builtin_templates_dir() / "lead-lifecycle" / "landing-pages"
    shutil.copytree(source, template_dir / "landing-pages", dirs_exist_ok=True)
    shutil.copy(
        builtin_templates_dir() / "lead-lifecycle" / "images" / "lifecycle-banner.png",
        template_dir / "images" / "lifecycle-banner.png",
    )

    def edit(data: dict[str, Any]) -> None:
        data["files"].append({"name": "Lifecycle Banner", "file": "images/lifecycle-banner.png"})
        data["files"].append({"name": "Lifecycle Logo", "file": "images/quick-start-logo.png"})
        data["landing_page_templates"] = [
            {
                "name": "Lifecycle Landing Page Template",
                "file": "landing-pages/lifecycle-template.html",
            }
        ]
        data["landing_pages"] = [
            {
                "name": "Talk to Sales",
                "template": "Lifecycle Landing Page Template",
                "folder": "Email Alert",
                "title": "Talk to our team",
                "content": {"headline": {"html": "<h1>Talk to our team</h1>"}},
                "approve": True,
            }
        ]

    return edit


def test_tags_create_tags_the_program(sandbox_client: Marketo, template_copy) -> None:
    path = template_copy(edit=with_tags)
    plan = sandbox_client.importer.plan(path, rules=["tags=create"])
    plan.apply(journal=path.parent / "j.json")
    program = sandbox_client.assets.programs.get_by_name(
        name="OP-Lead Management", include_tags=True
    )
    assert program is not None
    assert [(t.tag_type, t.tag_value) for t in program.tags or []] == [("Region", "EMEA")]
    assert not sandbox_client.importer.plan(path, rules=["tags=create"]).has_changes


def test_tags_ignore_imports_without_tags(sandbox_client: Marketo, template_copy) -> None:
    path = template_copy(edit=with_tags)
    sandbox_client.importer.plan(path, rules=["tags=ignore"]).apply(journal=path.parent / "j.json")
    program = sandbox_client.assets.programs.get_by_name(
        name="OP-Lead Management", include_tags=True
    )
    assert program is not None
    assert not program.tags
    assert sandbox_client.importer.verify(path, rules=["tags=ignore"]).ok


def test_a_tag_value_missing_in_the_destination_stops_the_plan(
    sandbox_client: Marketo, template_copy
) -> None:
    def missing_value(data: dict[str, Any]) -> None:
        data["program"]["tags"] = [
            {"tag_type": "Region", "value": "MEA"},
            {"tag_type": "Cost Center", "value": "CC-12"},
        ]

    path = template_copy(edit=missing_value)
    plan = sandbox_client.importer.plan(path)

    assert [p.code for p in plan.problems] == ["tag-value", "tag-type"]
    value, kind = plan.problems
    assert value.message == (
        "Tag type 'Region' has no value 'MEA' in the destination (it has: AMER, EMEA, APAC, "
        "LATAM), and the REST API cannot add one."
    )
    assert value.hint == (
        "Add the value 'MEA' to tag type 'Region' in Admin > Tags, or import without tags: "
        "--rule tags=ignore."
    )
    assert "Create tag type 'Cost Center' with the value 'CC-12' in Admin > Tags" in kind.hint
    assert sandbox_client.assets.programs.get_by_name(name="OP-Lead Management") is None
    assert sandbox_client.importer.plan(path, rules=["tags=ignore"]).applicable


def their_email_template(sandbox: Sandbox) -> int:
    return sandbox.admin.add_email_template("Quick Start Email Template", THEIR_HTML)


def test_email_templates_keep_both_imports_a_copy(
    sandbox_client: Marketo, sandbox, template_copy
) -> None:
    theirs = their_email_template(sandbox)
    path = template_copy()
    plan = sandbox_client.importer.plan(path, rules=["email-templates=keep-both"])
    action = plan.action("email_template:Quick Start Email Template")
    assert (action.op, action.name) == (Op.COPY, "Quick Start Email Template - 1")
    assert action.conflict is not None
    assert "exists (id" in action.conflict
    plan.apply(journal=path.parent / "j.json")

    api = sandbox_client.assets.email_templates
    copy = api.get_by_name(name="Quick Start Email Template - 1")
    assert copy is not None
    email = sandbox_client.assets.emails.get_by_name(name="01 - Email - ALERT - MQL")
    assert email is not None
    assert email.template == copy.id
    assert api.content(theirs).content == THEIR_HTML  # theirs untouched
    assert not sandbox_client.importer.plan(path, rules=["email-templates=keep-both"]).has_changes


def test_email_templates_replace_overwrites_theirs(
    sandbox_client: Marketo, sandbox, template_copy
) -> None:
    theirs = their_email_template(sandbox)
    folder = sandbox_client.assets.folders.get_by_path("Marketing Activities/Default")
    assert folder is not None
    newsletter = sandbox_client.assets.programs.create(
        name="Newsletter",
        folder={"id": folder.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    user = sandbox_client.assets.emails.create(
        name="Their newsletter",
        folder={"id": newsletter.id, "type": "Program"},
        template=theirs,
        subject="News",
        from_name="Them",
        from_email="them@example.com",
        reply_email="them@example.com",
    )
    path = template_copy()
    plan = sandbox_client.importer.plan(path, rules=["email-templates=replace"])
    action = plan.action("email_template:Quick Start Email Template")
    assert (action.op, action.existing_id) == (Op.REPLACE, theirs)
    assert any("Their newsletter" in a for a in action.affects)
    plan.apply(journal=path.parent / "j.json")

    api = sandbox_client.assets.email_templates
    assert api.get_by_name(name="Quick Start Email Template - 1") is None
    assert "Quick Start Email Template" in (api.content(theirs).content or "")
    assert api.content(theirs).content != THEIR_HTML
    email = sandbox_client.assets.emails.get_by_name(name="01 - Email - ALERT - MQL")
    assert email is not None
    assert email.template == theirs
    assert user.template == theirs
    assert not sandbox_client.importer.plan(path, rules=["email-templates=replace"]).has_changes


def their_logo(client: Marketo) -> Any:
    folder = client.assets.folders.get_by_path("Design Studio/Default/Images and Files")
    assert folder is not None
    return client.assets.files.create(
        name="Quick Start Logo",
        file=("logo.png", THEIR_PNG, "image/png"),
        folder={"id": folder.id, "type": "Folder"},
    )


def test_images_keep_both_imports_a_copy_and_points_the_template_to_it(
    sandbox_client: Marketo, template_copy
) -> None:
    theirs = their_logo(sandbox_client)
    path = template_copy()
    plan = sandbox_client.importer.plan(path, rules=["images=keep-both"])
    assert plan.action("file:Quick Start Logo").name == "Quick Start Logo - 1"
    plan.apply(journal=path.parent / "j.json")

    copy = sandbox_client.assets.files.get_by_name(name="Quick Start Logo - 1")
    assert copy is not None
    assert copy.url != theirs.url
    template = sandbox_client.assets.email_templates.get_by_name(name="Quick Start Email Template")
    assert template is not None
    html = sandbox_client.assets.email_templates.content(template.id).content or ""
    assert f'src="{copy.url}"' in html
    assert f'src="{theirs.url}"' not in html
    assert sandbox_client.assets.files.get(theirs.id).size == len(THEIR_PNG)
    assert not sandbox_client.importer.plan(path, rules=["images=keep-both"]).has_changes


def test_images_replace_overwrites_their_file(sandbox_client: Marketo, template_copy) -> None:
    theirs = their_logo(sandbox_client)
    path = template_copy()
    plan = sandbox_client.importer.plan(path, rules=["images=replace"])
    action = plan.action("file:Quick Start Logo")
    assert (action.op, action.existing_id) == (Op.REPLACE, theirs.id)
    plan.apply(journal=path.parent / "j.json")

    assert sandbox_client.assets.files.get_by_name(name="Quick Start Logo - 1") is None
    ours = (path / "images" / "quick-start-logo.png").read_bytes()
    assert sandbox_client.assets.files.get(theirs.id).size == len(ours)
    template = sandbox_client.assets.email_templates.get_by_name(name="Quick Start Email Template")
    assert template is not None
    assert f'src="{theirs.url}"' in (
        sandbox_client.assets.email_templates.content(template.id).content or ""
    )
    assert not sandbox_client.importer.plan(path, rules=["images=replace"]).has_changes


@pytest.fixture
def their_lp_template(sandbox_client: Marketo) -> int:
    folder = sandbox_client.assets.folders.get_by_path(
        "Design Studio/Default/Landing Pages/Templates"
    )
    assert folder is not None
    api = sandbox_client.assets.landing_page_templates
    made = api.create(
        name="Lifecycle Landing Page Template", folder={"id": folder.id, "type": "Folder"}
    )
    assert made.id is not None
    api.update_content(
        made.id,
        content=(
            "t.html",
            b"<html><body><div class='mktoText' id='headline'>x</div></body></html>",
            "text/html",
        ),
    )
    api.approve(made.id)
    return made.id


def test_lp_templates_copy_imports_a_copy(
    sandbox_client: Marketo, template_copy, their_lp_template: int
) -> None:
    path = template_copy()
    path = template_copy(edit=with_landing_page(path))
    plan = sandbox_client.importer.plan(path, rules=["lp-templates=copy"])
    assert plan.applicable, plan.problems
    assert plan.action("landing_page_template:Lifecycle Landing Page Template").name == (
        "Lifecycle Landing Page Template - 1"
    )
    plan.apply(journal=path.parent / "j.json")

    copy = sandbox_client.assets.landing_page_templates.get_by_name(
        name="Lifecycle Landing Page Template - 1"
    )
    page = sandbox_client.assets.landing_pages.get_by_name(name="Talk to Sales")
    assert copy is not None
    assert page is not None
    assert page.template == copy.id
    assert not sandbox_client.importer.plan(path, rules=["lp-templates=copy"]).has_changes


def test_lp_templates_use_destination_reuses_theirs(
    sandbox_client: Marketo, template_copy, their_lp_template: int
) -> None:
    path = template_copy()
    path = template_copy(edit=with_landing_page(path))
    plan = sandbox_client.importer.plan(path, rules=["lp-templates=use-destination"])
    action = plan.action("landing_page_template:Lifecycle Landing Page Template")
    assert (action.op, action.existing_id) == (Op.REUSE, their_lp_template)
    assert action.affects == ["landing page 'Talk to Sales'"]
    plan.apply(journal=path.parent / "j.json")

    page = sandbox_client.assets.landing_pages.get_by_name(name="Talk to Sales")
    assert page is not None
    assert page.template == their_lp_template
    assert (
        sandbox_client.assets.landing_page_templates.get_by_name(
            name="Lifecycle Landing Page Template - 1"
        )
        is None
    )
    assert not sandbox_client.importer.plan(
        path, rules=["lp-templates=use-destination"]
    ).has_changes
