"""Programs to export: one imported and completed by hand (over MCP), one built call by call.

``complete_manual_steps`` does what the import's checklist asks a person to do (smart lists,
flows, activation), through Marketo's MCP server as a script would. ``build_by_rest`` builds a
program with nothing but plain Asset API calls (no importer, so no provenance marks), the way a
customer's instance holds programs made in the UI or by other tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marketo_ops import Marketo
from marketo_ops.sandbox import Sandbox
from marketo_ops.sandbox.admin import qualification_rule, smart_list_rules
from marketo_ops.sandbox.domain import campaigns
from marketo_ops.templates import ProgramTemplate, smart_list_to_api

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)

PROGRAM = "Spring Launch 2026"

EMAIL_TEMPLATE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Launch</title></head>
<body>
  <img src="{logo}" alt="Logo">
  <div class="mktoText" id="headline" mktoName="Headline">Default headline</div>
  <div class="mktoText" id="body" mktoName="Body"><p>Default body.</p></div>
  <div class="mktoText" id="footer" mktoName="Footer">Default footer</div>
</body></html>
"""

PAGE_TEMPLATE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Launch page</title></head>
<body>
  <div class="mktoText" id="headline" mktoName="Headline"><h1>Headline</h1></div>
  <div class="mktoText" id="body" mktoName="Body"><p>Body.</p></div>
</body></html>
"""

BODY = """<p>Hello {{lead.First Name:default=there}},</p>
<p>Spring Launch is on {{my.Launch Date}}. <img src="{banner}" alt=""></p>
<p>See you there.</p>"""


@dataclass
class Built:
    program_id: int
    emails: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)


def complete_manual_steps(client: Marketo, template: ProgramTemplate) -> None:
    """Give the imported campaigns the template's smart lists and flows, and activate them."""
    api = client.assets.smart_campaigns
    for entry in template.smart_campaigns:
        campaign = api.get_by_name(name=entry.name)
        assert campaign is not None
        assert campaign.id is not None
        rules = client.mcp.get_smart_campaign_rules(campaign.id)
        if not (rules.triggers or rules.filters):
            wanted = smart_list_to_api(entry, detailed_triggers=True)
            for trigger in wanted["triggers"]:
                client.mcp.add_smart_list_rule("trigger", trigger, campaign_id=campaign.id)
            for rule in wanted["filters"]:
                client.mcp.add_smart_list_rule("filter", rule, campaign_id=campaign.id)
            if len(entry.smart_list.filters) > 1:
                client.mcp.update_smart_list_filter_logic(
                    entry.smart_list.filter_logic, campaign_id=campaign.id
                )
        if not client.mcp.get_smart_campaign_flow_steps(campaign.id).steps:
            for step in entry.flow:
                client.mcp.add_flow_step(campaign.id, step.model_dump())
        if entry.activate and not api.get(campaign.id).is_active:
            client.mcp.activate_smart_campaign(campaign.id)


def _folders(client: Marketo) -> dict[str, Any]:
    return {str(f.path): f for f in client.assets.folders.list(max_depth=4)}


def _ref(folder: Any) -> dict[str, Any]:
    return {"id": folder.folder_id.id, "type": folder.folder_id.type}


