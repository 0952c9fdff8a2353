"""Verify of a 50-email / 50-campaign program: calls against the list-call minimum.

Issue 10's target: verifying a template of 50 emails and 50 smart campaigns costs at most 1.2x
the minimum a verify needs, where the minimum is one call per list or browse call that exists
for the kinds present (per page of 200: the program by name, its folder tree, its tokens, its
emails and their drafts (an approved email's pending draft is a difference), its campaigns, the
email template and the file by name, the template's content) plus one call per asset for what no
list returns: an email's content, a campaign's smart list (``smartList.json?includeRules=true``)
and, over MCP, its flow (``get_smart_campaign_flow_steps``).

The template is generated in a temp dir from the built-in OP-Lead Management: the same program,
tokens, logo and email template; 50 emails ("NN - Email - ALERT") in the "Email Alert" folder,
each with the original's fields and content; 50 campaigns in "Campaigns", alternately the
original's two (a "Person is Created" trigger and a CRM sync; a "Score is Changed" trigger with
constraints, a program status change, an alert with email NN, a CRM sync).

For each mode, REST only and with Marketo's MCP server (issue 12), a fresh sandbox is served as
a process with Marketo's limits behind the counting proxy; ``marketo-ops import TEMPLATE
--base-url PROXY --json --yes [--no-mcp]`` imports it, then ``marketo-ops verify TEMPLATE
--base-url PROXY --json [--no-mcp]`` reads the instance back. Both are separate processes, so
the proxy counts exactly what a user's commands send; verify's calls are read at the proxy.
The default pacing for a real instance applies (50 calls / 20 s), so the imports take a few
minutes of real time.

    python -m benchmarks.verify_large [--emails 50] [--campaigns 50]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from marketo_ops.templates import builtin_templates_dir

from .proxy import CountingProxy, Counts
from .served import (
    MARKETO_LIMITS,
    SCRIPT,
    cli_import,
    client_env,
    machine,
    served_sandbox,
)

TARGET_RATIO = 1.2
PAGE = 200  # maxReturn of the asset list calls


def large_template(directory: Path, emails: int, campaigns: int) -> Path:
    """OP-Lead Management with ``emails`` alert emails and ``campaigns`` smart campaigns."""
    path = directory / "op-lead-management-large"
    shutil.copytree(builtin_templates_dir() / "op-lead-management", path)
    spec_file = path / "program.yaml"
    spec: dict[str, Any] = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    spec["program"]["name"] = "OP-Lead Management Large"
    email, sync, qualified = (
        spec["emails"][0],
        spec["smart_campaigns"][0],
        spec["smart_campaigns"][1],
    )
    spec["emails"] = [{**email, "name": f"{n:02d} - Email - ALERT"} for n in range(1, emails + 1)]
    generated = []
    for n in range(1, campaigns + 1):
        model = yaml.safe_load(yaml.safe_dump(sync if n % 2 else qualified))  # a deep copy
        model["name"] = f"{n:02d} - {model['name'].split(' - ', 1)[1]}"
        for step in model["flow"]:
            if step["action"] == "Send Alert":
                step["params"]["Email"] = spec["emails"][(n - 1) % emails]["name"]
        generated.append(model)
    spec["smart_campaigns"] = generated
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def minimum(emails: int, campaigns: int, *, mcp: bool) -> dict[str, int]:
    """The fewest calls a verify can make: each list call once (per page), then per asset what
    no list returns."""
    return {
        "program by name": 1,
        "folder tree of the program (browse)": 1,
        "tokens": 1,
        "emails in the program (list)": math.ceil(emails / PAGE),
        "their drafts (list, status=draft)": math.ceil(emails / PAGE),
        "email template by name": 1,
        "email template content": 1,
        "file by name": 1,
        "smart campaigns in the program (list)": math.ceil(campaigns / PAGE),
        "email content, one per email": emails,
        "smart list with rules, one per campaign": campaigns,
        "flow steps over MCP, one per campaign": campaigns if mcp else 0,
    }


@dataclass
class Outcome:
    mode: str
    import_code: int
    import_calls: int
    import_seconds: float
    verify_code: int
    verify_counts: Counts
    verify_own: int
    verify_seconds: float
    minimum: dict[str, int]

    @property
    def ratio(self) -> float:
        return self.verify_counts.quota_calls / sum(self.minimum.values())

    @property
    def met(self) -> bool:
        consistent = self.verify_own == self.verify_counts.quota_calls
        ok = self.import_code == 0 and self.verify_code == 0 and consistent
        return ok and self.ratio <= TARGET_RATIO


def verify(
    template: Path, base_url: str, work: Path, *, mcp: bool, env: dict[str, str]
) -> tuple[int, int, float]:
    """``marketo-ops verify TEMPLATE --base-url URL --json``: exit code, own count, seconds."""
    command = [str(SCRIPT), "verify", str(template), "--base-url", base_url, "--json"]
    if not mcp:
        command.append("--no-mcp")
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=work, check=False)
    seconds = time.perf_counter() - started
    document = json.loads(done.stdout) if done.stdout.strip() else {}
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
    return done.returncode, int(document.get("calls", -1)), seconds


def measure(work: Path, template: Path, mcp: bool, emails: int, campaigns: int) -> Outcome:
    work.mkdir(parents=True)
    mode = "MCP" if mcp else "REST only"
    options = () if mcp else ("--no-mcp",)
    with (
        served_sandbox(work / "sandbox.sqlite3", *MARKETO_LIMITS, *options) as url,
        CountingProxy(url) as proxy,
    ):
        env = client_env(work, base_url=proxy.url, mcp=mcp)
        imported = cli_import(template, proxy.url, work, mcp=mcp, journal=work / "j.json", env=env)
        if imported.code != 0:
            print(f"{mode} import: exit {imported.code}\n{imported.stderr}", file=sys.stderr)
        before = proxy.counts()
        code, own, seconds = verify(template, proxy.url, work, mcp=mcp, env=env)
        counts = proxy.counts() - before
    return Outcome(
        mode=mode,
        import_code=imported.code,
        import_calls=int(imported.document.get("calls", -1)),
        import_seconds=imported.seconds,
        verify_code=code,
        verify_counts=counts,
        verify_own=own,
        verify_seconds=seconds,
        minimum=minimum(emails, campaigns, mcp=mcp),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=50)
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--detail", action="store_true", help="list verify's calls by operation")
    args = parser.parse_args()
    print(
        f"{machine()}; sandbox served with --rate-limit 100/20 --concurrency 10 behind the "
        f"counting proxy; template: {args.emails} emails, {args.campaigns} campaigns"
    )
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="marketo-ops-verify-") as tmp:
        template = large_template(Path(tmp), args.emails, args.campaigns)
        for mcp in (False, True):
            outcome = measure(
                Path(tmp) / ("mcp" if mcp else "rest"), template, mcp, args.emails, args.campaigns
            )
            outcomes.append(outcome)
    for o in outcomes:
        c = o.verify_counts
        print(
            f"\n{o.mode}: import exit {o.import_code}, {o.import_calls} calls, "
            f"{o.import_seconds:.1f} s"
        )
        print(
            f"  verify exit {o.verify_code}: {c.api} REST + {c.mcp_tools} MCP tool calls = "
            f"{c.quota_calls} (verify's own count {o.verify_own}), {o.verify_seconds:.1f} s"
        )
        print(
            f"  minimum {sum(o.minimum.values())}: "
            + ", ".join(f"{k} {v}" for k, v in o.minimum.items() if v)
        )
        print(f"  ratio {o.ratio:.2f}x (target <= {TARGET_RATIO}x): {'met' if o.met else 'MISSED'}")
        if args.detail:
            for operation, count in sorted(c.api_operations.items()):
                print(f"    {count:>3}  {operation}")
            for tool, count in sorted(c.mcp_tool_names.items()):
                print(f"    {count:>3}  tools/call {tool}")
    return 0 if all(o.met for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
