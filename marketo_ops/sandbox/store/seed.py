"""What a fresh sandbox contains: what an admin, not the API, sets up in a Marketo instance.

Two workspaces ("Default" and "Partner Marketing") so cross-workspace rules are testable; per
workspace the Marketing Activities and Design Studio trees with Marketo's system folders (Design
Studio: Landing Pages > Templates, Forms, Emails > Templates, Snippets, Images and Files); a Lead
Database root; channels with their member statuses; tag types with allowed values; two
segmentations; the standard lead fields. Tag types, channels and lead fields cannot be created
through the REST API, exactly as in Marketo; the admin surface (``Sandbox.admin``) adds more.
"""

from __future__ import annotations

from typing import Any, Final

from .db import Row, Store

DEFAULT_WORKSPACE: Final = "Default"
SECOND_WORKSPACE: Final = "Partner Marketing"
WORKSPACES: Final = (DEFAULT_WORKSPACE, SECOND_WORKSPACE)

MARKETING_ACTIVITIES: Final = "Marketing Activities"
DESIGN_STUDIO: Final = "Design Studio"
LEAD_DATABASE: Final = "Lead Database"

# Design Studio system folders per workspace: (name, folderType, children)
_DESIGN_STUDIO_TREE: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    ("Landing Pages", "Landing Page", (("Templates", "Landing Page Template"),)),
    ("Forms", "Landing Page Form", ()),
    ("Emails", "Email", (("Templates", "Email Template"),)),
    ("Snippets", "Snippet", ()),
    ("Images and Files", "Image", ()),
)


def _status(name: str, step: int, *, success: bool = False) -> dict[str, Any]:
    return {"name": name, "step": step, "description": None, "hidden": False, "success": success}


# name -> (applicableProgramType, statuses)
# The channels a new subscription offers for the Program Import Library's programs, with their
# progression (step numbers order statuses; equal steps may be swapped, never gone back from).
# Sources, Adobe's Marketo docs: "Channels" (REST: Online Advertising's and the Invited /
# Visited Booth / Influenced progression), "Understanding Webinar Program Statuses" (Webinar is
# built in, of type Event with Webinar, with Pending Approval, Wait Listed, Rejected,
# Registration Error, Attended On-demand), "Create an Event in Marketo" (webinar events use the
# Webinar channel), "Create a Program Channel" (Event channels map Registered, Waitlisted and
# Attended), and the Library pages' channel summaries (Email Send and Nurture: Member, Engaged
# success; Web Request: Engaged success; Web Content: Member, Engaged success; Operational and
# List Import: Member).
CHANNELS: Final[dict[str, tuple[str, list[dict[str, Any]]]]] = {
    "Operational": ("program", [_status("Not in Program", 0), _status("Member", 1)]),
    "List Import": ("program", [_status("Not in Program", 0), _status("Member", 10)]),
    "Content": (
        "program",
        [_status("Not in Program", 0), _status("Engaged", 10, success=True)],
    ),
    "Web Content": (
        "program",
        [
            _status("Not in Program", 0),
            _status("Member", 10),
            _status("Engaged", 20, success=True),
        ],
    ),
    "Web Request": (
        "program",
        [_status("Not in Program", 0), _status("Engaged", 10, success=True)],
    ),
    "Email Blast": (
        "program",
        [
            _status("Not in Program", 0),
            _status("Sent", 10),
            _status("Clicked", 20, success=True),
        ],
    ),
    "Online Advertising": (
        "program",
        [
            _status("Not in Program", 0),
            _status("Invited", 10),
            _status("Registered", 20),
            _status("No Show", 30),
            _status("Attended", 40, success=True),
        ],
    ),
    "Email Send": (
        "email_batch",
        [
            _status("Not in Program", 0),
            _status("Member", 10),
            _status("Engaged", 20, success=True),
        ],
    ),
    "Nurture": (
        "nurture",
        [
            _status("Not in Program", 0),
            _status("Member", 10),
            _status("Engaged", 20, success=True),
        ],
    ),
    "Tradeshow": (
        "event",
        [
            _status("Not in Program", 0),
            _status("Invited", 10),
            _status("Registered", 20),
            _status("Visited Booth", 30),
            _status("Influenced", 40, success=True),
        ],
    ),
    "Live Event": (
        "event",
        [
            _status("Not in Program", 0),
            _status("Invited", 10),
            _status("Wait Listed", 15),
            _status("Registered", 20),
            _status("No Show", 30),
            _status("Attended", 40, success=True),
        ],
    ),
    "Webinar": (
        "webinar",
        [
            _status("Not in Program", 0),
            _status("Invited", 10),
            _status("Pending Approval", 15),
            _status("Wait Listed", 15),
            _status("Rejected", 15),
            _status("Registration Error", 15),
            _status("Registered", 20),
            _status("No Show", 30),
            _status("Attended", 40, success=True),
            _status("Attended On-demand", 50, success=True),
        ],
    ),
}

