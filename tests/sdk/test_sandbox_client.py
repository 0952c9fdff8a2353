"""``Marketo.sandbox``: a sandbox in memory, or in a SQLite file named positionally or by db=."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketo_ops import Marketo


def test_the_sandbox_file_can_be_given_positionally(tmp_path: Path):
    path = tmp_path / "x.sqlite3"
    with Marketo.sandbox(str(path)) as client:
        client.assets.folders.get_by_path("Marketing Activities")
    assert path.is_file()
    with Marketo.sandbox(path) as again:
        sandbox = again.sandbox_instance
        assert sandbox is not None
        assert Path(sandbox.store.path) == path


def test_the_file_is_given_once(tmp_path: Path):
    with pytest.raises(TypeError, match="positionally or as db="):
        Marketo.sandbox(tmp_path / "a.sqlite3", db=tmp_path / "b.sqlite3")
