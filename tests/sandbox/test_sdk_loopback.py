"""The CLI's way of running the sandbox: served on a loopback port, the SDK speaking real HTTP.

``serve_in_thread`` is what every CLI command without a real instance uses, so the SDK must work
over it exactly as over the in-process transport: identity, form and multipart bodies, the
envelope, errors, and faults that really cut the socket.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.errors import NameConflictError
from marketo_ops.sandbox import FaultRule, Sandbox, SandboxConfig, seed_template
from marketo_ops.sandbox.server import serve_in_thread
from marketo_ops.templates import ProgramTemplate, resolve_template
from marketo_ops.types.asset import FolderRef

from .conftest import TEMPLATE_HTML


@pytest.fixture
def served(sandbox: Sandbox) -> Iterator[Marketo]:
    with (
        serve_in_thread(sandbox) as url,
        Marketo(
            base_url=url, client_id=sandbox.client_id, client_secret=sandbox.client_secret
        ) as client,
    ):
        assert url.startswith("http://127.0.0.1:")
        yield client


def test_sdk_over_real_http(served: Marketo) -> None:
    marketing = served.assets.folders.get_by_path("Marketing Activities/Default")
    templates = served.assets.folders.get_by_path("Design Studio/Default/Emails/Templates")
    assert marketing is not None
    assert marketing.folder_id is not None
    assert templates is not None
    assert templates.folder_id is not None
    program = served.assets.programs.create(
        name="Over HTTP", folder=marketing.folder_id, type="Default", channel="Operational"
    )
    template = served.assets.email_templates.create(  # multipart
        name="HTTP Template", folder=templates.folder_id, content=TEMPLATE_HTML.encode()
    )
    served.assets.email_templates.approve(template.id)
    email = served.assets.emails.create(
        name="HTTP Email",
        folder=FolderRef(id=program.id, type="Program"),
        template=template.id,
        subject="Hi",
        from_name="Ops",
        from_email="ops@example.com",
        reply_email="ops@example.com",
    )
    assert served.assets.emails.get(email.id).template == template.id
    with pytest.raises(NameConflictError):
        served.assets.programs.create(
            name="Over HTTP", folder=marketing.folder_id, type="Default", channel="Operational"
        )
    assert [p.name for p in served.assets.programs.list()] == ["Over HTTP"]


def test_seeded_rules_read_back_over_http(sandbox: Sandbox, served: Marketo) -> None:
    seeded = seed_template(sandbox, ProgramTemplate.load(resolve_template("op-lead-management")))
    campaign_id = seeded.campaigns["02 - Marketing Qualified"]
    smart_list = served.assets.smart_campaigns.smart_list(campaign_id, include_rules=True)
    assert smart_list.rules is not None
    assert smart_list.rules.triggers is not None
    assert len(smart_list.rules.triggers) == 1
    assert served.assets.smart_campaigns.get(campaign_id).is_active is True


def test_a_cut_socket_after_a_create_is_recovered_over_http() -> None:
    config = SandboxConfig(
        fault_rules=(FaultRule("truncate", 1.0, operation="createFolderUsingPOST"),)
    )
    with (
        Sandbox(":memory:", config) as box,
        serve_in_thread(box) as url,
        Marketo(
            base_url=url,
            client_id=box.client_id,
            client_secret=box.client_secret,
            clock=ManualClock(),  # the back-off before the lookup takes no real time
        ) as client,
    ):
        parent = {"id": box.admin.folder("Marketing Activities/Default").id, "type": "Folder"}
        made = client.assets.folders.create(name="Cut Over HTTP", parent=parent)
        assert made.name == "Cut Over HTTP"
        assert client.stats.by_operation["createFolderUsingPOST"] == 1
        names = [f.name for f in client.assets.folders.list(root=parent, max_depth=1)]
        assert names.count("Cut Over HTTP") == 1
