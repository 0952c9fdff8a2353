"""Email templates and emails: names, approval rules, draft and approved versions."""

from __future__ import annotations

import json

import pytest

from .conftest import (
    EMAIL_TEMPLATES,
    EMAILS,
    MA_DEFAULT,
    NO_SECTION_HTML,
    TEMPLATE_HTML,
    Api,
    folder_ref,
)

A = "/rest/asset/v1"


@pytest.mark.marketo_verified
def test_template_names_are_unique_within_their_folder(api: Api) -> None:
    api.template("Newsletter")
    code, message = api.error(
        "POST",
        f"{A}/emailTemplates.json",
        data={"name": "Newsletter", "folder": folder_ref(api.folder(EMAIL_TEMPLATES))},
        files={"content": ("t.html", TEMPLATE_HTML.encode(), "text/html")},
    )
    assert code == "709"
    assert "folder 'Templates'" in message
    sub = api.post(
        f"{A}/folders.json",
        data={"name": "Archive", "parent": folder_ref(api.folder(EMAIL_TEMPLATES))},
    )[0]
    api.template("Newsletter", folder=EMAIL_TEMPLATES + "/Archive")
    assert len(api.get(f"{A}/emailTemplate/byName.json", name="Newsletter")) == 2
    assert sub["folderType"] == "Email Template"


def test_templates_only_in_email_template_folders(api: Api) -> None:
    code, _ = api.error(
        "POST",
        f"{A}/emailTemplates.json",
        data={"name": "Misplaced", "folder": folder_ref(api.folder(MA_DEFAULT))},
        files={"content": ("t.html", TEMPLATE_HTML.encode(), "text/html")},
    )
    assert code == "711"
    assert (
        api.error(
            "POST",
            f"{A}/emailTemplates.json",
            data={"name": "No content", "folder": folder_ref(api.folder(EMAIL_TEMPLATES))},
        )[0]
        == "701"
    )


@pytest.mark.marketo_verified
def test_template_needs_an_editable_section_to_be_approved(api: Api) -> None:
    template_id = api.template("Plain", NO_SECTION_HTML, approve=False)
    code, message = api.error("POST", f"{A}/emailTemplate/{template_id}/approveDraft.json")
    assert code == "709"
    assert "editable section" in message
    api.post(
        f"{A}/emailTemplate/{template_id}/content.json",
        files={
            "content": (
                "t.html",
                b'<html><div class="mktoText" id="body" mktoName="Body">x</div></html>',
                "text/html",
            )
        },
    )
    approved = api.post(f"{A}/emailTemplate/{template_id}/approveDraft.json")[0]
    assert approved["status"] == "approved"
    assert approved["version"] == 2
    assert (
        api.error("POST", f"{A}/emailTemplate/{template_id}/approveDraft.json")[0] == "709"
    )  # nothing to approve


@pytest.mark.marketo_verified
def test_email_needs_an_existing_approved_template(api: Api) -> None:
    program = api.program("Email Rules")
    draft_template = api.template("Draft only", approve=False)
    code, message = api.error(
        "POST",
        f"{A}/emails.json",
        data={
            "name": "E",
            "folder": folder_ref(program["id"], "Program"),
            "template": draft_template,
        },
    )
    assert code == "709"
    assert "not approved" in message
    assert (
        api.error(
            "POST",
            f"{A}/emails.json",
            data={"name": "E", "folder": folder_ref(program["id"], "Program"), "template": 999999},
        )[0]
        == "709"
    )


def test_local_email_names_are_unique_within_the_program(api: Api) -> None:
    template = api.template("Local")
    first = api.program("Program One")
    second = api.program("Program Two")
    api.email("Welcome", first["id"], template)
    assert (
        api.error(
            "POST",
            f"{A}/emails.json",
            data={
                "name": "welcome",
                "folder": folder_ref(first["id"], "Program"),
                "template": template,
            },
        )[0]
        == "709"
    )
    folder = api.post(
        f"{A}/folders.json", data={"name": "Sub", "parent": folder_ref(first["id"], "Program")}
    )[0]
    code, message = api.error(
        "POST",
        f"{A}/emails.json",
        data={"name": "Welcome", "folder": folder_ref(folder["id"]), "template": template},
    )
    assert code == "709"
    assert "program 'Program One'" in message
    assert api.email("Welcome", second["id"], template)["name"] == "Welcome"
    # emails do not live in plain Marketing Activities folders
    plain = api.post(
        f"{A}/folders.json", data={"name": "Plain", "parent": folder_ref(api.folder(MA_DEFAULT))}
    )[0]
    assert (
        api.error(
            "POST",
            f"{A}/emails.json",
            data={"name": "X", "folder": folder_ref(plain["id"]), "template": template},
        )[0]
        == "711"
    )
    # ... but they do in Design Studio's Emails folder
    design = api.post(
        f"{A}/emails.json",
        data={"name": "DS Email", "folder": folder_ref(api.folder(EMAILS)), "template": template},
    )[0]
    assert design["folder"]["folderName"] == "Emails"


