"""Dynamic content of email and landing-page sections through the real SDK.

A section set to ``DynamicContent`` with a segmentation has one variation per segment; segments
nobody edited show the section's template content; edits are drafts until approval.
"""

from __future__ import annotations

import base64

import pytest

from marketo_ops import Marketo
from marketo_ops.errors import BusinessRuleError, InvalidRequestError
from marketo_ops.types.asset import FolderRef

from .conftest import LP_TEMPLATE_HTML, TEMPLATE_HTML

MA_DEFAULT = "Marketing Activities/Default"


def folder(client: Marketo, path: str) -> FolderRef:
    found = client.assets.folders.get_by_path(path)
    assert found is not None
    assert found.folder_id is not None
    return found.folder_id


def geography(client: Marketo) -> int:
    (found,) = [item for item in client.assets.segmentations.list() if item.name == "Geography"]
    return int(found.id or 0)


def dynamic_email(client: Marketo) -> tuple[int, str]:
    """An email whose main_text section is dynamic on Geography, and its dynamic-content id."""
    templates = client.assets.email_templates
    template = templates.create(
        name="DC Template",
        folder=folder(client, "Design Studio/Default/Emails/Templates"),
        content=TEMPLATE_HTML.encode(),
    )
    templates.approve(int(template.id or 0))
    parent = client.assets.programs.create(
        name="DC Program", folder=folder(client, MA_DEFAULT), type="Default", channel="Operational"
    )
    email = client.assets.emails.create(
        name="DC Email",
        folder=FolderRef(id=parent.id, type="Program"),
        template=int(template.id or 0),
        subject="Hello",
        from_name="Marketing",
        from_email="marketing@example.com",
        reply_email="reply@example.com",
    )
    email_id = int(email.id or 0)
    client.assets.emails.update_section(
        email_id, "main_text", type="DynamicContent", value=str(geography(client))
    )
    return email_id, base64.urlsafe_b64encode(b"ES-main_text").decode()


