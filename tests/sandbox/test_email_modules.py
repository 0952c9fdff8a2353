"""Email modules through the real SDK: what Get Email Content and the full HTML show after
adding, duplicating, deleting, renaming and rearranging an email's modules."""

from __future__ import annotations

import pytest

from marketo_ops import Marketo
from marketo_ops.errors import BusinessRuleError, InvalidRequestError
from marketo_ops.types.asset import FolderRef

from .conftest import TEMPLATE_HTML
from .tour_assets import MODULAR_HTML


def folder(client: Marketo, path: str) -> FolderRef:
    found = client.assets.folders.get_by_path(path)
    assert found is not None
    assert found.folder_id is not None
    return found.folder_id


def new_email(client: Marketo, html: str = MODULAR_HTML, name: str = "Modular") -> int:
    templates = client.assets.email_templates
    template = templates.create(
        name=f"{name} Template",
        folder=folder(client, "Design Studio/Default/Emails/Templates"),
        content=html.encode(),
    )
    templates.approve(int(template.id or 0))
    parent = client.assets.programs.create(
        name=f"{name} Program",
        folder=folder(client, "Marketing Activities/Default"),
        type="Default",
        channel="Operational",
    )
    email = client.assets.emails.create(
        name=f"{name} Email",
        folder=FolderRef(id=parent.id, type="Program"),
        template=int(template.id or 0),
        subject="Hi",
        from_name="Marketing",
        from_email="marketing@example.com",
        reply_email="reply@example.com",
    )
    return int(email.id or 0)


def modules_of(client: Marketo, email_id: int, status: str | None = None) -> list[str]:
    content = client.assets.emails.content(email_id, status=status)
    entries = sorted(
        (item for item in content if item.content_type == "Module"),
        key=lambda item: item.index or 0,
    )
    return [str(item.html_id) for item in entries]


def test_content_lists_modules_with_their_index_and_elements_with_their_module(
    sandbox_client: Marketo,
) -> None:
    email_id = new_email(sandbox_client)
    content = sandbox_client.assets.emails.content(email_id)
    by_id = {item.html_id: item for item in content}
    assert modules_of(sandbox_client, email_id) == ["free-text", "free-image", "footer"]
    assert (by_id["free-image"].index, by_id["free-image"].parent_html_id) == (
        1,
        "template-wrapper",
    )
    assert by_id["text"].parent_html_id == "free-text"
    assert by_id["footerText"].parent_html_id == "footer"
    assert by_id["footer"].model_extra == {"name": "Footer"}


def test_duplicate_add_delete_and_the_full_html(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id = new_email(sandbox_client)
    emails.update_section(email_id, "text", type="Text", value="<p>Edited</p>")
    emails.duplicate_module(email_id, "free-text", name="Second text")
    assert modules_of(sandbox_client, email_id) == [
        "free-text",
        "free-text-1",
        "free-image",
        "footer",
    ]
    emails.update_section(email_id, "text-1", type="Text", value="<p>Copy</p>")
    emails.add_module(email_id, "footer", name="Top footer", index=0)
    emails.add_module(email_id, "free-image", name="Last image", index=99)
    assert modules_of(sandbox_client, email_id) == [
        "footer-1",
        "free-text",
        "free-text-1",
        "free-image",
        "footer",
        "free-image-1",
    ]
    emails.delete_module(email_id, "free-image")
    ids = {item.html_id for item in emails.content(email_id)}
    assert "single" not in ids
    assert {"single-1", "footerText-1", "text-1"} <= ids
    with pytest.raises(BusinessRuleError):
        emails.update_section(email_id, "single", type="Text", value="gone")
    html = str(emails.full_content(email_id).content)
    assert html.index('id="footer-1"') < html.index("<p>Edited</p>") < html.index("<p>Copy</p>")
    assert 'id="free-image"' not in html
    assert html.count("Acme, Inc") == 2
    with pytest.raises(BusinessRuleError):
        emails.delete_module(email_id, "free-image")  # already gone
    with pytest.raises(BusinessRuleError):
        emails.add_module(email_id, "no-such-module", name="x", index=0)


def test_rearrange_takes_every_module_and_rename_changes_the_name(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id = new_email(sandbox_client)
    emails.rearrange_modules(
        email_id,
        positions=[
            {"index": 0, "moduleId": "footer"},
            {"index": 1, "moduleId": "free-text"},
            {"index": 2, "moduleId": "free-image"},
        ],
    )
    assert modules_of(sandbox_client, email_id) == ["footer", "free-text", "free-image"]
    html = str(emails.full_content(email_id).content)
    assert html.index("Acme, Inc") < html.index("Lorem ipsum")
    with pytest.raises(InvalidRequestError) as missing:
        emails.rearrange_modules(email_id, positions=[{"index": 0, "moduleId": "footer"}])
    assert "missing: free-image, free-text" in missing.value.message
    with pytest.raises(InvalidRequestError):
        emails.rearrange_modules(
            email_id,
            positions=[
                {"index": 0, "moduleId": "footer"},
                {"index": 0, "moduleId": "free-text"},
                {"index": 2, "moduleId": "free-image"},
            ],
        )
    emails.rename_module(email_id, "footer", name="Legal footer")
    footer = next(item for item in emails.content(email_id) if item.html_id == "footer")
    assert footer.model_extra == {"name": "Legal footer"}


def test_module_edits_are_drafts_until_approval(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id = new_email(sandbox_client)
    emails.approve(email_id)
    emails.delete_module(email_id, "footer")
    assert modules_of(sandbox_client, email_id, "approved") == ["free-text", "free-image", "footer"]
    assert modules_of(sandbox_client, email_id, "draft") == ["free-text", "free-image"]
    emails.approve(email_id)
    assert modules_of(sandbox_client, email_id) == ["free-text", "free-image"]


def test_emails_without_modules_and_replaced_html(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    classic = new_email(sandbox_client, TEMPLATE_HTML, name="Classic")
    assert modules_of(sandbox_client, classic) == []
    with pytest.raises(BusinessRuleError) as caught:
        emails.duplicate_module(classic, "main_text", name="x")
    assert "no modules" in caught.value.message
    modular = new_email(sandbox_client)
    emails.delete_module(modular, "footer")
    emails.update_full_content(modular, content=MODULAR_HTML.replace("Free image", "Picture"))
    # the replaced HTML brings its own modules back
    assert modules_of(sandbox_client, modular, "draft") == ["free-text", "free-image", "footer"]
