"""Contract-tour legs for forms, email modules, dynamic content and the Asset API v2.

``test_contract_tour`` calls these with its raw-httpx ``Api``: each leg makes every operation of
its area answer one success, which the sandbox validates against the spec (the corrected asset
spec, or the v2 spec written from Adobe's pages).
"""

from __future__ import annotations

import base64
import json

from marketo_ops.sandbox import SeedCampaign, SeedProgram

from .conftest import MA_DEFAULT, Api, folder_ref

A = "/rest/asset/v1"
FORMS = "Design Studio/Default/Forms"

MODULAR_HTML = """<!DOCTYPE html>
<html><body>
<div class="mktoContainer" id="template-wrapper">
<div class="mktoModule" id="free-text" mktoName="Free text"><div class="mktoText" id="text" mktoName="Text">Lorem ipsum</div></div>
<div class="mktoModule" id="free-image" mktoName="Free image"><div class="mktoImg" id="single" mktoName="Image"><img src="hero.png"></div></div>
<div class="mktoModule" id="footer" mktoName="Footer"><div class="mktoText" id="footerText" mktoName="Footer text">Acme, Inc</div></div>
</div>
</body></html>
"""  # noqa: E501
"""An Email Editor 2.0 template with three modules in one container."""


def forms_leg(api: Api, program_id: int, page_id: int) -> None:
    """Every Forms operation once, on a local form and a Design Studio form."""
    assert api.get(f"{A}/form/fields.json", maxReturn=200)
    api.post(
        "/rest/v1/programs/members/schema/fields.json",
        json={"input": [{"name": "tourMemberField", "displayName": "Tour", "dataType": "string"}]},
    )
    assert api.get(f"{A}/form/programMemberFields.json")[0]["id"] == "tourMemberField"
    form = api.post(
        f"{A}/forms.json",
        data={"name": "Tour Form", "folder": folder_ref(program_id, "Program"), "theme": "glow"},
    )[0]
    fid = form["id"]
    assert api.get(f"{A}/form/{fid}.json")[0]["theme"] == "glow"
    assert api.get(f"{A}/form/byName.json", name="Tour Form")
    assert api.get(f"{A}/forms.json", folder=folder_ref(program_id, "Program"))
    api.post(f"{A}/form/{fid}.json", data={"description": "tour", "progressiveProfiling": "true"})
    added = api.post(
        f"{A}/form/{fid}/fields.json",
        data={"fieldId": "tourMemberField", "label": "Member", "minValue": "1"},
    )[0]
    assert added["fieldMetaData"] == {"minValue": 1.0, "maxValue": None}
    api.post(f"{A}/form/{fid}/field/tourMemberField.json", data={"hintText": "hint"})
    field_set = api.post(f"{A}/form/{fid}/fieldSet.json", data={"label": "Group"})[0]
    rich = api.post(
        f"{A}/form/{fid}/richText.json",
        files={"text": ("rich.html", b"<p>Rich</p>", "text/html")},
    )[0]
    ids = [field["id"] for field in api.get(f"{A}/form/{fid}/fields.json")]
    assert ids[-1] == "Profiling"
    api.post(
        f"{A}/form/{fid}/reArrange.json",
        data={
            "positions": json.dumps(
                [
                    {"columnNumber": 0, "rowNumber": 0, "fieldName": "Email"},
                    {"columnNumber": 0, "rowNumber": 1, "fieldName": rich["id"]},
                    {
                        "columnNumber": 0,
                        "rowNumber": 2,
                        "fieldName": field_set["id"],
                        "fieldList": [
                            {"columnNumber": 0, "rowNumber": 0, "fieldName": "FirstName"},
                            {"columnNumber": 1, "rowNumber": 0, "fieldName": "LastName"},
                        ],
                    },
                    {"columnNumber": 0, "rowNumber": 3, "fieldName": "tourMemberField"},
                    {"columnNumber": 0, "rowNumber": 4, "fieldName": "Profiling"},
                ]
            )
        },
    )
    api.post(f"{A}/form/{fid}/fieldSet/{field_set['id']}/field/LastName/delete.json")
    api.post(f"{A}/form/{fid}/field/tourMemberField/delete.json")
    rule = api.post(
        f"{A}/form/{fid}/field/Email/visibility.json",
        data={
            "visibilityRule": json.dumps(
                {
                    "ruleType": "show",
                    "rules": [{"subjectField": "FirstName", "operator": "isNotEmpty"}],
                }
            )
        },
    )[0]
    assert rule["formFieldId"] == "Email"
    api.post(f"{A}/form/{fid}/submitButton.json", data={"label": "Go", "buttonPosition": "80"})
    api.post(
        f"{A}/form/{fid}/thankYouPage.json",
        data={
            "thankyou": json.dumps(
                [{"followupType": "lp", "followupValue": str(page_id), "default": True}]
            )
        },
    )
    assert api.get(f"{A}/form/{fid}/thankYouPage.json")[0]["thankYouList"][0]["default"] is True
    assert api.post(f"{A}/form/{fid}/approveDraft.json")[0]["status"] == "approved"
    api.post(f"{A}/form/{fid}.json", data={"fontSize": "14px"})
    api.post(f"{A}/form/{fid}/discardDraft.json")
    api.post(
        f"{A}/landingPage/{page_id}/content.json",
        data={"contentId": "tourForm", "type": "Form", "value": str(fid)},
    )
    assert api.get(f"{A}/form/{fid}/usedBy.json")[0]["type"] == "Landing Page"
    studio = api.post(
        f"{A}/forms.json",
        data={"name": "Tour Studio Form", "folder": folder_ref(api.folder(FORMS))},
    )[0]
    copy = api.post(
        f"{A}/form/{studio['id']}/clone.json",
        data={"name": "Tour Form Copy", "folder": folder_ref(api.folder(FORMS))},
    )[0]
    api.post(f"{A}/form/{copy['id']}/delete.json")


