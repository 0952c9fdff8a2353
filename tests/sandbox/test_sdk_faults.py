"""Injected faults, met through the SDK: every call still succeeds and no asset is duplicated.

Each fault kind is injected at a seeded rate into every API call of a small import-like
workload (programs, folders, an email template, emails: creates with lookups, approvals,
listings). Afterwards the instance must hold exactly the assets asked for: a retry may never
create a second copy. Faults that leave the work done but the answer lost (``truncate``) must be
recovered by looking the asset up, not by creating it again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.errors import TransientError
from marketo_ops.sandbox import FaultRule, Sandbox, SandboxConfig
from marketo_ops.types.asset import FolderRef

from .conftest import TEMPLATE_HTML

MA_DEFAULT = "Marketing Activities/Default"
EMAIL_TEMPLATES = "Design Studio/Default/Emails/Templates"

# fault kind -> (rate, the error class the SDK saw and retried)
FAULTS = {
    "604": (0.3, "TransientError"),
    "608": (0.3, "TransientError"),
    "611": (0.15, "TransientError"),  # retried at most once per call, so a lower rate
    "713": (0.3, "TransientError"),
    "719": (0.3, "TransientError"),
    "http502": (0.3, "HTTPStatusError"),
    "http503": (0.3, "HTTPStatusError"),
    "drop": (0.3, "APIConnectionError"),
    "606": (0.3, "RateLimitError"),
    "615": (0.3, "ConcurrencyLimitError"),
}


def faulty_sandbox(*rules: FaultRule, faults: dict[str, float] | None = None) -> Sandbox:
    config = SandboxConfig(
        validate_responses=True, faults=faults or {}, fault_rules=rules, fault_seed=1
    )
    return Sandbox(":memory:", config, clock=ManualClock())


@pytest.fixture(params=sorted(FAULTS))
def fault(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def faulty(fault: str) -> Iterator[Sandbox]:
    box = faulty_sandbox(faults={fault: FAULTS[fault][0]})
    yield box
    box.close()


def run_workload(client: Marketo, sandbox: Sandbox, programs: int = 4) -> None:
    """What an import does: Design Studio first, then programs with a folder and an email."""
    marketing = {"id": sandbox.admin.folder(MA_DEFAULT).id, "type": "Folder"}
    templates = {"id": sandbox.admin.folder(EMAIL_TEMPLATES).id, "type": "Folder"}
    template = client.assets.email_templates.create(
        name="Workload Template", folder=templates, content=TEMPLATE_HTML.encode()
    )
    client.assets.email_templates.approve(template.id)
    for number in range(programs):
        program = client.assets.programs.create(
            name=f"Workload {number}", folder=marketing, type="Default", channel="Operational"
        )
        parent = FolderRef(id=program.id, type="Program")
        folder = client.assets.folders.create(name="Emails", parent=parent)
        assert folder.folder_id is not None
        client.assets.emails.create(
            name=f"Email {number}",
            folder=folder.folder_id,
            template=template.id,
            subject="Hi",
            from_name="Ops",
            from_email="ops@example.com",
            reply_email="ops@example.com",
        )


def assert_exactly_the_workload(client: Marketo, programs: int = 4) -> None:
    """Counted by listing, as a user would check: every asset once, none twice."""
    assert Counter(p.name for p in client.assets.programs.list()) == Counter(
        f"Workload {n}" for n in range(programs)
    )
    assert Counter(e.name for e in client.assets.emails.list()) == Counter(
        f"Email {n}" for n in range(programs)
    )
    named = [t.name for t in client.assets.email_templates.list() if t.name == "Workload Template"]
    assert named == ["Workload Template"]
    for number in range(programs):
        program = client.assets.programs.get_by_name(name=f"Workload {number}")
        assert program is not None
        inside = client.assets.folders.list(root={"id": program.id, "type": "Program"})
        assert [f.name for f in inside if f.name == "Emails"] == ["Emails"]


def test_each_fault_is_retried_without_duplicates(fault: str, faulty: Sandbox) -> None:
    with Marketo.sandbox(faulty, max_retries=8) as client:
        run_workload(client, faulty)
        seen = client.stats.errors[FAULTS[fault][1]]
        assert seen > 0, f"the seeded {fault} faults never hit; raise the rate or change the seed"
        assert client.stats.retries >= seen
        assert_exactly_the_workload(client)  # read back through the same faults


def test_truncated_create_is_recovered_by_the_lookup() -> None:
    """The program is created, the answer is cut: the SDK finds it instead of creating another."""
    box = faulty_sandbox(FaultRule("truncate", 1.0, operation="createProgramUsingPOST"))
    try:
        with Marketo.sandbox(box) as client:
            folder = {"id": box.admin.folder(MA_DEFAULT).id, "type": "Folder"}
            created = client.assets.programs.create(
                name="Cut Short", folder=folder, type="Default", channel="Operational"
            )
            assert created.name == "Cut Short"
            assert client.stats.by_operation["createProgramUsingPOST"] == 1  # never re-sent
            assert client.stats.by_operation["getProgramByNameUsingGET"] == 1  # the lookup
            assert client.stats.errors["APIConnectionError"] == 1
            assert [p.name for p in client.assets.programs.list()] == ["Cut Short"]
            assert [p.id for p in client.assets.programs.list()] == [created.id]
    finally:
        box.close()


def test_611_is_retried_only_once() -> None:
    box = faulty_sandbox(FaultRule("611", 1.0, operation="getChannelByNameUsingGET"))
    try:
        with Marketo.sandbox(box) as client:
            with pytest.raises(TransientError) as caught:
                client.assets.channels.get_by_name(name="Operational")
            assert caught.value.code == 611
            assert client.stats.by_operation["getChannelByNameUsingGET"] == 2
            assert client.stats.retries == 1
    finally:
        box.close()


@pytest.mark.anyio
async def test_async_client_recovers_a_truncated_create_and_gateway_errors() -> None:
    box = faulty_sandbox(
        FaultRule("truncate", 1.0, operation="createFolderUsingPOST"),
        faults={"http502": 0.4},
    )
    try:
        async with AsyncMarketo.sandbox(box, max_retries=8) as client:
            marketing = {"id": box.admin.folder(MA_DEFAULT).id, "type": "Folder"}
            made = [
                await client.assets.folders.create(name=f"Region {n}", parent=marketing)
                for n in range(4)
            ]
            assert [f.name for f in made] == [f"Region {n}" for n in range(4)]
            assert client.stats.by_operation["createFolderUsingPOST"] == 4  # none re-sent
            assert client.stats.errors["HTTPStatusError"] > 0
            listing = client.assets.folders.list(root=marketing, max_depth=1)
            names = [f.name async for f in listing]
        assert Counter(n for n in names if n.startswith("Region ")) == Counter(
            f"Region {n}" for n in range(4)
        )
    finally:
        box.close()
