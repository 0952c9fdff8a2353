"""What Marketo accepts, as data, so the checks can tell a user before Marketo refuses.

Sources: the Asset API reference (program and workspace names "Max 255 characters", token names
"may not exceed 50 characters", preheader "max 1024 characters", the token data types), the
Asset API overview (names containing commas cannot be searched by name, and the importer finds
existing assets by name), Marketo Engage's "Add Images and Files to Marketo" (100 MB per file),
and the default channel set of a new Marketo subscription.
"""

from __future__ import annotations

import re

NAME_MAX_LENGTH = 255
TOKEN_NAME_MAX_LENGTH = 50
PREHEADER_MAX_LENGTH = 1024
SCORE_MIN, SCORE_MAX = -(2**31), 2**31 - 1

MEGABYTE = 1024 * 1024
FILE_MAX_BYTES = 100 * MEGABYTE
"""Marketo's limit for one image or file uploaded to Design Studio."""
TEXT_FILE_MAX_BYTES = 1 * MEGABYTE
"""Ours, for HTML and text files (templates, content, snippets, token values): Marketo states
none, but a real email or page is far below it (Gmail clips emails above 102 KB), and validation
must not read a runaway file into memory to find out."""
SPEC_FILE_MAX_BYTES = 2 * MEGABYTE
"""Ours, for program.yaml: the largest template shipped is under 20 KB."""

PROGRAM_TYPES = ("Default", "Event", "Event with Webinar", "Engagement", "Email")

CHANNEL_PROGRAM_TYPES: dict[str, tuple[str, ...]] = {
    "Operational": ("Default",),
    "Online Advertising": ("Default",),
    "List Import": ("Default",),
    "Web": ("Default",),
    "Content": ("Default",),
    "Nurture": ("Engagement",),
    "Email Send": ("Email",),
    "Email Blast": ("Email",),
    "Tradeshow": ("Event",),
    "Seminar": ("Event",),
    "Webinar": ("Event", "Event with Webinar"),
}
"""Channels a new subscription ships with, and the program types each applies to.

A channel applies to one program type; creating a program with a channel of another type is
refused. Instances add their own channels, so a channel missing here is not a finding: the
importer's preflight checks it against the destination.
"""

CHANNEL_STATUSES: dict[str, tuple[str, ...]] = {
    "Operational": ("Not in Program", "Member"),
}
"""Membership statuses of built-in channels whose progression is fixed and well known."""

FORBIDDEN_NAME_CHARACTERS: dict[str, str] = {
    ",": "the Asset API cannot look up names containing commas, so the importer could not "
    "find the asset again",
    "\t": "tabs are not allowed in Marketo names",
    "\n": "line breaks are not allowed in Marketo names",
    "\r": "line breaks are not allowed in Marketo names",
}

FLOW_ACTIONS = frozenset(
    {
        "Add Choice",
        "Add to Engagement Program",
        "Add to List",
        "Add to Opportunity",
        "Add to SFDC Campaign",
        "Call Webhook",
        "Change Account Owner",
        "Change Attribute Value",
        "Change Data Value",
        "Change Engagement Program Cadence",
        "Change Engagement Program Stream",
        "Change Owner in Microsoft",
        "Change Person Partition",
        "Change Program Status",
        "Change Program Success",
        "Change Revenue Stage",
        "Change Score",
        "Change Status in SFDC Campaign",
        "Convert Person",
        "Create Task",
        "Delete Person",
        "Interesting Moment",
        "Remove from Flow",
        "Remove from List",
        "Remove from SFDC Campaign",
        "Request Campaign",
        "Reset Person Score",
        "Schedule Campaign",
        "Send Alert",
        "Send Email",
        "Send Sales Email",
        "Sync Person to Microsoft",
        "Sync Person to SFDC",
        "Wait",
    }
)
"""Flow actions Marketo offers; anything else is probably a typo (a warning, not an error)."""

EMAIL_REFERENCE_ACTIONS = frozenset({"Send Email", "Send Alert"})
"""Flow actions whose 'Email' parameter names an email of the template."""

EMAIL_ADDRESS_RE = re.compile(r"[^@\s{}]+@[^@\s{}]+\.[^@\s{}]+")
ANY_TOKEN_RE = re.compile(r"^\{\{[^{}]+\}\}$")
"""A whole value that is one token ({{my.From}}, {{company.Email}}...), filled at send time."""

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
SCORE_RE = re.compile(r"[+-]?\d+")

IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF-",),
}
"""Magic numbers of the formats whose content we can check against the file extension."""
