"""Files, landing-page templates, landing pages and snippets."""

from __future__ import annotations

import pytest

from .conftest import (
    EMAIL_TEMPLATES,
    IMAGES,
    LANDING_PAGES,
    LP_TEMPLATE_HTML,
    LP_TEMPLATES,
    MA_DEFAULT,
    SNIPPETS,
    Api,
    folder_ref,
)

A = "/rest/asset/v1"


def _upload(api: Api, name: str, content: bytes, **extra: str) -> list[dict[str, object]]:
    return api.post(
        f"{A}/files.json",
        data={"name": name, "folder": folder_ref(api.folder(IMAGES)), **extra},
        files={"file": (name, content, "image/png")},
    )


@pytest.mark.marketo_verified
def test_files_insert_only_and_update_semantics(api: Api) -> None:
    created = _upload(api, "hero.png", b"one")[0]
    assert created["size"] == 3
    assert created["folder"] == {
        "type": "Image",
        "id": api.folder(IMAGES),
        "name": "Images and Files",
    }
    code, message = api.error(
        "POST",
        f"{A}/files.json",
        data={"name": "hero.png", "folder": folder_ref(api.folder(IMAGES)), "insertOnly": "true"},
        files={"file": ("hero.png", b"two", "image/png")},
    )
    assert code == "709"
    assert "already exists" in message
    # without insertOnly, creating an existing name updates that file
    again = _upload(api, "hero.png", b"three")[0]
    assert again["id"] == created["id"]
    assert again["size"] == 5
    # the public URL serves the content
    response = api.http.get(str(again["url"]).replace(api.sandbox.base_url, ""))
    assert response.status_code == 200
    assert response.content == b"three"
    assert response.headers["content-type"].startswith("image/png")
    replaced = api.post(
        f"{A}/file/{created['id']}/content.json",
        files={"file": ("hero.png", b"four!!", "image/png")},
    )[0]
    assert replaced["size"] == 6
    assert (
        api.error(
            "POST",
            f"{A}/files.json",
            data={"name": "x.png", "folder": folder_ref(api.folder(EMAIL_TEMPLATES))},
            files={"file": ("x.png", b"x", "image/png")},
        )[0]
        == "711"
    )
    assert (
        api.error(
            "POST",
            f"{A}/files.json",
            data={"name": "x.png", "folder": folder_ref(api.folder(IMAGES))},
        )[0]
        == "701"
    )


def _lp_template(api: Api, name: str = "LP Template", *, approve: bool = True) -> int:
    created = api.post(
        f"{A}/landingPageTemplates.json",
        data={
            "name": name,
            "folder": folder_ref(api.folder(LP_TEMPLATES)),
            "templateType": "guided",
        },
    )[0]
    assert created["templateType"] == "guided"
    assert created["status"] == "draft"
    api.post(
        f"{A}/landingPageTemplate/{created['id']}/content.json",
        files={"content": ("lp.html", LP_TEMPLATE_HTML.encode(), "text/html")},
    )
    if approve:
        api.post(f"{A}/landingPageTemplate/{created['id']}/approveDraft.json")
    return int(created["id"])


@pytest.mark.marketo_verified
def test_landing_pages_need_an_approved_template(api: Api) -> None:
    draft = _lp_template(api, "Draft LP Template", approve=False)
    program = api.program("Pages")
    code, message = api.error(
        "POST",
        f"{A}/landingPages.json",
        data={"name": "P", "folder": folder_ref(program["id"], "Program"), "template": draft},
    )
    assert code == "709"
    assert "not approved" in message
    empty = api.post(
        f"{A}/landingPageTemplates.json",
        data={"name": "Empty", "folder": folder_ref(api.folder(LP_TEMPLATES))},
    )[0]
    assert api.error("POST", f"{A}/landingPageTemplate/{empty['id']}/approveDraft.json")[0] == "709"


def test_landing_page_lifecycle(api: Api) -> None:
    template = _lp_template(api)
    page = api.post(
        f"{A}/landingPages.json",
        data={
            "name": "Signup",
            "folder": folder_ref(api.folder(LANDING_PAGES)),
            "template": template,
            "title": "Sign up",
        },
    )[0]
    assert page["status"] == "draft"
    assert page["template"] == template
    assert page["robots"]
    assert (
        api.error(
            "POST",
            f"{A}/landingPages.json",
            data={
                "name": "Signup",
                "folder": folder_ref(api.folder(LANDING_PAGES)),
                "template": template,
            },
        )[0]
        == "709"
    )
    sections = api.get(f"{A}/landingPage/{page['id']}/content.json")
    assert sections == [{"id": "lp_main", "type": "RichText", "index": 0, "content": "Landing"}]
    api.post(f"{A}/landingPage/{page['id']}/approveDraft.json")
    # approved pages cannot be deleted; templates in use cannot be deleted
    assert "unapprove" in api.error("POST", f"{A}/landingPage/{page['id']}/delete.json")[1]
    assert api.error("POST", f"{A}/landingPageTemplate/{template}/delete.json")[0] == "709"
    assert api.error("POST", f"{A}/landingPageTemplate/{template}/unapprove.json")[0] == "709"
    api.post(f"{A}/landingPage/{page['id']}.json", data={"title": "Sign up today"})
    assert api.get(f"{A}/landingPage/{page['id']}.json")[0]["title"] == "Sign up"
    assert (
        api.get(f"{A}/landingPage/{page['id']}.json", status="draft")[0]["title"] == "Sign up today"
    )
    api.post(f"{A}/landingPage/{page['id']}/unapprove.json")
    api.post(f"{A}/landingPage/{page['id']}/delete.json")
    api.post(f"{A}/landingPageTemplate/{template}/delete.json")
    # pages cannot go into email folders
    other = _lp_template(api, "Other")
    assert (
        api.error(
            "POST",
            f"{A}/landingPages.json",
            data={
                "name": "X",
                "folder": folder_ref(api.folder(EMAIL_TEMPLATES)),
                "template": other,
            },
        )[0]
        == "711"
    )


