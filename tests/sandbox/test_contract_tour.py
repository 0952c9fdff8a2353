"""Contract: every implemented operation answers successfully with a spec-conforming response.

The sandbox fixture validates each JSON response against the official definitions (with the
documented corrections in ``marketo_ops.sandbox.contract``); this tour calls every registered
operation through raw httpx and then checks that each one was validated at least once.
"""

from __future__ import annotations

import json

from marketo_ops.sandbox import SeedCampaign, SeedProgram
from marketo_ops.sandbox.routing import REGISTRY

from .conftest import (
    EMAILS,
    IMAGES,
    LANDING_PAGES,
    LP_TEMPLATE_HTML,
    LP_TEMPLATES,
    MA_DEFAULT,
    SNIPPETS,
    Api,
    folder_ref,
)
from .tour_assets import asset_v2_leg, dynamic_content_leg, email_modules_leg, forms_leg

A = "/rest/asset/v1"


def test_every_implemented_operation_returns_a_conforming_success(api: Api) -> None:
    sb = api.sandbox
    http = api.http
    # identity, both methods
    for method in ("GET", "POST"):
        response = http.request(
            method,
            "/identity/oauth/token",
            params={
                "grant_type": "client_credentials",
                "client_id": sb.client_id,
                "client_secret": sb.client_secret,
            },
        )
        assert response.status_code == 200
        assert response.json()["token_type"] == "bearer"

    # catalogs
    assert api.get(f"{A}/channels.json", maxReturn=200)
    assert (
        api.get(f"{A}/channel/byName.json", name="Operational")[0]["progressionStatuses"][0]["name"]
        == "Not in Program"
    )
    assert api.get(f"{A}/tagTypes.json")
    assert (
        api.get(f"{A}/tagType/byName.json", name="Region")[0]["allowableValues"]
        == "[AMER, EMEA, APAC, LATAM]"
    )
    segmentation = api.get(f"{A}/segmentation.json")[0]
    assert api.get(f"{A}/segmentation/{segmentation['id']}/segments.json")
    assert any(
        field["rest"]["name"] == "email" for field in api.get("/rest/v1/leads/describe.json")
    )

    # folders
    ma_default = api.folder(MA_DEFAULT)
    folder = api.post(f"{A}/folders.json", data={"name": "Tour", "parent": folder_ref(ma_default)})[
        0
    ]
    assert folder["path"] == "/Marketing Activities/Default/Tour"
    assert api.get(f"{A}/folder/{folder['id']}.json", type="Folder")[0]["name"] == "Tour"
    assert api.get(f"{A}/folder/byName.json", name="Tour")
    assert api.get(f"{A}/folders.json", root=folder_ref(ma_default), maxDepth=1)
    api.post(f"{A}/folder/{folder['id']}.json", data={"type": "Folder", "description": "updated"})
    spare = api.post(
        f"{A}/folders.json", data={"name": "Spare", "parent": folder_ref(folder["id"])}
    )[0]
    assert api.get(f"{A}/folder/{folder['id']}/content.json", type="Folder") == [
        {"id": spare["id"], "type": "Folder"}
    ]
    api.post(f"{A}/folder/{spare['id']}/delete.json", data={"type": "Folder"})

    # programs and tokens
    program = api.program(
        "Tour Program",
        folder="Marketing Activities/Default/Tour",
        tags='[{"tagType":"Region","tagValue":"EMEA"}]',
    )
    pid = program["id"]
    assert api.get(f"{A}/program/{pid}.json")[0]["tags"] == [
        {"tagType": "Region", "tagValue": "EMEA"}
    ]
    assert api.get(f"{A}/program/byName.json", name="Tour Program", includeTags="true")
    assert api.get(f"{A}/program/byTag.json", tagType="Region", tagValue="EMEA")
    assert api.get(f"{A}/programs.json")
    api.post(
        f"{A}/program/{pid}.json",
        data={"description": "d", "costs": '[{"startDate":"2026-01-01","cost":100}]'},
    )
    api.post(
        f"{A}/folder/{pid}/tokens.json",
        data={"folderType": "Program", "name": "Event Date", "type": "date", "value": "2026-05-01"},
    )
    assert (
        api.get(f"{A}/folder/{pid}/tokens.json", folderType="Program")[0]["tokens"][0]["name"]
        == "Event Date"
    )
    api.post(
        f"{A}/folder/{pid}/tokens/delete.json",
        data={"folderType": "Program", "name": "Event Date", "type": "date"},
    )

    # email templates and emails
    template_id = api.template("Tour Template")
    assert api.get(f"{A}/emailTemplate/{template_id}.json")[0]["status"] == "approved"
    assert api.get(f"{A}/emailTemplate/byName.json", name="Tour Template")
    assert api.get(f"{A}/emailTemplates.json")
    assert "mktEditable" in api.get(f"{A}/emailTemplate/{template_id}/content")[0]["content"]
    api.post(f"{A}/emailTemplate/{template_id}.json", data={"description": "meta"})
    api.post(
        f"{A}/emailTemplate/{template_id}/content.json",
        files={
            "content": (
                "t.html",
                b'<html><div class="mktEditable" id="main_text">v2</div></html>',
                "text/html",
            )
        },
    )
    api.post(f"{A}/emailTemplate/{template_id}/discardDraft.json")
    template_clone = api.post(
        f"{A}/emailTemplate/{template_id}/clone.json",
        data={
            "name": "Tour Template Copy",
            "folder": folder_ref(api.folder(EMAILS + "/Templates")),
        },
    )[0]
    api.post(f"{A}/emailTemplate/{template_clone['id']}/approveDraft.json")
    api.post(f"{A}/emailTemplate/{template_clone['id']}/unapprove.json")
    api.post(f"{A}/emailTemplate/{template_clone['id']}/delete.json")

    email = api.email("Tour Email", pid, template_id)
    eid = email["id"]
    assert api.get(f"{A}/emailTemplates/{template_id}/usedBy.json")[0]["id"] == eid
    assert api.get(f"{A}/email/{eid}.json")[0]["status"] == "draft"
    assert api.get(f"{A}/email/byName.json", name="Tour Email", folder=folder_ref(pid, "Program"))
    assert api.get(f"{A}/emails.json", folder=folder_ref(pid, "Program"))
    assert {section["htmlId"] for section in api.get(f"{A}/email/{eid}/content.json")} == {
        "main_text",
        "footer",
    }
    api.post(
        f"{A}/email/{eid}/content.json",
        data={"subject": json.dumps({"type": "Text", "value": "New subject"})},
    )
    api.post(
        f"{A}/email/{eid}/content/main_text.json",
        data={"type": "Text", "value": "<p>Hi</p>", "textValue": "Hi"},
    )
    api.post(f"{A}/email/{eid}.json", data={"description": "meta", "operational": "false"})
    assert api.get(f"{A}/email/{eid}/variables.json")[0]["name"] == "heroTitle"
    assert "<p>Hi</p>" in api.get(f"{A}/email/{eid}/fullContent.json")[0]["content"]
    api.post(f"{A}/email/{eid}/approveDraft.json")
    api.post(
        f"{A}/email/{eid}/content/main_text.json", data={"type": "Text", "value": "<p>Draft</p>"}
    )
    api.post(f"{A}/email/{eid}/discardDraft.json")
    api.post(f"{A}/email/{eid}/unapprove.json")
    email_clone = api.post(
        f"{A}/email/{eid}/clone.json",
        data={"name": "Tour Email Copy", "folder": folder_ref(pid, "Program")},
    )[0]
    api.post(f"{A}/email/{email_clone['id']}/delete.json")

    # smart campaigns and smart lists (rules come from the admin seed path)
    seeded = sb.admin.seed_program(
        SeedProgram(
            name="Tour Seed",
            folder=MA_DEFAULT,
            campaigns=[
                SeedCampaign(
                    name="Requested",
                    triggers=[
                        {
                            "name": "Campaign is Requested",
                            "conditions": [
                                {"activityAttributeName": "Source", "values": ["Web Service API"]}
                            ],
                        }
                    ],
                    flow=[
                        {"type": "Change Data Value", "attribute": "Lead Status", "value": "MQL"}
                    ],
                )
            ],
        )
    )
    seeded_campaign = seeded.campaigns["Requested"]
    campaign = api.post(
        f"{A}/smartCampaigns.json",
        data={"name": "Tour Shell", "folder": folder_ref(pid, "Program")},
    )[0]
    cid = campaign["id"]
    assert api.get(f"{A}/smartCampaign/{cid}.json")[0]["status"] == "Never Run"
    assert api.get(f"{A}/smartCampaign/byName.json", name="Tour Shell")
    assert api.get(f"{A}/smartCampaigns.json", folder=folder_ref(pid, "Program"))
    api.post(f"{A}/smartCampaign/{cid}.json", data={"description": "shell"})
    clone = api.post(
        f"{A}/smartCampaign/{seeded_campaign}/clone.json",
        data={"name": "Tour Clone", "folder": folder_ref(pid, "Program")},
    )[0]
    rules = api.get(f"{A}/smartCampaign/{clone['id']}/smartList.json", includeRules="true")[0][
        "rules"
    ]
    assert rules["triggers"][0]["name"] == "Campaign is Requested"
    api.post(f"{A}/smartCampaign/{clone['id']}/activate.json")
    api.post(f"{A}/smartCampaign/{clone['id']}/deactivate.json")
    api.post(f"{A}/smartCampaign/{cid}/delete.json")

    smart_list = api.post(
        f"{A}/smartList/{clone['smartListId']}/clone.json",
        data={"name": "Tour List", "folder": folder_ref(pid, "Program")},
    )[0]
    assert api.get(f"{A}/smartList/{smart_list['id']}.json", includeRules="true")[0]["rules"][
        "triggers"
    ]
    assert api.get(f"{A}/smartList/byName.json", name="Tour List")
    assert api.get(f"{A}/smartLists.json", folder=folder_ref(pid, "Program"))
    api.post(f"{A}/smartList/{smart_list['id']}/delete.json")

    # email program: approval and its smart list
    email_program = api.program(
        "Tour Email Program",
        type_="Email",
        channel="Email Send",
        startDate="2026-06-01T10:00:00Z",
        endDate="2026-06-02T10:00:00Z",
    )
    api.email("Tour Blast", email_program["id"], template_id)
    blast = api.get(f"{A}/email/byName.json", name="Tour Blast")[0]
    api.post(f"{A}/email/{blast['id']}/approveDraft.json")
    assert api.get(f"{A}/program/{email_program['id']}/smartList.json", includeRules="true")
    api.post(f"{A}/program/{email_program['id']}/approve.json")
    api.post(f"{A}/program/{email_program['id']}/unapprove.json")

    # files
    images = api.folder(IMAGES)
    created = api.post(
        f"{A}/files.json",
        data={"name": "logo.png", "folder": folder_ref(images)},
        files={"file": ("logo.png", b"\x89PNG fake", "image/png")},
    )[0]
    assert api.get(f"{A}/file/{created['id']}.json")[0]["mimeType"] == "image/png"
    assert api.get(f"{A}/file/byName.json", name="logo.png")
    assert api.get(f"{A}/files.json", folder=folder_ref(images))
    api.post(
        f"{A}/file/{created['id']}/content.json",
        files={"file": ("logo.png", b"\x89PNG v2", "image/png")},
    )

    # landing-page templates and landing pages
    lp_template = api.post(
        f"{A}/landingPageTemplates.json",
        data={"name": "Tour LP Template", "folder": folder_ref(api.folder(LP_TEMPLATES))},
    )[0]
    ltid = lp_template["id"]
    api.post(
        f"{A}/landingPageTemplate/{ltid}/content.json",
        files={"content": ("lp.html", LP_TEMPLATE_HTML.encode(), "text/html")},
    )
    assert api.get(f"{A}/landingPageTemplate/{ltid}/content.json")[0]["content"] == LP_TEMPLATE_HTML
    api.post(f"{A}/landingPageTemplate/{ltid}.json", data={"description": "lp"})
    api.post(f"{A}/landingPageTemplate/{ltid}/approveDraft.json")
    assert api.get(f"{A}/landingPageTemplate/{ltid}.json")[0]["status"] == "approved"
    assert api.get(f"{A}/landingPageTemplate/byName.json", name="Tour LP Template")
    assert api.get(f"{A}/landingPageTemplates.json")
    lp_clone = api.post(
        f"{A}/landingPageTemplate/{ltid}/clone.json",
        data={"name": "Tour LP Template Copy", "folder": folder_ref(api.folder(LP_TEMPLATES))},
    )[0]
    api.post(f"{A}/landingPageTemplate/{lp_clone['id']}/approveDraft.json")
    api.post(f"{A}/landingPageTemplate/{lp_clone['id']}/unapprove.json")
    api.post(f"{A}/landingPageTemplate/{lp_clone['id']}/delete.json")
    api.post(
        f"{A}/landingPageTemplate/{ltid}/content.json",
        files={"content": ("lp.html", b"<html>draft</html>", "text/html")},
    )
    api.post(f"{A}/landingPageTemplate/{ltid}/discardDraft.json")

    page = api.post(
        f"{A}/landingPages.json",
        data={
            "name": "Tour Page",
            "folder": folder_ref(pid, "Program"),
            "template": ltid,
            "title": "Welcome",
        },
    )[0]
    lpid = page["id"]
    assert api.get(f"{A}/landingPage/{lpid}.json")[0]["title"] == "Welcome"
    assert api.get(f"{A}/landingPage/byName.json", name="Tour Page")
    assert api.get(f"{A}/landingPages.json", folder=folder_ref(pid, "Program"))
    assert api.get(f"{A}/landingPage/{lpid}/content.json")[0]["id"] == "lp_main"
    api.post(f"{A}/landingPage/{lpid}.json", data={"title": "Welcome 2"})
    api.post(f"{A}/landingPage/{lpid}/approveDraft.json")
    api.post(f"{A}/landingPage/{lpid}.json", data={"title": "Draft title"})
    api.post(f"{A}/landingPage/{lpid}/discardDraft.json")
    api.post(f"{A}/landingPage/{lpid}/unapprove.json")
    page_clone = api.post(
        f"{A}/landingPage/{lpid}/clone.json",
        data={"name": "Tour Page Copy", "folder": folder_ref(api.folder(LANDING_PAGES))},
    )[0]
    api.post(f"{A}/landingPage/{page_clone['id']}/delete.json")

    # forms, email modules, dynamic content, Asset API v2 (legs in tour_assets.py)
    forms_leg(api, pid, lpid)
    dynamic_content_leg(api, eid, lpid, segmentation["id"])
    email_modules_leg(api, pid)
    asset_v2_leg(api, pid)

    # snippets
    snippet = api.post(
        f"{A}/snippets.json",
        data={"name": "Tour Snippet", "folder": folder_ref(api.folder(SNIPPETS))},
    )[0]
    snid = snippet["id"]
    api.post(f"{A}/snippet/{snid}/content.json", params={"type": "HTML", "content": "<b>Hi</b>"})
    assert api.get(f"{A}/snippet/{snid}/content.json")[0]["content"] == "<b>Hi</b>"
    api.post(f"{A}/snippet/{snid}.json", data={"description": "s"})
    api.post(f"{A}/snippet/{snid}/approveDraft.json")
    assert api.get(f"{A}/snippet/{snid}.json")[0]["status"] == "approved"
    assert api.get(f"{A}/snippets.json")
    api.post(f"{A}/snippet/{snid}/content.json", data={"type": "Text", "content": "draft"})
    api.post(f"{A}/snippet/{snid}/discardDraft.json")
    api.post(f"{A}/snippet/{snid}/unapprove.json")
    snippet_clone = api.post(
        f"{A}/snippet/{snid}/clone.json",
        data={"name": "Tour Snippet Copy", "folder": folder_ref(api.folder(SNIPPETS))},
    )[0]
    api.post(f"{A}/snippet/{snippet_clone['id']}/delete.json")

    # static lists
    static = api.post(
        f"{A}/staticLists.json",
        data={"name": "Tour List Static", "folder": folder_ref(pid, "Program")},
    )[0]
    assert api.get(f"{A}/staticList/{static['id']}.json")[0]["folder"] == {
        "id": pid,
        "type": "Program",
    }
    assert api.get(f"{A}/staticList/byName.json", name="Tour List Static")
    assert api.get(f"{A}/staticLists.json", folder=folder_ref(pid, "Program"))
    api.post(f"{A}/staticList/{static['id']}.json", data={"description": "members later"})
    api.post(f"{A}/staticList/{static['id']}/delete.json")

    # email extras
    assert api.get(f"{A}/email/ccFields.json")
    api.post(f"{A}/email/{eid}/variable/heroTitle.json", data={"value": "Hello there"})
    api.post(f"{A}/email/{eid}/sendSample.json", data={"emailAddress": "qa@example.com"})
    api.post(
        f"{A}/email/{eid}/fullContent.json",
        files={
            "content": (
                "e.html",
                b'<html><div class="mktEditable" id="only">Whole</div></html>',
                "text/html",
            )
        },
    )
    assert [s["htmlId"] for s in api.get(f"{A}/email/{eid}/content.json", status="draft")] == [
        "only"
    ]

    # landing page content, variables, full HTML, domains, redirect rules
    api.post(
        f"{A}/landingPage/{lpid}/content.json",
        data={"contentId": "extra", "type": "HTML", "value": "<p>x</p>"},
    )
    api.post(
        f"{A}/landingPage/{lpid}/content/extra.json", data={"type": "HTML", "value": "<p>y</p>"}
    )
    api.post(f"{A}/landingPage/{lpid}/content/extra/delete.json")
    assert api.get(f"{A}/landingPage/{lpid}/variables.json")[0]["id"] == "headline"
    api.post(f"{A}/landingPage/{lpid}/variable/headline.json", params={"value": "Welcome!"})
    assert "Landing" in api.get(f"{A}/landingPage/{lpid}/fullContent.json")[0]["content"]
    domain = api.get(f"{A}/landingPageDomains.json")[0]["hostname"]
    rule = api.post(
        f"{A}/redirectRules.json",
        data={
            "hostname": domain,
            "redirectFrom": json.dumps({"type": "path", "value": "old-page"}),
            "redirectTo": json.dumps({"type": "landingPageId", "value": str(lpid)}),
        },
    )[0]
    assert (
        api.get(f"{A}/redirectRule/{rule['id']}.json")[0]["redirectFromUrl"] == f"{domain}/old-page"
    )
    assert api.get(f"{A}/redirectRules.json", redirectTolandingPageId=str(lpid))
    api.post(
        f"{A}/redirectRule/{rule['id']}.json",
        data={"redirectTo": json.dumps({"type": "url", "value": "https://example.com"})},
    )
    api.post(f"{A}/redirectRule/{rule['id']}/delete.json")

    # snippet dynamic content
    dynamic = api.post(
        f"{A}/snippets.json",
        data={"name": "Tour Dynamic", "folder": folder_ref(api.folder(SNIPPETS))},
    )[0]
    api.post(
        f"{A}/snippet/{dynamic['id']}/content.json",
        data={"type": "DynamicContent", "content": str(segmentation["id"])},
    )
    segment = api.get(f"{A}/segmentation/{segmentation['id']}/segments.json")[0]
    api.post(
        f"{A}/snippet/{dynamic['id']}/dynamicContent/{segment['id']}.json",
        data={"type": "HTML", "value": "<p>Hi EMEA</p>"},
    )
    content = api.get(f"{A}/snippet/{dynamic['id']}/dynamicContent.json")[0]["content"]
    assert {item["segmentId"]: item["content"] for item in content}[
        segment["id"]
    ] == "<p>Hi EMEA</p>"

    # program clone and delete last: they touch everything above
    cloned = api.post(
        f"{A}/program/{pid}/clone.json",
        data={"name": "Tour Program Clone", "folder": folder_ref(api.folder(MA_DEFAULT))},
    )[0]
    api.post(f"{A}/program/{cloned['id']}/delete.json")

    validated = sb.app.validator.validated
    implemented = {op.operation_id for op in REGISTRY.operations}
    missing = sorted(implemented - set(validated))
    assert not missing, f"operations never validated with a success: {missing}"
