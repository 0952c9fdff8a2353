"""``marketo-ops sandbox``: run, reset, seed or inspect the local Marketo sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .application import EXIT_USAGE, App, pass_app
from .validate import parse_vars

if TYPE_CHECKING:
    from marketo_ops.sandbox import SandboxAdminError

SEED_NOTE = (
    "Sandbox only: this stands in for a program imported through Marketo's UI. Marketo's REST "
    "API cannot write smart lists or flows; a real instance gets them from a person or by "
    "cloning such a program."
)
DB_HELP = "SQLite file of the sandbox [default: $MARKETO_OPS_SANDBOX_DB or the user data dir]."


def _db_path(db: Path | None) -> Path:
    from marketo_ops.sandbox import default_db_path

    return db if db is not None else default_db_path()


@click.group("sandbox")
def sandbox() -> None:
    """Run, reset, seed or inspect the local Marketo sandbox (a Marketo Engage emulator).

    Every command that is not given a real instance targets this sandbox's database.
    """


@sandbox.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind (loopback by default).",
)
@click.option(
    "--port",
    default=8787,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free).",
)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option(
    "--client-id", help="Client id the identity endpoint accepts [default: sandbox-client-id]."
)
@click.option("--client-secret", help="Client secret it accepts [default: sandbox-client-secret].")
@click.option(
    "--latency", metavar="MS[-MS]", help="Added latency per call, fixed or a random range."
)
@click.option(
    "--rate-limit",
    metavar="N/SECONDS",
    help="Sliding-window limit answered with 606 (Marketo: 100/20).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    help="Calls in flight answered with 615 past it (Marketo: 10).",
)
@click.option(
    "--daily-quota", type=click.IntRange(min=1), help="Calls per day answered with 607 past it."
)
@click.option(
    "--faults",
    metavar="CODE=RATE,...",
    help="Injected faults: 604 606 608 611 615 713 719 502 503 drop truncate.",
)
@click.option(
    "--fault-seed", type=int, default=0, show_default=True, help="Seed for faults and latency."
)
@click.option(
    "--mcp/--no-mcp",
    default=True,
    show_default=True,
    help="Serve Marketo's MCP server at /mcp; --no-mcp: a subscription without it (403).",
)
@click.option(
    "--log-requests",
    "log_requests",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Append every API call to FILE as JSON lines (secrets redacted).",
)
@pass_app
def serve(  # noqa: PLR0917 - one parameter per option, as click calls it
    app: App,
    host: str,
    port: int,
    db: Path | None,
    client_id: str | None,
    client_secret: str | None,
    latency: str | None,
    rate_limit: str | None,
    concurrency: int | None,
    daily_quota: int | None,
    faults: str | None,
    fault_seed: int,
    mcp: bool,
    log_requests: Path | None,
) -> None:
    """Serve the sandbox over HTTP until Ctrl-C; prints its base URL and credentials.

    Its web console (programs, campaigns, email previews, the request log) is at the base URL.
    """
    from marketo_ops.sandbox import (
        Sandbox,
        SandboxConfig,
        parse_faults,
        parse_latency,
        parse_rate_limit,
    )
    from marketo_ops.sandbox.console import console_url
    from marketo_ops.sandbox.server import serve as run_server

    try:
        defaults = SandboxConfig()
        config = SandboxConfig(
            client_id=client_id or defaults.client_id,
            client_secret=client_secret or defaults.client_secret,
            latency=parse_latency(latency) if latency else None,
            rate_limit=parse_rate_limit(rate_limit) if rate_limit else None,
            concurrency_limit=concurrency,
            daily_quota=daily_quota,
            faults=parse_faults(faults) if faults else {},
            fault_seed=fault_seed,
            # A served sandbox hands out file URLs on the host it is reached on, so that
            # another process (an importer comparing images) can download them.
            public_url=None,
            mcp=mcp,
            request_log=str(log_requests) if log_requests else None,
        )
    except ValueError as exc:
        app.abort(str(exc), EXIT_USAGE)
    path = _db_path(db)
    try:
        box = Sandbox(path, config)
    except OSError as exc:
        app.abort(f"Cannot open {exc.filename or path}: {exc.strerror or exc}")
    terminal = app.terminal

    def ready(url: str) -> None:
        # A local development sandbox: showing its own credentials is the point of this output.
        terminal.text(f"Marketo sandbox listening on {url}")
        terminal.text(f"  REST API:      {url}/rest")
        terminal.text(f"  Identity:      {url}/identity")
        terminal.text(
            f"  MCP server:    {url}/mcp (munchkin id {box.munchkin_id})"
            if mcp
            else "  MCP server:    not enabled (--no-mcp: /mcp answers 403)"
        )
        terminal.text(f"  Client ID:     {config.client_id}")
        terminal.text(f"  Client secret: {config.client_secret}")
        terminal.text(f"  Database:      {path}")
        terminal.text(f"  Files:         {url}/rs/sandbox/images/<name>")
        terminal.text(f"  Console:       {console_url(url)}")
        if log_requests:
            terminal.text(f"  Request log:   {log_requests} (JSON lines)")
        for label, text in config.describe_behaviour():
            terminal.text(f"  {label + ':':<14} {text}")
        terminal.out.file.flush()
        terminal.info("Press Ctrl-C to stop.")

    try:
        run_server(box, host, port, ready)
    except KeyboardInterrupt:
        pass  # uvicorn shut down gracefully, then re-raised the Ctrl-C it captured
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        if exc.code not in (0, None):
            app.abort(f"Could not serve on {host}:{port} (is the port in use?)")
    finally:
        box.close()
    terminal.info("Sandbox stopped.")


@sandbox.command("reset")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@pass_app
def reset(app: App, db: Path | None) -> None:
    """Forget every asset and start from a freshly seeded instance."""
    from marketo_ops.sandbox import Sandbox

    path = _db_path(db)
    with Sandbox(path) as box:
        box.reset()
    app.terminal.success(f"Sandbox reset: {path}")


@sandbox.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all", "show_all", is_flag=True, help="List every operation, not only the totals.")
@pass_app
def coverage(app: App, as_json: bool, show_all: bool) -> None:
    """Which operations of the official Marketo specs the sandbox implements."""
    from marketo_ops.sandbox.coverage import coverage as rows
    from marketo_ops.sandbox.coverage import summary

    if as_json:
        app.terminal.json(
            {
                "summary": {
                    spec: {"implemented": done, "total": total}
                    for spec, (done, total) in summary().items()
                },
                "operations": [
                    {
                        "spec": row.spec,
                        "operationId": row.operation_id,
                        "method": row.method,
                        "path": row.path,
                        "implemented": row.implemented,
                    }
                    for row in rows()
                ],
            }
        )
        return
    if show_all:
        for row in rows():
            mark = "yes" if row.implemented else "no "
            app.terminal.text(
                f"{mark}  {row.spec:<8} {row.method:<6} {row.path}  ({row.operation_id})"
            )
    for spec, (done, total) in summary().items():
        app.terminal.text(f"{spec:<8} {done:>3}/{total:<3} operations implemented")


@sandbox.command("seed")
@click.argument("template_ref", metavar="TEMPLATE")
@click.option(
    "--name", "program_name", metavar="NAME", help="Program name [default: the template's]."
)
@click.option(
    "--folder",
    default="Marketing Activities/Default",
    show_default=True,
    metavar="PATH",
    help="Marketing Activities folder that receives the program.",
)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help=DB_HELP)
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME=VALUE",
    callback=parse_vars,
    help="Fill the naming variable {{ NAME }} (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (ids by name).")
@pass_app
def seed(  # noqa: PLR0917 - one parameter per option, as click calls it
    app: App,
    template_ref: str,
    program_name: str | None,
    folder: str,
    db: Path | None,
    variables: dict[str, str],
    as_json: bool,
) -> None:
    """Build a template's program in the sandbox with its smart lists and flows (sandbox only).

    Stands in for a program an admin imported once through Marketo's UI: Marketo's REST API
    cannot write smart-list rules or flow steps, so this writes them straight into the
    sandbox's store. Import from it with 'marketo-ops import TEMPLATE --seed NAME', which clones
    it the way a real instance would. TEMPLATE is a template folder or a built-in's short name.
    """
    import sqlite3
    from dataclasses import asdict

    from marketo_ops.sandbox import Sandbox, SandboxAdminError, seed_template
    from marketo_ops.sandbox.seeding import seed_campaign
    from marketo_ops.templates import ProgramTemplate, TemplateError, resolve_template

    try:
        template = ProgramTemplate.load(resolve_template(template_ref))
    except TemplateError as exc:
        app.abort(str(exc))
    if variables:
        template = template.with_vars(variables)
    if program_name:
        template = template.renamed(name=program_name)
    path = _db_path(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        box = Sandbox(path)
    except (OSError, sqlite3.Error) as exc:
        app.abort(f"Cannot open the sandbox database {path}: {exc}")
    with box:
        try:
            seeded = seed_template(box, template, folder=folder)
        except TemplateError as exc:
            app.abort(str(exc))
        except SandboxAdminError as exc:
            app.abort(_seed_refusal(exc, template.name, folder))
    if as_json:
        app.terminal.json(
            {"database": str(path), "folder": folder, **asdict(seeded), "note": SEED_NOTE}
        )
        return
    out = app.terminal
    out.text(f"Seeded program '{seeded.name}' (id {seeded.program_id}) in {folder}")
    out.text(f"  Database:        {path}")
    if seeded.folders:
        out.text(f"  Folders:         {', '.join(seeded.folders)}")
    if template.program.tokens:
        out.text(f"  My Tokens:       {len(template.program.tokens)}")
    for label, ids in (("Files", seeded.files), ("Email templates", seeded.email_templates)):
        for name, asset_id in ids.items():
            shown = seeded.renamed.get(name, name)
            note = f" (kept both: '{name}' already existed)" if name in seeded.renamed else ""
            out.text(f"  {label + ':':<16} {shown} (id {asset_id}){note}")
    for email in template.emails:
        state = "approved" if email.approve else "draft"
        out.text(f"  {'Email:':<16} {email.name} (id {seeded.emails[email.name]}, {state})")
    if template.smart_campaigns:
        out.text("  Smart campaigns:")
    for campaign in template.smart_campaigns:
        shape = seed_campaign(campaign)
        out.text(
            f"    {campaign.name} (id {seeded.campaigns[campaign.name]}): "
            f"{_count(len(shape.triggers), 'trigger')}, {_count(len(shape.filters), 'filter')}, "
            f"{_count(len(shape.flow), 'flow step')}, {'active' if shape.active else 'inactive'}"
        )
    out.text(SEED_NOTE)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _seed_refusal(exc: SandboxAdminError, program: str, folder: str) -> str:
    """What went wrong, in the words of the rule that refused it, and what to do about it."""
    code, message = exc.code, exc.message.rstrip(".")
    hint = ""
    if code == 709 and "already exists" in message:
        hint = " Choose another name with --name, or start over with 'marketo-ops sandbox reset'."
    elif code in (710, 711):
        hint = f" Check --folder ({folder!r}): it must be a Marketing Activities folder."
    return f"Cannot seed '{program}': [{code}] {message}.{hint}"
