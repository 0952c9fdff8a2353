"""Helpers that shape respx answers like Marketo's (envelopes, errors, tokens)."""

from __future__ import annotations

BASE_URL = "https://123-ABC-456.mktorest.com"
CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret-9f8e7d"
TOKEN = "0f1e2d3c-aaaa-bbbb-cccc-1234567890ab:sj"


def token_body(token: str = TOKEN, expires_in: int = 3599) -> dict[str, object]:
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "api@x",
    }


def envelope(result: list[object] | None = None, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {"requestId": "a1b2#17c0d8e9f00", "success": True, **extra}
    if result is not None:
        body["result"] = result
    return body


def failure(code: int, message: str) -> dict[str, object]:
    return {
        "requestId": "e42b#14272d07d78",
        "success": False,
        "errors": [{"code": str(code), "message": message}],
    }
