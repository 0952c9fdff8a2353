"""Generated models read Marketo's real answers: unknown fields, odd dates, folder shapes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from marketo_ops.types._base import parse_marketo_datetime
from marketo_ops.types.asset import (
    Email,
    FolderRef,
    Program,
    ProgramCostInput,
    SmartCampaign,
    TagType,
)
from marketo_ops.types.identity import IdentityToken
from marketo_ops.types.leads import Lead

# An answer shaped like Marketo's (docs examples and real traffic), including fields the spec
# does not list and the asset API's "Z+0000" date-times.
EMAIL = {
    "id": 1356,
    "name": "Welcome",
    "description": "sample description",
    "createdAt": "2014-12-05T02:06:21Z+0000",
    "updatedAt": "2017-01-11T20:47:34Z+0000",
    "subject": {"type": "Text", "value": "Welcome aboard"},
    "fromName": {"type": "Text", "value": "Marketing"},
    "fromEmail": None,
    "replyEmail": {"type": "Text", "value": "reply@example.com"},
    "folder": {"type": "Folder", "value": 10421, "folderName": "Emails"},
    "operational": False,
    "textOnly": False,
    "publishToMSI": False,
    "webView": False,
    "status": "approved",
    "template": 338,
    "workspace": "Default",
    "isOpenTrackingDisabled": False,
    "version": 2,
    "autoCopyToText": True,
    "ccFields": [
        {"attributeId": "157", "objectName": "lead", "displayName": "Lead Owner", "apiName": None}
    ],
    "preHeader": "My preheader",
    "someFutureField": {"nested": [1, 2]},
}


def test_email_parses_a_real_looking_answer() -> None:
    email = Email.model_validate(EMAIL)

    assert email.created_at == datetime(2014, 12, 5, 2, 6, 21, tzinfo=UTC)
    assert email.updated_at == datetime(2017, 1, 11, 20, 47, 34, tzinfo=UTC)
    assert email.subject is not None
    assert email.subject.value == "Welcome aboard"
    assert email.from_email is None
    assert email.folder is not None
    assert (email.folder.id, email.folder.type) == (10421, "Folder")
    assert email.publish_to_msi is False
    assert email.cc_fields is not None
    assert email.cc_fields[0].attribute_id == "157"
    assert email.model_extra == {
        "isOpenTrackingDisabled": False,
        "someFutureField": {"nested": [1, 2]},
    }


def test_models_dump_back_to_wire_names() -> None:
    email = Email.model_validate(EMAIL)
    dumped = email.model_dump(by_alias=True, exclude_none=True, mode="json")

    assert dumped["preHeader"] == "My preheader"
    assert dumped["createdAt"] == "2014-12-05T02:06:21Z"
    assert dumped["someFutureField"] == {"nested": [1, 2]}
    assert "pre_header" not in dumped


def test_models_accept_python_names_too() -> None:
    cost = ProgramCostInput(start_date=datetime(2024, 5, 1, tzinfo=UTC), cost=100)
    assert cost.model_dump(by_alias=True, exclude_none=True, mode="json") == {
        "startDate": "2024-05-01T00:00:00Z",
        "cost": 100,
    }
    assert FolderRef(id=12, type="Program").model_dump() == {"id": 12, "type": "Program"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-01-11T20:47:34Z+0000", datetime(2017, 1, 11, 20, 47, 34, tzinfo=UTC)),
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00+0000", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00.123+0000", datetime(2024, 5, 1, 10, 0, 0, 123000, tzinfo=UTC)),
        (
            "2024-05-01T12:00:00+0200",
            datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2024-05-01T10:00:00Z-0500",
            datetime(2024, 5, 1, 10, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-01 10:00:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("", None),
    ],
)
def test_lenient_datetimes(text: str, expected: datetime | None) -> None:
    assert parse_marketo_datetime(text) == expected
    assert SmartCampaign.model_validate({"createdAt": text}).created_at == expected


def test_garbage_dates_are_still_rejected() -> None:
    with pytest.raises(ValidationError):
        SmartCampaign.model_validate({"createdAt": "last tuesday"})


def test_missing_required_fields_and_open_enums_are_fine() -> None:
    program = Program.model_validate({"id": 1, "type": "Engagement", "status": "whatever"})
    assert (program.type, program.status, program.channel) == ("Engagement", "whatever", None)


def test_numbers_are_accepted_where_the_spec_says_string() -> None:
    lead = Lead.model_validate(
        {"id": 5, "status": "skipped", "reasons": [{"code": 1005, "message": "exists"}]}
    )
    assert lead.reasons is not None
    assert lead.reasons[0].code == "1005"


def test_tag_type_allowed_values_as_list_or_text() -> None:
    assert TagType.model_validate({"allowableValues": ["EMEA", "APAC"]}).allowable_values == [
        "EMEA",
        "APAC",
    ]
    assert TagType.model_validate({"allowableValues": "EMEA,APAC"}).allowable_values == "EMEA,APAC"


def test_identity_token_keeps_the_token_out_of_repr() -> None:
    token = IdentityToken.model_validate(
        {"access_token": "secret-token", "token_type": "bearer", "expires_in": 3599, "scope": "x"}
    )
    assert token.access_token == "secret-token"
    assert "secret-token" not in repr(token)
