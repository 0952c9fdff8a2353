"""Flow steps written over MCP.

A campaign's flow is its list of steps (``{id, action, params, choices}``, the template's shape
plus an id), stored where the seed path puts it. A step's ``action`` must be a flow step of the
catalog (or an alias) and is kept as written; ``params`` are its default choice and ``choices``
its "If ... then" choices, each ``{condition, params}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import errors
from ..domain import campaigns
from ..store.db import Row, Store
from .catalog import catalog


def view_step(step: Mapping[str, Any], position: int) -> dict[str, Any]:
    return {
        "id": step["id"],
        "position": position,
        "action": step.get("action", ""),
        "params": dict(step.get("params") or {}),
        "choices": [
            {"condition": choice.get("condition", ""), "params": dict(choice.get("params") or {})}
            for choice in step.get("choices") or []
        ],
    }


def view(store: Store, campaign: Row) -> dict[str, Any]:
    steps = campaigns.flow_of(store, campaign)
    return {
        "campaignId": campaign.id,
        "flowId": campaign.data.get("flowId"),
        "steps": [view_step(step, number) for number, step in enumerate(steps, start=1)],
    }


def add(
    store: Store, campaign: Row, step: Mapping[str, Any], position: int | None
) -> dict[str, Any]:
    action = str(step["action"])
    if catalog().flow_step(action) is None:
        raise errors.invalid_data(
            f"Unknown flow step '{action}': it is not among the flow steps this server offers"
            " (get_smart_campaign_flow_step_types lists them)"
        )
    steps = campaigns.flow_of(store, campaign)
    if position is not None and position > len(steps) + 1:
        raise errors.invalid_data(f"Invalid position {position}: the flow has {len(steps)} steps")
    stored: dict[str, Any] = {
        "id": store.next_id("flow_step"),
        "action": action,
        "params": dict(step.get("params") or {}),
        "choices": [dict(choice) for choice in step.get("choices") or []],
    }
    index = len(steps) if position is None else position - 1
    steps.insert(index, stored)
    campaigns.write_flow(store, campaign, steps)
    return {**view(store, campaign), "step": view_step(stored, index + 1)}


def update_choice(
    store: Store,
    campaign: Row,
    step_id: int,
    *,
    choice_number: int | None,
    choice: Mapping[str, Any] | None,
    default_params: Mapping[str, str] | None,
) -> dict[str, Any]:
    steps = campaigns.flow_of(store, campaign)
    index = next((i for i, step in enumerate(steps) if step["id"] == step_id), None)
    if index is None:
        raise errors.not_found("Flow step", step_id)
    step = steps[index]
    choices: list[dict[str, Any]] = list(step.get("choices") or [])
    if choice is not None:
        number = choice_number if choice_number is not None else len(choices) + 1
        if number > len(choices) + 1:
            raise errors.invalid_data(
                f"Invalid choiceNumber {number}: flow step {step_id} has {len(choices)} choices"
            )
        entry = {"condition": str(choice["condition"]), "params": dict(choice["params"])}
        if number == len(choices) + 1:
            choices.append(entry)
        else:
            choices[number - 1] = entry
    if default_params is not None:
        step["params"] = dict(default_params)
    step["choices"] = choices
    campaigns.write_flow(store, campaign, steps)
    return {**view(store, campaign), "step": view_step(step, index + 1)}
