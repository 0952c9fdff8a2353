"""What the typed calls send, and where a client's MCP server is (settings, munchkin id)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from marketo_ops import Marketo
from marketo_ops.config import resolve_settings
from marketo_ops.errors import ConfigurationError
from marketo_ops.mcp import MCPCredentials, MCPTarget, calls, munchkin_from_base_url
from marketo_ops.mcp.target import target_of
from marketo_ops.types.asset import SmartListFilter

ENV = {
    "MARKETO_MUNCHKIN_ID": "123-abc-456",
    "MARKETO_CLIENT_ID": "id",
    "MARKETO_CLIENT_SECRET": "secret",
}


def test_a_rule_read_back_is_sent_without_the_ids_the_server_assigns() -> None:
    read_back = SmartListFilter.model_validate(
        {
            "id": 1001,
            "name": "Score is Changed",
            "ruleTypeId": 1069,
            "conditions": [
                {
                    "activityAttributeId": 1,
                    "activityAttributeName": "New Score",
                    "operator": "at least",
                    "values": ["100"],
                    "isPrimary": False,
                }
            ],
        }
    )
    call = calls.add_smart_list_rule("trigger", read_back, campaign_id=7, position=1)
    assert call.name == "add_smart_list_rule"
    assert call.arguments == {
        "campaignId": 7,
        "kind": "trigger",
        "rule": {
            "name": "Score is Changed",
            "conditions": [
                {
                    "activityAttributeName": "New Score",
                    "operator": "at least",
                    "values": ["100"],
                    "isPrimary": False,
                }
            ],
        },
        "position": 1,
    }
    assert call.idempotent is False


def test_a_smart_list_is_named_by_exactly_one_id() -> None:
    assert calls.delete_all_smart_list_rules(smart_list_id=4, kind="filter").arguments == {
        "smartListId": 4,
        "kind": "filter",
    }
    with pytest.raises(ValueError, match="exactly one of campaign_id or smart_list_id"):
        calls.delete_all_smart_list_rules()
    with pytest.raises(ValueError, match="exactly one"):
        calls.reorder_smart_list_rules("filter", [1], campaign_id=1, smart_list_id=2)


@pytest.mark.parametrize(
    ("logic", "sent"),
    [
        ("all", {"filterMatchType": "all"}),
        (" ANY ", {"filterMatchType": "any"}),
        ("1 and  (2 or 3)", {"filterMatchType": "advanced", "filterLogic": "1 and (2 or 3)"}),
    ],
)
def test_a_templates_filter_logic_is_sent_as_match_type_and_expression(
    logic: str, sent: dict[str, str]
) -> None:
    call = calls.update_smart_list_filter_logic(logic, campaign_id=3)
    assert call.arguments == {"campaignId": 3, **sent}
    assert call.idempotent is True


def test_a_flow_step_is_sent_as_a_template_writes_it() -> None:
    step = {
        "id": 5,
        "position": 2,
        "action": "Send Alert",
        "params": {},
        "choices": [{"condition": "Lead Status is MQL", "params": {"Send To": "Lead Owner"}}],
    }
    assert calls.add_flow_step(9, step).arguments == {
        "campaignId": 9,
        "step": {
            "action": "Send Alert",
            "params": {},
            "choices": [{"condition": "Lead Status is MQL", "params": {"Send To": "Lead Owner"}}],
        },
    }
    appended = calls.update_flow_step_choice(9, 5, choice={"condition": "c", "params": {}})
    assert appended.arguments == {
        "campaignId": 9,
        "stepId": 5,
        "choice": {"condition": "c", "params": {}},
    }
    assert appended.idempotent is False  # appending twice would add two choices
    replaced = calls.update_flow_step_choice(9, 5, choice_number=1, default_params={"A": "b"})
    assert replaced.idempotent is True


def test_the_munchkin_id_comes_from_the_base_url() -> None:
    assert munchkin_from_base_url("https://123-abc-456.mktorest.com") == "123-ABC-456"
    assert munchkin_from_base_url("https://proxy.example.com") is None
    credentials = MCPCredentials(None, "id", SecretStr("secret"))
    with pytest.raises(ConfigurationError, match="needs the instance's munchkin id"):
        credentials.headers()


def test_mcp_url_comes_from_the_environment_or_a_profile(tmp_path: Path) -> None:
    none = resolve_settings(env=ENV, config_file=tmp_path / "none.toml")
    assert none.mcp_url is None
    env = resolve_settings(
        env={**ENV, "MARKETO_MCP_URL": "https://marketo-mcp.adobe.io/mcp"},
        config_file=tmp_path / "none.toml",
    )
    assert env.mcp_url == "https://marketo-mcp.adobe.io/mcp"
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.prod]\nmunchkin_id = "123-ABC-456"\nclient_id = "i"\nclient_secret = "s"\n'
        'mcp_url = "https://marketo-mcp.adobe.io/mcp"\n',
        encoding="utf-8",
    )
    profile = resolve_settings(profile="prod", env={}, config_file=config)
    assert profile.mcp_url == "https://marketo-mcp.adobe.io/mcp"


def test_a_client_reaches_mcp_only_when_configured(tmp_path: Path) -> None:
    with Marketo(munchkin_id="123-ABC-456", client_id="i", client_secret="s") as plain:
        assert target_of(plain) is None
        assert plain.mcp.configured is False
    with Marketo(
        settings=resolve_settings(
            env={**ENV, "MARKETO_MCP_URL": "https://marketo-mcp.adobe.io/mcp"},
            config_file=tmp_path / "none.toml",
        )
    ) as configured:
        target = target_of(configured)
        assert target is not None
        assert target.url == "https://marketo-mcp.adobe.io/mcp"
        assert target.transport is None
        assert target.credentials.headers()["X-Marketo-Munchkin-Id"] == "123-ABC-456"
        assert "secret" not in repr(target)


def test_an_mcp_url_must_be_http() -> None:
    credentials = MCPCredentials("123-ABC-456", "i", SecretStr("secret"))
    with pytest.raises(ConfigurationError, match="must be an http"):
        MCPTarget("ftp://x/mcp", credentials)
