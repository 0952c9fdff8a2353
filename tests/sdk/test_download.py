"""``Marketo.download``: public file URLs, with the client's connections, no token, no quota."""

from __future__ import annotations

import httpx
import pytest
import respx

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops.errors import DownloadError, MarketoError

FILE_URL = "https://na-ab12.marketo.com/rs/123-ABC-456/images/logo.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_download_sends_no_token_and_spends_no_quota(api: respx.MockRouter, client: Marketo):
    with respx.mock(assert_all_called=True) as files:
        route = files.get(FILE_URL).mock(return_value=httpx.Response(200, content=PNG))
        assert client.download(FILE_URL) == PNG
    assert "authorization" not in route.calls[0].request.headers
    assert api["token"].call_count == 0
    assert client.stats.calls == 0
    assert client.limiter.stats.acquired == 0


def test_download_follows_a_redirect_to_the_cdn(api: respx.MockRouter, client: Marketo):
    cdn = "https://cdn.example.com/logo.png"
    with respx.mock() as files:
        files.get(FILE_URL).mock(return_value=httpx.Response(302, headers={"Location": cdn}))
        files.get(cdn).mock(return_value=httpx.Response(200, content=PNG))
        assert client.download(FILE_URL) == PNG


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        (httpx.Response(404, text="Not Found"), 404, f"cannot download {FILE_URL}: HTTP 404"),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            None,
            f"cannot download {FILE_URL}: [Errno 111] Connection refused",
        ),
    ],
    ids=["404", "refused"],
)
def test_download_failures_are_typed(
    api: respx.MockRouter, client: Marketo, answer, status, message
):
    with respx.mock() as files:
        files.get(FILE_URL).mock(side_effect=[answer])
        with pytest.raises(DownloadError) as caught:
            client.download(FILE_URL)
    assert isinstance(caught.value, MarketoError)
    assert (caught.value.url, caught.value.status, str(caught.value)) == (FILE_URL, status, message)


def test_a_url_that_is_not_http_is_a_download_error(client: Marketo):
    with pytest.raises(DownloadError, match="cannot download file:///etc/passwd: not an http"):
        client.download("file:///etc/passwd")


@pytest.mark.anyio
async def test_async_download(api: respx.MockRouter, aclient: AsyncMarketo):
    with respx.mock() as files:
        answers = [httpx.Response(200, content=PNG), httpx.Response(500)]
        files.get(FILE_URL).mock(side_effect=answers)
        assert await aclient.download(FILE_URL) == PNG
        with pytest.raises(DownloadError) as caught:
            await aclient.download(FILE_URL)
    assert caught.value.status == 500


@pytest.mark.parametrize("loopback", [False, True], ids=["in-process", "loopback"])
def test_download_from_the_sandbox(loopback: bool):
    with Marketo.sandbox(loopback=loopback) as client:
        folder = client.assets.folders.get_by_path("Design Studio/Default/Images and Files")
        assert folder is not None
        created = client.assets.files.create(
            name="logo.png",
            file=("logo.png", PNG, "image/png"),
            folder={"id": folder.id, "type": "Folder"},
        )
        calls = client.stats.calls
        assert client.download(str(created.url)) == PNG
        with pytest.raises(DownloadError) as caught:
            client.download(str(created.url).replace("logo.png", "missing.png"))
        assert caught.value.status == 404
        assert client.stats.calls == calls