ALL_PROGRAM_TYPE_CODES: Final = ("program", "email_batch", "nurture", "event", "webinar")

# name -> (allowable values, required, applicable program type codes)
TAG_TYPES: Final[dict[str, tuple[list[str], bool, tuple[str, ...]]]] = {
    "Region": (["AMER", "EMEA", "APAC", "LATAM"], False, ALL_PROGRAM_TYPE_CODES),
    "Business Unit": (
        ["Enterprise", "Mid-Market", "SMB", "Partner"],
        False,
        ALL_PROGRAM_TYPE_CODES,
    ),
    "Event Format": (["In Person", "Virtual", "Hybrid"], True, ("event", "webinar")),
}

SEGMENTATIONS: Final[dict[str, list[str]]] = {
    "Geography": ["EMEA", "AMER", "APAC", "Default"],
    "Industry": ["Technology", "Healthcare", "Financial Services", "Default"],
}

# (rest name, display name, data type, length or None, read only)
LEAD_FIELDS: Final[tuple[tuple[str, str, str, int | None, bool], ...]] = (
    ("id", "Id", "integer", None, True),
    ("email", "Email Address", "email", 255, False),
    ("firstName", "First Name", "string", 255, False),
    ("lastName", "Last Name", "string", 255, False),
    ("middleName", "Middle Name", "string", 255, False),
    ("salutation", "Salutation", "string", 255, False),
    ("title", "Job Title", "string", 255, False),
    ("company", "Company Name", "string", 255, False),
    ("phone", "Phone Number", "phone", 255, False),
    ("mobilePhone", "Mobile Phone Number", "phone", 255, False),
    ("address", "Address", "text", 65535, False),
    ("city", "City", "string", 255, False),
    ("state", "State", "string", 255, False),
    ("postalCode", "Postal Code", "string", 255, False),
    ("country", "Country", "string", 255, False),
    ("website", "Website", "url", 255, False),
    ("industry", "Industry", "string", 255, False),
    ("numberOfEmployees", "Num Employees", "integer", None, False),
    ("annualRevenue", "Annual Revenue", "currency", None, False),
    ("leadScore", "Lead Score", "integer", None, False),
    ("leadStatus", "Lead Status", "string", 255, False),
    ("leadSource", "Lead Source", "string", 255, False),
    ("leadRole", "Role", "string", 50, False),
    ("rating", "Lead Rating", "string", 255, False),
    ("unsubscribed", "Unsubscribed", "boolean", None, False),
    ("unsubscribedReason", "Unsubscribed Reason", "text", 65535, False),
    ("emailInvalid", "Email Invalid", "boolean", None, False),
    ("doNotCall", "Do Not Call", "boolean", None, False),
    ("marketingSuspended", "Marketing Suspended", "boolean", None, False),
    ("blackListed", "Blocklisted", "boolean", None, False),
    ("blackListedCause", "Blocklisted Cause", "string", 255, False),
    ("acquisitionProgramId", "Acquisition Program Id", "integer", None, False),
    # the lead owner's fields, which Marketo fills from the CRM's owner user
    ("leadOwnerFirstName", "Lead Owner First Name", "string", 255, True),
    ("leadOwnerLastName", "Lead Owner Last Name", "string", 255, True),
    ("leadOwnerEmail", "Lead Owner Email Address", "email", 255, True),
    ("leadOwnerJobTitle", "Lead Owner Job Title", "string", 255, True),
    ("leadOwnerPhone", "Lead Owner Phone Number", "phone", 255, True),
    ("originalSourceType", "Original Source Type", "string", 255, True),
    ("createdAt", "Created At", "datetime", None, True),
    ("updatedAt", "Updated At", "datetime", None, True),
)


