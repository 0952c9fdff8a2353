"""The format's placeholders for what an export could not read, and read-only tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from marketo_ops.templates import ProgramTemplate, TemplateError, template_json_schema

SOURCE = "campaign 'Welcome' (id 1234) of program 'Onboarding' in https://123-ABC-456.mktorest.com"


def spec(**campaign: Any) -> dict[str, Any]:
    return {
        "format_version": 1,
        "program": {
            "name": "Onboarding",
            "channel": "Operational",
            "tokens": [{"name": "Plan", "type": "text", "value": "Gold"}],
            "read_only_tokens": [
                {"name": "Greeting", "type": "email script", "value": "#set($a = 1)\n$a"}
            ],
        },
        "smart_campaigns": [
            {
                "name": "Welcome",
                "description": "Says {{my.Greeting}} and {{my.Plan}}",
                "smart_list": {"triggers": [{"name": "Person is Created"}]},
                **campaign,
            }
        ],
    }


def load(tmp_path: Path, data: dict[str, Any]) -> ProgramTemplate:
    (tmp_path / "program.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return ProgramTemplate.load(tmp_path)


UNREAD_FLOW = {"part": "flow", "reason": "the REST API cannot read flow steps", "source": SOURCE}


def test_an_unread_flow_is_a_warning_and_a_manual_step(tmp_path: Path) -> None:
    template = load(tmp_path, spec(activate=True, unread=[UNREAD_FLOW]))

    findings = [(f.code, f.severity.value) for f in template.validate()]

    assert findings == [("unread-part", "warning")]  # and no cannot-activate error
    assert template.manual_steps()["Welcome"] == [
        "Smart List: add trigger Person is Created",
        f"Flow (not exported): copy the flow steps by hand from {SOURCE} (the REST API cannot "
        "read flow steps)",
        "Schedule: Activate",
    ]
    jsonschema.validate(
        yaml.safe_load((tmp_path / "program.yaml").read_text()), template_json_schema()
    )


def test_an_unread_part_given_twice_or_beside_its_content_is_an_error(tmp_path: Path) -> None:
    flow = [{"action": "Sync Person to SFDC", "params": {"Assign to": "Use Auto-Assignment Rules"}}]
    template = load(tmp_path, spec(flow=flow, unread=[UNREAD_FLOW, UNREAD_FLOW]))

    codes = sorted(f.code for f in template.errors())

    assert codes == ["duplicate-unread", "unread-and-given"]


def test_read_only_tokens_are_tokens_for_references_and_names(tmp_path: Path) -> None:
    data = spec()
    data["program"]["tokens"].append({"name": "Greeting", "type": "text", "value": "Hi"})
    template = load(tmp_path, data)

    errors = [(f.code, f.message) for f in template.errors()]

    assert errors == [
        (
            "duplicate-name",
            "'Greeting' is already used by program.tokens[1]; a program cannot have two tokens "
            "with one name",
        )
    ]
    assert load(tmp_path, spec()).errors() == []  # {{my.Greeting}} names a read-only token


@pytest.mark.parametrize("missing", ["reason", "part"])
def test_a_placeholder_says_what_and_why(tmp_path: Path, missing: str) -> None:
    unread = {k: v for k, v in UNREAD_FLOW.items() if k != missing}
    with pytest.raises(TemplateError, match=missing):
        load(tmp_path, spec(unread=[unread]))
