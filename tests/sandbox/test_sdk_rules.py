"""Marketo's business rules as an SDK user meets them: typed exceptions, assets left as they were.

Everything here goes through ``Marketo.sandbox(...)`` and ``client.assets...``; the sandbox is
only reached through the SDK (its admin surface is used for nothing but reading folder paths).
"""

from __future__ import annotations

from typing import Any

import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops.errors import (
    BusinessRuleError,
    IncompatibleFolderError,
    NameConflictError,
    ParentFolderNotFoundError,
)
from marketo_ops.types.asset import FolderRef

from .conftest import NO_SECTION_HTML, TEMPLATE_HTML

MA_DEFAULT = "Marketing Activities/Default"
MA_PARTNER = "Marketing Activities/Partner Marketing"
TEMPLATES_DEFAULT = "Design Studio/Default/Emails/Templates"
TEMPLATES_PARTNER = "Design Studio/Partner Marketing/Emails/Templates"


def folder(client: Marketo, path: str) -> FolderRef:
    found = client.assets.folders.get_by_path(path)
    assert found is not None, path
    assert found.folder_id is not None
    return found.folder_id


def program(client: Marketo, name: str, where: str = MA_DEFAULT) -> FolderRef:
    created = client.assets.programs.create(
        name=name, folder=folder(client, where), type="Default", channel="Operational"
    )
    return FolderRef(id=created.id, type="Program")


def approved_template(client: Marketo, name: str, where: str = TEMPLATES_DEFAULT) -> int:
    created = client.assets.email_templates.create(
        name=name, folder=folder(client, where), content=TEMPLATE_HTML.encode()
    )
    client.assets.email_templates.approve(created.id)
    return created.id


def email(client: Marketo, name: str, parent: FolderRef | dict[str, Any], template: int) -> int:
    return client.assets.emails.create(
        name=name,
        folder=parent,
        template=template,
        subject="Hello",
        from_name="Marketing",
        from_email="marketing@example.com",
        reply_email="reply@example.com",
    ).id


# --- names --------------------------------------------------------------------------------------
def test_program_names_are_unique_across_workspaces(sandbox_client: Marketo) -> None:
    program(sandbox_client, "Q3 Webinar")
    with pytest.raises(NameConflictError) as caught:
        program(sandbox_client, "Q3 Webinar", MA_PARTNER)
    error = caught.value
    assert error.code == 709
    assert "already exists" in error.message
    assert error.operation == "createProgramUsingPOST"
    assert error.request_id  # what Adobe support asks for
    names = [(p.name, p.workspace) for p in sandbox_client.assets.programs.list()]
    assert names == [("Q3 Webinar", "Default")]  # nothing half-created in the other workspace


def test_local_asset_rules_are_unique_within_their_program(sandbox_client: Marketo) -> None:
    template = approved_template(sandbox_client, "Newsletter")
    first = program(sandbox_client, "Program One")
    second = program(sandbox_client, "Program Two")
    subfolder = sandbox_client.assets.folders.create(name="Emails", parent=first)
    assert subfolder.folder_id is not None
    email(sandbox_client, "Welcome", first, template)
    # the same name elsewhere in the same program (a folder of it) is taken...
    with pytest.raises(NameConflictError) as caught:
        email(sandbox_client, "Welcome", subfolder.folder_id, template)
    assert caught.value.code == 709
    # ...in another program it is free
    email(sandbox_client, "Welcome", second, template)
    owners = sorted(
        e.folder.id for e in sandbox_client.assets.emails.list() if e.name == "Welcome" and e.folder
    )
    assert owners == sorted([first.id, second.id])


def test_email_template_names_are_unique_within_their_folder(sandbox_client: Marketo) -> None:
    approved_template(sandbox_client, "Quick Start")
    with pytest.raises(NameConflictError):
        approved_template(sandbox_client, "Quick Start")
    approved_template(sandbox_client, "Quick Start", TEMPLATES_PARTNER)  # another folder: fine
    found = [t for t in sandbox_client.assets.email_templates.list() if t.name == "Quick Start"]
    assert len(found) == 2
    assert {t.workspace for t in found} == {"Default", "Partner Marketing"}


