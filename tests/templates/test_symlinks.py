"""No file outside a template's folder is ever read: not by validate, not by the Python API, not
by an import; symbolic links (a file, a folder on the way, an image) are followed and refused.

Proof by audit hook: every ``open`` of the process is recorded while the template is used, and
none may be under ``tests/templates/outside`` (where the corpus' links point).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketo_ops import Marketo
from marketo_ops.templates import ProgramTemplate, TemplateError, TemplateFileError, validate_paths

TEMPLATES_DIR = Path(__file__).resolve().parent
OUTSIDE = (TEMPLATES_DIR / "outside").resolve()
CASES = ["symlink-file", "symlink-folder", "symlink-image", "symlink-program-yaml"]

#: While a test runs, the list its ``open`` calls are recorded in (hooks cannot be removed).
_RECORDING: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _RECORDING and event == "open" and isinstance(args[0], str | bytes | Path):
        path = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        _RECORDING[-1].append(path)


sys.addaudithook(_audit)


@pytest.fixture
def opened() -> Iterator[list[str]]:
    paths: list[str] = []
    _RECORDING.append(paths)
    try:
        yield paths
    finally:
        _RECORDING.remove(paths)


def outside_reads(paths: list[str]) -> list[str]:
    return [p for p in paths if Path(p).resolve().is_relative_to(OUTSIDE)]


@pytest.mark.parametrize("case", CASES)
def test_validate_never_opens_a_linked_file(case: str, opened: list[str]) -> None:
    [report] = validate_paths([TEMPLATES_DIR / "broken" / case], raise_unexpected=True)
    assert [f.code for f in report.findings] == ["file-outside-template"]
    if case != "symlink-program-yaml":  # (there, nothing at all is read)
        assert opened  # the hook sees what validation reads...
    assert outside_reads(opened) == []  # ...and nothing of it is outside


def test_the_python_api_refuses_linked_files(opened: list[str]) -> None:
    text = ProgramTemplate.load(TEMPLATES_DIR / "broken" / "symlink-file")
    image = ProgramTemplate.load(TEMPLATES_DIR / "broken" / "symlink-image")
    folder = ProgramTemplate.load(TEMPLATES_DIR / "broken" / "symlink-folder")
    attempts = [
        lambda: text.email_content("Alert"),
        lambda: text.read_text("body.html"),
        lambda: text.path_of("body.html"),
        lambda: image.file_bytes("Logo"),
        lambda: image.read_bytes("logo.png"),
        lambda: folder.email_content("Alert"),
    ]
    for attempt in attempts:
        with pytest.raises(TemplateFileError, match="leads outside the template folder"):
            attempt()
    with pytest.raises(TemplateError, match="symbolic link leading outside"):
        ProgramTemplate.load(TEMPLATES_DIR / "broken" / "symlink-program-yaml")
    assert outside_reads(opened) == []


@pytest.mark.parametrize("case", CASES)
def test_an_import_never_sends_a_linked_file(case: str, opened: list[str]) -> None:
    with Marketo.sandbox() as client:
        with pytest.raises(TemplateError):
            client.importer.plan(TEMPLATES_DIR / "broken" / case)
        assert client.stats.calls == 0
    assert outside_reads(opened) == []


def test_a_link_that_stays_inside_the_folder_is_fine(tmp_path: Path) -> None:
    template = tmp_path / "t"
    shutil.copytree(TEMPLATES_DIR / "broken" / "symlink-file", template, symlinks=True)
    (template / "body.html").unlink()
    (template / "shared").mkdir()
    (template / "shared" / "body.html").write_text("<p>Hi</p>", encoding="utf-8")
    (template / "body.html").symlink_to(Path("shared") / "body.html")
    [report] = validate_paths([template], raise_unexpected=True)
    assert report.findings == []
    assert ProgramTemplate.load(template).email_content("Alert") == {"body": "<p>Hi</p>"}
