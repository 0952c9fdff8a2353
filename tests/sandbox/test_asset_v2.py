"""The Asset API v2 (Email Designer) through the real SDK: ``client.assets_v2``.

Written from Adobe's pages emails-new, email-templates-new and fragments; the sandbox validates
every response against ``marketo_ops/specs/asset-v2.from-docs.json``.
"""

from __future__ import annotations

import httpx
import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops.errors import (
    BusinessRuleError,
    IncompatibleFolderError,
    InvalidRequestError,
    NameConflictError,
    NotFoundError,
    ParentFolderNotFoundError,
)
from marketo_ops.sandbox import Sandbox, SeedCampaign, SeedProgram
from marketo_ops.sandbox.coverage import summary

APP = "marketo-ops-tests"
DEFAULT_WS, PARTNER_WS = 1, 2  # workspace ids as the User Management API numbers them


def folder_id(client: Marketo, path: str) -> str:
    found = client.assets.folders.get_by_path(path)
    assert found is not None
    return str(found.id)


def program_id(client: Marketo, name: str) -> str:
    parent = client.assets.folders.get_by_path("Marketing Activities/Default")
    assert parent is not None
    assert parent.folder_id is not None
    created = client.assets.programs.create(
        name=name, folder=parent.folder_id, type="Default", channel="Operational"
    )
    return str(created.id)


def approved_template(client: Marketo, name: str = "Base Newsletter Template") -> str:
    templates = client.assets_v2.email_templates
    created = templates.create(
        app_type=APP, name=name, app_data={"workspaceId": str(DEFAULT_WS)}, theme_id="42"
    )
    templates.transition(app_type=APP, content_id=str(created.id), action="approve")
    return str(created.id)


def test_every_call_needs_the_app_type_header(sandbox_client: Marketo, http: httpx.Client) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        sandbox_client.assets_v2.emails.filter(app_type="", workspace_id=DEFAULT_WS)
    assert (caught.value.code, caught.value.message) == (701, "x-app-type cannot be blank")
    body = http.post("/rest/asset/v2/fragment", json={"name": "x"}).json()
    assert body["success"] is False
    assert body["errors"] == [{"code": "701", "message": "x-app-type cannot be blank"}]


def test_template_and_email_lifecycle(sandbox_client: Marketo) -> None:
    v2 = sandbox_client.assets_v2
    draft_template = v2.email_templates.create(
        app_type=APP, name="Draft Template", app_data={"workspaceId": str(DEFAULT_WS)}
    )
    assert draft_template.app_data is not None
    assert draft_template.app_data.folder_id == folder_id(
        sandbox_client, "Design Studio/Default/Emails/Templates"
    )
    assert (draft_template.status, draft_template.app_data.editor_type) == (
        "draft",
        "emailTemplate",
    )
    holder = program_id(sandbox_client, "Spring Launch")
    with pytest.raises(BusinessRuleError) as unapproved:
        v2.emails.create(
            app_type=APP,
            name="Spring Launch Email",
            app_data={"programId": holder},
            headers={"subject": "Introducing the Spring Launch"},
            template_id=str(draft_template.id),
        )
    assert "not approved" in unapproved.value.message
    template = approved_template(sandbox_client)
    email = v2.emails.create(
        app_type=APP,
        name="Spring Launch Email",
        description="Main announcement email",
        app_data={"workspaceId": str(DEFAULT_WS), "programId": holder, "editorType": "email"},
        headers={"subject": "Introducing the Spring Launch", "fromEmail": "marketing@example.com"},
        settings={"isWebPageView": True},
        template_id=template,
        content={"blocks": [{"type": "text", "text": "Hello"}]},
    )
    assert (email.status, email.template_id) == ("draft", template)
    assert email.headers is not None
    assert (email.headers.reply_email, email.headers.from_name) == (
        "marketing@example.com",
        "Sandbox Marketing",
    )
    assert email.settings is not None
    assert (email.settings.is_web_page_view, email.settings.enable_url_tracking) == (True, True)
    email_id = str(email.id)
    assert v2.emails.get(email_id, app_type=APP).name == "Spring Launch Email"
    assert v2.emails.transition(app_type=APP, content_id=email_id, action="approve").status == (
        "approved"
    )
    v2.emails.update(
        email_id, app_type=APP, headers={"subject": "Spring Launch Is Live"}, description="Live"
    )
    current = v2.emails.get(email_id, app_type=APP)
    assert current.headers is not None
    assert (current.status, current.has_draft, current.headers.subject) == (
        "approved",
        True,
        "Introducing the Spring Launch",  # the approved version until the draft is approved
    )
    assert current.description == "Live"  # not versioned
    v2.emails.transition(app_type=APP, content_id=email_id, action="discard")
    assert v2.emails.get(email_id, app_type=APP).has_draft is False
    v2.emails.transition(app_type=APP, content_id=email_id, action="create_draft")
    with pytest.raises(BusinessRuleError):
        v2.emails.transition(app_type=APP, content_id=email_id, action="create_draft")
    v2.emails.transition(app_type=APP, content_id=email_id, action="unapprove")
    assert v2.emails.get(email_id, app_type=APP).status == "draft"
    with pytest.raises(InvalidRequestError):
        v2.emails.transition(app_type=APP, content_id=email_id, action="publish")
    v2.emails.delete(email_id, app_type=APP)
    with pytest.raises(NotFoundError):
        v2.emails.get(email_id, app_type=APP)