def _folder(
    store: Store,
    name: str,
    *,
    folder_type: str,
    workspace: str,
    zone: str,
    parent: Row | None,
    description: str | None = None,
) -> Row:
    row = Row(
        kind="folder",
        id=store.next_id("folder"),
        name=name,
        workspace=workspace,
        parent_type=parent.ref_type if parent else None,
        parent_id=parent.id if parent else None,
        data={
            "folderType": folder_type,
            "isSystem": True,
            "isArchive": False,
            "description": description,
            "zone": zone,
        },
    )
    return store.insert(row)


def seed_workspace(store: Store, workspace: str) -> None:
    """The Marketing Activities and Design Studio zones of one workspace, with system folders."""
    roots = {row.name: row for row in store.find("folder") if row.parent_id is None}
    _folder(
        store,
        workspace,
        folder_type="Zone",
        workspace=workspace,
        zone=MARKETING_ACTIVITIES,
        parent=roots[MARKETING_ACTIVITIES],
        description=f"Root node of the Marketing activities {workspace}",
    )
    studio = _folder(
        store,
        workspace,
        folder_type="Zone",
        workspace=workspace,
        zone=DESIGN_STUDIO,
        parent=roots[DESIGN_STUDIO],
        description=f"Root node of the Design Studio {workspace}",
    )
    for name, folder_type, children in _DESIGN_STUDIO_TREE:
        folder = _folder(
            store,
            name,
            folder_type=folder_type,
            workspace=workspace,
            zone=DESIGN_STUDIO,
            parent=studio,
        )
        for child_name, child_type in children:
            _folder(
                store,
                child_name,
                folder_type=child_type,
                workspace=workspace,
                zone=DESIGN_STUDIO,
                parent=folder,
            )


def seed(store: Store) -> None:
    """Populate an empty store; does nothing if it was seeded before."""
    with store.transaction():
        if store.get_meta("seeded") is not None:
            return
        _folder(
            store,
            MARKETING_ACTIVITIES,
            folder_type="Zone",
            workspace=DEFAULT_WORKSPACE,
            zone=MARKETING_ACTIVITIES,
            parent=None,
            description="Root node for the Marketing Activities app area",
        )
        _folder(
            store,
            DESIGN_STUDIO,
            folder_type="Zone",
            workspace=DEFAULT_WORKSPACE,
            zone=DESIGN_STUDIO,
            parent=None,
            description="Root node for the Design Studio app area",
        )
        lead_db = _folder(
            store,
            LEAD_DATABASE,
            folder_type="Zone",
            workspace=DEFAULT_WORKSPACE,
            zone=LEAD_DATABASE,
            parent=None,
            description="Root node for the Lead Database app area",
        )
        for workspace in WORKSPACES:
            store.catalog_put("workspace", workspace, {"name": workspace})
            seed_workspace(store, workspace)
        for name, (program_type, statuses) in CHANNELS.items():
            store.catalog_put(
                "channel",
                name,
                {
                    "id": store.next_id("channel"),
                    "name": name,
                    "applicableProgramType": program_type,
                    "progressionStatuses": statuses,
                    "createdAt": store.now(),
                    "updatedAt": store.now(),
                },
            )
        for name, (values, required, types) in TAG_TYPES.items():
            store.catalog_put(
                "tag_type",
                name,
                {
                    "tagType": name,
                    "allowableValues": values,
                    "required": required,
                    "applicableProgramTypes": list(types),
                },
            )
        for seg_name, segment_names in SEGMENTATIONS.items():
            segmentation = store.insert(
                Row(
                    kind="segmentation",
                    id=store.next_id("segmentation"),
                    name=seg_name,
                    workspace=DEFAULT_WORKSPACE,
                    parent_type="Folder",
                    parent_id=lead_db.id,
                    data={"description": None, "status": "approved"},
                )
            )
            for segment_name in segment_names:
                store.insert(
                    Row(
                        kind="segment",
                        id=store.next_id("segment"),
                        name=segment_name,
                        workspace=DEFAULT_WORKSPACE,
                        data={"segmentationId": segmentation.id, "description": None},
                    )
                )
        for rest_name, display, data_type, length, read_only in LEAD_FIELDS:
            field_id = store.next_id("lead_field")
            lead_field: dict[str, Any] = {
                "id": field_id,
                "displayName": display,
                "dataType": data_type,
            }
            if length is not None:
                lead_field["length"] = length
            lead_field["rest"] = {"name": rest_name, "readOnly": read_only}
            lead_field["soap"] = {
                "name": rest_name[:1].upper() + rest_name[1:],
                "readOnly": read_only,
            }
            store.catalog_put("lead_field", rest_name, lead_field)
        store.set_meta("seeded", "1")
