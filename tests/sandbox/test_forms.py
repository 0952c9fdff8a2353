"""Forms through the real SDK: placement and names, fields, rules, follow-ups, approval, usage.

Every call goes through ``Marketo.sandbox(...)``; the sandbox validates each response against the
(corrected) asset spec, so a non-conforming answer fails the test with HTTP 500.
"""

from __future__ import annotations

import pytest

from marketo_ops import AsyncMarketo, Marketo
from marketo_ops.errors import (
    BusinessRuleError,
    IncompatibleFolderError,
    InvalidRequestError,
    NameConflictError,
    NotFoundError,
)
from marketo_ops.types.asset import FolderRef

from .conftest import LP_TEMPLATE_HTML

FORMS = "Design Studio/Default/Forms"
MA_DEFAULT = "Marketing Activities/Default"
LP_TEMPLATES = "Design Studio/Default/Landing Pages/Templates"


def folder(client: Marketo, path: str) -> FolderRef:
    found = client.assets.folders.get_by_path(path)
    assert found is not None, path
    assert found.folder_id is not None, path
    return found.folder_id


def program(client: Marketo, name: str) -> FolderRef:
    created = client.assets.programs.create(
        name=name, folder=folder(client, MA_DEFAULT), type="Default", channel="Operational"
    )
    return FolderRef(id=created.id, type="Program")


def field_ids(client: Marketo, form_id: int, status: str | None = None) -> list[str]:
    return [str(field.id) for field in client.assets.forms.fields(form_id, status=status)]


# --- create, placement, names -------------------------------------------------------------------
def test_a_new_form_has_the_three_default_fields_and_the_language_defaults(
    sandbox_client: Marketo,
) -> None:
    forms = sandbox_client.assets.forms
    form = forms.create(name="Contact Us", folder=folder(sandbox_client, FORMS), language="French")
    assert (form.status, form.locale, form.button_label) == ("draft", "fr_FR", "Envoyer")
    assert form.thank_you_list is not None
    assert form.thank_you_list[0].followup_type == "none"
    assert field_ids(sandbox_client, int(form.id or 0)) == ["FirstName", "LastName", "Email"]
    email = forms.fields(int(form.id or 0))[2]
    assert (email.data_type, email.row_number, email.required) == ("email", 2, False)
    assert forms.get_by_name(name="Contact Us") is not None
    assert [item.name for item in forms.list(folder=folder(sandbox_client, FORMS))] == [
        "Contact Us"
    ]


def test_forms_live_in_programs_or_form_folders_and_names_are_unique_where_they_live(
    sandbox_client: Marketo,
) -> None:
    forms = sandbox_client.assets.forms
    with pytest.raises(IncompatibleFolderError) as caught:
        forms.create(name="Nowhere", folder=folder(sandbox_client, MA_DEFAULT))
    assert "Landing Page Form" in caught.value.message
    with pytest.raises(IncompatibleFolderError):
        forms.create(name="Nowhere", folder=folder(sandbox_client, "Design Studio/Default/Emails"))
    first, second = program(sandbox_client, "Webinar A"), program(sandbox_client, "Webinar B")
    forms.create(name="Registration", folder=first)
    forms.create(name="Registration", folder=second)  # local names are per program
    with pytest.raises(NameConflictError):
        forms.create(name="Registration", folder=first)
    forms.create(name="Registration", folder=folder(sandbox_client, FORMS))
    with pytest.raises(NameConflictError):
        forms.create(name="registration", folder=folder(sandbox_client, FORMS))
    assert len(list(forms.list())) == 3


