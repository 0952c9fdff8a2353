"""Which Marketo a command talks to: the embedded sandbox, or a real instance.

A real instance is one flag (``--profile`` or ``--base-url``) or three environment variables
(``MARKETO_BASE_URL``/``MARKETO_MUNCHKIN_ID``, ``MARKETO_CLIENT_ID``, ``MARKETO_CLIENT_SECRET``)
away; without them every command uses the embedded sandbox, whose state lives in one SQLite file
(``--sandbox-db`` or ``MARKETO_OPS_SANDBOX_DB``, default in the user data dir). The embedded
sandbox is served on a loopback port for the duration of the command
(``Marketo.sandbox(..., loopback=True)``), so the CLI always speaks Marketo's real wire format.
Client secrets are read from the environment or a profile only, never from the command line,
where other users of the machine could read them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .application import App

if TYPE_CHECKING:
    from marketo_ops import Marketo

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Target:
    profile: str | None = None
    base_url: str | None = None
    sandbox_db: Path | None = None
    named_sandbox: bool = False  # 'sandbox:PATH': the sandbox, whatever MARKETO_* says

    @property
    def is_sandbox(self) -> bool:
        from marketo_ops.config import env_has_credentials

        if self.named_sandbox:
            return True
        return not (self.profile or self.base_url or env_has_credentials())

    def sandbox_path(self) -> Path:
        from marketo_ops.sandbox import default_db_path

        return self.sandbox_db or default_db_path()

    def describe(self) -> str:
        if self.is_sandbox:
            return f"embedded sandbox ({self.sandbox_path()})"
        if self.profile:
            return f"profile {self.profile!r}"
        from marketo_ops.config import resolve_settings

        try:
            return resolve_settings(base_url=self.base_url).base_url
        except Exception:
            return self.base_url or "instance from MARKETO_* environment variables"


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A base URL or munchkin id, refused as a usage error when it is neither."""
    if value is None:
        return None
    from marketo_ops.config import normalise_base_url

    try:
        normalise_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


def target_options(command: F) -> F:
    """Add --profile, --base-url and --sandbox-db; the command receives ``target: Target``."""

    options = [
        click.option(
            "--sandbox-db",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar="MARKETO_OPS_SANDBOX_DB",
            help="SQLite file of the embedded sandbox (default: in the user data dir).",
        ),
        click.option(
            "--base-url",
            envvar="MARKETO_BASE_URL",
            callback=_check_base_url,
            help="A real instance: REST base URL or munchkin id "
            "(credentials from MARKETO_CLIENT_ID / MARKETO_CLIENT_SECRET).",
        ),
        click.option(
            "--profile",
            envvar="MARKETO_PROFILE",
            help="A real instance from a profile of the config file.",
        ),
    ]
    for option in options:
        command = option(command)
    return command


def target_from(params: dict[str, Any]) -> Target:
    """Pop the target options from a command's parameters."""
    return Target(
        profile=params.pop("profile", None),
        base_url=params.pop("base_url", None),
        sandbox_db=params.pop("sandbox_db", None),
    )


SANDBOX_PREFIX = "sandbox:"
_MUNCHKIN_ID = re.compile(r"\d{3}-[A-Za-z]{3}-\d{3}")


def parse_target(text: str) -> Target:
    """A TARGET as ``copy`` takes it: ``sandbox:PATH`` (a sandbox database file), a base URL or
    munchkin id (credentials from MARKETO_CLIENT_ID / MARKETO_CLIENT_SECRET), else the name of
    a profile of the config file. Raises ValueError for a target that is none of them."""
    value = text.strip()
    if not value:
        raise ValueError("an empty target; give a profile name, a base URL or sandbox:PATH")
    if value.startswith(SANDBOX_PREFIX):
        path = value[len(SANDBOX_PREFIX) :].strip()
        if not path:
            raise ValueError("'sandbox:' needs the path of a sandbox database, e.g. sandbox:a.db")
        return Target(sandbox_db=Path(path).expanduser(), named_sandbox=True)
    if "://" in value or _MUNCHKIN_ID.fullmatch(value):
        from marketo_ops.config import normalise_base_url

        normalise_base_url(value)  # ValueError for a URL Marketo cannot have
        return Target(base_url=value)
    if "/" in value or value.endswith((".db", ".sqlite", ".sqlite3")):
        raise ValueError(
            f"'{value}' looks like a file; write sandbox:{value} for a sandbox database"
        )
    return Target(profile=value)


