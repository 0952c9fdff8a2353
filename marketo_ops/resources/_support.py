"""Small helpers the generated resource methods call for what the envelope loop does not cover.

* :func:`path_segment` quotes a text path parameter (API names, user ids that are e-mail addresses),
  so a value can never change the path it is put into.
* :func:`read_json` reads the identity endpoint's plain JSON, raising the same typed errors as
  the envelope loop (downloads and User Management go through the retry loop with
  ``RequestSpec.response``).
* :func:`send_without_token` / :func:`asend_without_token` call the identity endpoint, which is
  how a token is obtained and so must not require one.
* :func:`json_encoding` leaves out a JSON body whose fields are all unset.
* :func:`require_paging_token` reads ``nextPageToken`` from the paging-token call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from .._encoding import encode_fields
from .._network import transport_error
from .._response import APIResponse, parse_plain_json
from ..errors import MarketoError

if TYPE_CHECKING:
    from .._http import Encoding, RequestSpec
    from ..client import AsyncMarketo, Marketo

__all__ = [
    "asend_without_token",
    "json_encoding",
    "path_segment",
    "read_json",
    "require_paging_token",
    "send_without_token",
]


def path_segment(value: object) -> str:
    """One path segment: ``str(value)`` with every reserved character percent-encoded."""
    return quote(str(value), safe="")


def read_json(response: httpx.Response, operation: str) -> Any:
    """The JSON body of a plain-JSON answer (a list or an object), or the typed error."""
    return parse_plain_json(response, operation).data


def _unauthenticated_request(
    http: httpx.Client | httpx.AsyncClient, base_url: str, spec: RequestSpec
) -> httpx.Request:
    params = httpx.QueryParams(tuple(encode_fields(spec.query)))
    return http.build_request(
        spec.method, base_url + spec.path, params=params, headers={"Accept": "application/json"}
    )


def send_without_token(client: Marketo, spec: RequestSpec) -> httpx.Response:
    """Send ``spec`` with no bearer token (the identity endpoint)."""
    http = client._http_client
    try:
        return http.send(_unauthenticated_request(http, client.base_url, spec))
    except httpx.TransportError as exc:
        raise transport_error(exc, spec.operation) from None


async def asend_without_token(client: AsyncMarketo, spec: RequestSpec) -> httpx.Response:
    """Send ``spec`` with no bearer token (the identity endpoint), asynchronously."""
    http = client._http_client
    try:
        return await http.send(_unauthenticated_request(http, client.base_url, spec))
    except httpx.TransportError as exc:
        raise transport_error(exc, spec.operation) from None


def json_encoding(body: Mapping[str, Any]) -> Encoding:
    """``"json"``, or ``"none"`` when every field is ``None``: then no body is sent at all.

    For JSON calls whose body is optional (add leads to a list by ``id`` query values, schedule
    a campaign with no options): Marketo reads the query only when the body is empty.
    """
    return "json" if any(value is not None for value in body.values()) else "none"


def require_paging_token(response: APIResponse) -> str:
    """The ``nextPageToken`` of a paging-token answer (Marketo always sends one)."""
    if not response.next_page_token:
        raise MarketoError(f"{response.operation}: Marketo returned no nextPageToken")
    return response.next_page_token
