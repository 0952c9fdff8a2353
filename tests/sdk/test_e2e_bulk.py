"""End to end through the SDK against the in-process sandbox: bulk exports and imports with real
CSV files on disk.

The sandbox moves jobs along by its clock and the SDK waits on the same manual clock, so the
queue waits, polling and processing times of Marketo happen without real sleeping.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketo_ops import AsyncMarketo, ManualClock, Marketo
from marketo_ops.errors import HTTPStatusError, InvalidRequestError, QueueFullError
from marketo_ops.resources.ext.bulk import (
    BulkJobError,
    ExportProgress,
    ImportProgress,
    Polling,
    split_csv,
)
from marketo_ops.sandbox import SandboxConfig, SeedProgram
from marketo_ops.sandbox.domain import bulk as bulk_domain
from marketo_ops.sandbox.timefmt import parse_datetime

FAST = Polling(interval=1.0, factor=2.0, max_interval=8.0, timeout=3600.0)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=parse_datetime("2027-03-10T12:00:00Z") or 0.0)


@pytest.fixture
def mk(clock: ManualClock) -> Iterator[Marketo]:
    with Marketo.sandbox(clock=clock, config=SandboxConfig(validate_responses=True)) as client:
        yield client


WINDOW = {"startAt": "2027-03-01T00:00:00Z", "endAt": "2027-03-31T00:00:00Z"}


def seed_leads(mk: Marketo, count: int) -> list[int]:
    records = [
        {"email": f"lead{index:04d}@example.com", "firstName": f"F{index}", "company": "Acme"}
        for index in range(count)
    ]
    ids = mk.leads.sync_all(records).raise_for_skipped().ids
    return [value for value in ids if value is not None]


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter=delimiter))


def test_lead_export_streams_a_verified_file(mk: Marketo, tmp_path: Path) -> None:
    seed_leads(mk, 120)
    events: list[ExportProgress] = []
    result = mk.bulk.leads.exports.run(
        fields=["id", "email", "firstName", "title"],
        filter={"createdAt": WINDOW},
        to=tmp_path / "leads.csv",
        column_header_names={"email": "Email Address"},
        progress=events.append,
        polling=FAST,
    )
    rows = read_csv(result.path)
    assert rows[0] == ["id", "Email Address", "firstName", "title"]
    assert len(rows) == 121
    assert result.records == 120
    assert rows[1][1:] == ["lead0000@example.com", "F0", "null"]  # Marketo writes null
    content = result.path.read_bytes()
    assert result.size == len(content) == result.job.file_size
    assert result.checksum == hashlib.sha256(content).hexdigest() == result.job.file_checksum
    assert not (tmp_path / "leads.csv.part").exists()
    statuses = [event.status for event in events]
    assert statuses[0] == "Created"
    assert "Queued" in statuses
    assert "Completed" in statuses
    assert statuses[-1] == "Done"
    assert events[-1].bytes_written == result.size
    assert mk.stats.by_operation["getExportLeadsFileUsingGET"] == 1


def test_export_waits_for_a_full_queue_and_refuses_long_ranges(mk: Marketo, tmp_path: Path) -> None:
    seed_leads(mk, 5)
    exports = mk.bulk.leads.exports
    for _ in range(10):  # 2 processing + 8 queued: the queue is full
        job = exports.create(fields=["id"], filter={"createdAt": WINDOW})
        exports.enqueue(str(job.export_id))
    extra = exports.create(fields=["id"], filter={"createdAt": WINDOW})
    with pytest.raises(QueueFullError, match="Too many jobs in queue"):
        mk.with_options(max_retries=0).bulk.leads.exports.enqueue(str(extra.export_id))
    events: list[ExportProgress] = []
    result = exports.run(
        fields=["id", "email"],
        filter={"createdAt": WINDOW},
        to=tmp_path / "waited.csv",
        progress=events.append,
        polling=FAST,
    )
    assert result.records == 5
    assert mk.stats.errors["QueueFullError"] >= 2  # refused while full, then accepted
    assert listed_statuses(mk) >= {"Completed"}

    long_range = {"startAt": "2027-01-01T00:00:00Z", "endAt": "2027-03-01T00:00:00Z"}
    with pytest.raises(InvalidRequestError, match="31 days") as refused:
        exports.create(fields=["id"], filter={"createdAt": long_range})
    assert refused.value.code == 1003


def listed_statuses(mk: Marketo) -> set[str]:
    return {str(job.status) for job in mk.bulk.leads.exports.list()}


def test_daily_export_quota_is_an_error_not_a_wait(mk: Marketo, tmp_path: Path) -> None:
    seed_leads(mk, 3)
    store = mk.sandbox_instance.store if mk.sandbox_instance else None
    assert store is not None
    store.set_meta(bulk_domain.QUOTA_META_KEY, "10")  # benchmark-sized quota: 10 bytes
    mk.bulk.leads.exports.run(
        fields=["id"], filter={"createdAt": WINDOW}, to=tmp_path / "a.csv", polling=FAST
    )
    with pytest.raises(QueueFullError, match="Export daily quota exceeded"):
        mk.with_options(max_retries=0).bulk.leads.exports.run(
            fields=["id"], filter={"createdAt": WINDOW}, to=tmp_path / "b.csv", polling=FAST
        )


def test_download_resumes_with_a_range_request(mk: Marketo, tmp_path: Path) -> None:
    seed_leads(mk, 50)
    exports = mk.bulk.leads.exports
    job = exports.create(fields=["id", "email"], filter={"createdAt": WINDOW})
    exports.enqueue(str(job.export_id))
    mk._clock.sleep(30)  # type: ignore[attr-defined]  # let the job complete
    full = exports.file(str(job.export_id))
    target = tmp_path / "resumed.csv"
    Path(str(target) + ".part").write_bytes(full[:100])  # an interrupted earlier download
    result = exports.download(str(job.export_id), target)
    assert target.read_bytes() == full
    assert result.checksum == hashlib.sha256(full).hexdigest()
    assert exports.file(str(job.export_id), byte_range="bytes=0-9") == full[:10]
    cancelled = exports.create(fields=["id"], filter={"createdAt": WINDOW})
    assert exports.cancel(str(cancelled.export_id)).status == "Cancelled"
    with pytest.raises(BulkJobError):
        exports.download(str(cancelled.export_id), tmp_path / "never.csv")


def test_activity_exports_leave_out_delete_lead(mk: Marketo, tmp_path: Path) -> None:
    """Adobe's Bulk Activity Extract: "The Delete Lead activity is not supported (use the Get
    Deleted Leads endpoint instead)"; a job asking for every type, or for type 37, has none."""
    ids = seed_leads(mk, 2)
    mk.leads.delete(ids=[ids[0]])
    everything = mk.bulk.activities.exports.run(
        filter={"createdAt": WINDOW}, to=tmp_path / "all.csv", polling=FAST
    )
    types = {row[3] for row in read_csv(everything.path)[1:]}
    assert "12" in types  # New Lead
    assert "37" not in types
    only_deletes = mk.bulk.activities.exports.run(
        filter={"createdAt": WINDOW, "activityTypeIds": [37]},
        to=tmp_path / "deletes.csv",
        polling=FAST,
    )
    assert only_deletes.records == 0
    assert read_csv(only_deletes.path)[1:] == []


