"""Forms API: forms, their fields and field sets, rules, submit button and follow-up pages."""

from __future__ import annotations

import math
from typing import Any

from .. import errors
from ..context import Ctx
from ..domain import asset_rules, assets, form_fields, forms
from ..params import Params
from ..routing import operation
from .common import container, ids, one, optional_container, paged, status

BASE = "/rest/asset/v1"
_SETTINGS = ("theme", "language", "locale", "labelPosition", "fontFamily", "fontSize")
_TEXT = ("label", "defaultValue", "hintText", "instructions", "validationMessage", "maskInput")
_INTEGERS = ("fieldWidth", "labelWidth", "maxLength", "blankFields", "visibleLines")
_BOOLEANS = (
    "required",
    "formPrefill",
    "isSensitive",
    "labelToRight",
    "initiallyChecked",
    "multiSelect",
)


def _form(ctx: Ctx, name: str = "id") -> Any:
    return forms.require(ctx.store, ctx.params.path_int(name))


def _maybe(ctx: Ctx) -> Any:
    return asset_rules.get(ctx.store, forms.KIND, ctx.params.path_int())


def _settings(params: Params) -> dict[str, Any]:
    settings: dict[str, Any] = {key: params.text(key) for key in _SETTINGS}
    settings["progressiveProfiling"] = params.boolean("progressiveProfiling")
    return settings


def _number(params: Params, name: str) -> float | None:
    text = params.text(name)
    if text is None or text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise errors.invalid_value(text, "Float") from None
    if not math.isfinite(value):
        raise errors.invalid_value(text, "Float")
    return value


def _values(params: Params) -> list[dict[str, Any]] | None:
    """``values``: a JSON array of choices (update) or a comma-separated list (add)."""
    raw = params.text("values")
    if raw is None or raw == "":
        return None
    if raw.lstrip().startswith("["):
        parsed = params.json_field("values")
        if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
            raise errors.invalid_value(raw, "values (JSON array of {label, value})")
        return [dict(item) for item in parsed]
    return [{"label": item.strip(), "value": item.strip()} for item in raw.split(",") if item]


def _field_properties(params: Params) -> dict[str, Any]:
    properties: dict[str, Any] = {key: params.text(key) for key in _TEXT}
    properties.update({key: params.integer(key) for key in _INTEGERS})
    properties.update({key: params.boolean(key) for key in _BOOLEANS})
    properties["minValue"] = _number(params, "minValue")
    properties["maxValue"] = _number(params, "maxValue")
    properties["values"] = _values(params)
    properties["fieldType"] = params.text("fieldType") or None
    return properties


def _edited(ctx: Ctx, row: Any) -> dict[str, Any] | None:
    """The version a change produced: the draft (edits never touch the approved version)."""
    return forms.render(ctx.store, row, "draft" if row.data.get("draft") else None)


# --- forms --------------------------------------------------------------------------------------
@operation("GET", f"{BASE}/form/{{id}}.json", "getLpFormByIdUsingGET")
def get_form(ctx: Ctx) -> list[dict[str, Any]]:
    row = _maybe(ctx)
    return one(forms.render(ctx.store, row, status(ctx)) if row else None)


@operation("GET", f"{BASE}/form/byName.json", "getLpFormByNameUsingGET")
def get_form_by_name(ctx: Ctx) -> list[dict[str, Any]]:
    folder = optional_container(ctx)
    rows = [
        row
        for row in ctx.store.find(forms.KIND, name=ctx.params.required("name"))
        if folder is None or assets.in_container(ctx.store, row, folder)
    ]
    rendered = [forms.render(ctx.store, row, status(ctx)) for row in rows]
    return [item for item in rendered if item is not None][:1]


@operation("GET", f"{BASE}/forms.json", "browseForms2UsingGET")
def browse_forms(ctx: Ctx) -> list[dict[str, Any]]:
    # The spec marks ``folder`` required; Adobe's Forms guide browses without it (optional
    # status, maxReturn, offset), and so does the sandbox.
    folder = optional_container(ctx)
    wanted = status(ctx)
    pick = None if wanted == "approved with draft" else wanted
    rows = [
        row
        for row in forms.with_status(ctx.store.find(forms.KIND), wanted)
        if assets.in_container(ctx.store, row, folder)
    ]
    rendered = [forms.render(ctx.store, row, pick) for row in rows]
    return paged(ctx, [item for item in rendered if item is not None])


@operation("POST", f"{BASE}/forms.json", "createLpFormsUsingPOST")
def create_form(ctx: Ctx) -> list[dict[str, Any]]:
    # ``knownVisitor`` is accepted and ignored: the Forms guide says create and update "do not
    # modify known visitor or thank-you page behavior".
    params = ctx.params
    name = params.required("name")
    row = forms.create(
        ctx.store,
        name=name,
        container=container(ctx),
        description=params.text("description"),
        settings=_settings(params),
    )
    return one(forms.render(ctx.store, row))


