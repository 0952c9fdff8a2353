"""Contract: every lead-database, bulk and User Management operation answers a spec-conforming
success, checked by the sandbox's response validator (official definitions plus the documented
corrections in ``marketo_ops.sandbox.contract``).

The tour calls each operation of the ``mapi`` and ``user`` specs through raw httpx, the way a
third-party client would, and then checks that each one was validated at least once.
"""

from __future__ import annotations

import json
from typing import Any

from marketo_ops.sandbox import SeedCampaign, SeedProgram, SeedToken
from marketo_ops.sandbox.handlers import registry
from marketo_ops.sandbox.store.db import Row

from .conftest import Api

V1 = "/rest/v1"
B = "/bulk/v1"
U = "/userservice/management/v1/users"


def js(api: Api, method: str, path: str, payload: Any = None, **params: Any) -> dict[str, Any]:
    """A JSON call that must succeed (HTTP 200, success true)."""
    body = api.call(method, path, json=payload, params=params or None)
    assert body["success"] is True, body
    return body


def plain(api: Api, method: str, path: str, payload: Any = None, **params: Any) -> Any:
    response = api.http.request(method, path, json=payload, params=params or None)
    assert response.status_code == 200, response.text
    return response.json() if response.content else None


def test_every_lead_database_and_user_operation_conforms(api: Api) -> None:
    sb = api.sandbox
    clock = sb.clock
    seeded = sb.admin.seed_program(
        SeedProgram(
            "Contract Program",
            tokens=[SeedToken("Offer", "Free trial")],
            campaigns=[
                SeedCampaign(
                    "Requested",
                    triggers=["Campaign is Requested"],
                    flow=[
                        {
                            "action": "Change Data Value",
                            "params": {"Attribute": "Job Title", "New Value": "{{my.Offer}}"},
                        }
                    ],
                    active=True,
                ),
                SeedCampaign("Batch", filters=["Member of List"], flow=[{"action": "Wait"}]),
            ],
        )
    )
    pid = seeded.program_id
    static_list = api.post(
        "/rest/asset/v1/staticLists.json",
        data={"name": "Contract List", "folder": json.dumps({"id": pid, "type": "Program"})},
    )[0]
    list_id = static_list["id"]

    # leads: schema first, so a custom field can be synced
    js(
        api,
        "POST",
        f"{V1}/leads/schema/fields.json",
        {
            "input": [
                {"name": "favoriteColor", "displayName": "Favorite Color", "dataType": "string"}
            ]
        },
    )
    assert js(api, "GET", f"{V1}/leads/schema/fields.json")["result"]
    js(api, "GET", f"{V1}/leads/schema/fields/favoriteColor.json")
    js(
        api,
        "POST",
        f"{V1}/leads/schema/fields/favoriteColor.json",
        {"input": [{"displayName": "Favourite Colour"}]},
    )
    synced = js(
        api,
        "POST",
        f"{V1}/leads.json",
        {
            "action": "createOrUpdate",
            "input": [
                {"email": "ada@example.com", "firstName": "Ada", "favoriteColor": "green"},
                {"email": "bob@example.com", "firstName": "Bob"},
                {"email": "cy@example.com", "firstName": "Cy"},
                {"email": "bad@example.com", "noSuchField": 1},
            ],
        },
    )["result"]
    assert [item["status"] for item in synced] == ["created", "created", "created", "skipped"]
    ada, bob, cy = (item["id"] for item in synced[:3])
    js(api, "GET", f"{V1}/lead/{ada}.json", fields="email,favoriteColor")
    js(api, "GET", f"{V1}/leads.json", filterType="email", filterValues="ada@example.com")
    js(api, "GET", f"{V1}/leads/describe.json")
    js(api, "GET", f"{V1}/leads/describe2.json")
    js(api, "GET", f"{V1}/leads/partitions.json")
    js(
        api,
        "POST",
        f"{V1}/leads/partitions.json",
        {"input": [{"id": cy, "partitionName": "Default"}]},
    )
    js(api, "POST", f"{V1}/leads/{ada}/associate.json", cookie="id:123-ABC-456&token:_mch-x")

    # lists
    js(api, "GET", f"{V1}/lists.json")
    js(api, "GET", f"{V1}/lists/{list_id}.json")
    js(api, "POST", f"{V1}/lists/{list_id}/leads.json", {"input": [{"id": ada}, {"id": bob}]})
    js(api, "GET", f"{V1}/lists/{list_id}/leads.json")
    js(api, "GET", f"{V1}/list/{list_id}/leads.json")
    js(api, "GET", f"{V1}/lists/{list_id}/leads/ismember.json", id=f"{ada},{cy}")
    js(
        api,
        "POST",
        f"{V1}/lists/{list_id}/leads/ismember.json",
        {"input": [{"id": ada}]},
        _method="GET",
    )
    js(api, "DELETE", f"{V1}/lists/{list_id}/leads.json", id=str(bob))
    js(api, "GET", f"{V1}/leads/{ada}/listMembership.json")

    # program members and their schema
    js(
        api,
        "POST",
        f"{V1}/programs/members/schema/fields.json",
        {"input": [{"name": "seatNumber", "displayName": "Seat", "dataType": "string"}]},
    )
    js(api, "GET", f"{V1}/programs/members/schema/fields.json")
    js(api, "GET", f"{V1}/programs/members/schema/fields/seatNumber.json")
    js(
        api,
        "POST",
        f"{V1}/programs/members/schema/fields/seatNumber.json",
        {"input": [{"description": "Assigned seat"}]},
    )
    js(
        api,
        "POST",
        f"{V1}/leads/programs/{pid}/status.json",
        {"status": "Member", "input": [{"id": ada}]},
    )
    js(
        api,
        "POST",
        f"{V1}/programs/{pid}/members/status.json",
        {"statusName": "Member", "input": [{"leadId": bob}]},
    )
    js(
        api,
        "POST",
        f"{V1}/programs/{pid}/members.json",
        {"input": [{"leadId": ada, "seatNumber": "A1"}]},
    )
    js(
        api,
        "GET",
        f"{V1}/programs/{pid}/members.json",
        filterType="statusName",
        filterValues="Member",
        fields="seatNumber,statusName",
    )
    js(api, "GET", f"{V1}/leads/programs/{pid}.json")
    js(api, "GET", f"{V1}/leads/{ada}/programMembership.json")
    js(api, "GET", f"{V1}/programs/members/describe.json")
    js(api, "GET", f"{V1}/program/members/describe.json")
    js(api, "POST", f"{V1}/programs/{pid}/members/delete.json", {"input": [{"leadId": bob}]})

    # campaigns
    campaign = seeded.campaigns["Requested"]
    js(api, "GET", f"{V1}/campaigns.json")
    js(api, "GET", f"{V1}/campaigns/{campaign}.json")
    js(
        api,
        "POST",
        f"{V1}/campaigns/{campaign}/trigger.json",
        {"input": {"leads": [{"id": ada}], "tokens": [{"name": "{{my.Offer}}", "value": "Demo"}]}},
    )
    js(api, "POST", f"{V1}/campaigns/{seeded.campaigns['Batch']}/schedule.json", {"input": {}})
    js(api, "GET", f"{V1}/leads/{ada}/smartCampaignMembership.json")

    # push, form, merge
    js(
        api,
        "POST",
        f"{V1}/leads/push.json",
        {"programName": "Contract Program", "input": [{"email": "dee@example.com"}]},
    )
    with sb.store.transaction():
        sb.store.insert(
            Row(
                kind="form",
                id=sb.store.next_id("form"),
                name="Contract Form",
                workspace="Default",
                data={},
            )
        )
    form_id = sb.store.find("form")[0].id
    js(
        api,
        "POST",
        f"{V1}/leads/submitForm.json",
        {"formId": form_id, "input": [{"leadFormFields": {"email": "eve@example.com"}}]},
    )
    js(api, "POST", f"{V1}/leads/{ada}/merge.json", leadId=str(cy))

    # activities
    since = "2020-01-01T00:00:00Z"
    token = js(api, "GET", f"{V1}/activities/pagingtoken.json", sinceDatetime=since)[
        "nextPageToken"
    ]
    js(api, "GET", f"{V1}/activities/types.json")
    assert js(api, "GET", f"{V1}/activities.json", nextPageToken=token, activityTypeIds="12,13")[
        "result"
    ]
    js(api, "GET", f"{V1}/activities/leadchanges.json", nextPageToken=token, fields="firstName")
    js(
        api,
        "POST",
        f"{V1}/activities/external/type.json",
        {
            "apiName": "webinarAttended",
            "name": "Webinar Attended",
            "triggerName": "Attends Webinar",
            "filterName": "Attended Webinar",
            "primaryAttribute": {
                "apiName": "webinarName",
                "name": "Webinar Name",
                "dataType": "string",
            },
        },
    )
    js(
        api,
        "POST",
        f"{V1}/activities/external/type/webinarAttended/attributes/create.json",
        {"attributes": [{"apiName": "minutes", "name": "Minutes", "dataType": "integer"}]},
    )
    js(
        api,
        "POST",
        f"{V1}/activities/external/type/webinarAttended/attributes/update.json",
        {"attributes": [{"apiName": "minutes", "name": "Minutes Watched"}]},
    )
    js(
        api,
        "POST",
        f"{V1}/activities/external/type/webinarAttended.json",
        {"description": "Webinar attendance"},
    )
    js(api, "GET", f"{V1}/activities/external/type/webinarAttended/describe.json", draft="true")
    js(api, "POST", f"{V1}/activities/external/type/webinarAttended/approve.json")
    js(api, "GET", f"{V1}/activities/external/types.json")
    type_id = js(api, "GET", f"{V1}/activities/external/type/webinarAttended/describe.json")[
        "result"
    ][0]["id"]
    added = js(
        api,
        "POST",
        f"{V1}/activities/external.json",
        {
            "input": [
                {
                    "leadId": ada,
                    "activityTypeId": type_id,
                    "primaryAttributeValue": "Launch",
                    "attributes": [{"apiName": "minutes", "value": 42}],
                }
            ]
        },
    )["result"]
    assert added[0]["status"] == "added"
    js(
        api,
        "POST",
        f"{V1}/activities/external/type/webinarAttended/attributes/delete.json",
        {"attributes": [{"apiName": "minutes"}]},
    )
    js(api, "POST", f"{V1}/activities/external/type/webinarAttended/discardDraft.json")
    js(api, "POST", f"{V1}/activities/external/type/webinarAttended/delete.json")

    # companies, sales persons, opportunities, roles, named accounts and lists
    js(
        api,
        "POST",
        f"{V1}/companies.json",
        {"input": [{"externalCompanyId": "acme", "company": "Acme"}]},
    )
    js(api, "GET", f"{V1}/companies.json", filterType="externalCompanyId", filterValues="acme")
    js(api, "GET", f"{V1}/companies/describe.json")
    js(api, "GET", f"{V1}/companies/schema/fields.json")
    js(api, "GET", f"{V1}/companies/schema/fields/company.json")
    js(api, "POST", f"{V1}/companies/delete.json", {"input": [{"externalCompanyId": "acme"}]})
    js(
        api,
        "POST",
        f"{V1}/salespersons.json",
        {"input": [{"externalSalesPersonId": "sp1", "email": "s@x.com"}]},
    )
    js(
        api,
        "GET",
        f"{V1}/salespersons.json",
        filterType="externalSalesPersonId",
        filterValues="sp1",
    )
    js(api, "GET", f"{V1}/salespersons/describe.json")
    js(api, "POST", f"{V1}/salespersons/delete.json", {"input": [{"externalSalesPersonId": "sp1"}]})
    js(
        api,
        "POST",
        f"{V1}/opportunities.json",
        {"input": [{"externalOpportunityId": "o1", "name": "Deal"}]},
    )
    js(
        api,
        "GET",
        f"{V1}/opportunities.json",
        filterType="externalOpportunityId",
        filterValues="o1",
    )
    js(api, "GET", f"{V1}/opportunities/describe.json")
    js(api, "GET", f"{V1}/opportunities/schema/fields.json")
    js(api, "GET", f"{V1}/opportunities/schema/fields/name.json")
    js(
        api,
        "POST",
        f"{V1}/opportunities/roles.json",
        {"input": [{"externalOpportunityId": "o1", "leadId": ada, "role": "Buyer"}]},
    )
    js(
        api,
        "POST",
        f"{V1}/opportunities/roles.json",
        {
            "filterType": "dedupeFields",
            "input": [{"externalOpportunityId": "o1", "leadId": ada, "role": "Buyer"}],
        },
        _method="GET",
    )
    js(api, "GET", f"{V1}/opportunities/roles.json", filterType="leadId", filterValues=str(ada))
    js(api, "GET", f"{V1}/opportunities/roles/describe.json")
    js(
        api,
        "POST",
        f"{V1}/opportunities/roles/delete.json",
        {"input": [{"externalOpportunityId": "o1", "leadId": ada, "role": "Buyer"}]},
    )
    js(api, "POST", f"{V1}/opportunities/delete.json", {"input": [{"externalOpportunityId": "o1"}]})
    account = js(api, "POST", f"{V1}/namedaccounts.json", {"input": [{"name": "Globex"}]})[
        "result"
    ][0]
    js(api, "GET", f"{V1}/namedaccounts.json", filterType="name", filterValues="Globex")
    js(api, "GET", f"{V1}/namedaccounts/describe.json")
    js(api, "GET", f"{V1}/namedaccounts/schema/fields.json")
    js(api, "GET", f"{V1}/namedaccounts/schema/fields/name.json")
    account_list = js(
        api, "POST", f"{V1}/namedAccountLists.json", {"input": [{"name": "Targets"}]}
    )["result"][0]
    js(api, "GET", f"{V1}/namedAccountLists.json", filterType="name", filterValues="Targets")
    list_guid = account_list["marketoGUID"]
    js(
        api,
        "POST",
        f"{V1}/namedAccountList/{list_guid}/namedAccounts.json",
        {"input": [{"marketoGUID": account["marketoGUID"]}]},
    )
    js(api, "GET", f"{V1}/namedAccountList/{list_guid}/namedAccounts.json")
    js(
        api,
        "POST",
        f"{V1}/namedAccountList/{list_guid}/namedAccounts/remove.json",
        {"input": [{"marketoGUID": account["marketoGUID"]}]},
    )
    js(api, "POST", f"{V1}/namedAccountLists/delete.json", {"input": [{"name": "Targets"}]})
    js(api, "POST", f"{V1}/namedaccounts/delete.json", {"input": [{"name": "Globex"}]})

    # custom object types and records
    js(api, "GET", f"{V1}/customobjects/schema/fieldDataTypes.json")
    js(api, "GET", f"{V1}/customobjects/schema/linkableObjects.json")
    js(
        api,
        "POST",
        f"{V1}/customobjects/schema.json",
        {"apiName": "car_c", "displayName": "Car", "pluralName": "Cars"},
    )
    js(
        api,
        "POST",
        f"{V1}/customobjects/schema/car_c/addField.json",
        {
            "input": [
                {"name": "vin", "displayName": "VIN", "dataType": "string", "isDedupeField": True},
                {
                    "name": "leadId",
                    "displayName": "Lead",
                    "dataType": "link",
                    "relatedTo": {"name": "Lead", "field": "id"},
                },
                {"name": "color", "displayName": "Color", "dataType": "string"},
            ]
        },
    )
    js(
        api,
        "POST",
        f"{V1}/customobjects/schema/car_c/color/updateField.json",
        {"displayName": "Colour"},
    )
    js(
        api,
        "POST",
        f"{V1}/customobjects/schema/car_c/deleteField.json",
        {"input": [{"name": "color"}]},
    )
    js(api, "GET", f"{V1}/customobjects/schema/car_c/describe.json")
    js(api, "POST", f"{V1}/customobjects/schema/car_c/approve.json")
    js(api, "GET", f"{V1}/customobjects/schema.json")
    js(api, "GET", f"{V1}/customobjects/schema/car_c/dependentAssets.json")
    js(api, "POST", f"{V1}/customobjects/schema.json", {"apiName": "car_c", "description": "Cars"})
    js(api, "POST", f"{V1}/customobjects/schema/car_c/discardDraft.json")
    js(api, "GET", f"{V1}/customobjects.json")
    js(api, "GET", f"{V1}/customobjects/car_c/describe.json")
    js(api, "POST", f"{V1}/customobjects/car_c.json", {"input": [{"vin": "V1", "leadId": ada}]})
    js(api, "GET", f"{V1}/customobjects/car_c.json", filterType="vin", filterValues="V1")

    # bulk exports (every kind), then imports
    window = {"startAt": "2027-01-01T00:00:00Z", "endAt": "2027-01-31T00:00:00Z"}
    exports = {
        "leads": ({"fields": ["id", "email"], "filter": {"staticListId": list_id}}, ""),
        "activities": ({"filter": {"createdAt": window}}, ""),
        "program/members": ({"fields": ["leadId", "statusName"], "filter": {"programId": pid}}, ""),
        "customobjects/car_c": ({"fields": ["vin"], "filter": {"updatedAt": window}}, ""),
    }
    for area, (request, _) in exports.items():
        job = js(api, "POST", f"{B}/{area}/export/create.json", request)["result"][0]
        export_id = job["exportId"]
        js(api, "POST", f"{B}/{area}/export/{export_id}/enqueue.json")
        clock.advance(10)
        assert (
            js(api, "GET", f"{B}/{area}/export/{export_id}/status.json")["result"][0]["status"]
            == "Completed"
        )
        file = api.http.get(f"{B}/{area}/export/{export_id}/file.json")
        assert file.status_code == 200
        js(api, "GET", f"{B}/{area}/export.json")
        spare = js(api, "POST", f"{B}/{area}/export/create.json", request)["result"][0]
        js(api, "POST", f"{B}/{area}/export/{spare['exportId']}/cancel.json")

    csv_leads = b"email,firstName\nfred@example.com,Fred\n"
    response = api.http.post(
        f"{B}/leads.json",
        params={"format": "csv"},
        files={"file": ("leads.csv", csv_leads, "text/csv")},
    )
    lead_batch = response.json()["result"][0]["batchId"]
    response = api.http.post(
        f"{B}/program/{pid}/members/import.json",
        params={"format": "csv", "programMemberStatus": "Member"},
        files={"file": ("m.csv", b"email\nfred@example.com\n", "text/csv")},
    )
    member_batch = response.json()["result"][0]["batchId"]
    response = api.http.post(
        f"{B}/customobjects/car_c/import.json",
        params={"format": "csv"},
        files={"file": ("c.csv", b"vin,leadId\nV2,%d\n" % ada, "text/csv")},
    )
    object_batch = response.json()["result"][0]["batchId"]
    clock.advance(10)
    js(api, "GET", f"{B}/leads/batch/{lead_batch}.json")
    assert api.http.get(f"{B}/leads/batch/{lead_batch}/failures.json").status_code == 200
    assert api.http.get(f"{B}/leads/batch/{lead_batch}/warnings.json").status_code == 200
    js(api, "GET", f"{B}/program/members/import/{member_batch}/status.json")
    assert (
        api.http.get(f"{B}/program/members/import/{member_batch}/failures.json").status_code == 200
    )
    assert (
        api.http.get(f"{B}/program/members/import/{member_batch}/warnings.json").status_code == 200
    )
    js(api, "GET", f"{B}/customobjects/car_c/import/{object_batch}/status.json")
    for which in ("failures", "warnings"):
        assert (
            api.http.get(f"{B}/customobjects/car_c/import/{object_batch}/{which}.json").status_code
            == 200
        )

    js(
        api,
        "POST",
        f"{V1}/customobjects/car_c/delete.json",
        {"input": [{"vin": "V1"}, {"vin": "V2"}]},
    )
    js(api, "POST", f"{V1}/customobjects/schema/car_c/delete.json")
    js(api, "POST", f"{V1}/leads/delete.json", {"input": [{"id": bob}]})
    js(api, "GET", f"{V1}/activities/deletedleads.json", nextPageToken=token)

    # usage statistics
    assert js(api, "GET", f"{V1}/stats/usage.json")["result"][0]["total"] > 50
    js(api, "GET", f"{V1}/stats/usage/last7days.json")
    js(api, "GET", f"{V1}/stats/errors.json")
    js(api, "GET", f"{V1}/stats/errors/last7days.json")

    # user management
    plain(api, "GET", f"{U}/roles.json")
    workspaces = plain(api, "GET", f"{U}/workspaces.json")
    plain(api, "GET", f"{U}/allusers.json")
    role_ws = [{"accessRoleId": 2, "workspaceId": workspaces[0]["id"]}]
    assert plain(
        api,
        "POST",
        f"{U}/invite.json",
        {
            "emailAddress": "new@example.com",
            "firstName": "New",
            "lastName": "Person",
            "userRoleWorkspaces": role_ws,
        },
    )
    plain(api, "GET", f"{U}/new@example.com/invite.json")
    plain(api, "POST", f"{U}/new@example.com/invite/delete.json")
    plain(
        api,
        "POST",
        f"{U}/invite.json",
        {
            "emailAddress": "bot@example.com",
            "firstName": "Bot",
            "lastName": "Api",
            "apiOnly": True,
            "userRoleWorkspaces": role_ws,
        },
    )
    plain(api, "GET", f"{U}/bot@example.com/user.json")
    plain(api, "POST", f"{U}/bot@example.com/update.json", {"lastName": "Integration"})
    plain(api, "GET", f"{U}/bot@example.com/roles.json")
    plain(
        api,
        "POST",
        f"{U}/bot@example.com/roles/create.json",
        {"input": [{"accessRoleId": 5, "workspaceId": workspaces[0]["id"]}]},
    )
    plain(api, "POST", f"{U}/bot@example.com/roles/delete.json", {"input": role_ws})
    plain(api, "POST", f"{U}/bot@example.com/delete.json")

    validated = sb.app.validator.validated
    wanted = {
        op.operation_id
        for op in registry().operations
        if op.spec in {"mapi", "user"}
        and op.operation_id
        not in {
            # File bodies (CSV), not JSON: checked by status code above.
            "getExportLeadsFileUsingGET",
            "getExportActivitiesFileUsingGET",
            "getExportProgramMembersFileUsingGET",
            "getExportCustomObjectsFileUsingGET",
            "getImportLeadFailuresUsingGET",
            "getImportLeadWarningsUsingGET",
            "getImportProgramMemberFailuresUsingGET",
            "getImportProgramMemberWarningsUsingGET",
            "getImportCustomObjectFailuresUsingGET",
            "getImportCustomObjectWarningsUsingGET",
            # Deletions answer an empty 200 (the spec declares no body).
            "deleteUserUsingPOST",
            "deleteInvitedUserUsingPOST",
        }
    }
    missing = sorted(wanted - set(validated))
    assert not missing, f"operations never validated with a success: {missing}"


def test_lead_database_routes_are_spec_operations() -> None:
    """Every lead-database and user route names a spec operation at its spec path and method
    (``POST`` + ``_method=GET`` tunnels are routed to the GET operation, not registered)."""
    from marketo_ops.specs import load_spec

    for op in registry().operations:
        if op.spec not in {"mapi", "user"}:
            continue
        paths = load_spec(op.spec)["paths"]
        assert op.path in paths, op.path
        declared = {item["operationId"]: method.upper() for method, item in paths[op.path].items()}
        assert op.operation_id in declared, op.operation_id
        assert declared[op.operation_id] == op.method, op.operation_id