def test_activity_program_member_and_custom_object_exports(mk: Marketo, tmp_path: Path) -> None:
    ids = seed_leads(mk, 4)
    sandbox = mk.sandbox_instance
    assert sandbox is not None
    program_id = sandbox.admin.seed_program(SeedProgram("Export Program")).program_id
    mk.program_members.sync_status(
        program_id, status_name="Member", input=[{"leadId": i} for i in ids[:3]]
    )
    activities = mk.bulk.activities.exports.run(
        filter={"createdAt": WINDOW, "activityTypeIds": [104]},
        to=tmp_path / "activities.csv",
        polling=FAST,
    )
    rows = read_csv(activities.path)
    assert rows[0][:4] == ["marketoGUID", "leadId", "activityDate", "activityTypeId"]
    assert {row[3] for row in rows[1:]} == {"104"}
    assert activities.records == 3
    # Adobe's Bulk Activity Extract file: ``attributes`` is one JSON object of name -> value,
    # read as ETL clients (Singer's tap-marketo, Airbyte's source) read it.
    with activities.path.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    flattened = []
    for record in records:
        attributes = json.loads(record["attributes"])
        flattened.append(
            {key.lower().replace(" ", "_"): value for key, value in attributes.items()}
        )
    assert {item["new_status"] for item in flattened} == {"Member"}
    assert all(item["new_status_id"] == 1 for item in flattened)  # numbers stay numbers
    assert all(item["acquired_by"] is False for item in flattened)  # booleans stay booleans
    assert sorted(item["program_member_id"] for item in flattened) == sorted(ids[:3])

    members = mk.bulk.program_members.exports.run(
        fields=["leadId", "email", "statusName"],
        filter={"programId": program_id},
        to=tmp_path / "members.tsv",
        format="TSV",
        polling=FAST,
    )
    assert read_csv(members.path, "\t")[1][1:] == ["lead0000@example.com", "Member"]

    mk.custom_object_types.sync(api_name="car_c", display_name="Car")
    mk.custom_object_types.add_fields(
        "car_c",
        input=[
            {"name": "vin", "displayName": "VIN", "dataType": "string", "isDedupeField": True},
            {
                "name": "leadId",
                "displayName": "Owner",
                "dataType": "link",
                "relatedTo": {"name": "Lead", "field": "id"},
            },
        ],
    )
    mk.custom_object_types.approve("car_c")
    mk.custom_objects.sync("car_c", input=[{"vin": "V1", "leadId": ids[0]}])
    cars = mk.bulk.custom_objects.exports.run(
        "car_c",
        fields=["vin", "leadId"],
        filter={"updatedAt": WINDOW},
        to=tmp_path / "cars.csv",
        polling=FAST,
    )
    assert read_csv(cars.path)[1] == ["V1", str(ids[0])]


