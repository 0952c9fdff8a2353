"""The program and its emails' fields, against what Marketo accepts."""

from __future__ import annotations

import datetime as dt

from ..marketo_facts import (
    ANY_TOKEN_RE,
    CHANNEL_PROGRAM_TYPES,
    CHANNEL_STATUSES,
    DATE_RE,
    EMAIL_ADDRESS_RE,
    PREHEADER_MAX_LENGTH,
    PROGRAM_TYPES,
    SCORE_MAX,
    SCORE_MIN,
    SCORE_RE,
)
from ..placeholders import VARIABLE_RE
from .context import CheckContext
from .references import did_you_mean


def check_program(ctx: CheckContext) -> None:
    program = ctx.spec.program
    if program.type not in PROGRAM_TYPES:
        ctx.error(
            ("program", "type"),
            "unknown-program-type",
            f"program type '{program.type}' is not a Marketo program type"
            f"{did_you_mean(program.type, PROGRAM_TYPES)}; use one of: " + ", ".join(PROGRAM_TYPES),
        )
    applies_to = CHANNEL_PROGRAM_TYPES.get(program.channel)
    if applies_to and program.type in PROGRAM_TYPES and program.type not in applies_to:
        ctx.error(
            ("program", "channel"),
            "channel-type",
            f"channel '{program.channel}' applies to {' or '.join(applies_to)} programs, not "
            f"{program.type} programs; choose a channel for {program.type} programs",
        )
    known_statuses = CHANNEL_STATUSES.get(program.channel)
    if known_statuses:
        for i, status in enumerate(program.statuses):
            if status not in known_statuses:
                ctx.error(
                    ("program", "statuses", i),
                    "unknown-status",
                    f"channel '{program.channel}' has no status '{status}'; its statuses are: "
                    + ", ".join(known_statuses),
                )
    for i, tag in enumerate(program.tags):
        if not tag.tag_type.strip() or not tag.value.strip():
            ctx.error(("program", "tags", i), "empty-tag", "a tag needs a tag_type and a value")
    for i, token in enumerate(program.tokens):
        if token.value is None or VARIABLE_RE.search(token.value):
            continue
        problem = _token_value_problem(token.type, token.value)
        if problem:
            ctx.error(("program", "tokens", i, "value"), "token-value", problem)


def _token_value_problem(kind: str, value: str) -> str | None:
    text = value.strip()
    if kind == "date":
        if not DATE_RE.fullmatch(text):
            return f"a date token needs a value like 2025-01-31 (yyyy-MM-dd), got '{value}'"
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return f"'{value}' is not a real date"
    elif kind == "number":
        try:
            float(text)
        except ValueError:
            return f"a number token needs a number, got '{value}'"
    elif kind == "score" and not (SCORE_RE.fullmatch(text) and SCORE_MIN <= int(text) <= SCORE_MAX):
        return f"a score token needs a whole number such as +10, -5 or 20, got '{value}'"
    return None


def check_emails(ctx: CheckContext) -> None:
    for i, email in enumerate(ctx.spec.emails):
        for field in ("from_email", "reply_to"):
            address = getattr(email, field)
            if address is None or VARIABLE_RE.search(address):
                continue
            address = address.strip()
            if not (ANY_TOKEN_RE.match(address) or EMAIL_ADDRESS_RE.fullmatch(address)):
                ctx.error(
                    ("emails", i, field),
                    "invalid-email-address",
                    f"'{address}' is neither an email address nor a token like "
                    "{{my.From Address}}",
                )
        if email.preheader is not None and len(email.preheader) > PREHEADER_MAX_LENGTH:
            ctx.error(
                ("emails", i, "preheader"),
                "text-too-long",
                f"preheader is {len(email.preheader)} characters long; Marketo allows at most "
                f"{PREHEADER_MAX_LENGTH}",
            )
        if email.approve and not (email.subject or "").strip():
            ctx.error(
                ("emails", i, "approve"),
                "cannot-approve",
                f"email '{email.name}' has no subject, so Marketo will not approve it",
            )