def test_approval_needs_complete_headers(sandbox_client: Marketo) -> None:
    emails = sandbox_client.assets_v2.emails
    created = emails.create(
        app_type=APP,
        name="Headless",
        app_data={"workspaceId": str(DEFAULT_WS)},
        headers={"subject": "Hi", "fromName": ""},
    )
    with pytest.raises(BusinessRuleError) as caught:
        emails.transition(app_type=APP, content_id=str(created.id), action="approve")
    assert "fromName must not be empty" in caught.value.message
    with pytest.raises(InvalidRequestError) as blank:
        emails.create(
            app_type=APP,
            name="No subject",
            app_data={"workspaceId": str(DEFAULT_WS)},
            headers={"fromName": "x"},
        )
    assert blank.value.message == "headers.subject cannot be blank"


def test_placement_follows_folder_types_and_workspaces(sandbox_client: Marketo) -> None:
    v2 = sandbox_client.assets_v2
    emails_folder = folder_id(sandbox_client, "Design Studio/Default/Emails")
    with pytest.raises(IncompatibleFolderError):
        v2.email_templates.create(app_type=APP, name="T", app_data={"folderId": emails_folder})
    with pytest.raises(IncompatibleFolderError):
        v2.emails.create(
            app_type=APP,
            name="E",
            app_data={"folderId": folder_id(sandbox_client, "Marketing Activities/Default")},
            headers={"subject": "s"},
        )
    with pytest.raises(IncompatibleFolderError) as other_workspace:
        v2.fragments.create(
            app_type=APP,
            name="F",
            app_data={"workspaceId": str(PARTNER_WS), "folderId": emails_folder},
            settings={"fragmentType": "email", "supportedChannels": ["email"]},
        )
    assert "Partner Marketing" in other_workspace.value.message
    with pytest.raises(ParentFolderNotFoundError):
        v2.email_templates.create(app_type=APP, name="T", app_data={"folderId": "999999"})
    with pytest.raises(InvalidRequestError) as nowhere:
        v2.email_templates.create(app_type=APP, name="T", app_data={"editorType": "x"})
    assert nowhere.value.code == 701
    partner = v2.emails.create(
        app_type=APP,
        name="Partner Email",
        app_data={"workspaceId": str(PARTNER_WS)},
        headers={"subject": "s"},
    )
    assert partner.app_data is not None
    assert partner.app_data.workspace_id == str(PARTNER_WS)
    assert v2.emails.filter(app_type=APP, workspace_id=DEFAULT_WS) == []
    assert [item.name for item in v2.emails.filter(app_type=APP, workspace_id=PARTNER_WS)] == [
        "Partner Email"
    ]