def dynamic_content_leg(api: Api, email_id: int, page_id: int, segmentation_id: int) -> None:
    """Email and landing-page dynamic content, read and written once each."""
    api.post(
        f"{A}/email/{email_id}/content/main_text.json",
        data={"type": "DynamicContent", "value": str(segmentation_id)},
    )
    content_id = base64.urlsafe_b64encode(b"ES-main_text").decode()
    api.post(
        f"{A}/email/{email_id}/dynamicContent/{content_id}.json",
        data={"segment": "Default", "type": "HTML", "value": "<p>Everyone</p>"},
    )
    variations = api.get(f"{A}/email/{email_id}/dynamicContent/{content_id}.json")[0]["content"]
    assert {item["segmentName"]: item["content"] for item in variations}["Default"] == (
        "<p>Everyone</p>"
    )
    api.post(
        f"{A}/landingPage/{page_id}/content.json",
        data={"contentId": "tourDynamic", "type": "HTML", "value": "<p>base</p>"},
    )
    api.post(
        f"{A}/landingPage/{page_id}/content/tourDynamic.json",
        data={"type": "DynamicContent", "value": str(segmentation_id)},
    )
    page_content_id = base64.urlsafe_b64encode(b"ES-tourDynamic").decode()
    api.post(
        f"{A}/landingPage/{page_id}/dynamicContent/{page_content_id}.json",
        data={"segment": "Default", "type": "HTML", "value": "<p>Hi</p>"},
    )
    found = api.get(f"{A}/landingPage/{page_id}/dynamicContent/{page_content_id}.json")[0]
    assert {item["segmentName"]: item["content"] for item in found["segments"]}["Default"] == (
        "<p>Hi</p>"
    )


def email_modules_leg(api: Api, program_id: int) -> None:
    """Every module operation once, on an email made from a modular template."""
    template_id = api.template("Tour Modular Template", MODULAR_HTML)
    email = api.email("Tour Modular Email", program_id, template_id)
    eid = email["id"]
    api.post(f"{A}/email/{eid}/content/free-text/duplicate.json", params={"name": "Copy"})
    api.post(f"{A}/email/{eid}/content/footer/add.json", params={"name": "Top", "index": 0})
    api.post(f"{A}/email/{eid}/content/free-image/delete.json")
    api.post(f"{A}/email/{eid}/content/footer/rename.json", params={"name": "Legal"})
    modules = [
        item["htmlId"]
        for item in sorted(
            (item for item in api.get(f"{A}/email/{eid}/content.json") if "index" in item),
            key=lambda item: item["index"],
        )
        if item["contentType"] == "Module"
    ]
    assert modules == ["footer-1", "free-text", "free-text-1", "footer"]
    api.post(
        f"{A}/email/{eid}/content/rearrange.json",
        data={
            "positions": json.dumps(
                [{"index": index, "moduleId": name} for index, name in enumerate(reversed(modules))]
            )
        },
    )


def asset_v2_leg(api: Api, program_id: int) -> None:
    """Every Asset API v2 operation once per kind (emails, email templates, fragments)."""
    v2 = "/rest/asset/v2"
    app = {"x-app-type": "tour"}

    def call(method: str, path: str, **kwargs: object) -> list[dict[str, object]]:
        return api.ok(method, f"{v2}/{path}", headers=app, **kwargs)  # type: ignore[arg-type]

    template = call(
        "POST",
        "emailtemplate",
        json={"name": "Tour V2 Template", "appData": {"workspaceId": "1"}, "themeId": "42"},
    )[0]
    call(
        "POST",
        "emailtemplate/state/transition",
        json={"contentId": template["id"], "action": "approve"},
    )
    fragment = call(
        "POST",
        "fragment",
        json={
            "name": "Tour Fragment",
            "appData": {"workspaceId": "1"},
            "settings": {"fragmentType": "email", "supportedChannels": ["email"]},
        },
    )[0]
    email = call(
        "POST",
        "email",
        json={
            "name": "Tour V2 Email",
            "appData": {"programId": str(program_id)},
            "headers": {"subject": "Hi"},
            "templateId": template["id"],
            "data": {"blocks": [{"fragmentId": fragment["id"]}]},
        },
    )[0]
    created = {"emailtemplate": template, "fragment": fragment, "email": email}
    for kind, asset in created.items():
        asset_id = asset["id"]
        assert call("GET", f"{kind}/{asset_id}")[0]["id"] == asset_id
        assert call("GET", f"{kind}/filter", params={"workspaceId": 1, "name": "Tour"})
        call("POST", f"{kind}/{asset_id}/update", json={"description": "tour"})
        copy = call(
            "POST",
            f"{kind}/clone",
            json={"assetId": asset_id, "newAsset": {"name": f"{kind} copy"}},
        )[0]
        call(
            "POST", f"{kind}/state/transition", json={"contentId": copy["id"], "action": "approve"}
        )
        call("POST", f"{kind}/{copy['id']}/delete")
    assert call("POST", "fragment/usedby", json={"assetId": fragment["id"]})[0]["type"] == "email"
    assert (
        call("POST", "emailtemplate/usedby", json={"assetId": template["id"]})[0]["id"]
        == (email["id"])
    )
    api.sandbox.admin.seed_program(
        SeedProgram(
            name="Tour V2 Sender",
            folder=MA_DEFAULT,
            campaigns=[
                SeedCampaign(name="Send", flow=[{"type": "Send Email", "email": email["id"]}])
            ],
        )
    )
    assert call("POST", "email/usedby", json={"assetId": email["id"], "pageSize": 5})
