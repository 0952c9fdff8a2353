"""Every operation of the four official specs has a typed sync method and an async twin.

The specs are read from the package (``marketo_ops.specs``), the methods are found by walking
the clients' attribute tree (``RESOURCE_PATHS``) and reading the ``@operation`` tags, so an
operation only counts when a user can actually reach it from ``Marketo``/``AsyncMarketo``.
"""

from __future__ import annotations

import inspect
from collections import Counter
from operator import attrgetter
from typing import Any

import pytest

from marketo_ops import AsyncMarketo, ManualClock, Marketo
from marketo_ops.resources._registry import operations_of
from marketo_ops.resources._tree import RESOURCE_PATHS
from marketo_ops.specs import DOC_SPECS, SPEC_NAMES, load_spec

EXPECTED = {"asset": 166, "mapi": 147, "user": 12, "identity": 2}
BASE_URL = "https://123-ABC-456.mktorest.com"


def spec_operations() -> dict[str, str]:
    """operationId -> spec name, failing on an operationId used by two specs."""
    found: dict[str, str] = {}
    for name in SPEC_NAMES:
        for item in load_spec(name)["paths"].values():
            for method, operation in item.items():
                if method == "parameters":
                    continue
                op_id = operation["operationId"]
                assert op_id not in found, f"{op_id} is in {found[op_id]} and {name}"
                found[op_id] = name
    return found


def implemented(client: Any) -> dict[str, tuple[str, Any]]:
    """operationId -> (attribute path.method, bound method) over the client's resource tree."""
    methods: dict[str, tuple[str, Any]] = {}
    for path in RESOURCE_PATHS:
        resource = attrgetter(path)(client)
        for op_id, name in operations_of(type(resource)):
            assert op_id not in methods, f"{op_id} implemented twice: {methods[op_id][0]}"
            methods[op_id] = (f"{path}.{name}", getattr(resource, name))
    return methods


@pytest.fixture(scope="module")
def clients() -> tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]]]:
    sync = Marketo(base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock())
    aio = AsyncMarketo(
        base_url=BASE_URL, client_id="id", client_secret="secret", clock=ManualClock()
    )
    try:
        return implemented(sync), implemented(aio)
    finally:
        sync.close()


def test_the_specs_have_327_operations() -> None:
    counts = Counter(spec_operations().values())
    assert dict(counts) == EXPECTED
    assert sum(counts.values()) == 327


def test_every_operation_has_a_sync_and_an_async_method(
    clients: tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]]],
) -> None:
    sync, aio = clients
    operations = spec_operations()
    missing_sync = sorted(set(operations) - set(sync))
    missing_async = sorted(set(operations) - set(aio))
    assert not missing_sync, f"no sync method for {missing_sync}"
    assert not missing_async, f"no async method for {missing_async}"
    doc_operations = {  # the Asset API v2, from the spec written from Adobe's docs
        op["operationId"]
        for name in DOC_SPECS
        for item in load_spec(name)["paths"].values()
        for op in item.values()
    }
    assert set(sync) == set(aio) == set(operations) | doc_operations, "unknown operations"
    covered = sum(1 for op in operations if op in sync and op in aio)
    print(f"\noperations with a typed sync and async method: {covered}/{len(operations)}")
    assert covered == 327


def test_sync_and_async_twins_share_names_and_signatures(
    clients: tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]]],
) -> None:
    sync, aio = clients
    for op_id, (where, method) in sync.items():
        async_where, async_method = aio[op_id]
        assert where == async_where, f"{op_id}: {where} vs {async_where}"
        assert inspect.signature(method).parameters.keys() == (
            inspect.signature(async_method).parameters.keys()
        ), op_id


def test_async_methods_are_coroutines_except_paginators(
    clients: tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]]],
) -> None:
    """``async for x in client.assets.emails.list()`` needs the paginator, not a coroutine."""
    _, aio = clients
    for op_id, (where, method) in aio.items():
        returns = str(inspect.signature(method).return_annotation)
        if returns.startswith("AsyncPaginator"):
            assert not inspect.iscoroutinefunction(method), where
        else:
            assert inspect.iscoroutinefunction(method), f"{where} ({op_id}) is not async"


def test_every_generated_method_has_a_docstring_naming_its_operation(
    clients: tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]]],
) -> None:
    sync, _ = clients
    for op_id, (where, method) in sync.items():
        assert method.__doc__
        assert op_id in method.__doc__, where
