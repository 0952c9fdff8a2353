"""``marketo-ops sandbox serve`` as another process sees it: files at URLs it can download."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.importer import Op


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "marketo_ops",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "served.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Marketo sandbox listening on "), first
        yield first.rsplit(" ", 1)[-1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_imported_images_are_downloadable_and_not_uploaded_again(
    served: str, tmp_path: Path
) -> None:
    with Marketo(
        base_url=served,
        client_id="sandbox-client-id",
        client_secret="sandbox-client-secret",
        rate_limit_calls=100,
        max_concurrency=10,
    ) as client:
        client.importer.plan("op-lead-management").apply(journal=tmp_path / "j.json")
        logo = client.assets.files.get_by_name(name="Quick Start Logo")
        assert logo is not None
        assert str(logo.url).startswith(served)
        assert client.download(str(logo.url)).startswith(b"\x89PNG")

        again = client.importer.plan("op-lead-management")
        assert again.action("file:Quick Start Logo").op is Op.REUSE
        assert not again.has_changes
