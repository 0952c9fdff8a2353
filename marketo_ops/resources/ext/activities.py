"""Activities from a point in time, in one call.

Marketo pages activities from a *paging token* that stands for a datetime
(``pagingtoken.json?sinceDatetime=``) and takes at most 10 activity type ids per query. The
generated methods expose those steps; :meth:`since` and :meth:`lead_changes_since` do them all:
get the token, page (empty pages with ``moreResult: true`` are followed, not taken for the end),
and query type ids in groups of 10.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Final

from ..._http import RequestSpec
from ...errors import InvalidArgumentError
from ...types.leads import Activity, LeadChange
from .._base import SyncResource
from .._support import require_paging_token
from .leads import batches

__all__ = ["ActivitiesSinceMixin"]

MAX_TYPE_IDS: Final = 10


def _token_spec(since: str | datetime) -> RequestSpec:
    return RequestSpec(
        operation="getActivitiesPagingTokenUsingGET",
        method="GET",
        path="/rest/v1/activities/pagingtoken.json",
        query={"sinceDatetime": since},
    )


def _activities_spec(
    type_ids: Sequence[int],
    lead_ids: Sequence[int] | None,
    list_id: int | None,
    asset_ids: Sequence[int] | None,
) -> RequestSpec:
    return RequestSpec(
        operation="getLeadActivitiesUsingGET",
        method="GET",
        path="/rest/v1/activities.json",
        query={
            "activityTypeIds": list(type_ids),
            "leadIds": lead_ids,
            "listId": list_id,
            "assetIds": asset_ids,
        },
    )


def _changes_spec(
    fields: Sequence[str], lead_ids: Sequence[int] | None, list_id: int | None
) -> RequestSpec:
    return RequestSpec(
        operation="getLeadChangesUsingGET",
        method="GET",
        path="/rest/v1/activities/leadchanges.json",
        query={"fields": list(fields), "leadIds": lead_ids, "listId": list_id},
    )


def _groups(type_ids: Sequence[int]) -> list[Sequence[int]]:
    unique = list(dict.fromkeys(int(value) for value in type_ids))
    if not unique:
        raise InvalidArgumentError("give at least one activity type id")
    return list(batches(unique, MAX_TYPE_IDS))


class ActivitiesSinceMixin(SyncResource):
    """``since`` and ``lead_changes_since`` for ``client.activities``."""

    def since(
        self,
        since: str | datetime,
        *,
        activity_type_ids: Sequence[int],
        lead_ids: Sequence[int] | None = None,
        list_id: int | None = None,
        asset_ids: Sequence[int] | None = None,
        page_size: int = 300,
    ) -> Iterator[Activity]:
        """Activities of the given types from ``since`` on, oldest first within each group of 10
        type ids (lazy: the paging token is fetched when iteration starts)."""
        groups = _groups(activity_type_ids)
        token = require_paging_token(self._request(_token_spec(since)))
        for group in groups:
            yield from self._paginate(
                _activities_spec(group, lead_ids, list_id, asset_ids),
                Activity.model_validate,
                style="token",
                page_size=page_size,
                start_token=token,
            )

    def lead_changes_since(
        self,
        since: str | datetime,
        *,
        fields: Sequence[str],
        lead_ids: Sequence[int] | None = None,
        list_id: int | None = None,
        page_size: int = 300,
    ) -> Iterator[LeadChange]:
        """New Lead and Change Data Value activities of ``fields`` from ``since`` on."""
        token = require_paging_token(self._request(_token_spec(since)))
        yield from self._paginate(
            _changes_spec(fields, lead_ids, list_id),
            LeadChange.model_validate,
            style="token",
            page_size=page_size,
            start_token=token,
        )
