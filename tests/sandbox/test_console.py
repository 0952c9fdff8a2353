"""The sandbox console: trees, program and campaign pages, previews, request log (in-process).

The pages are read through the sandbox's own transport, exactly as a browser would get them from
``sandbox serve``; the browser tests (tests/browser) check what Chromium renders from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import httpx
import pytest

from marketo_ops import Marketo
from marketo_ops.sandbox import FaultRule, Sandbox, SandboxConfig
from marketo_ops.sandbox.console import (
    campaign_url,
    console_url,
    email_url,
    landing_page_url,
    program_url,
    requests_url,
)
from marketo_ops.sandbox.console.web import CONSOLE_CSP, PREVIEW_CSP
from marketo_ops.sandbox.seeding import seed_template
from marketo_ops.templates import ProgramTemplate, resolve_template

from .conftest import LP_TEMPLATES, Api, folder_ref

A = "/rest/asset/v1"
SEED = "OP-Lead Management (seed)"
MARK = "marketo-ops: op-lead-management"


@pytest.fixture
def web(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """A browser's view: no credentials, the sandbox's transport."""
    with httpx.Client(transport=sandbox.sync_transport(), base_url=sandbox.base_url) as client:
        yield client


def page(web: httpx.Client, path: str, status: int = 200) -> str:
    response = web.get(path)
    assert response.status_code == status, response.text
    if response.headers["content-type"].startswith("text/html"):
        assert response.headers["content-security-policy"] in {CONSOLE_CSP, PREVIEW_CSP}
    return response.text


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed (tags dropped, entities decoded)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return text_of(match.group(0))


def imported(sandbox: Sandbox, tmp_path: Path, *, seeded: bool) -> dict[str, int]:
    """OP-Lead Management imported through the SDK (cloned from a seed when ``seeded``)."""
    if seeded:
        template = ProgramTemplate.load(resolve_template("op-lead-management"))
        seed_template(sandbox, template, name=SEED)
    with Marketo.sandbox(sandbox) as client:
        plan = client.importer.plan("op-lead-management", seed=SEED if seeded else None)
        plan.apply(journal=tmp_path / "journal.json")
        program = client.assets.programs.get_by_name(name="OP-Lead Management")
        assert program is not None
        ids = {"program": program.id}
        for campaign in client.assets.smart_campaigns.list(
            folder={"id": program.id, "type": "Program"}
        ):
            ids[campaign.name] = campaign.id
        for email in client.assets.emails.list(folder={"id": program.id, "type": "Program"}):
            ids[email.name] = email.id
        ids["ada"] = client.leads.sync(
            input=[
                {
                    "email": "ada@example.com",
                    "firstName": "Ada",
                    "lastName": "Lovelace",
                    "company": "Analytical Engines",
                    "leadScore": 120,
                }
            ]
        )[0].id
    return ids


# --- links the command line prints ------------------------------------------------------------
def test_url_builders() -> None:
    base = "http://127.0.0.1:8787/"
    assert console_url(base) == "http://127.0.0.1:8787/console/"
    assert program_url(base, 1002) == "http://127.0.0.1:8787/console/programs/1002"
    assert campaign_url(base, 7) == "http://127.0.0.1:8787/console/campaigns/7"
    assert email_url(base, 3) == "http://127.0.0.1:8787/console/emails/3"
    assert landing_page_url(base, 4) == "http://127.0.0.1:8787/console/landing-pages/4"
    assert requests_url(base) == "http://127.0.0.1:8787/console/requests"


def test_root_opens_the_console_and_the_api_keeps_its_610(web: httpx.Client) -> None:
    response = web.get("/")
    assert (response.status_code, response.headers["location"]) == (307, "/console/")
    assert web.get("/console").headers["location"] == "/console/"
    assert web.get("/rest/asset/v1/nothing.json").json()["errors"][0]["code"] == "610"
    assert web.get("/consoles").json()["errors"][0]["code"] == "610"


# --- trees --------------------------------------------------------------------------------------
def test_trees_show_types_statuses_and_the_import_mark(
    sandbox: Sandbox, web: httpx.Client, tmp_path: Path
) -> None:
    ids = imported(sandbox, tmp_path, seeded=False)
    html = page(web, "/console/")
    text = text_of(html)
    assert "Default 3 assets" in text  # two campaigns and an email; folders are not assets
    assert "Program OP-Lead Management Default · Operational" in text
    assert "Folder Campaigns" in text
    assert "Smart campaign 01 - Sync New People to CRM default inactive" in text
    assert "Email 01 - Email - ALERT - MQL approved" in text
    assert f'href="/console/programs/{ids["program"]}"' in html
    assert f'href="/console/emails/{ids["01 - Email - ALERT - MQL"]}"' in html
    assert "Partner Marketing 0 assets" in text

    studio = text_of(page(web, "/console/design-studio"))
    assert f"Email template Quick Start Email Template approved {MARK}" in studio
    assert f"File Quick Start Logo {MARK}" in studio
    assert "Folder (Landing Page Template) Templates" in studio


def test_program_page_has_folders_tokens_emails_and_campaigns(
    sandbox: Sandbox, web: httpx.Client, tmp_path: Path
) -> None:
    ids = imported(sandbox, tmp_path, seeded=True)
    html = page(web, f"/console/programs/{ids['program']}")
    head = text_of(html.split("<section")[0])
    assert "Program · /Marketing Activities/Default/OP-Lead Management" in head
    # the importer marks the programs it makes, as it marks Design Studio assets
    assert "OP-Lead Management marketo-ops: op-lead-management Default · Operational" in head
    assert "sandbox seed" not in head  # the clone is the import's, not the seed's
    folders = section(html, "folders")
    assert "Folder Campaigns Smart campaign 01 - Sync New People to CRM active" in folders
    assert "Folder Email Alert Email 01 - Email - ALERT - MQL approved" in folders
    tokens = section(html, "tokens")
    assert "{{my.MQL Score Threshold}} number 100" in tokens
    assert "{{my.MQL Alert Recipients}} text sales-leads@example.com" in tokens
    emails = section(html, "emails")
    assert (
        "01 - Email - ALERT - MQL operational Email Alert approved New MQL: {{lead.First Name}}"
        in emails
    )
    assert "Quick Start Email Template" in emails
    campaigns = section(html, "campaigns")
    assert "02 - Marketing Qualified Campaigns trigger active 1 trigger, 0 filters 3 steps" in (
        campaigns
    )


def test_campaign_page_shows_the_smart_list_and_flow_as_marketo_does(
    sandbox: Sandbox, web: httpx.Client, tmp_path: Path
) -> None:
    ids = imported(sandbox, tmp_path, seeded=True)
    html = page(web, f"/console/campaigns/{ids['02 - Marketing Qualified']}")
    smart_list = section(html, "smart-list")
    assert smart_list == (
        "Smart List Triggers 1 Score is Changed Score Name is Person Score "
        "Add Constraint New Score at least {{my.MQL Score Threshold}} = 100 "
        "Filters No filters. Use all filters"
    )
    flow = section(html, "flow")
    assert flow.startswith("Flow 1 Change Program Status Program ")
    assert "New Status Operational - Member" in flow
    assert (
        "2 Send Alert Email 01 - Email - ALERT - MQL Send To None "
        "To Other Emails {{my.MQL Alert Recipients}} = sales-leads@example.com" in flow
    )
    assert flow.endswith("3 Sync Person to SFDC Assign to Use Auto-Assignment Rules")
    assert section(html, "schedule") == (
        "Schedule Each person can run through the flow once Status: Active"
    )
    assert f'<a href="/console/programs/{ids["program"]}">OP-Lead Management</a>' in html


def test_an_api_campaign_says_its_flow_is_empty(
    sandbox: Sandbox, web: httpx.Client, tmp_path: Path
) -> None:
    ids = imported(sandbox, tmp_path, seeded=False)
    html = page(web, f"/console/campaigns/{ids['01 - Sync New People to CRM']}")
    assert "No triggers." in section(html, "smart-list")
    assert "Marketo's API cannot write flow steps" in section(html, "flow")


def test_email_preview_fills_my_tokens_and_the_picked_persons_fields(
    sandbox: Sandbox, web: httpx.Client, tmp_path: Path
) -> None:
    ids = imported(sandbox, tmp_path, seeded=True)
    email_id = ids["01 - Email - ALERT - MQL"]
    html = page(web, f"/console/emails/{email_id}?lead={ids['ada']}")
    headers = text_of(re.search(r'<table class="headers".*?</table>', html, re.S).group(0))
    assert headers.startswith(
        "Subject New MQL: Ada Lovelace at Analytical Engines From name Marketing Operations "
        "From address marketing-ops@example.com Reply-to marketing-ops@example.com"
    )
    assert f'<option value="{ids["ada"]}" selected>' in html
    src = f"/console/emails/{email_id}/preview?status=approved&amp;lead={ids['ada']}"
    assert '<iframe sandbox="" referrerpolicy="no-referrer" loading="eager" title' in html
    assert f'src="{src}"' in html
    template_id = sandbox.store.get("email", email_id).data["template"]  # type: ignore[union-attr]
    assert f'src="/console/email-templates/{template_id}/preview"' in html

    body = web.get(unescape(src))
    assert body.headers["content-security-policy"] == PREVIEW_CSP
    shown = text_of(body.text)
    assert "Ada Lovelace has reached the marketing-qualified score" in shown
    assert "Person score 120 (threshold 100)" in shown
    assert "within 24 hours" in shown  # {{my.Sales Follow-up SLA Hours}}
    assert "{{" not in body.text

    nobody = page(web, f"/console/emails/{email_id}")
    assert "Not filled in this preview: {{lead.First Name}}" in text_of(nobody)
    missing = page(web, f"/console/emails/{email_id}?lead=424242")
    assert "There is no person with id 424242." in text_of(missing)


def test_email_versions_are_previewed_separately(api: Api, web: httpx.Client) -> None:
    template = api.template("Versions Template")
    program = api.program("Versions")
    email = api.email("Versioned", program["id"], template)
    api.post(f"{A}/email/{email['id']}/approveDraft.json")
    api.post(
        f"{A}/email/{email['id']}/content/main_text.json",
        data={"type": "Text", "value": "<p>Draft words</p>"},
    )
    html = page(web, f"/console/emails/{email['id']}")
    assert '<option value="approved" selected>' in html
    assert "approved with draft" in html
    approved = web.get(f"/console/emails/{email['id']}/preview?status=approved").text
    draft = web.get(f"/console/emails/{email['id']}/preview?status=draft").text
    assert "Hello from the template" in approved
    assert "Draft words" in draft
    assert "Draft words" not in approved


def test_landing_page_preview_and_its_template(api: Api, web: httpx.Client) -> None:
    html = (
        "<html><body><h1>{{my.Event}} for {{lead.First Name:default=friend}}</h1>"
        '<div class="mktoText" id="lp_main" mktoName="Main">Landing</div></body></html>'
    )
    template = api.post(
        f"{A}/landingPageTemplates.json",
        data={"name": "Event LP", "folder": folder_ref(api.folder(LP_TEMPLATES))},
    )[0]["id"]
    api.post(
        f"{A}/landingPageTemplate/{template}/content.json",
        files={"content": ("lp.html", html.encode(), "text/html")},
    )
    api.post(f"{A}/landingPageTemplate/{template}/approveDraft.json")
    program = api.program("Event Program")
    api.post(
        f"{A}/folder/{program['id']}/tokens.json",
        data={"folderType": "Program", "name": "Event", "type": "text", "value": "Summit"},
    )
    landing = api.post(
        f"{A}/landingPages.json",
        data={
            "name": "Register",
            "folder": folder_ref(program["id"], "Program"),
            "template": template,
            "title": "Register for {{my.Event}}",
        },
    )[0]
    shown = page(web, f"/console/landing-pages/{landing['id']}")
    assert "Title Register for Summit" in text_of(shown)
    assert f'src="/console/lp-templates/{template}/preview"' in shown
    body = web.get(f"/console/landing-pages/{landing['id']}/preview")
    assert body.headers["content-security-policy"] == PREVIEW_CSP
    assert "<h1>Summit for friend</h1>" in body.text
    template_page = page(web, f"/console/lp-templates/{template}")
    assert "Register" in section(template_page, "used-by")
    assert "{{my.Event}}" in web.get(f"/console/lp-templates/{template}/preview").text


# --- escaping and isolation ---------------------------------------------------------------------
EVIL = "<script>alert(1)</script>"
EVIL_ATTR = '"><img src=x onerror=alert(2)>'


def test_everything_shown_is_escaped(api: Api, web: httpx.Client) -> None:
    template = api.template(f"Template {EVIL}")
    program = api.program(f"Program {EVIL_ATTR}", description=f"About {EVIL}")
    api.post(
        f"{A}/folder/{program['id']}/tokens.json",
        data={"folderType": "Program", "name": f"T{EVIL}"[:50], "type": "text", "value": EVIL},
    )
    email = api.email(EVIL, program["id"], template, subject=f"Hi {EVIL_ATTR}")
    api.http.get(f"/rest/asset/v1/{EVIL}.json")  # the request log shows the path
    pages = [
        "/console/",
        "/console/design-studio",
        f"/console/programs/{program['id']}",
        f"/console/emails/{email['id']}",
        f"/console/email-templates/{template}",
        "/console/requests",
    ]
    for path in pages:
        html = page(web, path)
        assert "<script>" not in html, path
        assert "<img src=x" not in html, path
        assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", ""), path
    email_page = page(web, f"/console/emails/{email['id']}")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in email_page
    assert "Hi &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in email_page
    program_page = page(web, f"/console/programs/{program['id']}")
    assert "About &lt;script&gt;alert(1)&lt;/script&gt;" in program_page
    log = page(web, "/console/requests")
    assert "/rest/asset/v1/&lt;script&gt;alert(1)&lt;/script&gt;.json" in log


def test_pages_run_no_script_and_previews_are_sandboxed(api: Api, web: httpx.Client) -> None:
    html = (
        '<html><body><div class="mktEditable" id="main">Hi<script>parent.x=1</script></div>'
        "</body></html>"
    )
    template = api.template("Scripted", html)
    program = api.program("Scripted Program")
    email = api.email("Scripted Email", program["id"], template)
    shown = page(web, f"/console/emails/{email['id']}")
    assert "script-src" not in CONSOLE_CSP
    assert "default-src 'none'" in CONSOLE_CSP
    assert "<script" not in shown
    frames = re.findall(r"<iframe[^>]*>", shown)
    assert len(frames) == 2
    assert all(' sandbox="" ' in frame for frame in frames)
    preview = web.get(f"/console/emails/{email['id']}/preview")
    # the email's own HTML is shown as the email is, but can run nothing and reach nothing
    assert "<script>parent.x=1</script>" in preview.text
    policy = preview.headers["content-security-policy"]
    assert policy.startswith("sandbox;")
    assert "script-src" not in policy
    assert "default-src 'none'" in policy
    assert preview.headers["x-content-type-options"] == "nosniff"


def test_the_console_is_read_only(api: Api, web: httpx.Client) -> None:
    program = api.program("Untouchable")
    before = api.get(f"{A}/program/{program['id']}.json")
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for path in ("/console/", f"/console/programs/{program['id']}", "/console/requests"):
            assert web.request(method, path).status_code == 405, (method, path)
    assert api.get(f"{A}/program/{program['id']}.json") == before


def test_unknown_assets_are_a_page_not_a_crash(web: httpx.Client) -> None:
    for path in (
        "/console/programs/999999",
        "/console/campaigns/999999",
        "/console/emails/999999",
        "/console/emails/999999/preview",
        "/console/landing-pages/999999",
        "/console/email-templates/999999",
        "/console/nothing",
    ):
        html = page(web, path, status=404)
        assert "Back to Marketing Activities" in html
    assert "There is no program with id 999999." in page(web, "/console/programs/999999", 404)
    assert web.get("/console/programs/abc").status_code == 404


# --- request log page ---------------------------------------------------------------------------
def test_request_log_page_lists_and_filters_calls(api: Api, web: httpx.Client) -> None:
    api.program("Logged")
    api.error("GET", f"{A}/nothing.json")
    html = page(web, "/console/requests")
    rows = re.findall(r'<tr class="(ok|failed)" data-operation="([^"]*)" data-code="([^"]*)"', html)
    assert rows == [  # newest first
        ("failed", "", "610"),
        ("ok", "createProgramUsingPOST", ""),
        ("ok", "identityUsingGET", ""),
    ]
    assert "client_secret=***" in html
    errors_only = page(web, "/console/requests?status=error")
    assert re.findall(r'data-code="([^"]*)"', errors_only) == ["610"]
    posts = page(web, "/console/requests?method=POST&q=program")
    assert re.findall(r'data-operation="([^"]*)"', posts) == ["createProgramUsingPOST"]
    assert re.findall(r'data-operation="([^"]*)"', page(web, "/console/requests?last=1")) == [""]
    # looking at the console is not an API call
    assert all(entry.operation != "console" for entry in api.sandbox.request_log)
    assert not any("/console" in entry.path for entry in api.sandbox.request_log)


def test_console_announces_limits_and_faults(tmp_path: Path) -> None:
    config = SandboxConfig(
        latency=(5, 5), fault_rules=(FaultRule("604", 0.5, operation="create*"),), fault_seed=3
    )
    with (
        Sandbox(":memory:", config) as box,
        httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as web,
    ):
        banner = re.search(r'<div class="behaviour".*?</div>', web.get("/console/").text, re.S)
    assert banner
    assert text_of(banner.group(0)) == (
        "Latency: 5 ms added to every API call Faults: 604 50% (operation=create*); seed 3"
    )


def test_request_log_page_names_the_file(tmp_path: Path) -> None:
    config = SandboxConfig(request_log=str(tmp_path / "calls.jsonl"))
    with (
        Sandbox(":memory:", config) as box,
        httpx.Client(transport=box.sync_transport(), base_url=box.base_url) as web,
    ):
        html = web.get("/console/requests").text
    assert f"every call also in <code>{tmp_path / 'calls.jsonl'}</code>" in html
