"""Fixtures for the template tests: the repository's folders and small templates on disk."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILTIN_DIR = REPO_ROOT / "program_templates"
BROKEN_DIR = Path(__file__).resolve().parent / "broken"
BUILTIN_NAMES = ("lead-lifecycle", "lead-scoring", "op-lead-management")

EMAIL_TEMPLATE_HTML = """<!DOCTYPE html>
<html>
<body>
  <img src="{{image:Logo}}" alt="Logo">
  <div class="mktoText" id="headline" mktoName="Headline">Headline</div>
  <div class="mktoText" id="body" mktoName="Body">Body</div>
</body>
</html>
"""

LP_TEMPLATE_HTML = """<!DOCTYPE html>
<html>
<body>
  <div class="mktoText" id="headline" mktoName="Headline"><h1>Headline</h1></div>
  <div class="mktoText" id="body" mktoName="Body"><p>Body</p></div>
</body>
</html>
"""


def tiny_png() -> bytes:
    """A real 1x1 PNG, built the way the shipped images were."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x14\x36\x5d\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG_1X1 = tiny_png()

FULL_TEMPLATE = """\
format_version: 1
description: Everything the format can describe, once.
variables:
  region:
    description: Region served
    default: Global
    values: [Global, NA, EMEA, APAC]
  quarter:
    description: Quarter, e.g. Q3
    pattern: "Q[1-4]"
    default: Q1
program:
  name: "{{ region }} - {{ quarter }} - Webinar Follow-up"
  type: Default
  channel: Operational
  description: Follow-up for {{ region }}.
  statuses: [Not in Program, Member]
  tags:
    - tag_type: Region
      value: "{{ region }}"
  costs:
    - start_date: 2025-01-01
      cost: 1500
      note: Agency
  tokens:
    - name: Alert Recipients
      type: text
      value: sales@example.com
    - name: Score Bump
      type: score
      value: "+10"
    - name: Launch Date
      type: date
      value: 2025-03-01
    - name: Signature
      type: rich text
      file: tokens/signature.html
folders:
  - name: Campaigns
  - name: Assets
    folders:
      - name: Emails
smart_campaigns:
  - name: 01 - Follow Up
    folder: Campaigns
    qualification: once
    activate: true
    smart_list:
      triggers:
        - name: Fills Out Form
          conditions:
            - {attribute: Form Name, operator: is, values: [any], primary: true}
      filters:
        - name: Email Address
          conditions:
            - {attribute: Email Address, operator: is not empty, primary: true}
        - name: Visited Web Page
          rule_type: Activity
          operator: occurs
          conditions:
            - {attribute: Web Page, operator: is, values: [Thank You], primary: true}
            - {attribute: Date of Activity, operator: in past, values: [30 days]}
      filter_logic: 1 or 2
    flow:
      - action: Send Email
        params:
          Email: 01 - Follow-up Email
      - action: Change Score
        params:
          Score Name: Person Score
          Change: "{{my.Score Bump}}"
      - action: Change Program Status
        params:
          Program: "{{ program }}"
          New Status: Operational - Member
emails:
  - name: 01 - Follow-up Email
    folder: Assets/Emails
    template: Basic Email
    subject: Thanks for joining, {{lead.First Name:default=friend}}
    from_name: Events Team
    from_email: events@example.com
    reply_to: "{{my.Alert Recipients}}"
    content:
      headline:
        html: Thanks for joining
      body:
        file: emails/body.html
    approve: true
email_templates:
  - name: Basic Email
    file: email.html
files:
  - name: Logo
    file: logo.png
landing_page_templates:
  - name: Basic Page
    file: page.html
landing_pages:
  - name: Thank You
    template: Basic Page
    folder: Assets
    title: Thank you
    content:
      body:
        html: <p>Thanks!</p>
snippets:
  - name: Legal Footer
    content:
      html: <p>Example Inc.</p>
rules:
  images: replace
"""

FULL_FILES: Mapping[str, str | bytes] = {
    "email.html": EMAIL_TEMPLATE_HTML,
    "page.html": LP_TEMPLATE_HTML,
    "logo.png": PNG_1X1,
    "emails/body.html": "<p>Here are the slides, {{lead.First Name}}.</p>\n",
    "tokens/signature.html": "<p>The Events Team</p>\n",
}

MakeTemplate = Callable[..., Path]


def write_template(
    folder: Path, program_yaml: str | bytes, files: Mapping[str, str | bytes] | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / "program.yaml"
    if isinstance(program_yaml, bytes):
        spec.write_bytes(program_yaml)
    else:
        spec.write_text(program_yaml, encoding="utf-8")
    for relative, content in (files or {}).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def make_template(tmp_path: Path) -> MakeTemplate:
    """Write a template folder under tmp_path: ``make_template(yaml, files, name="t")``."""

    def make(
        program_yaml: str | bytes = FULL_TEMPLATE,
        files: Mapping[str, str | bytes] | None = None,
        name: str = "template",
    ) -> Path:
        return write_template(tmp_path / name, program_yaml, FULL_FILES if files is None else files)

    return make


@pytest.fixture
def full_template(make_template: MakeTemplate) -> Path:
    """A valid template using every section of the format."""
    return make_template()


@pytest.fixture
def full_yaml() -> str:
    """program.yaml of ``full_template``, to derive variants from."""
    return FULL_TEMPLATE


@pytest.fixture
def full_files() -> dict[str, str | bytes]:
    return dict(FULL_FILES)


@pytest.fixture
def builtin_dir() -> Path:
    return BUILTIN_DIR


@pytest.fixture
def png_bytes() -> bytes:
    return PNG_1X1
