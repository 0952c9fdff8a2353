"""How fast the sandbox console answers on a 1,000-asset instance (target: under 100 ms a page).

The instance: 30 programs in Marketing Activities/Default with 2 folders, 5 My Tokens, 8
approved emails and 10 active trigger campaigns each (600 assets), and one large program with 2
folders, 150 emails and 248 campaigns (400 assets): 1,000 local assets and 31 programs, built
through the sandbox's admin surface. Emails use one email template (the OP-Lead Management alert's
HTML, ~6 KB per version); campaigns have a trigger, a filter and a 3-step flow. The lead
database holds 300 people (one sync batch), and 1,000 API calls fill the request log to its
in-memory capacity.

Every page is fetched over real HTTP from the sandbox served on loopback (uvicorn in a thread, as
``marketo-ops sandbox serve``), ``--rounds`` times after a warm-up; the peer in the same run is
an ordinary API call (``GET /rest/asset/v1/programs.json?maxReturn=200``, the 31 programs) on the
same server. Exits 1 when a page's median reaches the target.

    python -m benchmarks.console_pages [--rounds 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import httpx

from marketo_ops.sandbox import (
    Sandbox,
    SeedCampaign,
    SeedEmail,
    SeedProgram,
    SeedToken,
)
from marketo_ops.sandbox.server import serve_in_thread
from marketo_ops.templates import ProgramTemplate, replace_image_refs, resolve_template

LAYOUT = [(f"Bench Program {number:03}", 8, 10) for number in range(30)] + [
    ("Bench Program Large", 150, 248)
]
"""(program name, emails, campaigns); each program also has two folders."""
TARGET_MS = 100.0


def build(sandbox: Sandbox) -> dict[str, int]:
    """The 1,000-asset instance; returns ids of one program, campaign and email to visit."""
    template = ProgramTemplate.load(resolve_template("op-lead-management"))
    html = replace_image_refs(
        template.email_template_html(template.email_templates[0]), {"Quick Start Logo": ""}
    )
    alert = template.emails[0]
    sections = {
        key: replace_image_refs(value, {}) for key, value in template.email_content(alert).items()
    }
    admin = sandbox.admin
    template_id = admin.add_email_template("Bench Email Template", html)
    picked: dict[str, int] = {}
    for name, emails, campaigns in LAYOUT:
        seeded = admin.seed_program(
            SeedProgram(
                name=name,
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
                            {"action": "Change Program Status", "params": {"New Status": "Member"}},
                            {"action": "Send Alert", "params": {"Email": f"Email {index:02}"}},
                            {"action": "Sync Person to SFDC", "params": {}},
                        ],
                        active=True,
                    )
                    for index in range(campaigns)
                ],
            )
        )
        key = "large" if name.endswith("Large") else "program"
        picked[key] = seeded.program_id
        picked.setdefault("campaign", seeded.campaigns["Campaign 06"])
        picked.setdefault("email", seeded.emails["Email 05"])
    assets = sandbox.store.execute(
        "SELECT COUNT(*) FROM assets WHERE program_id IS NOT NULL"
        " AND json_type(data, '$.owner') IS NULL"
    )[0][0]
    print(f"instance: {assets} assets in {len(LAYOUT)} programs", file=sys.stderr)
    return picked


def people(client: httpx.Client, count: int = 300) -> int:
    body = client.post(
        "/rest/v1/leads.json",
        json={
            "input": [
                {"email": f"person{n}@example.com", "firstName": f"First{n}", "lastName": "Bench"}
                for n in range(count)
            ]
        },
    ).json()
    return int(body["result"][0]["id"])


def timed(client: httpx.Client, path: str, rounds: int) -> tuple[float, float, float, int]:
    """(median, p95, max) in ms and the body size of ``rounds`` GETs after a warm-up."""
    for _ in range(3):
        client.get(path).raise_for_status()
    samples = []
    size = 0
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, samples[-1], size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs,"
        f" {args.rounds} requests per page",
        file=sys.stderr,
    )
    with Sandbox(":memory:") as sandbox:
        ids = build(sandbox)
        with serve_in_thread(sandbox) as url, httpx.Client(base_url=url, timeout=30) as client:
            token = client.get(
                "/identity/oauth/token",
                params={
                    "grant_type": "client_credentials",
                    "client_id": sandbox.client_id,
                    "client_secret": sandbox.client_secret,
                },
            ).json()["access_token"]
            api = httpx.Client(
                base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"}
            )
            lead = people(api)
            for _ in range(1000):
                api.get("/rest/asset/v1/program/byName.json", params={"name": "Bench Program 001"})
            pages = {
                "Marketing Activities tree": "/console/",
                "Design Studio tree": "/console/design-studio",
                "program page (20 assets)": f"/console/programs/{ids['program']}",
                "program page (400 assets)": f"/console/programs/{ids['large']}",
                "campaign page": f"/console/campaigns/{ids['campaign']}",
                "email page (person picked)": f"/console/emails/{ids['email']}?lead={lead}",
                "email preview (iframe)": f"/console/emails/{ids['email']}/preview?lead={lead}",
                "request log (200 of 1,000)": "/console/requests",
            }
            print(f"{'page':<30} {'median':>8} {'p95':>8} {'max':>8} {'size':>9}")
            worst = 0.0
            for label, path in pages.items():
                median, p95, top, size = timed(client, path, args.rounds)
                worst = max(worst, median)
                print(f"{label:<30} {median:6.1f}ms {p95:6.1f}ms {top:6.1f}ms {size / 1024:7.1f}KB")
            median, p95, top, size = timed(
                api, "/rest/asset/v1/programs.json?maxReturn=200", args.rounds
            )
            print(
                f"{'peer: API browse programs':<30} {median:6.1f}ms {p95:6.1f}ms {top:6.1f}ms"
                f" {size / 1024:7.1f}KB"
            )
            api.close()
    if worst >= TARGET_MS:
        print(f"a page's median reached {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
