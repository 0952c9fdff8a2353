"""API calls of ``marketo-ops export`` on a 50-email / 50-campaign program, and the peer.

The program: 50 approved emails on one email template (the OP-Lead Management alert's HTML and
sections) and 50 active trigger campaigns with a trigger, a filter and a 3-step flow, in two
folders, with the OP-Lead Management tokens, built through the sandbox's admin surface (as a
person would in the UI). The export runs on an in-process sandbox with Marketo's limits (100 calls
/ 20 s, 10 in flight) on a manual clock, through a client keeping its default 50 calls / 20 s
and 5 in flight. The peer, measured in the same run on the same program: reading the same assets
one call per asset (each email and campaign by id, then each email's content and each campaign's
smart list), which is what an export without list calls would spend before any detail.

    python -m benchmarks.export_calls [--emails 50] [--campaigns 50]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

from marketo_ops import Marketo
from marketo_ops._clock import ManualClock
from marketo_ops.sandbox import (
    Sandbox,
    SandboxConfig,
    SeedCampaign,
    SeedEmail,
    SeedProgram,
    SeedToken,
)
from marketo_ops.templates import ProgramTemplate, replace_image_refs, resolve_template

PROGRAM = "Bench Export Program"


def build(sandbox: Sandbox, emails: int, campaigns: int) -> None:
    template = ProgramTemplate.load(resolve_template("op-lead-management"))
    html = replace_image_refs(
        template.email_template_html(template.email_templates[0]), {"Quick Start Logo": ""}
    )
    alert = template.emails[0]
    sections = template.email_content(alert)
    template_id = sandbox.admin.add_email_template("Bench Email Template", html)
    sandbox.admin.seed_program(
        SeedProgram(
            name=PROGRAM,
            folders=["Emails", "Campaigns"],
            tokens=[
                SeedToken(token.name, template.token_value(token), token.type)
                for token in template.program.tokens
            ],
            emails=[
                SeedEmail(
                    name=f"Email {index:02}",
                    template=template_id,
                    folder="Emails",
                    subject=alert.subject or "",
                    from_name="Marketing Operations",
                    from_email="marketing-ops@example.com",
                    reply_email="marketing-ops@example.com",
                    sections=sections,
                    approve=True,
                )
                for index in range(emails)
            ],
            campaigns=[
                SeedCampaign(
                    name=f"Campaign {index:02}",
                    folder="Campaigns",
                    triggers=[
                        {
                            "name": "Score is Changed",
                            "conditions": [
                                {
                                    "activityAttributeName": "New Score",
                                    "operator": "at least",
                                    "values": ["{{my.MQL Score Threshold}}"],
                                }
                            ],
                        }
                    ],
                    filters=[{"name": "Email Address", "operator": "is not empty"}],
                    flow=[
                        {
                            "action": "Change Program Status",
                            "params": {"New Status": "Operational - Member"},
                        },
                        {"action": "Send Alert", "params": {"Email": f"Email {index:02}"}},
                        {"action": "Sync Person to SFDC", "params": {}},
                    ],
                    active=True,
                )
                for index in range(campaigns)
            ],
        )
    )


def per_asset(client: Marketo) -> int:
    """The peer: every asset read by id, then its detail (what has no list call)."""
    counting = client.counting()
    assets = counting.assets
    program = assets.programs.get_by_name(name=PROGRAM)
    assert program is not None
    assert program.id is not None
    where = {"id": program.id, "type": "Program"}
    email_ids = [e.id for e in assets.emails.list(folder=where) if e.id is not None]
    campaign_ids = [c.id for c in assets.smart_campaigns.list(folder=where) if c.id is not None]
    before = counting.stats.calls
    for email_id in email_ids:
        assets.emails.get(email_id)
        assets.emails.content(email_id)
    for campaign_id in campaign_ids:
        assets.smart_campaigns.get(campaign_id)
        assets.smart_campaigns.smart_list(campaign_id, include_rules=True)
        counting.mcp.get_smart_campaign_flow_steps(campaign_id)
    return counting.stats.calls - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=50)
    parser.add_argument("--campaigns", type=int, default=50)
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}", file=sys.stderr)
    clock = ManualClock()
    with Sandbox(":memory:", SandboxConfig.marketo_defaults(), clock=clock) as sandbox:
        build(sandbox, args.emails, args.campaigns)
        with Marketo.sandbox(sandbox) as client, tempfile.TemporaryDirectory() as folder:
            started, simulated = time.perf_counter(), clock.monotonic()
            result = client.importer.export(PROGRAM, Path(folder) / "bench")
            seconds, waited = time.perf_counter() - started, clock.monotonic() - simulated
            raw = result.template.raw
            print(
                f"exported: {len(raw.emails)} emails, {len(raw.smart_campaigns)} campaigns "
                f"({sum(len(c.flow) for c in raw.smart_campaigns)} flow steps), "
                f"{len(raw.program.tokens)} tokens, {len(raw.email_templates)} email template; "
                f"placeholders: {len(result.placeholders)}; valid: {not result.template.errors()}"
            )
            print(f"export: {result.calls} calls, {seconds:.2f} s wall, {waited:.0f} s simulated")
            for operation, count in sorted(result.calls_by_operation.items()):
                print(f"  {count:4}  {operation}")
            peer = per_asset(client)
            print(f"peer, one call per asset (by id, then its detail): {peer} calls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