def test_names_are_unique_where_marketo_wants_them(sandbox_client: Marketo) -> None:
    v2 = sandbox_client.assets_v2
    holder = program_id(sandbox_client, "Names")
    classic_template = sandbox_client.assets.email_templates.create(
        name="Classic",
        folder={"id": int(folder_id(sandbox_client, "Design Studio/Default/Emails/Templates"))},
        content=b'<html><div class="mktEditable" id="a">x</div></html>',
    )
    sandbox_client.assets.email_templates.approve(int(classic_template.id or 0))
    sandbox_client.assets.emails.create(
        name="Welcome",
        folder={"id": int(holder), "type": "Program"},
        template=int(classic_template.id or 0),
        subject="s",
        from_name="n",
        from_email="a@example.com",
        reply_email="a@example.com",
    )
    with pytest.raises(NameConflictError):  # a v1 email of the program has the name
        v2.emails.create(
            app_type=APP, name="Welcome", app_data={"programId": holder}, headers={"subject": "s"}
        )
    with pytest.raises(NameConflictError):  # templates: unique within their folder
        v2.email_templates.create(
            app_type=APP, name="Classic", app_data={"workspaceId": str(DEFAULT_WS)}
        )
    v2.email_templates.create(
        app_type=APP, name="Classic", app_data={"workspaceId": str(PARTNER_WS)}
    )
    first = v2.fragments.create(
        app_type=APP,
        name="Hero Banner Fragment",
        app_data={"workspaceId": str(DEFAULT_WS)},
        settings={"fragmentType": "email", "supportedChannels": ["email"]},
    )
    with pytest.raises(NameConflictError):
        v2.fragments.clone(
            app_type=APP, asset_id=str(first.id), new_asset={"name": "hero banner fragment"}
        )


def test_fragments_are_used_by_emails_and_cannot_be_deleted_while_used(
    sandbox_client: Marketo,
) -> None:
    v2 = sandbox_client.assets_v2
    with pytest.raises(InvalidRequestError) as blank:
        v2.fragments.create(
            app_type=APP,
            name="Bare",
            app_data={"workspaceId": str(DEFAULT_WS)},
            settings={"fragmentType": "email"},
        )
    assert blank.value.message == "settings.supportedChannels cannot be blank"
    fragment = v2.fragments.create(
        app_type=APP,
        name="Hero",
        description="Reusable hero block",
        app_data={"workspaceId": str(DEFAULT_WS), "editorType": "fragment"},
        settings={
            "fragmentType": "email",
            "fragmentSubType": "html",
            "supportedChannels": ["email"],
        },
    )
    fragment_id = str(fragment.id)
    v2.fragments.create(
        app_type=APP,
        name="Footer",
        app_data={"workspaceId": str(DEFAULT_WS)},
        settings={"fragmentType": "landingPage", "supportedChannels": ["web"]},
    )
    found = v2.fragments.filter(app_type=APP, workspace_id=DEFAULT_WS, fragment_type="email")
    assert [item.name for item in found] == ["Hero"]
    assert v2.fragments.used_by(app_type=APP, asset_id=fragment_id) == []
    email = v2.emails.create(
        app_type=APP,
        name="Uses Hero",
        app_data={"workspaceId": str(DEFAULT_WS)},
        headers={"subject": "s"},
        content={"rows": [{"columns": [{"fragmentId": fragment_id}]}]},
    )
    used = v2.fragments.used_by(app_type=APP, asset_id=fragment_id, type="all")
    assert [(item.id, item.name, item.type) for item in used] == [
        (str(email.id), "Uses Hero", "email")
    ]
    assert v2.fragments.used_by(app_type=APP, asset_id=fragment_id, type="emailTemplate") == []
    with pytest.raises(BusinessRuleError) as in_use:
        v2.fragments.delete(fragment_id, app_type=APP)
    assert "in use by email 'Uses Hero'" in in_use.value.message
    v2.emails.update(str(email.id), app_type=APP, content={"rows": []})
    v2.fragments.delete(fragment_id, app_type=APP)


def test_templates_used_by_emails_and_emails_used_by_campaigns(
    sandbox_client: Marketo, sandbox: Sandbox
) -> None:
    v2 = sandbox_client.assets_v2
    template = approved_template(sandbox_client)
    email = v2.emails.create(
        app_type=APP,
        name="Newsletter",
        app_data={"workspaceId": str(DEFAULT_WS)},
        headers={"subject": "News"},
        template_id=template,
    )
    assert [item.name for item in v2.email_templates.used_by(app_type=APP, asset_id=template)] == [
        "Newsletter"
    ]
    with pytest.raises(BusinessRuleError):
        v2.email_templates.delete(template, app_type=APP)
    assert [
        item.name
        for item in v2.emails.filter(
            app_type=APP, workspace_id=DEFAULT_WS, template_id=int(template)
        )
    ] == ["Newsletter"]
    sandbox.admin.seed_program(
        SeedProgram(
            name="Monthly",
            folder="Marketing Activities/Default",
            campaigns=[
                SeedCampaign(name="Send it", flow=[{"type": "Send Email", "email": str(email.id)}])
            ],
        )
    )
    used = v2.emails.used_by(app_type=APP, asset_id=str(email.id))
    assert [(item.name, item.type) for item in used] == [("Send it", "smartCampaign")]