@operation("POST", f"{BASE}/form/{{id}}.json", "updateFormsUsingPOST")
def update_form(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = _form(ctx)
    settings = _settings(params)
    settings["customCss"] = params.text("customCss")
    row = forms.update(
        ctx.store,
        row,
        name=params.text("name"),
        description=params.text("description"),
        settings=settings,
    )
    return one(_edited(ctx, row))


@operation("POST", f"{BASE}/form/{{id}}/approveDraft.json", "approveFromUsingPOST")
def approve_form(ctx: Ctx) -> list[dict[str, Any]]:
    row = forms.approve(ctx.store, _form(ctx))
    return one(forms.render(ctx.store, row, "approved"))


@operation("POST", f"{BASE}/form/{{id}}/discardDraft.json", "discardFormByIdUsingPOST")
def discard_form(ctx: Ctx) -> list[dict[str, Any]]:
    row = forms.discard(ctx.store, _form(ctx))
    return ids(row.id)


@operation("POST", f"{BASE}/form/{{id}}/clone.json", "cloneLpFormsUsingPOST")
def clone_form(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    source = _form(ctx)
    name = params.required("name")
    row = forms.clone(
        ctx.store,
        source,
        name=name,
        container=container(ctx),
        description=params.text("description"),
    )
    return one(forms.render(ctx.store, row))


@operation("POST", f"{BASE}/form/{{id}}/delete.json", "deleteFormByIdUsingPOST")
def delete_form(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    forms.delete(ctx.store, row)
    return ids(row.id)


@operation("GET", f"{BASE}/form/{{id}}/usedBy.json", "getFormUsedByUsingGET")
def form_used_by(ctx: Ctx) -> list[dict[str, Any]]:
    row = _maybe(ctx)
    return paged(ctx, forms.used_by(ctx.store, row)) if row else []


@operation("GET", f"{BASE}/form/fields.json", "getAllFieldsUsingGET")
def available_fields(ctx: Ctx) -> list[dict[str, Any]]:
    return paged(ctx, form_fields.available_fields(ctx.store))


@operation("GET", f"{BASE}/form/programMemberFields.json", "getAllProgramMemberFieldsUsingGET")
def available_member_fields(ctx: Ctx) -> list[dict[str, Any]]:
    return paged(ctx, form_fields.available_member_fields(ctx.store))


# --- fields -------------------------------------------------------------------------------------
@operation("GET", f"{BASE}/form/{{id}}/fields.json", "getFormFieldByFormVidUsingGET")
def get_form_fields(ctx: Ctx) -> list[dict[str, Any]]:
    row = _maybe(ctx)
    return form_fields.fields(row, status(ctx)) if row else []


@operation("POST", f"{BASE}/form/{{id}}/fields.json", "addFieldToAFormUsingPOST")
def add_field(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    field_id = ctx.params.required("fieldId")
    return [form_fields.add_field(ctx.store, row, field_id, _field_properties(ctx.params))]


@operation("POST", f"{BASE}/form/{{id}}/field/{{fieldId}}.json", "updateFormFieldUsingPOST")
def update_field(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    field_id = ctx.params.path["fieldId"]
    return [form_fields.update_field(ctx.store, row, field_id, _field_properties(ctx.params))]


@operation("POST", f"{BASE}/form/{{id}}/field/{{fieldId}}/delete.json", "deleteFormFieldUsingPOST")
def delete_field(ctx: Ctx) -> list[dict[str, Any]]:
    row = form_fields.delete_field(ctx.store, _form(ctx), ctx.params.path["fieldId"])
    return ids(row.id)


@operation("POST", f"{BASE}/form/{{id}}/fieldSet.json", "addFieldSetUsingPOST")
def add_field_set(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    return [form_fields.add_field_set(ctx.store, row, ctx.params.required("label"))]


@operation(
    "POST",
    f"{BASE}/form/{{id}}/fieldSet/{{fieldSetId}}/field/{{fieldId}}/delete.json",
    "deleteFormFieldFromFieldSetUsingPOST",
)
def delete_field_from_set(ctx: Ctx) -> list[dict[str, Any]]:
    path = ctx.params.path
    row = form_fields.delete_field(
        ctx.store, _form(ctx), path["fieldId"], field_set=path["fieldSetId"]
    )
    return ids(row.id)


@operation("POST", f"{BASE}/form/{{id}}/richText.json", "addRichTextFieldUsingPOST")
def add_rich_text(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    html = ctx.params.required("text")
    return [form_fields.add_rich_text(ctx.store, row, html)]


@operation("POST", f"{BASE}/form/{{id}}/reArrange.json", "updateFieldPositionsUsingPOST")
def rearrange_fields(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    row = form_fields.rearrange(ctx.store, row, ctx.params.json_field("positions", required=True))
    return ids(row.id)


@operation(
    "POST",
    f"{BASE}/form/{{formId}}/field/{{fieldId}}/visibility.json",
    "addFormFieldVisibilityRuleUsingPOST",
)
def add_visibility_rule(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx, "formId")
    rule = ctx.params.json_field("visibilityRule", required=True)
    return [form_fields.set_visibility(ctx.store, row, ctx.params.path["fieldId"], rule)]


@operation("POST", f"{BASE}/form/{{id}}/submitButton.json", "updateFormSubmitButtonUsingPOST")
def update_submit_button(ctx: Ctx) -> list[dict[str, Any]]:
    params = ctx.params
    row = forms.set_submit_button(
        ctx.store,
        _form(ctx),
        position=params.integer("buttonPosition"),
        style=params.text("buttonStyle") or None,
        label=params.text("label") or None,
        waiting_label=params.text("waitingLabel") or None,
    )
    return one(_edited(ctx, row))


@operation("GET", f"{BASE}/form/{{id}}/thankYouPage.json", "getThankYouPageByIdUsingGET")
def thank_you_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = _maybe(ctx)
    return one(forms.thank_you(row, status(ctx)) if row else None)


@operation("POST", f"{BASE}/form/{{id}}/thankYouPage.json", "updateThankYouPageByIdUsingPOST")
def update_thank_you_page(ctx: Ctx) -> list[dict[str, Any]]:
    row = _form(ctx)
    rules = ctx.params.json_field("thankyou", required=True)
    return [forms.set_thank_you(ctx.store, row, rules)]
