"""The console as Chromium renders it: after an import over HTTP into ``marketo-ops sandbox serve``,
the program page, the campaign page and the email preview show what the admin must check."""

from __future__ import annotations

import json
from typing import Any

import httpx

from marketo_ops.sandbox.console import campaign_url, console_url, email_url, program_url
from marketo_ops.sandbox.requestlog import read_request_log

from .conftest import CLIENT_ID, SECRET, Served, screenshot


def test_program_page(page: Any, served: Served) -> None:
    page.goto(console_url(served.url))
    page.get_by_role("link", name="OP-Lead Management", exact=True).click()
    page.wait_for_url(program_url(served.url, served.ids["program"]))
    assert page.locator("h1").inner_text() == "OP-Lead Management"
    mark = page.locator("header.asset .badge.mark")
    assert mark.inner_text() == "marketo-ops: op-lead-management"  # the import's provenance
    for heading in ("Folders and assets", "My Tokens", "Emails", "Smart Campaigns"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    threshold = page.locator('#tokens tr[data-token="MQL Score Threshold"] td.value')
    assert threshold.inner_text() == "100"
    campaigns = page.locator("#campaigns tbody tr")
    assert campaigns.count() == 2
    assert "3 steps" in campaigns.nth(1).inner_text()
    screenshot(page, "program")


def test_campaign_page(page: Any, served: Served) -> None:
    page.goto(program_url(served.url, served.ids["program"]))
    page.locator("#campaigns").get_by_role("link", name="02 - Marketing Qualified").click()
    page.wait_for_url(campaign_url(served.url, served.ids["02 - Marketing Qualified"]))
    trigger = page.locator("ol.triggers > li")
    assert trigger.count() == 1
    assert trigger.locator(".rule-name").inner_text() == "Score is Changed"
    constraint = trigger.locator("tr.constraint")
    assert constraint.locator(".values").inner_text() == "{{my.MQL Score Threshold}} = 100"
    assert page.locator(".filter-logic").inner_text() == "Use all filters"
    steps = page.locator("ol.flow > li .action")
    assert steps.all_inner_texts() == [
        "Change Program Status",
        "Send Alert",
        "Sync Person to SFDC",
    ]
    assert page.locator(".qualification").inner_text() == (
        "Each person can run through the flow once"
    )
    assert page.locator(".badges .status-active").is_visible()
    screenshot(page, "campaign")


def test_email_preview(page: Any, served: Served) -> None:
    email_id = served.ids["01 - Email - ALERT - MQL"]
    page.goto(email_url(served.url, email_id))
    page.select_option("#lead", str(served.ids["ada"]))
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"**/emails/{email_id}?status=approved&lead={served.ids['ada']}")
    subject = page.locator("#headers tr", has_text="Subject").locator("td")
    assert subject.inner_text() == "New MQL: Ada Lovelace at Analytical Engines"
    preview = page.frame_locator("#preview iframe")
    body = preview.locator("body")
    body.wait_for()
    text = body.inner_text()
    assert "Ada Lovelace has reached the marketing-qualified score" in text
    assert "120 (threshold 100)" in text
    assert "within 24 hours" in text
    assert "{{" not in text
    logo = preview.locator("img").first
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0")  # served from /rs/
    template = page.frame_locator("#template iframe").locator("body")
    assert "A short, specific headline" in template.inner_text()
    assert page.locator("#preview iframe").get_attribute("sandbox") == ""
    screenshot(page, "email-preview")


def test_escaped_names_and_inert_previews(page: Any, served: Served) -> None:
    """An email named like a script shows as text; the script in its HTML runs nowhere."""
    with httpx.Client(base_url=served.url) as api:
        token = api.get(
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": CLIENT_ID,
                "client_secret": SECRET,
            },
        ).json()["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        folder = api.get(
            "/rest/asset/v1/folder/byName.json", params={"name": "Templates", "type": "Folder"}
        ).json()["result"]
        templates = next(f for f in folder if f["folderType"] == "Email Template")
        html = (
            "<html><body><div class='mktEditable' id='main'>Body"
            "<script>parent.document.body.innerHTML='owned';alert('preview')</script>"
            "<img src=x onerror=\"alert('img')\"></div></body></html>"
        )
        template = api.post(
            "/rest/asset/v1/emailTemplates.json",
            data={
                "name": "<b>Scripted</b>",
                "folder": json.dumps({"id": templates["id"], "type": "Folder"}),
            },
            files={"content": ("t.html", html.encode(), "text/html")},
        ).json()["result"][0]["id"]
        api.post(f"/rest/asset/v1/emailTemplate/{template}/approveDraft.json")
        email = api.post(
            "/rest/asset/v1/emails.json",
            data={
                "name": "<script>alert(1)</script>",
                "folder": json.dumps({"id": served.ids["program"], "type": "Program"}),
                "template": template,
                "subject": "<img src=x onerror=alert(2)>",
            },
        ).json()["result"][0]["id"]
    page.goto(email_url(served.url, email))
    assert page.locator("h1").inner_text() == "<script>alert(1)</script>"
    subject = page.locator("#headers tr", has_text="Subject").locator("td")
    assert subject.inner_text() == "<img src=x onerror=alert(2)>"
    assert page.locator("main img").count() == 0
    preview = page.frame_locator("#preview iframe").locator("body")
    preview.wait_for()
    assert "Body" in preview.inner_text()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "<script>alert(1)</script>"  # not 'owned'
    page.goto(program_url(served.url, served.ids["program"]))
    assert page.locator("#emails").get_by_text("<script>alert(1)</script>").is_visible()
    screenshot(page, "escaping")
    # the page fixture fails the test if any alert() ran


def test_request_log_page_and_file(page: Any, served: Served) -> None:
    with httpx.Client(base_url=served.url) as api:
        api.get("/rest/asset/v1/no/such/thing.json")
    page.goto(f"{served.url}/console/requests?status=error")
    rows = page.locator("#requests tbody tr")
    assert rows.first.locator(".code").inner_text() == "610"
    assert "/rest/asset/v1/no/such/thing.json" in rows.first.locator(".path").inner_text()
    page.goto(f"{served.url}/console/requests?q=createEmailUsingPOST")
    assert page.locator("#requests tbody tr").count() >= 1
    screenshot(page, "requests")

    entries = read_request_log(served.log)
    operations = {entry.operation for entry in entries}
    assert {"identityUsingGET", "cloneProgramUsingPOST", "syncLeadUsingPOST"} <= operations
    text = served.log.read_text(encoding="utf-8")
    for secret in (SECRET, CLIENT_ID, *served.tokens):
        assert secret not in text
