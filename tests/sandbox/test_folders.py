"""Folders: the seeded tree, 709/710/711, lenient parameters, tokens."""

from __future__ import annotations

import pytest

from .conftest import EMAIL_TEMPLATES, MA_DEFAULT, MA_PARTNER, Api, folder_ref

A = "/rest/asset/v1"


def test_seeded_tree_has_both_roots_and_system_folders(api: Api) -> None:
    roots = {
        folder["name"]: folder
        for folder in api.get(f"{A}/folder/byName.json", name="Marketing Activities")
    }
    assert roots["Marketing Activities"]["folderType"] == "Zone"
    assert roots["Marketing Activities"]["parent"] is None
    studio = api.get(f"{A}/folder/byName.json", name="Design Studio")[0]
    tree = api.get(f"{A}/folders.json", root=folder_ref(studio["id"]), maxDepth=3, maxReturn=200)
    paths = {folder["path"]: folder for folder in tree}
    assert paths["/Design Studio/Default/Emails/Templates"]["folderType"] == "Email Template"
    assert (
        paths["/Design Studio/Default/Landing Pages/Templates"]["folderType"]
        == "Landing Page Template"
    )
    assert paths["/Design Studio/Default/Images and Files"]["folderType"] == "Image"
    assert paths["/Design Studio/Default/Snippets"]["isSystem"] is True
    assert paths["/Design Studio/Partner Marketing/Emails"]["workspace"] == "Partner Marketing"


def test_max_depth_and_workspace_filter(api: Api) -> None:
    ma = api.folder("Marketing Activities")
    only_root = api.get(f"{A}/folders.json", root=folder_ref(ma), maxDepth=0)
    assert [folder["id"] for folder in only_root] == [ma]
    partner = api.get(
        f"{A}/folders.json", root=folder_ref(ma), maxDepth=1, workSpace="Partner Marketing"
    )
    assert {folder["path"] for folder in partner} == {"/Marketing Activities/Partner Marketing"}


def test_create_nested_folders_and_paths(api: Api) -> None:
    parent = api.post(
        f"{A}/folders.json",
        data={
            "name": "Campaigns",
            "parent": folder_ref(api.folder(MA_DEFAULT)),
            "description": "All",
        },
    )[0]
    child = api.post(
        f"{A}/folders.json", data={"name": "2026", "parent": folder_ref(parent["id"])}
    )[0]
    assert child["path"] == "/Marketing Activities/Default/Campaigns/2026"
    assert child["folderType"] == "Marketing Folder"
    assert child["parent"] == {"id": parent["id"], "type": "Folder"}
    assert child["folderId"] == {"id": child["id"], "type": "Folder"}
    templates = api.post(
        f"{A}/folders.json",
        data={"name": "Newsletters", "parent": folder_ref(api.folder(EMAIL_TEMPLATES))},
    )[0]
    assert templates["folderType"] == "Email Template"  # Design Studio folders inherit their type


@pytest.mark.marketo_verified
def test_parent_not_found_is_710_and_wrong_type_is_711(api: Api) -> None:
    code, _ = api.error(
        "POST", f"{A}/folders.json", data={"name": "X", "parent": folder_ref(999999)}
    )
    assert code == "710"
    assert (
        api.error(
            "POST", f"{A}/folders.json", data={"name": "X", "parent": folder_ref(999999, "Program")}
        )[0]
        == "710"
    )
    design_studio = api.folder("Design Studio")
    assert (
        api.error(
            "POST", f"{A}/folders.json", data={"name": "X", "parent": folder_ref(design_studio)}
        )[0]
        == "711"
    )


def test_sibling_names_are_unique(api: Api) -> None:
    parent = folder_ref(api.folder(MA_DEFAULT))
    api.post(f"{A}/folders.json", data={"name": "Unique", "parent": parent})
    code, message = api.error(
        "POST", f"{A}/folders.json", data={"name": "unique", "parent": parent}
    )
    assert code == "709"
    assert "already exists" in message
    # the same name elsewhere is fine
    api.post(
        f"{A}/folders.json", data={"name": "Unique", "parent": folder_ref(api.folder(MA_PARTNER))}
    )


def test_update_archive_and_delete_rules(api: Api) -> None:
    folder = api.post(
        f"{A}/folders.json", data={"name": "Old", "parent": folder_ref(api.folder(MA_DEFAULT))}
    )[0]
    updated = api.post(
        f"{A}/folder/{folder['id']}.json",
        data={"type": "Folder", "name": "Older", "isArchive": "true"},
    )[0]
    assert updated["name"] == "Older"
    assert updated["isArchive"] is True
    api.post(f"{A}/folders.json", data={"name": "Inner", "parent": folder_ref(folder["id"])})
    code, message = api.error(
        "POST", f"{A}/folder/{folder['id']}/delete.json", data={"type": "Folder"}
    )
    assert code == "709"
    assert "not empty" in message
    system = api.folder(MA_DEFAULT)
    assert (
        api.error("POST", f"{A}/folder/{system}/delete.json", data={"type": "Folder"})[0] == "709"
    )
    assert (
        api.error("POST", f"{A}/folder/{system}.json", data={"type": "Folder", "name": "Renamed"})[
            0
        ]
        == "709"
    )
    program = api.program("Folder API cannot delete me")
    assert (
        api.error("POST", f"{A}/folder/{program['id']}/delete.json", data={"type": "Program"})[0]
        == "709"
    )
    assert api.error("POST", f"{A}/folder/424242/delete.json", data={"type": "Folder"})[0] == "702"