def test_lead_import_splits_files_and_returns_typed_failures(mk: Marketo, tmp_path: Path) -> None:
    mk.leads.sync_all([{"email": "lead0001@example.com", "firstName": "Old"}])
    sandbox = mk.sandbox_instance
    assert sandbox is not None
    program_id = sandbox.admin.seed_program(SeedProgram("Import Program")).program_id
    list_id = mk.assets.static_lists.create(
        name="Imported", folder={"id": program_id, "type": "Program"}
    ).id
    source = tmp_path / "leads.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "firstName", "numberOfEmployees", "title"])
        for index in range(200):
            writer.writerow([f"lead{index:04d}@example.com", f"Name, {index}", index, "Engineer"])
        writer.writerow(["bad@example.com", "Bad", "lots", ""])  # not an integer
        writer.writerow(["", "NoEmail", "1", ""])  # no lookup value
        writer.writerow(["long@example.com", "Long", "2", "x" * 300])  # cut to 255: a warning
    events: list[ImportProgress] = []
    result = mk.bulk.leads.imports.run(
        source, list_id=list_id, max_file_bytes=4096, progress=events.append, polling=FAST
    )
    parts = len(list(split_csv(source, max_bytes=4096)))
    assert parts > 1
    assert len(result.jobs) == parts
    assert len(set(result.batch_ids)) == parts
    assert result.processed == 201
    assert result.failed == 2
    assert result.warned == 1
    assert [row.values["firstName"] for row in result.failures] == ["Bad", "NoEmail"]
    assert "numberOfEmployees" in result.failures[0].reason
    assert result.warnings[0].values["email"] == "long@example.com"
    assert "truncated" in result.warnings[0].reason
    assert {event.status for event in events} >= {"Queued", "Complete"}
    updated = mk.leads.get_by_filter_all("email", ["lead0001@example.com"], fields=["firstName"])
    assert [lead.model_extra["firstName"] for lead in updated] == ["Name, 1"]
    members = mk.lists.leads(list_id).to_list()
    assert len(members) == 201