def same_instance(first: Target, second: Target) -> bool:
    """Whether two targets name one instance (one sandbox file, one profile, one URL)."""
    if first.is_sandbox and second.is_sandbox:
        return first.sandbox_path().resolve() == second.sandbox_path().resolve()
    return first.describe() == second.describe()


class TargetType(click.ParamType[Target]):
    """A click parameter type for TARGET (a bad one is a usage error)."""

    name = "TARGET"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Target:
        if isinstance(value, Target):
            return value
        try:
            return parse_target(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def say_waits(client: Marketo) -> Callable[[], None]:
    """Print one line on standard error whenever the rate limiter makes the command wait."""

    def waiting(seconds: float, reason: str) -> None:
        message = f"Waiting {seconds:.1f} s for {reason}"
        ctx = click.get_current_context(silent=True)
        app = ctx.find_object(App) if ctx is not None else None
        if app is not None:
            app.terminal.info(message)
        else:
            click.echo(message, err=True)

    return client.limiter.add_wait_listener(waiting)


SQLITE_HEADER = b"SQLite format 3\x00"


def check_sandbox_db(path: Path, *, given: bool) -> None:
    """Refuse a sandbox file that is not a SQLite database, or whose folder does not exist.

    The default file's folder (the user data dir) is created; a folder the user named is not,
    since a typo there would otherwise silently start an empty sandbox somewhere new.
    """
    hint = "'--sandbox-db' / MARKETO_OPS_SANDBOX_DB"
    if path.is_dir():
        raise click.BadParameter(f"{path} is a directory, not a database file", param_hint=hint)
    if not path.parent.is_dir():
        if given:
            raise click.BadParameter(
                f"the folder of {path} does not exist (create it first)", param_hint=hint
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise click.BadParameter(
                f"{path} is not a sandbox database (not a SQLite file)", param_hint=hint
            )


@contextmanager
def connect(target: Target) -> Iterator[Marketo]:
    """A client of the target; the embedded sandbox is served on loopback meanwhile.

    Waits for Marketo's rate limit are announced on standard error, never silent.
    """
    from marketo_ops import Marketo
    from marketo_ops.config import INSTANCE_CALLS_PER_WINDOW, INSTANCE_MAX_CONCURRENCY

    if not target.is_sandbox:
        with Marketo(base_url=target.base_url, profile=target.profile) as client:
            stop_saying = say_waits(client)
            try:
                yield client
            finally:
                stop_saying()
        return

    from marketo_ops.sandbox import Sandbox, SandboxConfig

    path = target.sandbox_path()
    check_sandbox_db(path, given=target.sandbox_db is not None)
    try:
        sandbox = Sandbox(db=path, config=SandboxConfig.marketo_defaults())  # Marketo's limits
    except sqlite3.DatabaseError as exc:
        raise click.BadParameter(
            f"{path} cannot be used as the sandbox's database: {exc}",
            param_hint="'--sandbox-db'",
        ) from None
    try:
        # Real HTTP on loopback, as to Marketo. The sandbox has no other integration to share
        # its limits with, so the CLI may use all of them.
        with Marketo.sandbox(
            sandbox,
            loopback=True,
            rate_limit_calls=INSTANCE_CALLS_PER_WINDOW,
            max_concurrency=INSTANCE_MAX_CONCURRENCY,
        ) as client:
            # a new loopback port each run: journals name the sandbox by its file instead
            client.importer.instance = f"sandbox:{path.resolve()}"
            stop_saying = say_waits(client)
            try:
                yield client
            finally:
                stop_saying()
    finally:
        sandbox.close()