def test_lp_template_names_are_unique_in_the_workspace(api: Api) -> None:
    _lp_template(api, "Shared Name")
    sub = api.post(
        f"{A}/folders.json", data={"name": "More", "parent": folder_ref(api.folder(LP_TEMPLATES))}
    )[0]
    assert (
        api.error(
            "POST",
            f"{A}/landingPageTemplates.json",
            data={"name": "Shared Name", "folder": folder_ref(sub["id"])},
        )[0]
        == "709"
    )
    partner = api.folder("Design Studio/Partner Marketing/Landing Pages/Templates")
    assert (
        api.post(
            f"{A}/landingPageTemplates.json",
            data={"name": "Shared Name", "folder": folder_ref(partner)},
        )[0]["workspace"]
        == "Partner Marketing"
    )


def test_snippets(api: Api) -> None:
    snippet = api.post(
        f"{A}/snippets.json", data={"name": "Footer", "folder": folder_ref(api.folder(SNIPPETS))}
    )[0]
    assert snippet["folder"]["folderName"] == "Snippets"
    assert snippet["status"] == "draft"
    assert "no content" in api.error("POST", f"{A}/snippet/{snippet['id']}/approveDraft.json")[1]
    api.post(
        f"{A}/snippet/{snippet['id']}/content.json",
        data={"type": "HTML", "content": "<p>(c) Acme</p>"},
    )
    api.post(f"{A}/snippet/{snippet['id']}/approveDraft.json")
    assert api.get(f"{A}/snippet/{snippet['id']}/content.json", status="approved") == [
        {"type": "HTML", "content": "<p>(c) Acme</p>"}
    ]
    assert (
        api.error(
            "POST",
            f"{A}/snippet/{snippet['id']}/content.json",
            data={"type": "Markdown", "content": "x"},
        )[0]
        == "1001"
    )
    assert (
        api.error(
            "POST",
            f"{A}/snippets.json",
            data={"name": "Footer", "folder": folder_ref(api.folder(SNIPPETS))},
        )[0]
        == "709"
    )
    assert (
        api.error(
            "POST",
            f"{A}/snippets.json",
            data={"name": "Misplaced", "folder": folder_ref(api.folder(MA_DEFAULT))},
        )[0]
        == "711"
    )


def test_landing_page_content_sections_and_redirects(api: Api) -> None:
    guided = _lp_template(api, "Guided")
    page = api.post(
        f"{A}/landingPages.json",
        data={
            "name": "Guided Page",
            "folder": folder_ref(api.folder(LANDING_PAGES)),
            "template": guided,
        },
    )[0]
    code, message = api.error(
        "POST",
        f"{A}/landingPage/{page['id']}/content.json",
        data={"contentId": "x", "type": "HTML", "value": "x"},
    )
    assert code == "709"
    assert "guided" in message
    api.post(
        f"{A}/landingPage/{page['id']}/content/lp_main.json",
        data={"type": "RichText", "value": "New"},
    )
    assert (
        api.get(f"{A}/landingPage/{page['id']}/content.json", status="draft")[0]["content"] == "New"
    )
    assert "New" in api.get(f"{A}/landingPage/{page['id']}/fullContent.json")[0]["content"]
    bad_host = {
        "hostname": "evil.example.com",
        "redirectFrom": '{"type":"path","value":"a"}',
        "redirectTo": '{"type":"url","value":"https://x"}',
    }
    assert api.error("POST", f"{A}/redirectRules.json", data=bad_host)[0] == "709"
    good = {**bad_host, "hostname": "pages.sandbox.marketo.local"}
    api.post(f"{A}/redirectRules.json", data=good)
    assert (
        api.error("POST", f"{A}/redirectRules.json", data=good)[0] == "709"
    )  # one rule per source
    slash = {**good, "redirectFrom": '{"type":"path","value":"/b"}'}
    assert api.error("POST", f"{A}/redirectRules.json", data=slash)[0] == "709"
    missing_page = {**good, "redirectFrom": '{"type":"landingPageId","value":"424242"}'}
    assert api.error("POST", f"{A}/redirectRules.json", data=missing_page)[0] == "709"


def test_static_lists_local_or_lead_database(api: Api) -> None:
    program = api.program("Lists Program")
    in_program = {"name": "Attendees", "folder": folder_ref(program["id"], "Program")}
    api.post(f"{A}/staticLists.json", data=in_program)
    assert api.error("POST", f"{A}/staticLists.json", data=in_program)[0] == "709"
    database = api.post(
        f"{A}/staticLists.json",
        data={"name": "Attendees", "folder": folder_ref(api.folder("Lead Database"))},
    )[0]
    assert database["workspace"] == "Default"
    misplaced = {"name": "X", "folder": folder_ref(api.folder(IMAGES))}
    assert api.error("POST", f"{A}/staticLists.json", data=misplaced)[0] == "711"
    clone = api.post(
        f"{A}/program/{program['id']}/clone.json",
        data={"name": "Lists Clone", "folder": folder_ref(api.folder(MA_DEFAULT))},
    )[0]
    assert [
        row["name"]
        for row in api.get(f"{A}/staticLists.json", folder=folder_ref(clone["id"], "Program"))
    ] == ["Attendees"]