# --- folders ------------------------------------------------------------------------------------
def test_missing_parent_folder_is_710(sandbox_client: Marketo) -> None:
    with pytest.raises(ParentFolderNotFoundError) as caught:
        sandbox_client.assets.programs.create(
            name="Orphan",
            folder={"id": 987654, "type": "Folder"},
            type="Default",
            channel="Operational",
        )
    assert caught.value.code == 710
    assert sandbox_client.assets.programs.get_by_name(name="Orphan") is None


def test_incompatible_folder_is_711(sandbox_client: Marketo) -> None:
    with pytest.raises(IncompatibleFolderError) as caught:
        sandbox_client.assets.programs.create(
            name="In Design Studio",
            folder=folder(sandbox_client, TEMPLATES_DEFAULT),
            type="Default",
            channel="Operational",
        )
    assert caught.value.code == 711
    with pytest.raises(IncompatibleFolderError):
        sandbox_client.assets.email_templates.create(
            name="In Marketing Activities",
            folder=folder(sandbox_client, MA_DEFAULT),
            content=TEMPLATE_HTML.encode(),
        )


# --- approval -----------------------------------------------------------------------------------
def test_an_email_needs_an_approved_template(sandbox_client: Marketo) -> None:
    draft = sandbox_client.assets.email_templates.create(
        name="Draft Only",
        folder=folder(sandbox_client, TEMPLATES_DEFAULT),
        content=TEMPLATE_HTML.encode(),
    )
    parent = program(sandbox_client, "Needs Approval")
    with pytest.raises(BusinessRuleError) as caught:
        email(sandbox_client, "Blocked", parent, draft.id)
    assert caught.value.code == 709
    assert not isinstance(caught.value, NameConflictError)
    assert sandbox_client.assets.emails.get_by_name(name="Blocked") is None
    sandbox_client.assets.email_templates.approve(draft.id)
    created = email(sandbox_client, "Blocked", parent, draft.id)
    assert sandbox_client.assets.emails.get(created).template == draft.id


def test_a_template_without_editable_section_cannot_be_approved(sandbox_client: Marketo) -> None:
    plain = sandbox_client.assets.email_templates.create(
        name="No Sections",
        folder=folder(sandbox_client, TEMPLATES_DEFAULT),
        content=NO_SECTION_HTML.encode(),
    )
    with pytest.raises(BusinessRuleError) as caught:
        sandbox_client.assets.email_templates.approve(plain.id)
    assert "editable section" in caught.value.message
    assert sandbox_client.assets.email_templates.get(plain.id).status == "draft"


def test_a_template_in_use_cannot_be_deleted(sandbox_client: Marketo) -> None:
    template = approved_template(sandbox_client, "Shared Layout")
    email(sandbox_client, "User Of Layout", program(sandbox_client, "Uses Layout"), template)
    with pytest.raises(BusinessRuleError) as caught:
        sandbox_client.assets.email_templates.delete(template)
    assert "User Of Layout" in caught.value.message
    assert sandbox_client.assets.email_templates.get(template).name == "Shared Layout"
    used_by = list(sandbox_client.assets.email_templates.used_by(template))
    assert [u.name for u in used_by] == ["User Of Layout"]


# --- the async client sees the same rules ---------------------------------------------------------
@pytest.mark.anyio
async def test_async_client_gets_the_same_typed_errors(asandbox_client: AsyncMarketo) -> None:
    client = asandbox_client
    marketing = await client.assets.folders.get_by_path(MA_DEFAULT)
    partner = await client.assets.folders.get_by_path(MA_PARTNER)
    assert marketing is not None
    assert partner is not None
    assert marketing.folder_id is not None
    assert partner.folder_id is not None
    await client.assets.programs.create(
        name="Async Twin", folder=marketing.folder_id, type="Default", channel="Operational"
    )
    with pytest.raises(NameConflictError):
        await client.assets.programs.create(
            name="Async Twin", folder=partner.folder_id, type="Default", channel="Operational"
        )
    with pytest.raises(ParentFolderNotFoundError):
        await client.assets.folders.create(name="Nowhere", parent={"id": 424242, "type": "Folder"})
    names = [p.name async for p in client.assets.programs.list()]
    assert names == ["Async Twin"]
