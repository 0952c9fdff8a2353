"""End to end through the SDK against the in-process sandbox: leads.

``sync_all`` batches, per-record outcomes with their reasons (never hidden in a success),
queries by more filter values than one call takes, the lead field schema, partitions, merge,
delete, and the async twins. The clock is manual, so no test waits for real.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketo_ops import AsyncMarketo, ManualClock, Marketo
from marketo_ops.errors import InvalidRequestError, NotFoundError
from marketo_ops.resources.ext.leads import SkippedRecordsError
from marketo_ops.sandbox import SandboxConfig


@pytest.fixture
def mk() -> Iterator[Marketo]:
    with Marketo.sandbox(
        clock=ManualClock(), config=SandboxConfig(validate_responses=True)
    ) as client:
        yield client


def people(count: int, start: int = 0, domain: str = "example.com") -> list[dict[str, str]]:
    return [
        {"email": f"person{index:05d}@{domain}", "firstName": f"P{index}", "lastName": "Test"}
        for index in range(start, start + count)
    ]


def test_sync_of_10000_leads_takes_34_calls() -> None:
    # Response validation is off here: the count of calls is what is measured.
    with Marketo.sandbox(clock=ManualClock()) as mk:
        results = mk.leads.sync_all(people(10_000))
        assert mk.stats.by_operation["syncLeadUsingPOST"] == 34
        assert results.calls == 34
        assert len(results) == 10_000
        assert [item.index for item in results] == list(range(10_000))
        assert {item.status for item in results} == {"created"}
        assert not results.skipped
        again = mk.leads.sync_all(people(10_000), action="updateOnly")
        assert {item.status for item in again} == {"updated"}
        assert again.ids == results.ids
        assert mk.stats.by_operation["syncLeadUsingPOST"] == 68


def test_skipped_records_are_surfaced_with_reasons(mk: Marketo) -> None:
    created = mk.leads.sync_all(people(3))
    assert [item.status for item in created] == ["created"] * 3
    records = [
        {"email": "person00000@example.com"},  # exists: createOnly skips it (1005)
        {"email": "new@example.com", "firstName": "New"},
        {"email": "other@example.com", "favouriteBand": "x"},  # unknown field (1006)
        {"email": "count@example.com", "numberOfEmployees": "many"},  # bad value (1003)
    ]
    results = mk.leads.sync_all(records, action="createOnly")
    assert [item.status for item in results] == ["skipped", "created", "skipped", "skipped"]
    assert [item.index for item in results.skipped] == [0, 2, 3]
    assert results.skipped[0].reasons[0].code == "1005"
    assert results.skipped[0].reason == "1005: Lead already exists"
    assert results.skipped[1].reasons[0].code == "1006"
    assert results.skipped[2].reasons[0].code == "1003"
    assert results.skipped[0].record == records[0]
    with pytest.raises(SkippedRecordsError, match=r"3 record"):
        results.raise_for_skipped()

    missing = mk.leads.sync_all([{"email": "nobody@example.com"}], action="updateOnly")
    assert missing.skipped[0].reasons[0].code == "1004"

    mk.leads.sync_all([{"email": "dup@example.com"}] * 2, action="createDuplicate")
    ambiguous = mk.leads.sync_all([{"email": "dup@example.com", "title": "x"}])
    assert ambiguous.skipped[0].reasons[0].code == "1007"

    with pytest.raises(InvalidRequestError) as refused:
        mk.leads.sync(input=people(301))  # the generated call: Marketo's 300-record limit
    assert refused.value.code == 1003


def test_lookup_by_id_and_custom_fields(mk: Marketo) -> None:
    mk.leads.create_fields(
        input=[{"name": "shoeSize", "displayName": "Shoe Size", "dataType": "integer"}]
    )
    assert mk.leads.get_field("shoeSize").data_type == "integer"
    ids = mk.leads.sync_all(people(2)).ids
    updated = mk.leads.sync_all(
        [{"id": ids[0], "shoeSize": 44}], action="updateOnly", lookup_field="id"
    )
    assert updated[0].status == "updated"
    lead = mk.leads.get(ids[0], fields=["email", "shoeSize"])
    assert lead.model_extra == {"email": "person00000@example.com", "shoeSize": 44}
    assert "shoeSize" in {field.name for field in mk.leads.describe2().fields or []}
    with pytest.raises(NotFoundError):
        mk.leads.get(999_999)
    with pytest.raises(InvalidRequestError, match=r"not found"):
        mk.leads.get(ids[0], fields=["noSuchField"])


def test_get_by_filter_all_splits_values_and_pages(mk: Marketo) -> None:
    domain = "a-rather-long-domain-name-for-a-long-query-string.example.com"
    mk.leads.sync_all(people(650, domain=domain))
    emails = [f"person{index:05d}@{domain}" for index in range(650)]
    found = list(
        mk.leads.get_by_filter_all("email", [*emails, "absent@example.com"], page_size=100)
    )
    assert len(found) == 650
    assert {lead.model_extra["email"] for lead in found} == set(emails)
    # 651 values -> 3 queries of <= 300 values; pages of 100 -> 3 + 3 + 1 calls.
    assert mk.stats.by_operation["getLeadsByFilterUsingGET"] == 7

    few = list(mk.leads.get_by_filter_all("firstName", ["P1", "P2"], fields=["firstName"]))
    assert sorted(lead.model_extra["firstName"] for lead in few) == ["P1", "P2"]
    with pytest.raises(InvalidRequestError):
        list(mk.leads.get_by_filter_all("unsearchable", ["x"]))


def test_delete_merge_partitions_and_deleted_leads(mk: Marketo) -> None:
    ids = [item.id for item in mk.leads.sync_all(people(4))]
    assert ids[0] is not None
    assert ids[1] is not None
    mk.leads.sync_all([{"email": "person00001@example.com", "title": "CTO"}])
    mk.leads.merge(ids[0], losing_lead_id=ids[1])
    merged = mk.leads.get(ids[0], fields=["title"])
    assert merged.model_extra["title"] == "CTO"  # a blank of the winner filled from the loser
    with pytest.raises(NotFoundError):
        mk.leads.get(ids[1])
    outcome = mk.leads.delete(ids=[ids[2], 123456])
    assert [item.status for item in outcome] == ["deleted", "skipped"]
    assert [partition.name for partition in mk.partitions.list()] == ["Default"]
    assert mk.partitions.update(input=[{"id": ids[3], "partitionName": "Default"}])[0].status
    token = mk.activities.paging_token(since_datetime="2020-01-01")
    deleted = list(mk.activities.deleted_leads(start_token=token))
    assert [item.lead_id for item in deleted] == [ids[2]]


@pytest.mark.anyio
async def test_async_sync_all_and_filter() -> None:
    async with AsyncMarketo.sandbox(
        clock=ManualClock(), config=SandboxConfig(validate_responses=True)
    ) as amk:
        results = await amk.leads.sync_all(people(301), batch_size=150)
        assert results.calls == 3
        assert len(results.created) == 301
        found = [
            lead
            async for lead in amk.leads.get_by_filter_all(
                "email", [f"person{index:05d}@example.com" for index in range(301)]
            )
        ]
        assert len(found) == 301
        assert amk.stats.by_operation["getLeadsByFilterUsingGET"] == 2


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
