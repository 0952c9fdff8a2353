"""Each Marketo error code raises its family's class, with code, message, requestId, operation."""

from __future__ import annotations

import httpx
import pytest
import respx

from marketo_ops import Marketo
from marketo_ops import errors as e
from tests.sdk.mock_marketo import failure

CASES = [
    (600, "Access token not specified", e.AuthenticationError),
    (603, "Access denied", e.PermissionDeniedError),
    (605, "HTTP Method not supported", e.MethodNotSupportedError),
    (606, "Max rate limit '100' exceeded with in '20' secs", e.RateLimitError),
    (607, "Daily quota reached", e.DailyQuotaError),
    (604, "Request time-out", e.TransientError),
    (608, "API Temporarily Unavailable", e.TransientError),
    (611, "System error", e.TransientError),
    (713, "Transient Error", e.TransientError),
    (719, "Lock wait timeout exception", e.TransientError),
    (609, "Invalid JSON", e.InvalidRequestError),
    (610, "Requested resource not found", e.NotFoundError),
    (612, "Invalid Content Type", e.InvalidRequestError),
    (614, "Invalid Subscription", e.SubscriptionError),
    (615, "Concurrent access limit reached", e.ConcurrencyLimitError),
    (701, "name cannot be blank", e.InvalidRequestError),
    (703, "The feature is not enabled for the subscription", e.FeatureNotEnabledError),
    (709, "Unable to delete email template: in use", e.BusinessRuleError),
    (709, "Program 'Webinar 2026' already exists", e.NameConflictError),
    (710, "Parent folder not found", e.ParentFolderNotFoundError),
    (711, "Incompatible folder type", e.IncompatibleFolderError),
    (1001, "Invalid value 'x'. Required of type 'Integer'", e.InvalidRequestError),
    (1002, "Missing value for required parameter 'name'", e.InvalidRequestError),
    (1003, "Invalid data", e.InvalidRequestError),
    (1004, "Lead not found", e.NotFoundError),
    (1005, "Lead already exists", e.ConflictError),
    (1016, "Too many imports", e.QueueFullError),
    (1029, "Too many jobs in queue", e.QueueFullError),
    (999, "Something Marketo added later", e.APIError),
]


@pytest.mark.parametrize(
    ("code", "message", "cls"), CASES, ids=[f"{c}-{k.__name__}" for c, _, k in CASES]
)
def test_error_code_maps_to_its_class(
    api: respx.MockRouter, client: Marketo, code: int, message: str, cls: type[e.APIError]
) -> None:
    client = client.with_options(max_retries=0)
    api.post("/rest/asset/v1/folders.json").mock(
        return_value=httpx.Response(200, json=failure(code, message))
    )
    with pytest.raises(e.APIError) as info:
        client.request("POST", "/rest/asset/v1/folders.json", body={"name": "x"})
    err = info.value
    assert type(err) is cls
    assert (err.code, err.message, err.request_id) == (code, message, "e42b#14272d07d78")
    assert err.operation == "POST /rest/asset/v1/folders.json"
    context = "operation=POST /rest/asset/v1/folders.json, requestId=e42b#14272d07d78"
    assert str(err) == f"[{code}] {message} ({context})"


def test_code_table_is_the_single_source() -> None:
    assert e.CODE_TO_ERROR[606] is e.RateLimitError
    assert e.CODE_TO_ERROR[702] is e.NotFoundError
    assert e.error_class_for(709, "Folder 'Campaigns' already exists") is e.NameConflictError


def test_702_on_a_search_is_an_empty_result_not_an_error(
    api: respx.MockRouter, client: Marketo
) -> None:
    api.get("/rest/v1/leads.json").mock(
        return_value=httpx.Response(200, json=failure(702, "No data found"))
    )
    response = client.request(
        "GET", "/rest/v1/leads.json", query={"filterType": "email", "filterValues": ["a@b.c"]}
    )
    assert response.success
    assert response.is_empty


def test_gateway_page_is_an_http_status_error(api: respx.MockRouter, client: Marketo) -> None:
    client = client.with_options(max_retries=0)
    api.get("/rest/asset/v1/channels.json").mock(
        return_value=httpx.Response(413, text="<html><body>Request Entity Too Large</body></html>")
    )
    with pytest.raises(e.HTTPStatusError) as info:
        client.request("GET", "/rest/asset/v1/channels.json")
    assert info.value.status_code == 413
    assert "Request Entity Too Large" in str(info.value)


def test_warnings_are_surfaced(
    api: respx.MockRouter, client: Marketo, caplog: pytest.LogCaptureFixture
) -> None:
    api.get("/rest/asset/v1/emails.json").mock(
        return_value=httpx.Response(
            200,
            json={
                "requestId": "r#1",
                "success": True,
                "result": [{"id": 1}],
                "warnings": ["Folder 9 is archived"],
            },
        )
    )
    with caplog.at_level("WARNING", logger="marketo_ops"):
        response = client.request("GET", "/rest/asset/v1/emails.json")
    assert response.warnings == ["Folder 9 is archived"]
    assert "Folder 9 is archived" in caplog.text
