"""The generator: generated files are current, and its data files are complete and explained.

``python -m tools.codegen --check`` runs in-process here, so CI fails when someone edits a spec
fix, the operation map or a generated file without regenerating.
"""

from __future__ import annotations

import pytest

from marketo_ops.specs import SPEC_NAMES, load_spec
from tools.codegen import GENERATED_MARK, generate
from tools.codegen.__main__ import main
from tools.codegen.spec import load, load_yaml


def all_operation_ids() -> set[str]:
    return {
        operation["operationId"]
        for name in SPEC_NAMES
        for item in load_spec(name)["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }


def test_generated_files_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--check"])
    output = capsys.readouterr().out
    assert status == 0, output


def test_generation_is_deterministic_and_marked() -> None:
    first, second = generate(), generate()
    assert first == second
    for path, text in first.items():
        assert text.startswith(GENERATED_MARK), path
        assert "do not edit" in text.splitlines()[0], path


def test_operations_yaml_maps_every_spec_operation_exactly_once() -> None:
    listed: list[str] = []
    for group in load_yaml("operations.yaml")["groups"].values():
        listed.extend(group["operations"])
    assert len(listed) == len(set(listed)), "an operation is listed twice"
    expected = all_operation_ids()
    assert set(listed) - expected == set(), "operations.yaml names unknown operations"
    assert expected - set(listed) == set(), "operations missing from operations.yaml"
    assert len(expected) == 327


def test_every_spec_fix_says_why() -> None:
    fixes = load_yaml("spec_fixes.yaml")
    for section in ("rules", "parameters", "paths", "results", "definitions"):
        for entry in fixes.get(section) or []:
            assert str(entry.get("reason", "")).strip(), f"{section}: {entry} has no reason"


def test_creates_that_can_be_found_again_carry_a_lookup() -> None:
    """A create or clone is retried after an ambiguous failure only behind a by-name check."""
    config = load_yaml("operations.yaml")["groups"]
    specs = load()
    for path, group in config.items():
        for op_id, conf in group["operations"].items():
            if conf["method"] in ("create", "clone") and "lookup" in conf:
                assert conf.get("idempotent") is False, op_id
                target = specs.operations[conf["lookup"]["op"]]
                assert target.method == "GET", op_id
            if conf["method"] in ("create", "clone") and path.startswith("assets."):
                assert conf.get("idempotent") is False, f"{op_id} must not be replayed blindly"


def test_model_renames_the_importer_relies_on() -> None:
    names = load().apis["asset"].model_names
    assert names["ProgramResponse"] == "Program"
    assert names["EmailResponse"] == "Email"
    assert names["FolderResponse"] == "Folder"
    assert names["Folder"] == "FolderRef"
    assert names["SmartListResponseWithRules"] == "SmartListWithRules"


def test_no_async_mixin_is_written_by_hand() -> None:
    """Under resources/ext, every class built on AsyncResource comes from tools/codegen."""
    import ast
    from pathlib import Path

    from tools.codegen.twins import EXT

    hand_written = []
    for path in sorted(Path(EXT).rglob("*.py")):
        text = path.read_text("utf-8")
        if text.startswith(GENERATED_MARK):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "AsyncResource" for base in node.bases
            ):
                hand_written.append(f"{path.name}:{node.name}")
    assert hand_written == []


SYNC_SOURCE = '''\
"""A sample mixin module."""

from __future__ import annotations

from collections.abc import Iterator

from ..._http import RequestSpec
from .._base import SyncResource

LIMIT = 3


def _spec(name: str) -> RequestSpec:
    return RequestSpec(operation="x", method="GET", path=name)


class _SyncBase(SyncResource):
    def _sleep(self, seconds: float) -> None:
        self._client._clock.sleep(seconds)

    def _now(self) -> float:
        return self._client._clock.monotonic()


class SampleMixin(_SyncBase):
    """Does things."""

    def first(self, name: str) -> str:
        """The first one."""
        self._sleep(0.1)
        return self._request(_spec(name)).result[0]

    def size(self, name: str) -> int:
        with self._client._http.stream(_spec(name)) as response:
            return sum(len(chunk) for chunk in response.iter_bytes(LIMIT))

    def all(self, name: str) -> Iterator[str]:
        started = self._now()
        yield from self._paginate(_spec(name), str, style="offset", page_size=LIMIT)
'''

ASYNC_TWIN = '''\
from __future__ import annotations

from collections.abc import AsyncIterator

from ..._base import AsyncResource
from ..sample import LIMIT, _spec


class _AsyncBase(AsyncResource):
    async def _sleep(self, seconds: float) -> None:
        await self._client._clock.asleep(seconds)

    def _now(self) -> float:
        return self._client._clock.monotonic()


class AsyncSampleMixin(_AsyncBase):
    """The async twin of :class:`SampleMixin`: the same methods, awaited."""

    async def first(self, name: str) -> str:
        """The first one."""
        await self._sleep(0.1)
        return (await self._request(_spec(name))).result[0]

    async def size(self, name: str) -> int:
        async with self._client._http.stream(_spec(name)) as response:
            return sum(len(chunk) for chunk in response.aiter_bytes(LIMIT))

    async def all(self, name: str) -> AsyncIterator[str]:
        started = self._now()
        async for item in self._paginate(_spec(name), str, style="offset", page_size=LIMIT):
            yield item
'''


def sample_source(tmp_path, text: str):
    ext = tmp_path / "marketo_ops" / "resources" / "ext"
    ext.mkdir(parents=True)
    (ext / "sample.py").write_text(text, encoding="utf-8")
    return ext / "sample.py", ext / "aio" / "sample.py"


def test_a_twin_awaits_io_keeps_the_rest_and_imports_the_helpers(tmp_path) -> None:
    from tools.codegen import twins

    source, target = sample_source(tmp_path, SYNC_SOURCE)
    text = twins.render_twin(source, target, root=tmp_path)
    assert text.startswith(GENERATED_MARK + " from marketo_ops/resources/ext/sample.py")
    body = text.split('these are made."""\n\n', 1)[1]
    assert body == ASYNC_TWIN


def test_a_line_the_twin_would_make_too_long_is_refused(tmp_path) -> None:
    from tools.codegen import twins

    long_call = "x" * 60
    text = SYNC_SOURCE.replace(
        "return self._request(_spec(name)).result[0]",
        f'return self._request(_spec("{long_call}")).result[0]',
    )
    source, target = sample_source(tmp_path, text)
    with pytest.raises(twins.TwinError, match="shorten them in the sync source"):
        twins.render_twin(source, target, root=tmp_path)
