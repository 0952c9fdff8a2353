"""Behaviour documented by Adobe for the Asset API, checked on the sandbox by default and on a
real instance with ``pytest --marketo-live -m marketo_verified`` (credentials from the
environment). Each test cleans up what it creates, so it is safe on a real subscription."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from marketo_ops import Marketo, NameConflictError
from marketo_ops.errors import ParentFolderNotFoundError
from marketo_ops.types.asset import Folder

pytestmark = pytest.mark.marketo_verified


def unique(label: str) -> str:
    return f"marketo-ops verified {label} {uuid.uuid4().hex[:8]}"


@pytest.fixture
def workspace_root(marketo: Marketo) -> Folder:
    folder = marketo.assets.folders.get_by_path("Marketing Activities/Default")
    assert folder is not None
    return folder


@pytest.fixture
def scratch(marketo: Marketo, workspace_root: Folder) -> Iterator[Folder]:
    """A folder of our own, deleted afterwards with what the test left in it."""
    folder = marketo.assets.folders.create(
        name=unique("folder"), parent={"id": workspace_root.id, "type": "Folder"}
    )
    yield folder
    for item in marketo.assets.folders.contents(folder.id or 0):
        if item.type == "Program" and item.id is not None:
            marketo.assets.programs.delete(item.id)
    marketo.assets.folders.delete(folder.id or 0, type="Folder")


def test_an_empty_search_is_success_without_result(marketo: Marketo) -> None:
    response = marketo.request(
        "GET", "/rest/asset/v1/program/byName.json", query={"name": unique("missing")}
    )
    assert response.success
    assert response.result == []
    assert response.has_result is False
    assert response.warnings == ["No assets found for the given search criteria."]


def test_program_names_are_unique_in_the_subscription(marketo: Marketo, scratch: Folder) -> None:
    name = unique("program")
    marketo.assets.programs.create(
        name=name,
        folder={"id": scratch.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    with pytest.raises(NameConflictError) as info:
        marketo.assets.programs.create(
            name=name,
            folder={"id": scratch.id, "type": "Folder"},
            type="Default",
            channel="Operational",
        )
    assert info.value.code == 709


def test_a_missing_parent_folder_is_710(marketo: Marketo) -> None:
    with pytest.raises(ParentFolderNotFoundError) as info:
        marketo.assets.folders.create(
            name=unique("orphan"), parent={"id": 987654321, "type": "Folder"}
        )
    assert info.value.code == 710


def test_the_api_creates_smart_campaigns_as_empty_inactive_shells(
    marketo: Marketo, scratch: Folder
) -> None:
    program = marketo.assets.programs.create(
        name=unique("program"),
        folder={"id": scratch.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    campaign = marketo.assets.smart_campaigns.create(
        name="Shell", folder={"id": program.id, "type": "Program"}
    )
    assert campaign.is_active is False
    assert campaign.status == "Never Run"
    smart_list = marketo.assets.smart_campaigns.smart_list(campaign.id or 0, include_rules=True)
    assert smart_list.rules is not None
    assert not smart_list.rules.triggers
    assert not smart_list.rules.filters


def test_program_tokens_are_created_or_updated_by_name(marketo: Marketo, scratch: Folder) -> None:
    program = marketo.assets.programs.create(
        name=unique("program"),
        folder={"id": scratch.id, "type": "Folder"},
        type="Default",
        channel="Operational",
    )
    assert program.id is not None
    tokens = marketo.assets.tokens
    tokens.upsert(program.id, folder_type="Program", name="Threshold", type="number", value="90")
    tokens.upsert(program.id, folder_type="Program", name="Threshold", type="number", value="100")
    found = tokens.get(program.id, folder_type="Program").tokens or []
    assert [(t.name, t.value) for t in found] == [("Threshold", "100")]
