"""End to end through the SDK against the in-process sandbox: static list membership and program
members (statuses along the channel's progression, custom member data, removal)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketo_ops import ManualClock, Marketo
from marketo_ops.errors import APIError, NotFoundError
from marketo_ops.sandbox import SandboxConfig, SeedProgram


@pytest.fixture
def mk() -> Iterator[Marketo]:
    with Marketo.sandbox(
        clock=ManualClock(), config=SandboxConfig(validate_responses=True)
    ) as client:
        yield client


def leads(mk: Marketo, count: int) -> list[int]:
    ids = mk.leads.sync_all(
        [{"email": f"m{index}@example.com", "firstName": f"M{index}"} for index in range(count)]
    ).ids
    return [value for value in ids if value is not None]


def program(mk: Marketo, name: str, channel: str = "Operational") -> int:
    sandbox = mk.sandbox_instance
    assert sandbox is not None
    return sandbox.admin.seed_program(SeedProgram(name, channel=channel)).program_id


def test_static_list_membership(mk: Marketo) -> None:
    ids = leads(mk, 5)
    pid = program(mk, "Lists Program")
    list_id = mk.assets.static_lists.create(name="VIPs", folder={"id": pid, "type": "Program"}).id
    assert list_id is not None
    assert mk.lists.get(list_id).name == "VIPs"  # the asset API's list, same id
    assert [item.name for item in mk.lists.list(names=["VIPs"])] == ["VIPs"]
    added = mk.lists.add_leads(list_id, ids=[*ids[:4], 987654])
    assert [item.status for item in added] == ["added"] * 4 + ["skipped"]
    assert added[-1].reasons
    assert added[-1].reasons[0].code == "1004"
    members = mk.lists.leads(list_id, fields=["email"], page_size=2).to_list()
    assert [lead.id for lead in members] == ids[:4]
    assert mk.stats.by_operation["getLeadsByListIdUsingGET_1"] == 2
    check = mk.lists.is_member(list_id, ids=[ids[0], ids[4]])
    assert [item.status for item in check] == ["memberof", "notmemberof"]
    tunnelled = mk.lists.is_member(list_id, input=[{"id": ids[1]}])
    assert tunnelled[0].status == "memberof"
    removed = mk.lists.remove_leads(list_id, ids=[ids[0], ids[4]])
    assert [item.status for item in removed] == ["removed", "skipped"]
    assert removed[1].reasons
    assert removed[1].reasons[0].code == "1015"
    memberships = mk.leads.list_membership(ids[1]).to_list()
    assert [item.list_id for item in memberships] == [list_id]
    with pytest.raises(NotFoundError):
        mk.lists.get(424242)


def test_program_member_statuses_follow_the_progression(mk: Marketo) -> None:
    ids = leads(mk, 3)
    pid = program(mk, "Webinar Program", channel="Online Advertising")
    registered = mk.program_members.sync_status(
        pid, status_name="Registered", input=[{"leadId": i} for i in ids]
    )
    assert [item.status for item in registered] == ["updated"] * 3
    attended = mk.leads.change_program_status(pid, status="Attended", input=[{"id": ids[0]}])
    assert attended[0].status == "updated"
    backwards = mk.program_members.sync_status(
        pid, status_name="Invited", input=[{"leadId": ids[0]}]
    )
    assert backwards[0].status == "skipped"
    assert backwards[0].reasons
    assert backwards[0].reasons[0].code == "1037"
    with pytest.raises(APIError) as unknown:
        mk.program_members.sync_status(pid, status_name="Partying", input=[{"leadId": ids[1]}])
    assert unknown.value.code == 1025

    mk.program_members.create_fields(
        input=[{"name": "seat", "displayName": "Seat", "dataType": "string"}]
    )
    written = mk.program_members.sync_data(pid, input=[{"leadId": ids[0], "seat": "A7"}])
    assert written[0].status == "updated"
    found = mk.program_members.list(
        pid, filter_type="reachedSuccess", filter_values=["true"], fields=["seat", "statusName"]
    ).to_list()
    assert [(m.lead_id, m.model_extra) for m in found] == [
        (ids[0], {"seat": "A7", "statusName": "Attended"})
    ]
    by_program = mk.leads.list_by_program(pid).to_list()
    assert sorted(lead.id for lead in by_program if lead.id) == sorted(ids)
    assert by_program[0].membership is not None
    membership = mk.leads.program_membership(ids[0]).to_list()
    assert membership[0].progression_status == "Attended"
    assert membership[0].reached_success is True
    deleted = mk.program_members.delete(pid, input=[{"leadId": ids[2]}, {"leadId": 99}])
    assert [item.status for item in deleted] == ["deleted", "skipped"]
    assert "seat" in {field.name for field in mk.program_members.fields()}
    assert mk.program_members.describe().dedupe_fields == ["leadId", "programId"]