def build_by_rest(client: Marketo, *, emails: int = 2, campaigns: int = 2) -> Built:
    """A program made with plain REST calls: folders, tokens, an image, an email template, emails,
    a landing-page template and page, and campaigns with rules and flows (over MCP)."""
    assets = client.assets
    folders = _folders(client)
    program = assets.programs.create(
        name=PROGRAM,
        folder=_ref(folders["/Marketing Activities/Default"]),
        type="Default",
        channel="Operational",
        description="Spring launch, built by a script.",
    )
    assert program.id is not None
    built = Built(program.id)
    where = {"id": program.id, "type": "Program"}
    content = assets.folders.create(name="Content", parent=where, description="Emails and pages")
    nested = assets.folders.create(
        name="Campaigns", parent={"id": content.id, "type": "Folder"}, description=None
    )
    tokens = assets.tokens
    tokens.upsert(
        program.id, folder_type="Program", name="Launch Date", type="date", value="2026-04-01"
    )
    tokens.upsert(program.id, folder_type="Program", name="Max Seats", type="number", value="250")
    tokens.upsert(
        program.id,
        folder_type="Program",
        name="Signature",
        type="rich text",
        value="<p>The Launch Team</p>\n<p>Example Inc.</p>",
    )
    images = _ref(folders["/Design Studio/Default/Images and Files"])
    logo = assets.files.create(
        name="launch-logo.png", file=("logo.png", PNG, "image/png"), folder=images
    )
    banner = assets.files.create(
        name="launch-banner.png", file=("banner.png", PNG + b"\x00", "image/png"), folder=images
    )
    html = EMAIL_TEMPLATE_HTML.format(logo=logo.url)
    template = assets.email_templates.create(
        name="Launch Email",
        folder=_ref(folders["/Design Studio/Default/Emails/Templates"]),
        content=("launch.html", html.encode(), "text/html"),
        description="Launch email layout",
    )
    assert template.id is not None
    assets.email_templates.approve(template.id)
    for number in range(1, emails + 1):
        name = f"{PROGRAM} - Invite {number}"
        email = assets.emails.create(
            name=name,
            folder={"id": content.id, "type": "Folder"},
            template=template.id,
            subject=f"You are invited ({number})",
            from_name="Launch Team",
            from_email="launch@example.com",
            reply_email="launch@example.com",
            description=f"Invite number {number}",
        )
        assert email.id is not None
        assets.emails.update_section(email.id, "headline", type="Text", value=f"Invite {number}")
        assets.emails.update_section(
            email.id, "body", type="Text", value=BODY.replace("{banner}", str(banner.url))
        )
        assets.emails.approve(email.id)
        built.emails[name] = email.id
    page_template = assets.landing_page_templates.create(
        name="Launch Page",
        folder=_ref(folders["/Design Studio/Default/Landing Pages/Templates"]),
        template_type="guided",
    )
    assert page_template.id is not None
    assets.landing_page_templates.update_content(page_template.id, content=PAGE_TEMPLATE_HTML)
    assets.landing_page_templates.approve(page_template.id)
    page = assets.landing_pages.create(
        name="Register",
        folder={"id": content.id, "type": "Folder"},
        template=page_template.id,
        title="Register for the launch",
        url_page_name="register-spring-launch",
    )
    assert page.id is not None
    assets.landing_pages.update_content(
        page.id, "headline", type="HTML", value="<h1>Register now</h1>"
    )
    first_email = next(iter(built.emails))
    for number in range(1, campaigns + 1):
        name = f"{number:02d} - Send Invite"
        campaign = assets.smart_campaigns.create(
            name=name, folder={"id": nested.id, "type": "Folder"}, description="Sends the invite"
        )
        assert campaign.id is not None
        client.mcp.add_smart_list_rule(
            "trigger",
            {
                "name": "Fills Out Form",
                "conditions": [
                    {"activityAttributeName": "Form Name", "operator": "is", "values": ["Register"]}
                ],
            },
            campaign_id=campaign.id,
        )
        client.mcp.add_smart_list_rule(
            "filter",
            {
                "name": "Email Address",
                "conditions": [
                    {"activityAttributeName": "Email Address", "operator": "is not empty"}
                ],
            },
            campaign_id=campaign.id,
        )
        client.mcp.add_flow_step(
            campaign.id,
            {
                "action": "Change Program Status",
                "params": {"Program": PROGRAM, "New Status": "Operational - Member"},
            },
        )
        client.mcp.add_flow_step(
            campaign.id, {"action": "Send Email", "params": {"Email": first_email}}
        )
        built.campaigns[name] = campaign.id
    return built


def complete_in_the_ui(sandbox: Sandbox, client: Marketo, template: ProgramTemplate) -> None:
    """What a person does in Marketo's UI from the checklist, including what no API can
    (qualification rules, and any rule or step the MCP server's catalog lacks): written into
    the sandbox's store, as ``sandbox seed`` does."""
    store = sandbox.store
    for entry in template.smart_campaigns:
        found = client.assets.smart_campaigns.get_by_name(name=entry.name)
        assert found is not None
        assert found.id is not None
        row = store.get("smart_campaign", found.id)
        assert row is not None
        wanted = smart_list_to_api(entry, detailed_triggers=True)
        match = wanted["filterMatchType"].lower()
        rules = smart_list_rules(wanted["triggers"], wanted["filters"], match)
        if match == "advanced":
            rules["filterLogic"] = entry.smart_list.filter_logic
        campaigns.write_rules(store, campaigns.smart_list_of(store, row), rules)
        row = store.get("smart_campaign", found.id)
        assert row is not None
        campaigns.write_flow(store, row, [step.model_dump() for step in entry.flow])
        if entry.qualification:
            row.data.update(qualification_rule(entry.qualification))
        row.data["isActive"] = entry.activate
        store.save(row)