# --- fields -------------------------------------------------------------------------------------
def test_fields_are_added_updated_and_deleted_once_per_form(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    form_id = int(forms.create(name="Lead Form", folder=folder(sandbox_client, FORMS)).id or 0)
    added = forms.add_field(
        form_id, field_id="NumberOfEmployees", label="employee count", required=True, min_value=10
    )
    assert (added.data_type, added.label, added.required, added.row_number) == (
        "number",
        "employee count",
        True,
        3,
    )
    assert added.field_meta_data == {"minValue": 10, "maxValue": None}
    with pytest.raises(BusinessRuleError) as duplicate:
        forms.add_field(form_id, field_id="NumberOfEmployees")
    assert "already on form" in duplicate.value.message
    with pytest.raises(BusinessRuleError):
        forms.add_field(form_id, field_id="NoSuchField")
    forms.update_field(form_id, "LastName", label="enter the last name here")
    forms.delete_field(form_id, "FirstName")
    fields = {field.id: field for field in forms.fields(form_id)}
    assert set(fields) == {"LastName", "Email", "NumberOfEmployees"}
    assert fields["LastName"].label == "enter the last name here"
    with pytest.raises(BusinessRuleError):
        forms.delete_field(form_id, "FirstName")


def test_rich_text_field_sets_and_positions(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    form_id = int(forms.create(name="Layout", folder=folder(sandbox_client, FORMS)).id or 0)
    rich = forms.add_rich_text(form_id, text="<div>Fancy Rich Text Component</div>")
    assert (rich.data_type, rich.text) == ("htmltext", "<div>Fancy Rich Text Component</div>")
    with pytest.raises(BusinessRuleError):
        forms.add_rich_text(form_id, text="<script>alert(1)</script>")
    field_set = forms.add_field_set(form_id, label="Compliance")
    assert (field_set.data_type, field_set.fields) == ("fieldset", [])
    forms.rearrange_fields(
        form_id,
        positions=[
            {"columnNumber": 0, "rowNumber": 0, "fieldName": "Email"},
            {"columnNumber": 1, "rowNumber": 0, "fieldName": rich.id},
            {
                "columnNumber": 0,
                "rowNumber": 1,
                "fieldName": field_set.id,
                "fieldList": [
                    {"columnNumber": 0, "rowNumber": 0, "fieldName": "FirstName"},
                    {"columnNumber": 0, "rowNumber": 1, "fieldName": "LastName"},
                ],
            },
        ],
    )
    layout = forms.fields(form_id)
    assert [(field.id, field.row_number, field.column_number) for field in layout] == [
        ("Email", 0, 0),
        (rich.id, 0, 1),
        (field_set.id, 1, 0),
    ]
    assert layout[2].fields == ["FirstName", "LastName"]
    forms.delete_field_from_field_set(form_id, str(field_set.id), "LastName")
    assert forms.fields(form_id)[2].fields == ["FirstName"]
    with pytest.raises(InvalidRequestError) as missing:
        forms.rearrange_fields(
            form_id, positions=[{"columnNumber": 0, "rowNumber": 0, "fieldName": "Email"}]
        )
    assert "missing" in missing.value.message
    with pytest.raises(InvalidRequestError) as clash:
        forms.rearrange_fields(
            form_id,
            positions=[
                {"columnNumber": 0, "rowNumber": 0, "fieldName": "Email"},
                {"columnNumber": 0, "rowNumber": 0, "fieldName": rich.id},
                {"columnNumber": 0, "rowNumber": 1, "fieldName": field_set.id},
            ],
        )
    assert "row 0, column 0" in clash.value.message
    assert next(field.id for field in forms.fields(form_id)) == "Email"  # nothing half-applied


def test_progressive_profiling_is_the_profiling_field_set(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    form_id = int(forms.create(name="Gated", folder=folder(sandbox_client, FORMS)).id or 0)
    forms.add_field(form_id, field_id="Phone")
    updated = forms.update(form_id, progressive_profiling=True)
    assert updated.progressive_profiling is True
    assert field_ids(sandbox_client, form_id)[-1] == "Profiling"
    forms.rearrange_fields(
        form_id,
        positions=[
            {"columnNumber": 0, "rowNumber": 0, "fieldName": "Email"},
            {"columnNumber": 0, "rowNumber": 1, "fieldName": "LastName"},
            {"columnNumber": 0, "rowNumber": 2, "fieldName": "FirstName"},
            {
                "columnNumber": 0,
                "rowNumber": 3,
                "fieldName": "Profiling",
                "fieldList": [{"columnNumber": 0, "rowNumber": 0, "fieldName": "Phone"}],
            },
        ],
    )
    profiling = forms.fields(form_id)[-1]
    assert (profiling.data_type, profiling.fields) == ("profiling", ["Phone"])
    forms.update(form_id, progressive_profiling=False)
    assert field_ids(sandbox_client, form_id) == ["Email", "LastName", "FirstName", "Phone"]


def test_visibility_rules_name_fields_of_the_form(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    form_id = int(forms.create(name="Rules", folder=folder(sandbox_client, FORMS)).id or 0)
    rule = forms.add_visibility_rule(
        form_id,
        "Email",
        visibility_rule={
            "ruleType": "show",
            "rules": [
                {
                    "subjectField": "LastName",
                    "operator": "isNotEmpty",
                    "values": [],
                    "altLabel": "Email:",
                }
            ],
        },
    )
    assert (rule.form_field_id, rule.rule_type) == ("Email", "show")
    email = forms.fields(form_id)[2]
    assert email.visibility_rules is not None
    assert email.visibility_rules.rule_type == "show"
    with pytest.raises(BusinessRuleError):
        forms.add_visibility_rule(
            form_id,
            "Email",
            visibility_rule={
                "ruleType": "hide",
                "rules": [{"subjectField": "Company", "operator": "is", "values": ["x"]}],
            },
        )
    with pytest.raises(InvalidRequestError):
        forms.add_visibility_rule(form_id, "Email", visibility_rule={"ruleType": "sometimes"})


# --- follow-ups, button, approval ---------------------------------------------------------------
def landing_page(client: Marketo, name: str, parent: FolderRef) -> int:
    lp_templates = client.assets.landing_page_templates
    template = lp_templates.create(name=f"{name} Template", folder=folder(client, LP_TEMPLATES))
    lp_templates.update_content(int(template.id or 0), content=LP_TEMPLATE_HTML.encode())
    lp_templates.approve(int(template.id or 0))
    page = client.assets.landing_pages.create(
        name=name, folder=parent, template=int(template.id or 0)
    )
    return int(page.id or 0)


def test_follow_up_rules_and_submit_button(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    holder = program(sandbox_client, "Event")
    form_id = int(forms.create(name="Signup", folder=holder).id or 0)
    page_id = landing_page(sandbox_client, "Thanks", holder)
    result = forms.update_thank_you_page(
        form_id,
        thankyou=[
            {
                "followupType": "url",
                "followupValue": "https://example.com/emea",
                "operator": "equals",
                "subjectField": "Email",
                "values": ["emea@example.com"],
                "default": False,
            },
            {"followupType": "lp", "followupValue": str(page_id), "default": True},
        ],
    )
    assert result.thank_you_list is not None
    stored = forms.thank_you_page(form_id).thank_you_list
    assert stored is not None
    assert [(rule.followup_type, rule.default) for rule in stored] == [("url", False), ("lp", True)]
    with pytest.raises(BusinessRuleError):
        forms.update_thank_you_page(
            form_id,
            thankyou=[
                {"followupType": "none", "followupValue": "", "default": True},
                {"followupType": "none", "followupValue": "", "default": True},
            ],
        )
    with pytest.raises(BusinessRuleError):
        forms.update_thank_you_page(
            form_id, thankyou=[{"followupType": "lp", "followupValue": "999999", "default": True}]
        )
    forms.update_submit_button(form_id, label="Register", waiting_label="One moment")
    button = forms.update_submit_button(form_id, label="Sign up")  # destructive update
    assert (button.button_label, button.waiting_label, button.button_location) == (
        "Sign up",
        "Please Wait",
        120,
    )


def test_edits_are_drafts_until_approved_and_approved_forms_cannot_be_deleted(
    sandbox_client: Marketo,
) -> None:
    forms = sandbox_client.assets.forms
    form_id = int(forms.create(name="Versioned", folder=folder(sandbox_client, FORMS)).id or 0)
    assert forms.approve(form_id).status == "approved"
    with pytest.raises(BusinessRuleError):
        forms.approve(form_id)  # nothing to approve
    forms.update(form_id, theme="glow")
    forms.add_field(form_id, field_id="Company")
    assert forms.get(form_id).theme == "simple"  # the approved version is what visitors see
    assert forms.get(form_id, status="draft").theme == "glow"
    assert "Company" not in field_ids(sandbox_client, form_id, "approved")
    assert "Company" in field_ids(sandbox_client, form_id, "draft")
    assert [item.name for item in forms.list(status="approved with draft")] == ["Versioned"]
    forms.discard_draft(form_id)
    assert field_ids(sandbox_client, form_id, "draft") == []
    with pytest.raises(BusinessRuleError) as caught:
        forms.delete(form_id)
    assert "unapprove" in caught.value.message
    assert forms.get(form_id).status == "approved"
    draft_only = int(forms.create(name="Scratch", folder=folder(sandbox_client, FORMS)).id or 0)
    forms.delete(draft_only)
    with pytest.raises(NotFoundError):
        forms.get(draft_only)


def test_used_by_lists_landing_pages_and_blocks_deleting(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    holder = program(sandbox_client, "Gated Content")
    form_id = int(forms.create(name="Download", folder=holder).id or 0)
    assert list(forms.used_by(form_id)) == []
    page_id = landing_page(sandbox_client, "Download Page", holder)
    sandbox_client.assets.landing_pages.add_content(
        page_id, content_id="form", type="Form", value=str(form_id)
    )
    used = list(forms.used_by(form_id))
    assert [(item.id, item.name, item.type, item.status) for item in used] == [
        (page_id, "Download Page", "Landing Page", "draft")
    ]
    with pytest.raises(BusinessRuleError) as caught:
        forms.delete(form_id)
    assert "in use" in caught.value.message


def test_clone_copies_the_current_version_as_a_draft(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    source = int(forms.create(name="Master", folder=folder(sandbox_client, FORMS)).id or 0)
    forms.add_field(source, field_id="Company")
    forms.approve(source)
    target = program(sandbox_client, "Local Copy")
    clone = forms.clone(source, name="Master", folder=target, description="copy")
    assert (clone.status, clone.description) == ("draft", "copy")
    assert field_ids(sandbox_client, int(clone.id or 0)) == field_ids(sandbox_client, source)
    with pytest.raises(NameConflictError):
        forms.clone(source, name="Master", folder=target)


def test_available_fields_and_program_member_fields(sandbox_client: Marketo) -> None:
    forms = sandbox_client.assets.forms
    available = {field.id: field for field in forms.available_fields()}
    assert available["Email"].data_type == "email"
    assert available["FirstName"].max_length == 255
    assert "Id" not in available
    assert "CreatedAt" not in available
    created = sandbox_client.program_members.create_fields(
        input=[{"name": "pMCFCustomField01", "displayName": "Custom 01", "dataType": "string"}]
    )
    assert created[0].status == "created"
    assert [field.id for field in forms.available_program_member_fields()] == ["pMCFCustomField01"]
    studio_form = int(forms.create(name="Studio", folder=folder(sandbox_client, FORMS)).id or 0)
    with pytest.raises(BusinessRuleError) as caught:
        forms.add_field(studio_form, field_id="pMCFCustomField01")
    assert "inside a program" in caught.value.message
    local = int(forms.create(name="Local", folder=program(sandbox_client, "PM Fields")).id or 0)
    assert forms.add_field(local, field_id="pMCFCustomField01").label == "Custom 01:"


@pytest.mark.anyio
async def test_the_async_client_builds_the_same_form(asandbox_client: AsyncMarketo) -> None:
    forms = asandbox_client.assets.forms
    found = await asandbox_client.assets.folders.get_by_path(FORMS)
    assert found is not None
    assert found.folder_id is not None
    form = await forms.create(name="Async Form", folder=found.folder_id)
    await forms.add_field(int(form.id or 0), field_id="Company")
    fields = await forms.fields(int(form.id or 0))
    assert [field.id for field in fields] == ["FirstName", "LastName", "Email", "Company"]
    assert [item.name async for item in forms.list()] == ["Async Form"]
