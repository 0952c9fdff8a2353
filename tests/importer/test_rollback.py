"""Rollback of every kind apply can create or change, against the instance as it was before."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from marketo_ops import Marketo
from marketo_ops.importer import Journal
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.seeding import seed_template
from marketo_ops.templates import ProgramTemplate, builtin_templates_dir, resolve_template

PROGRAM = "Global - Lead Lifecycle"
SNIPPET = {
    "name": "Lifecycle Footer",
    "content": {"html": "<p>Lifecycle footer, version 1</p>"},
}


def lifecycle_copy(tmp_path: Path, name: str = "lead-lifecycle") -> Path:
    """lead-lifecycle (images, templates, a landing page) with a snippet too."""
    path = tmp_path / name
    if not path.exists():
        shutil.copytree(builtin_templates_dir() / "lead-lifecycle", path)
        edit(path, lambda data: data.setdefault("snippets", []).append(dict(SNIPPET)))
    return path


def edit(path: Path, change: Any) -> None:
    spec = path / "program.yaml"
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    change(data)
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def state(client: Marketo) -> dict[str, Any]:
    """Everything an import can touch, as read through the API."""
    assets = client.assets
    program = assets.programs.get_by_name(name=PROGRAM)
    studio: dict[str, Any] = {
        "email templates": {
            t.name: assets.email_templates.content(t.id).content
            for t in assets.email_templates.list()
        },
        "lp templates": {
            t.name: assets.landing_page_templates.content(t.id).content
            for t in assets.landing_page_templates.list()
        },
        "snippets": {
            s.name: [p.content for p in assets.snippets.content(s.id)]
            for s in assets.snippets.list()
        },
        "files": {f.name: client.download(str(f.url)) for f in assets.files.list()},
    }
    if program is None:
        return {"program": None, **studio}
    where = {"id": program.id, "type": "Program"}
    tokens = assets.tokens.get(program.id, folder_type="Program").tokens or []
    return {
        "program": program.description,
        "folders": sorted(str(f.name) for f in assets.folders.list(root=where, max_depth=5)),
        "tokens": {t.name: t.value for t in tokens},
        "emails": {
            e.name: (
                e.subject.value if e.subject else None,
                e.status,
                {str(s.html_id): str(s.value) for s in assets.emails.content(e.id)},
            )
            for e in assets.emails.list(folder=where)
        },
        "pages": {
            p.name: (
                p.title,
                p.status,
                [str(c.model_dump()) for c in assets.landing_pages.content(p.id)],
            )
            for p in assets.landing_pages.list(folder=where)
        },
        "campaigns": {
            c.name: (c.description, c.is_active) for c in assets.smart_campaigns.list(folder=where)
        },
        **studio,
    }


def test_rolling_back_a_fresh_import_deletes_what_it_created(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    path = lifecycle_copy(tmp_path)
    before = state(sandbox_client)
    journal = tmp_path / "j.json"
    sandbox_client.importer.plan(path).apply(journal=journal)

    result = sandbox_client.importer.rollback(journal)

    assert result.ok, result.failed
    assert {
        f"program '{PROGRAM}'",
        "email template 'Lifecycle Email Template'",
        "landing page template 'Lifecycle Landing Page Template'",
        "snippet 'Lifecycle Footer'",
    } <= set(result.deleted)
    assert sorted(result.manual) == [
        f"Delete the image/file '{name}' (id {fid}) in Design Studio: Marketo's REST API "
        "cannot delete files."
        for name, fid in sorted(
            (f.name, f.id) for f in sandbox_client.assets.files.list() if f.name
        )
    ]
    after = state(sandbox_client)
    assert after.pop("files").keys() == {"Lifecycle Banner", "Lifecycle Logo"}
    before.pop("files")
    assert after == before
    assert Journal.load(journal).status == "rolled-back"


def test_rolling_back_a_changed_import_restores_every_kind(
    sandbox_client: Marketo, tmp_path: Path
) -> None:
    path = lifecycle_copy(tmp_path)
    sandbox_client.importer.plan(path).apply(journal=tmp_path / "first.json")
    before = state(sandbox_client)

    def change_everything(data: dict[str, Any]) -> None:
        data["program"]["description"] = "Changed program description"
        data["program"]["tokens"][0]["value"] = 150
        data["program"]["tokens"].append({"name": "New Token", "type": "text", "value": "x"})
        data["folders"].append({"name": "Extra"})
        data["emails"][0]["subject"] = "Changed subject"
        extra_email = dict(data["emails"][0], name="99 - Extra Email", folder="Extra")
        data["emails"].append(extra_email)
        data["landing_pages"][0]["title"] = "Changed title"
        data["landing_pages"].append(
            dict(data["landing_pages"][0], name="Extra Page", url_page_name="extra-page")
        )
        data["smart_campaigns"][0]["description"] = "Changed campaign description"
        data["smart_campaigns"].append(
            {"name": "99 - Extra Campaign", "folder": "Extra", "smart_list": {}}
        )
        data["snippets"][0]["content"] = {"html": "<p>Lifecycle footer, version 2</p>"}

    edit(path, change_everything)
    (path / "email-templates" / "lifecycle.html").write_text(
        (path / "email-templates" / "lifecycle.html")
        .read_text()
        .replace("</body>", "<!-- v2 --></body>")
    )
    (path / "landing-pages" / "lifecycle-template.html").write_text(
        (path / "landing-pages" / "lifecycle-template.html")
        .read_text()
        .replace("</body>", "<!-- v2 --></body>")
    )
    (path / "images" / "lifecycle-logo.png").write_bytes(
        (path / "images" / "lifecycle-logo.png").read_bytes() + b"v2"
    )
    second = sandbox_client.importer.plan(path)
    changed_kinds = {a.kind.value for a in second.actions if a.writes}
    assert changed_kinds == {
        "file",
        "email_template",
        "landing_page_template",
        "snippet",
        "program",
        "folder",
        "token",
        "email",
        "landing_page",
        "smart_campaign",
    }
    journal = tmp_path / "second.json"
    second.apply(journal=journal)
    assert state(sandbox_client) != before

    result = sandbox_client.importer.rollback(journal)

    assert result.ok, result.failed
    assert {
        "folder 'Extra'",
        "token 'my.New Token'",
        "email '99 - Extra Email'",
        "landing page 'Extra Page'",
        "smart campaign '99 - Extra Campaign'",
    } <= set(result.deleted)
    assert {
        f"program '{PROGRAM}'",
        "file 'Lifecycle Logo'",
        "email template 'Lifecycle Email Template'",
        "landing page template 'Lifecycle Landing Page Template'",
        "snippet 'Lifecycle Footer'",
        "token 'my.MQL Score Threshold'",
        "email '01 - Email - Stay in Touch'",
        "landing page 'Talk to Sales'",
        "smart campaign '01 - Status - New'",
    } <= set(result.restored), result.restored
    assert state(sandbox_client) == before


def test_rolling_back_an_activation_deactivates_the_campaign(
    sandbox_client: Marketo, sandbox: Sandbox, tmp_path: Path
) -> None:
    template = ProgramTemplate.load(resolve_template("op-lead-management"))
    seed_template(sandbox, template, name="Seed")
    sandbox_client.importer.plan("op-lead-management", seed="Seed").apply(
        journal=tmp_path / "clone.json"
    )
    campaign = sandbox_client.assets.smart_campaigns.get_by_name(name="01 - Sync New People to CRM")
    clone = sandbox_client.assets.programs.get_by_name(name="OP-Lead Management")
    assert clone is not None
    campaigns = {
        c.name: c
        for c in sandbox_client.assets.smart_campaigns.list(
            folder={"id": clone.id, "type": "Program"}
        )
    }
    campaign = campaigns["01 - Sync New People to CRM"]
    assert campaign.is_active
    sandbox_client.assets.smart_campaigns.deactivate(campaign.id)

    plan = sandbox_client.importer.plan("op-lead-management", seed="Seed")
    assert [a.key for a in plan.actions if a.writes] == [
        "smart_campaign:01 - Sync New People to CRM"
    ]
    journal = tmp_path / "activate.json"
    plan.apply(journal=journal)
    assert sandbox_client.assets.smart_campaigns.get(campaign.id).is_active

    result = sandbox_client.importer.rollback(journal)

    assert result.restored == ["smart campaign '01 - Sync New People to CRM'"]
    assert not sandbox_client.assets.smart_campaigns.get(campaign.id).is_active