def test_import_waits_for_the_queue_and_refuses_big_files(mk: Marketo, tmp_path: Path) -> None:
    imports = mk.bulk.leads.imports
    for index in range(10):  # fill the import queue (2 importing + 8 queued)
        imports.create(format="csv", file=f"email\nq{index}@example.com\n".encode())
    with pytest.raises(QueueFullError, match="Too many imports"):
        mk.with_options(max_retries=0).bulk.leads.imports.create(
            format="csv", file=b"email\nx@example.com\n"
        )
    source = tmp_path / "late.csv"
    source.write_text("email\nlate@example.com\n")
    result = imports.run(source, polling=FAST)
    assert result.processed == 1
    big = b"email\n" + b"a" * (10 * 1024 * 1024)
    with pytest.raises(HTTPStatusError) as too_big:
        mk.with_options(max_retries=0).bulk.leads.imports.create(format="csv", file=big)
    assert too_big.value.status_code == 413


def test_program_member_and_custom_object_imports(mk: Marketo, tmp_path: Path) -> None:
    sandbox = mk.sandbox_instance
    assert sandbox is not None
    program_id = sandbox.admin.seed_program(SeedProgram("Members Program")).program_id
    source = tmp_path / "members.csv"
    source.write_text("email,firstName\nm1@example.com,M1\nm2@example.com,M2\n")
    result = mk.bulk.program_members.imports.run(program_id, source, status="Member", polling=FAST)
    assert result.processed == 2
    found = mk.program_members.list(
        program_id, filter_type="statusName", filter_values=["Member"]
    ).to_list()
    assert len(found) == 2

    mk.custom_object_types.sync(api_name="pet_c", display_name="Pet")
    mk.custom_object_types.add_fields(
        "pet_c",
        input=[
            {"name": "tag", "displayName": "Tag", "dataType": "string", "isDedupeField": True},
            {"name": "age", "displayName": "Age", "dataType": "integer"},
        ],
    )
    mk.custom_object_types.approve("pet_c")
    pets = tmp_path / "pets.csv"
    pets.write_text("tag,age\nT1,3\nT2,old\n")
    imported = mk.bulk.custom_objects.imports.run("pet_c", pets, polling=FAST)
    assert imported.processed == 1
    assert imported.failed == 1
    assert imported.failures[0].values == {"tag": "T2", "age": "old"}
    records = mk.custom_objects.list("pet_c", filter_type="tag", filter_values=["T1"]).to_list()
    assert len(records) == 1


def test_split_csv_keeps_the_header_and_quoted_newlines(tmp_path: Path) -> None:
    source = tmp_path / "quoted.csv"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "note"])
        for index in range(30):
            writer.writerow([f"n{index}@example.com", f"line one\nline two {index}"])
    parts = list(split_csv(source, max_bytes=300))
    assert len(parts) > 1
    rows = []
    for part in parts:
        assert len(part) <= 300
        parsed = list(csv.reader(io.StringIO(part.decode())))
        assert parsed[0] == ["email", "note"]
        rows.extend(parsed[1:])
    assert len(rows) == 30
    assert rows[5][1] == "line one\nline two 5"


@pytest.mark.anyio
async def test_async_export_and_import(clock: ManualClock, tmp_path: Path) -> None:
    async with AsyncMarketo.sandbox(
        clock=clock, config=SandboxConfig(validate_responses=True)
    ) as amk:
        source = tmp_path / "async.csv"
        source.write_text("email,firstName\na1@example.com,A\na2@example.com,B\n")
        imported = await amk.bulk.leads.imports.run(source, polling=FAST)
        assert imported.processed == 2
        result = await amk.bulk.leads.exports.run(
            fields=["email", "firstName"],
            filter={"createdAt": WINDOW},
            to=tmp_path / "async-out.csv",
            polling=FAST,
        )
        assert result.records == 2
        assert read_csv(result.path)[1:] == [["a1@example.com", "A"], ["a2@example.com", "B"]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
