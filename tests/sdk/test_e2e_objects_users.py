"""End to end through the SDK against the in-process sandbox: custom object types and records,
companies, opportunities and roles, named accounts, sales persons, usage statistics and the
User Management API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from marketo_ops import ManualClock, Marketo
from marketo_ops.errors import (
    APIError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    ObjectInUseError,
)
from marketo_ops.sandbox import SandboxConfig


@pytest.fixture
def mk() -> Iterator[Marketo]:
    with Marketo.sandbox(
        clock=ManualClock(), config=SandboxConfig(validate_responses=True)
    ) as client:
        yield client


def test_custom_object_type_lifecycle_and_records(mk: Marketo) -> None:
    lead_ids = [i for i in mk.leads.sync_all([{"email": "o@example.com"}]).ids if i]
    types = mk.custom_object_types
    types.sync(api_name="subscription_c", display_name="Subscription", plural_name="Subscriptions")
    with pytest.raises(ConflictError):
        types.sync(api_name="subscription_c", display_name="Again", action="createOnly")
    types.add_fields(
        "subscription_c",
        input=[
            {"name": "plan", "displayName": "Plan", "dataType": "string", "isDedupeField": True},
            {
                "name": "region",
                "displayName": "Region",
                "dataType": "string",
                "isDedupeField": True,
            },
            {
                "name": "leadId",
                "displayName": "Lead",
                "dataType": "link",
                "relatedTo": {"name": "Lead", "field": "id"},
            },
            {"name": "seats", "displayName": "Seats", "dataType": "integer"},
        ],
    )
    draft = types.describe("subscription_c")
    assert draft.dedupe_fields == ["plan", "region"]
    with pytest.raises(NotFoundError):  # records need an approved type
        mk.custom_objects.sync("subscription_c", input=[{"plan": "p"}])
    types.approve("subscription_c")
    assert [item.api_name for item in mk.custom_objects.list_types()] == ["subscription_c"]
    with pytest.raises(InvalidRequestError):  # dedupe fields are fixed after approval
        types.add_fields(
            "subscription_c",
            input=[{"name": "x", "displayName": "X", "dataType": "string", "isDedupeField": True}],
        )

    objects = mk.custom_objects
    synced = objects.sync(
        "subscription_c",
        input=[
            {"plan": "Pro", "region": "EU", "leadId": lead_ids[0], "seats": 10},
            {"plan": "Pro", "region": "US", "leadId": lead_ids[0]},
            {"plan": "Free", "region": "EU", "leadId": 999_999},  # no such lead
            {"plan": "Free"},  # a dedupe value missing
        ],
    )
    assert [item.model_extra.get("status") for item in synced] == [
        "created",
        "created",
        "skipped",
        "skipped",
    ]
    again = objects.sync(
        "subscription_c", input=[{"plan": "Pro", "region": "EU", "seats": 12}], action="createOnly"
    )
    assert again[0].reasons
    assert again[0].reasons[0].code == "1017"
    compound = objects.list(
        "subscription_c",
        filter_type="dedupeFields",
        fields=["seats", "plan"],
        input=[{"plan": "Pro", "region": "EU"}],
    ).to_list()
    assert [(item.model_extra["plan"], item.model_extra["seats"]) for item in compound] == [
        ("Pro", 10)
    ]
    linked = objects.list(
        "subscription_c", filter_type="leadId", filter_values=[str(lead_ids[0])]
    ).to_list()
    assert len(linked) == 2
    with pytest.raises(ObjectInUseError):
        types.delete("subscription_c")
    deleted = objects.delete(
        "subscription_c", input=[{"plan": "Pro", "region": "EU"}, {"plan": "Pro", "region": "US"}]
    )
    assert [item.model_extra.get("status") for item in deleted] == ["deleted", "deleted"]
    types.delete("subscription_c")
    assert "link" in mk.custom_object_types.field_data_types()


def test_companies_opportunities_roles_accounts_and_sales_persons(mk: Marketo) -> None:
    lead_ids = [i for i in mk.leads.sync_all([{"email": "buyer@example.com"}]).ids if i]
    companies = mk.companies.sync(input=[{"externalCompanyId": "acme", "company": "Acme"}])
    assert companies[0].status == "created"
    assert companies[0].id
    updated = mk.companies.sync(input=[{"externalCompanyId": "acme", "industry": "Tools"}])
    assert updated[0].status == "updated"
    assert updated[0].id == companies[0].id
    found = mk.companies.list(filter_type="company", filter_values=["acme"]).to_list()
    assert len(found) == 1
    assert mk.companies.describe().id_field == "id"
    missing = mk.companies.sync(input=[{"externalCompanyId": "nope"}], action="updateOnly")
    assert missing[0].status == "skipped"

    mk.opportunities.sync(input=[{"externalOpportunityId": "opp1", "name": "Big deal"}])
    roles = mk.opportunity_roles.sync(
        input=[{"externalOpportunityId": "opp1", "leadId": lead_ids[0], "role": "Champion"}]
    )
    assert roles[0].model_extra.get("status") == "created"
    by_lead = mk.opportunity_roles.list(
        filter_type="leadId", filter_values=[str(lead_ids[0])], fields=["role"]
    ).to_list()
    assert [item.model_extra["role"] for item in by_lead] == ["Champion"]

    account = mk.named_accounts.sync(input=[{"name": "Globex", "domainName": "globex.com"}])[0]
    lists = mk.named_account_lists.sync(input=[{"name": "Tier 1"}])
    list_guid = str(lists[0].marketo_guid)
    added = mk.named_account_lists.add_members(
        list_guid, input=[{"marketoGUID": account.marketo_guid}]
    )
    assert added[0].status == "added"
    members = mk.named_account_lists.members(list_guid).to_list()
    assert [item.marketo_guid for item in members] == [account.marketo_guid]

    people = mk.sales_persons.sync(input=[{"externalSalesPersonId": "rep1", "email": "r@x.com"}])
    assert people[0].status == "created"
    assert mk.sales_persons.describe().dedupe_fields == ["externalSalesPersonId"]


def test_usage_statistics_count_the_calls_made(mk: Marketo) -> None:
    mk.leads.sync_all([{"email": "u@example.com"}])
    with pytest.raises(InvalidRequestError):
        mk.leads.sync(input=[{"email": "x@example.com"}], lookup_field="noSuchField")
    usage = mk.usage.daily()
    assert usage[0].total is not None
    assert usage[0].total >= 2
    assert usage[0].users
    assert usage[0].users[0].user_id
    errors = mk.usage.daily_errors()
    assert {item.error_code for item in errors[0].errors or []} == {"1003"}
    assert len(mk.usage.last_7_days()) == 7


def test_user_management(mk: Marketo) -> None:
    users = mk.users
    roles = {role.name: role.id for role in users.roles()}
    workspace = users.workspaces()[0].id
    assert {"Admin", "API Only"} <= set(roles)
    pair = [{"accessRoleId": roles["Marketing User"], "workspaceId": workspace}]
    users.invite(
        email_address="ann@example.com",
        first_name="Ann",
        last_name="Lee",
        user_role_workspaces=pair,
    )
    invited = users.get_invite("ann@example.com")
    assert invited.status == "pending"
    with pytest.raises(NotFoundError):
        users.get("ann@example.com")  # not a user until the invitation is accepted
    with pytest.raises(APIError) as twice:
        users.invite(
            email_address="ann@example.com",
            first_name="Ann",
            last_name="Lee",
            user_role_workspaces=pair,
        )
    assert twice.value.code == 1017
    users.delete_invite("ann@example.com")

    users.invite(
        email_address="bot@example.com",
        first_name="Bot",
        last_name="One",
        api_only=True,
        user_role_workspaces=pair,
    )
    bot = users.get("bot@example.com")
    assert bot.api_only is True
    assert users.update("bot@example.com", last_name="Two").last_name == "Two"
    after = users.add_roles(
        "bot@example.com", input=[{"accessRoleId": roles["API Only"], "workspaceId": workspace}]
    )
    assert len(after) == 2
    assert len(users.delete_roles("bot@example.com", input=pair)) == 1
    with pytest.raises(APIError, match="at least one role"):
        users.delete_roles(
            "bot@example.com",
            input=[{"accessRoleId": roles["API Only"], "workspaceId": workspace}],
        )
    assert "bot@example.com" in {user.userid for user in users.list(page_size=200)}
    users.delete("bot@example.com")
    with pytest.raises(NotFoundError):
        users.get("bot@example.com")