@pytest.mark.marketo_verified
@pytest.mark.parametrize(
    "parent",
    [
        "{'id': %d, 'type': 'Folder'}",
        "{'id': %d, 'type': Folder}",
        "{id: %d, type: Folder}",
        '{"id":%d,"type"="Folder"}',
        '{"id": "%d", "type": "folder"}',
    ],
)
def test_lenient_json_fields(api: Api, parent: str) -> None:
    created = api.post(
        f"{A}/folders.json", data={"name": "Lenient", "parent": parent % api.folder(MA_DEFAULT)}
    )
    assert created[0]["name"] == "Lenient"


@pytest.mark.marketo_verified
def test_parameters_in_the_query_string(api: Api) -> None:
    """Real Marketo reads asset parameters from the query string too (some clients only do that)."""
    params = {"name": "From query", "parent": folder_ref(api.folder(MA_DEFAULT))}
    created = api.ok("POST", f"{A}/folders.json", params=params)
    assert created[0]["name"] == "From query"
    # the form body wins over the query string
    both = api.ok(
        "POST",
        f"{A}/folders.json",
        params={"name": "query"},
        data={"name": "body", "parent": params["parent"]},
    )
    assert both[0]["name"] == "body"


def test_folder_and_program_tokens_with_inheritance(api: Api) -> None:
    folder = api.post(
        f"{A}/folders.json", data={"name": "Tokens", "parent": folder_ref(api.folder(MA_DEFAULT))}
    )[0]
    api.post(
        f"{A}/folder/{folder['id']}/tokens.json",
        data={"folderType": "Folder", "name": "Company", "type": "text", "value": "Acme"},
    )
    program = api.program("Token Program", folder="Marketing Activities/Default/Tokens")
    pid = program["id"]
    api.post(
        f"{A}/folder/{pid}/tokens.json",
        data={
            "folderType": "Program",
            "name": "{{my.Webinar Date}}",
            "type": "date",
            "value": "2026-03-01",
        },
    )
    api.post(
        f"{A}/folder/{pid}/tokens.json",
        data={
            "folderType": "Program",
            "name": "Webinar Date",
            "type": "date",
            "value": "2026-03-02",
        },
    )
    result = api.get(f"{A}/folder/{pid}/tokens.json", folderType="Program")[0]
    assert result["folder"]["type"] == "Program"
    tokens = {token["name"]: token for token in result["tokens"]}
    assert tokens["Webinar Date"]["value"] == "2026-03-02"  # create again = update
    assert tokens["Company"]["value"] == "Acme"  # inherited from the folder
    assert (
        api.error(
            "POST",
            f"{A}/folder/{pid}/tokens.json",
            data={"folderType": "Program", "name": "Bad", "type": "date", "value": "March"},
        )[0]
        == "709"
    )
    assert (
        api.error(
            "POST",
            f"{A}/folder/{pid}/tokens.json",
            data={"folderType": "Program", "name": "x" * 51, "type": "text", "value": "v"},
        )[0]
        == "709"
    )
    assert (
        api.error(
            "POST",
            f"{A}/folder/{pid}/tokens.json",
            data={"folderType": "Program", "name": "T", "type": "colour", "value": "v"},
        )[0]
        == "1001"
    )
    api.post(
        f"{A}/folder/{pid}/tokens/delete.json",
        data={"folderType": "Program", "name": "Webinar Date", "type": "date"},
    )
    names = {
        token["name"]
        for token in api.get(f"{A}/folder/{pid}/tokens.json", folderType="Program")[0]["tokens"]
    }
    assert names == {"Company"}
    assert (
        api.error(
            "POST",
            f"{A}/folder/{pid}/tokens/delete.json",
            data={"folderType": "Program", "name": "Company"},
        )[0]
        == "702"
    )
    assert (
        api.error("GET", f"{A}/folder/999999/tokens.json", params={"folderType": "Folder"})[0]
        == "710"
    )


def test_app_area_roots_hold_workspaces_not_assets(api: Api) -> None:
    root = api.folder("Marketing Activities")
    code, message = api.error(
        "POST", f"{A}/folders.json", data={"name": "X", "parent": folder_ref(root)}
    )
    assert code == "711"
    assert "Marketing Activities/Default" in message
    program = {
        "name": "At Root",
        "folder": folder_ref(root),
        "type": "Default",
        "channel": "Operational",
    }
    assert api.error("POST", f"{A}/programs.json", data=program)[0] == "711"
    lists = api.folder("Lead Database")
    assert api.post(
        f"{A}/staticLists.json", data={"name": "Root List", "folder": folder_ref(lists)}
    )
