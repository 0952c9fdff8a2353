"""Tokens filled in as Marketo's preview fills them, for the console's email and page previews.

* ``{{my.Name}}``: the program's My Tokens, and those it inherits from its folders (the nearest
  definition wins); values go in as written, since rich-text tokens are HTML;
* ``{{lead.Field}}`` and ``{{company.Field}}``: a field of the sample person picked from the lead
  database, named by its display name (``First Name``), REST name (``firstName``) or SOAP name;
  ``:default=text`` is used when the person has no value; values are data, so they are escaped
  in HTML;
* ``{{program.name}}`` and ``{{program.id}}``.

Anything else (``{{system.date}}``, ``{{trigger...}}``, a lead token without a picked person
and without a default) stays as written and is listed, so the admin sees what a real send would
still have to fill.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Final

from ..domain import leads, tokens
from ..store.db import Row, Store

TOKEN: Final = re.compile(
    r"\{\{\s*(?P<scope>[A-Za-z]+)\.(?P<name>[^{}:]+?)\s*"
    r"(?::\s*default\s*=\s*(?P<default>[^{}]*?)\s*)?\}\}"
)
LEAD_SCOPES: Final = frozenset({"lead", "company"})


@dataclass
class Person:
    """The sample person a preview is personalised for."""

    id: int
    label: str
    values: dict[str, str]
    """Field values by lower-cased display, REST and SOAP names."""


@dataclass
class Personalizer:
    my: dict[str, str] = field(default_factory=dict)
    """My Tokens by lower-cased name."""
    person: Person | None = None
    program: Row | None = None
    unresolved: list[str] = field(default_factory=list)

    def fill(self, text: str, *, in_html: bool) -> str:
        """``text`` with every token it can fill filled; the others noted in ``unresolved``."""

        def replace(match: re.Match[str]) -> str:
            value = self._value(match)
            if value is None:
                if match.group(0) not in self.unresolved:
                    self.unresolved.append(match.group(0))
                return match.group(0)
            return value

        def replace_escaped(match: re.Match[str]) -> str:
            value = replace(match)
            scope = match["scope"].lower()
            return html.escape(value) if in_html and scope in LEAD_SCOPES | {"program"} else value

        return TOKEN.sub(replace_escaped, text)

    def _value(self, match: re.Match[str]) -> str | None:
        scope, name, default = match["scope"].lower(), match["name"].strip(), match["default"]
        if scope == "my":
            return self.my.get(name.lower())
        if scope in LEAD_SCOPES:
            if self.person is not None:
                found = self.person.values.get(name.lower())
                if found not in (None, ""):
                    return found
                return default if default is not None else ""
            return default
        if scope == "program" and self.program is not None:
            return {"name": self.program.name, "id": str(self.program.id)}.get(name.lower())
        return None


def my_tokens(store: Store, container: Row | None) -> list[dict[str, Any]]:
    """Tokens visible from a program or folder (its own first, then inherited ones)."""
    return tokens.visible(store, container) if container is not None else []


def for_container(store: Store, container: Row | None, person: Person | None) -> Personalizer:
    """A personalizer for assets living in ``container`` (a program, or one of its folders)."""
    program = None
    if container is not None:
        program_id = container.id if container.kind == "program" else container.program_id
        program = store.get("program", program_id) if program_id is not None else None
    return Personalizer(
        my={token["name"].lower(): str(token["value"]) for token in my_tokens(store, container)},
        person=person,
        program=program,
    )


def sample_person(store: Store, lead_id: int | None) -> Person | None:
    """The person with this id, with field values by every name a token may use."""
    if lead_id is None:
        return None
    lead = leads.get(store, lead_id)
    if lead is None:
        return None
    values: dict[str, str] = {}
    for definition in leads.schema(store).values():
        value = lead.value(definition.name)
        if value is None:
            continue
        text = str(value)
        soap = definition.data.get("soap")
        names = [definition.display_name, definition.name]
        if isinstance(soap, dict) and soap.get("name"):
            names.append(str(soap["name"]))
        for each in names:
            values.setdefault(each.lower(), text)
    return Person(lead_id, person_label(lead_id, values), values)


def person_label(lead_id: int, values: dict[str, Any]) -> str:
    """``Ada Lovelace <ada@example.com> (#12)``, or whatever parts the person has."""
    name = " ".join(str(part) for part in (values.get("firstname"), values.get("lastname")) if part)
    email = values.get("email")
    parts = [part for part in (name, f"<{email}>" if email else "") if part]
    return " ".join([*parts, f"(#{lead_id})"])


_FILE_URL: Final = re.compile(r"https?://[^/\s\"'<>]+/rs/", re.IGNORECASE)


def with_public_files(source: str, public_url: str | None, base_url: str) -> str:
    """File URLs name a landing-page host (the sandbox's stable ``http://sandbox.mktorest.local``
    or the host it was served on when the file was made), which a browser may not reach now;
    previews load every ``/rs/...`` file from the server showing them instead."""
    del public_url  # any landing-page host is this sandbox's: the path names the file
    return _FILE_URL.sub(base_url.rstrip("/") + "/rs/", source)
