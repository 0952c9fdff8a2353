"""Requesting and scheduling campaigns with plain Python arguments.

The generated ``trigger``/``schedule`` take Marketo's nested request objects
(``{"input": {"leads": [{"id": 1}], "tokens": [{"name": "{{my.X}}", "value": ...}]}}``).
:meth:`request` takes lead ids (or leads) and a ``{token: value}`` mapping, accepts token names
with or without the ``{{my.…}}`` wrapper, and splits more than 100 leads (Marketo's limit per
request) into several calls. :meth:`schedule_batch` does the same for a batch campaign run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from ..._http import RequestSpec
from ...errors import InvalidArgumentError
from ...types.leads import Campaign, Lead
from .._base import SyncResource
from .leads import batches

__all__ = ["CampaignRunMixin", "token_list"]

MAX_LEADS: Final = 100


def token_list(tokens: Mapping[str, Any] | None) -> list[dict[str, str]] | None:
    """``{"Offer": "x"}`` or ``{"{{my.Offer}}": "x"}`` -> ``[{"name": "{{my.Offer}}", ...}]``."""
    if not tokens:
        return None
    items = []
    for name, value in tokens.items():
        bare = name.strip()
        if bare.startswith("{{") and bare.endswith("}}"):
            bare = bare[2:-2].strip()
        if bare.lower().startswith("my."):
            bare = bare[3:]
        items.append({"name": f"{{{{my.{bare}}}}}", "value": str(value)})
    return items


def _lead_ids(leads: Sequence[int | Lead]) -> list[int]:
    ids = []
    for lead in leads:
        value = lead.id if isinstance(lead, Lead) else int(lead)
        if value is None:
            raise InvalidArgumentError("a lead without an id cannot be requested into a campaign")
        ids.append(value)
    if not ids:
        raise InvalidArgumentError("give at least one lead")
    return ids


def _trigger_spec(campaign_id: int, ids: Sequence[int], tokens: Any) -> RequestSpec:
    body: dict[str, Any] = {"leads": [{"id": value} for value in ids]}
    if tokens:
        body["tokens"] = tokens
    return RequestSpec(
        operation="triggerCampaignUsingPOST",
        method="POST",
        path=f"/rest/v1/campaigns/{campaign_id}/trigger.json",
        json_body={"input": body},
        encoding="json",
        idempotent=False,
    )


def _schedule_spec(
    campaign_id: int,
    run_at: datetime | str | None,
    tokens: Any,
    clone_to_program_name: str | None,
) -> RequestSpec:
    data: dict[str, Any] = {}
    if run_at is not None:
        data["runAt"] = run_at
    if tokens:
        data["tokens"] = tokens
    if clone_to_program_name:
        data["cloneToProgramName"] = clone_to_program_name
    return RequestSpec(
        operation="scheduleCampaignUsingPOST",
        method="POST",
        path=f"/rest/v1/campaigns/{campaign_id}/schedule.json",
        json_body={"input": data},
        encoding="json",
        idempotent=False,
    )


class CampaignRunMixin(SyncResource):
    """``request`` and ``schedule_batch`` for ``client.campaigns``."""

    def request(
        self,
        campaign_id: int,
        leads: Sequence[int | Lead],
        *,
        tokens: Mapping[str, Any] | None = None,
    ) -> int:
        """Run ``leads`` through a requestable campaign's flow; returns the calls made.

        The campaign must be active with a "Campaign is Requested" trigger; ``tokens`` override
        My Tokens of its program for this run.
        """
        items = token_list(tokens)
        calls = 0
        for chunk in batches(_lead_ids(leads), MAX_LEADS):
            self._request(_trigger_spec(campaign_id, chunk, items))
            calls += 1
        return calls

    def schedule_batch(
        self,
        campaign_id: int,
        *,
        run_at: datetime | str | None = None,
        tokens: Mapping[str, Any] | None = None,
        clone_to_program_name: str | None = None,
    ) -> Campaign:
        """Schedule a batch campaign (in five minutes unless ``run_at``) with token overrides."""
        spec = _schedule_spec(campaign_id, run_at, token_list(tokens), clone_to_program_name)
        return self._request(spec).one(Campaign, what="campaign")
