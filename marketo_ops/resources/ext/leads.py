"""Syncing many leads, and querying by more filter values than one call takes.

Marketo syncs at most 300 leads per call and reports each record's outcome (``created``,
``updated`` or ``skipped`` with reasons) inside a successful response. :meth:`sync_all` cuts any
number of records into batches of 300 (10,000 records are 34 calls), keeps the outcomes in input
order and makes skipped records impossible to miss: they are returned with their reasons in
:attr:`LeadSyncResults.skipped`, and :meth:`LeadSyncResults.raise_for_skipped` turns them into an
error for callers that want all-or-nothing.

:meth:`get_by_filter_all` queries by any number of values: 300 per call (Marketo's limit), each
call paged, and a query too long for a URL (Marketo answers 414 beyond 8 KB) is sent as
``POST ?_method=GET`` with a form body, as Marketo documents.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ..._encoding import encode_fields
from ..._http import RequestSpec
from ...errors import InvalidArgumentError, MarketoError
from ...types.leads import Lead, Reason
from .._base import SyncResource

__all__ = [
    "LeadBatchMixin",
    "LeadSyncResult",
    "LeadSyncResults",
    "SkippedRecordsError",
    "batches",
]

MAX_BATCH: Final = 300
MAX_QUERY_CHARS: Final = 6000
"""Past this many characters of query string, a filter query goes as POST ``_method=GET``."""
_SYNC_PATH: Final = "/rest/v1/leads.json"


@dataclass(frozen=True)
class LeadSyncResult:
    """What happened to one input record of a sync."""

    index: int
    """Position of the record in the input."""
    record: Mapping[str, Any]
    status: str
    """``created``, ``updated`` or ``skipped``."""
    id: int | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def skipped(self) -> bool:
        return self.status == "skipped"

    @property
    def reason(self) -> str:
        """``"1005: Lead already exists"`` (all reasons, ``; ``-joined), or ``""``."""
        return "; ".join(f"{item.code}: {item.message}" for item in self.reasons)


class SkippedRecordsError(MarketoError):
    """Raised by :meth:`LeadSyncResults.raise_for_skipped` when records were skipped."""

    def __init__(self, skipped: Sequence[LeadSyncResult]) -> None:
        first = skipped[0]
        super().__init__(
            f"{len(skipped)} record(s) skipped; first at index {first.index}: {first.reason}"
        )
        self.skipped = list(skipped)


@dataclass
class LeadSyncResults(Sequence[LeadSyncResult]):
    """Every record's outcome, in input order, and the number of calls it took."""

    results: list[LeadSyncResult] = field(default_factory=list)
    calls: int = 0

    def __getitem__(self, index: Any) -> Any:
        return self.results[index]

    def __len__(self) -> int:
        return len(self.results)

    @property
    def created(self) -> list[LeadSyncResult]:
        return [item for item in self.results if item.status == "created"]

    @property
    def updated(self) -> list[LeadSyncResult]:
        return [item for item in self.results if item.status == "updated"]

    @property
    def skipped(self) -> list[LeadSyncResult]:
        return [item for item in self.results if item.skipped]

    @property
    def ids(self) -> list[int | None]:
        """Lead ids in input order (``None`` for skipped records)."""
        return [item.id for item in self.results]

    def raise_for_skipped(self) -> LeadSyncResults:
        if self.skipped:
            raise SkippedRecordsError(self.skipped)
        return self


def batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    if not 1 <= size <= MAX_BATCH:
        raise InvalidArgumentError(f"batch size must be between 1 and {MAX_BATCH} (got {size})")
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record(item: Lead | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(item, Lead):
        return item.model_dump(by_alias=True, exclude_none=True, mode="json")
    return item


def _sync_spec(
    records: Sequence[Mapping[str, Any]],
    action: str,
    lookup_field: str | None,
    partition_name: str | None,
) -> RequestSpec:
    return RequestSpec(
        operation="syncLeadUsingPOST",
        method="POST",
        path=_SYNC_PATH,
        json_body={
            "action": action,
            "lookupField": lookup_field,
            "partitionName": partition_name,
            "input": list(records),
        },
        encoding="json",
        idempotent=action != "createDuplicate",
    )


def _collect(
    into: LeadSyncResults, offset: int, records: Sequence[Mapping[str, Any]], outcome: Any
) -> None:
    items = outcome.result
    if len(items) != len(records):
        raise MarketoError(
            f"syncLeadUsingPOST: {len(records)} records sent but {len(items)} outcomes returned"
        )
    for position, (record, item) in enumerate(zip(records, items, strict=True)):
        lead = Lead.model_validate(item)
        reasons = tuple(lead.reasons or ([lead.reason] if lead.reason else []))
        into.results.append(
            LeadSyncResult(
                index=offset + position,
                record=record,
                status=lead.status or "skipped",
                id=lead.id,
                reasons=reasons,
            )
        )
    into.calls += 1


def _unique(values: Sequence[Any]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))


def _filter_spec(
    filter_type: str, values: Sequence[str], fields: Sequence[str] | None
) -> RequestSpec:
    query: dict[str, Any] = {"filterType": filter_type, "filterValues": list(values)}
    if fields:
        query["fields"] = list(fields)
    length = sum(len(name) + len(value) + 2 for name, value in encode_fields(query))
    if length <= MAX_QUERY_CHARS:
        return RequestSpec(
            operation="getLeadsByFilterUsingGET", method="GET", path=_SYNC_PATH, query=query
        )
    return RequestSpec(
        operation="getLeadsByFilterUsingGET",
        method="POST",
        path=_SYNC_PATH,
        query={"_method": "GET"},
        body=query,
        encoding="form",
    )


class LeadBatchMixin(SyncResource):
    """``sync_all`` and ``get_by_filter_all`` for :class:`~marketo_ops.resources.leads.Leads`."""

    def sync_all(
        self,
        records: Sequence[Lead | Mapping[str, Any]],
        *,
        action: str = "createOrUpdate",
        lookup_field: str | None = "email",
        partition_name: str | None = None,
        batch_size: int = MAX_BATCH,
    ) -> LeadSyncResults:
        """Sync any number of leads, ``batch_size`` (at most 300) per call, in input order.

        Skipped records are in the result with their reasons (``results.skipped``), never
        hidden in a success; ``results.raise_for_skipped()`` makes them an error.
        """
        plain = [_record(item) for item in records]
        results = LeadSyncResults()
        offset = 0
        for chunk in batches(plain, batch_size):
            outcome = self._request(_sync_spec(chunk, action, lookup_field, partition_name))
            _collect(results, offset, chunk, outcome)
            offset += len(chunk)
        return results

    def get_by_filter_all(
        self,
        filter_type: str,
        values: Sequence[Any],
        *,
        fields: Sequence[str] | None = None,
        page_size: int = MAX_BATCH,
    ) -> Iterator[Lead]:
        """Leads whose ``filter_type`` field is one of ``values`` (any number of them).

        Lazy: 300 values per query, each query paged by ``nextPageToken`` as you iterate.
        """
        for chunk in batches(_unique(values), MAX_BATCH):
            yield from self._paginate(
                _filter_spec(filter_type, chunk, fields),
                Lead.model_validate,
                style="token",
                page_size=page_size,
            )