def test_draft_and_approved_versions(api: Api) -> None:
    template = api.template("Versions")
    program = api.program("Versioned")
    email = api.email("Versioned Email", program["id"], template)
    eid = email["id"]
    assert email["status"] == "draft"
    assert email["version"] == 2
    assert (
        api.call("GET", f"{A}/email/{eid}.json", params={"status": "approved"}).get("result")
        is None
    )
    api.post(f"{A}/email/{eid}/approveDraft.json")
    api.post(
        f"{A}/email/{eid}/content.json",
        data={"subject": json.dumps({"type": "Text", "value": "Changed"})},
    )
    assert api.get(f"{A}/email/{eid}.json")[0]["subject"]["value"] == "Hello"  # approved by default
    assert api.get(f"{A}/email/{eid}.json", status="draft")[0]["subject"]["value"] == "Changed"
    assert api.get(f"{A}/email/{eid}.json", status="approved")[0]["status"] == "approved"
    assert len(api.get(f"{A}/emails.json", status="draft")) == 1
    api.post(f"{A}/email/{eid}/discardDraft.json")
    assert (
        api.call("GET", f"{A}/email/{eid}.json", params={"status": "draft"}).get("result") is None
    )
    assert api.error("POST", f"{A}/email/{eid}/discardDraft.json")[0] == "709"
    # editing a section makes a draft with the new content; approving publishes it
    api.post(
        f"{A}/email/{eid}/content/main_text.json", data={"type": "Text", "value": "<p>New</p>"}
    )
    sections = {s["htmlId"]: s for s in api.get(f"{A}/email/{eid}/content.json", status="draft")}
    assert sections["main_text"]["value"][0] == {"type": "HTML", "value": "<p>New</p>"}
    assert sections["main_text"]["value"][1] == {"type": "Text", "value": "New"}
    assert (
        api.error(
            "POST", f"{A}/email/{eid}/content/nope.json", data={"type": "Text", "value": "x"}
        )[0]
        == "709"
    )
    api.post(f"{A}/email/{eid}/approveDraft.json")
    assert "<p>New</p>" in api.get(f"{A}/email/{eid}/fullContent.json")[0]["content"]


def test_email_approval_needs_complete_headers(api: Api) -> None:
    template = api.template("Headers")
    program = api.program("Headers Program")
    email = api.email("No subject", program["id"], template, subject="")
    code, message = api.error("POST", f"{A}/email/{email['id']}/approveDraft.json")
    assert code == "709"
    assert "subject" in message


def test_template_in_use_cannot_be_deleted_or_unapproved(api: Api) -> None:
    template = api.template("In Use")
    program = api.program("Uses Template")
    email = api.email("User", program["id"], template)
    used_by = api.get(f"{A}/emailTemplates/{template}/usedBy.json")
    assert [(item["id"], item["type"], item["status"]) for item in used_by] == [
        (email["id"], "Email", "draft")
    ]
    code, message = api.error("POST", f"{A}/emailTemplate/{template}/delete.json")
    assert code == "709"
    assert "used by 1 email" in message
    api.post(f"{A}/email/{email['id']}/approveDraft.json")
    assert api.error("POST", f"{A}/emailTemplate/{template}/unapprove.json")[0] == "709"
    api.post(f"{A}/email/{email['id']}/unapprove.json")
    api.post(f"{A}/email/{email['id']}/delete.json")
    api.post(f"{A}/emailTemplate/{template}/delete.json")
    assert api.call("GET", f"{A}/emailTemplate/{template}.json").get("result") is None


def test_clone_email_is_a_draft_in_the_target(api: Api) -> None:
    template = api.template("Clone Source")
    program = api.program("Clone Emails")
    email = api.email("Original", program["id"], template)
    api.post(f"{A}/email/{email['id']}/approveDraft.json")
    copy = api.post(
        f"{A}/email/{email['id']}/clone.json",
        data={"name": "Copy", "folder": folder_ref(program["id"], "Program")},
    )[0]
    assert copy["status"] == "draft"
    assert copy["subject"]["value"] == "Hello"
    assert copy["template"] == template
    assert (
        api.error(
            "POST",
            f"{A}/email/{email['id']}/clone.json",
            data={"name": "Copy", "folder": folder_ref(program["id"], "Program")},
        )[0]
        == "709"
    )


def test_samples_are_recorded_not_sent(api: Api) -> None:
    template = api.template("Samples")
    program = api.program("Samples Program")
    email = api.email("Sampled", program["id"], template)
    result = api.post(
        f"{A}/email/{email['id']}/sendSample.json",
        data={"emailAddress": "qa@example.com", "textOnly": "true"},
    )
    assert result == [{"service": "sendTestEmail", "result": True}]
    sent = api.sandbox.store.get("email", email["id"]).data["samplesSent"]  # type: ignore[union-attr]
    assert [(item["emailAddress"], item["textOnly"]) for item in sent] == [("qa@example.com", True)]
    assert (
        api.error(
            "POST", f"{A}/email/{email['id']}/sendSample.json", data={"emailAddress": "nobody"}
        )[0]
        == "1001"
    )
    assert (
        api.error("POST", f"{A}/email/{email['id']}/variable/unknown.json", data={"value": "x"})[0]
        == "709"
    )