def test_clone_update_move_filter_and_pages(sandbox_client: Marketo) -> None:
    v2 = sandbox_client.assets_v2
    templates = v2.email_templates
    for name in ("Gamma", "Alpha", "Beta"):
        templates.create(app_type=APP, name=name, app_data={"workspaceId": str(DEFAULT_WS)})
    alpha = templates.filter(app_type=APP, workspace_id=DEFAULT_WS, name="alp")[0]
    templates.update(str(alpha.id), app_type=APP, content={"layout": "two columns"})
    templates.transition(app_type=APP, content_id=str(alpha.id), action="approve")
    subfolder = sandbox_client.assets.folders.create(
        name="Seasonal",
        parent={"id": int(folder_id(sandbox_client, "Design Studio/Default/Emails/Templates"))},
    )
    copy = templates.clone(
        app_type=APP,
        asset_id=str(alpha.id),
        new_asset={"name": "Alpha Copy", "appData": {"folderId": str(subfolder.id)}},
    )
    assert (copy.status, copy.data) == ("draft", {"layout": "two columns"})
    assert copy.app_data is not None
    assert copy.app_data.folder_id == str(subfolder.id)
    templates.update(str(copy.id), app_type=APP, name="Alpha Seasonal")
    names = [
        item.name
        for item in templates.filter(
            app_type=APP, workspace_id=DEFAULT_WS, sort_key="name", sort_order="desc"
        )
    ]
    assert names == ["Gamma", "Beta", "Alpha Seasonal", "Alpha"]
    in_folder = templates.filter(
        app_type=APP, workspace_id=DEFAULT_WS, folder_ids=[int(subfolder.id or 0)]
    )
    assert [item.name for item in in_folder] == ["Alpha Seasonal"]
    approved = templates.filter(app_type=APP, workspace_id=DEFAULT_WS, status=["approved"])
    assert [item.name for item in approved] == ["Alpha"]
    page = templates.filter(
        app_type=APP, workspace_id=DEFAULT_WS, sort_key="name", page_index=1, page_size=3
    )
    assert [item.name for item in page] == ["Gamma"]
    with pytest.raises(InvalidRequestError):
        templates.filter(app_type=APP, workspace_id=DEFAULT_WS, page_size=0)
    with pytest.raises(InvalidRequestError):
        templates.filter(app_type=APP, workspace_id=DEFAULT_WS, sort_key="color")
    mine = templates.filter(app_type=APP, workspace_id=DEFAULT_WS, is_created_by_me=True)
    assert len(mine) == 4


def test_repeated_query_parameters_are_read_like_comma_lists(
    sandbox_client: Marketo, http: httpx.Client
) -> None:
    """Adobe's example repeats ``status``; the SDK sends lists comma-joined: both work."""
    v2 = sandbox_client.assets_v2
    template = approved_template(sandbox_client)
    v2.email_templates.create(
        app_type=APP, name="Only Draft", app_data={"workspaceId": str(DEFAULT_WS)}
    )
    body = http.get(
        "/rest/asset/v2/emailtemplate/filter?workspaceId=1&status=approved&status=draft",
        headers={"x-app-type": APP},
    ).json()
    assert [item["id"] for item in body["result"]] == [template, str(int(template) + 1)]
    both = v2.email_templates.filter(
        app_type=APP, workspace_id=DEFAULT_WS, status=["approved", "draft"]
    )
    assert [item.id for item in both] == [item["id"] for item in body["result"]]


def test_coverage_lists_the_v2_operations() -> None:
    counts = summary()
    assert counts["asset"] == (166, 166)
    assert counts["asset_v2"] == (24, 24)


@pytest.mark.anyio
async def test_the_async_client_has_the_same_v2_methods(asandbox_client: AsyncMarketo) -> None:
    v2 = asandbox_client.assets_v2
    created = await v2.fragments.create(
        app_type=APP,
        name="Async Fragment",
        app_data={"workspaceId": str(DEFAULT_WS)},
        settings={"fragmentType": "email", "supportedChannels": ["email"]},
    )
    await v2.fragments.transition(app_type=APP, content_id=str(created.id), action="approve")
    found = await v2.fragments.filter(app_type=APP, workspace_id=DEFAULT_WS, status=["approved"])
    assert [item.name for item in found] == ["Async Fragment"]