def test_email_sections_vary_by_segment(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id, content_id = dynamic_email(sandbox_client)
    found = emails.dynamic_content(email_id, content_id)
    assert found.segmentation == geography(sandbox_client)
    assert found.content is not None
    assert [(item.segment_name, item.content) for item in found.content] == [
        ("EMEA", "<p>Hello from the template</p>"),
        ("AMER", "<p>Hello from the template</p>"),
        ("APAC", "<p>Hello from the template</p>"),
        ("Default", "<p>Hello from the template</p>"),
    ]
    emails.update_dynamic_content(
        email_id, content_id, segment="EMEA", type="HTML", value="<p>Hi EMEA</p>"
    )
    emails.update_dynamic_content(  # the section id works as well as Marketo's id
        email_id, "main_text", segment="Default", type="Text", value="Hi all"
    )
    variations = emails.dynamic_content(email_id, content_id).content
    assert variations is not None
    by_segment = {item.segment_name: (item.type, item.content) for item in variations}
    assert by_segment["EMEA"] == ("HTML", "<p>Hi EMEA</p>")
    assert by_segment["Default"] == ("Text", "Hi all")
    assert by_segment["APAC"] == ("HTML", "<p>Hello from the template</p>")


def test_email_dynamic_content_is_refused_where_it_cannot_apply(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id, content_id = dynamic_email(sandbox_client)
    with pytest.raises(BusinessRuleError) as static:
        emails.dynamic_content(email_id, "footer")
    assert "not dynamic content" in static.value.message
    with pytest.raises(BusinessRuleError) as unknown:
        emails.update_dynamic_content(
            email_id, content_id, segment="Mars", type="HTML", value="<p>?</p>"
        )
    assert "not in segmentation 'Geography'" in unknown.value.message
    with pytest.raises(InvalidRequestError) as blank:
        emails.update_dynamic_content(email_id, content_id, type="HTML", value="<p>?</p>")
    assert blank.value.message == "segment cannot be blank"
    with pytest.raises(BusinessRuleError):
        emails.update_dynamic_content(
            email_id, content_id, segment="EMEA", type="Snippet", value="424242"
        )


def test_email_variations_are_drafts_until_the_email_is_approved(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets.emails
    email_id, content_id = dynamic_email(sandbox_client)
    emails.update_dynamic_content(email_id, content_id, segment="APAC", type="HTML", value="v1")
    emails.approve(email_id)
    emails.update_dynamic_content(email_id, content_id, segment="APAC", type="HTML", value="v2")

    def apac(status: str) -> str | None:
        content = emails.dynamic_content(email_id, content_id, status=status).content
        assert content is not None
        return next(item.content for item in content if item.segment_name == "APAC")

    assert (apac("approved"), apac("draft")) == ("v1", "v2")
    emails.discard_draft(email_id)
    assert apac("approved") == "v1"


def test_landing_page_sections_vary_by_segment(sandbox_client: Marketo) -> None:
    lp_templates = sandbox_client.assets.landing_page_templates
    template = lp_templates.create(
        name="DC LP Template",
        folder=folder(sandbox_client, "Design Studio/Default/Landing Pages/Templates"),
    )
    lp_templates.update_content(int(template.id or 0), content=LP_TEMPLATE_HTML.encode())
    lp_templates.approve(int(template.id or 0))
    pages = sandbox_client.assets.landing_pages
    page_id = int(
        pages.create(
            name="DC Page",
            folder=folder(sandbox_client, "Design Studio/Default/Landing Pages"),
            template=int(template.id or 0),
        ).id
        or 0
    )
    with pytest.raises(BusinessRuleError):
        pages.dynamic_content(page_id, "lp_main")  # not dynamic yet
    pages.update_content(
        page_id, "lp_main", type="DynamicContent", value=str(geography(sandbox_client))
    )
    content_id = base64.urlsafe_b64encode(b"ES-lp_main").decode()
    (found,) = pages.dynamic_content(page_id, content_id)
    assert found.content is not None
    assert {(item.segment_name, item.type, item.content) for item in found.content} == {
        ("EMEA", "RichText", "Landing"),
        ("AMER", "RichText", "Landing"),
        ("APAC", "RichText", "Landing"),
        ("Default", "RichText", "Landing"),
    }
    pages.update_dynamic_content(page_id, content_id, segment="EMEA", value="Willkommen")
    pages.update_dynamic_content(
        page_id, "lp_main", segment="AMER", type="HTML", value="<b>Hi</b>", background_color="#fff"
    )
    (found,) = pages.dynamic_content(page_id, content_id)
    assert found.content is not None
    by_segment = {item.segment_name: item for item in found.content}
    assert (by_segment["EMEA"].type, by_segment["EMEA"].content) == ("RichText", "Willkommen")
    assert (by_segment["AMER"].type, by_segment["AMER"].content) == ("HTML", "<b>Hi</b>")
    assert by_segment["AMER"].model_extra == {"formattingOptions": {"backgroundColor": "#fff"}}
    with pytest.raises(BusinessRuleError):
        pages.update_dynamic_content(page_id, content_id, segment="Industry", value="x")
    pages.approve(page_id)
    pages.update_dynamic_content(page_id, content_id, segment="EMEA", value="Hallo")
    approved = sandbox_client.request(
        "GET", f"/rest/asset/v1/landingPage/{page_id}/dynamicContent/{content_id}.json"
    ).result[0]["segments"]
    draft = sandbox_client.request(
        "GET",
        f"/rest/asset/v1/landingPage/{page_id}/dynamicContent/{content_id}.json",
        query={"status": "draft"},
    ).result[0]["segments"]
    assert {item["segmentName"]: item["content"] for item in approved}["EMEA"] == "Willkommen"
    assert {item["segmentName"]: item["content"] for item in draft}["EMEA"] == "Hallo"
