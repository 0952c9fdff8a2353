"""Form fields: the fields, field sets, rich text, positions and visibility rules of a form.

Fields come from the lead fields (their SOAP names, as forms name them) and, for forms inside a
program, the custom program member fields (Adobe's Forms guide, "Field Metadata"); a field
appears once per form, at the top level or in one field set. Progressive profiling is the
``Profiling`` field set that exists while the option is on. Positions are rows and columns (at
most three columns and ten rows, each position used once). Every change edits the form's draft.
"""

from __future__ import annotations

import base64
import copy
from typing import Any, Final

from .. import errors
from ..store.db import Row, Store
from ..timefmt import marketo_timestamp
from . import tree, versions
from .lead_schema import custom_member_fields

RULE_TYPES: Final = frozenset({"show", "hide", "alwaysShow"})
FIELD_TYPES: Final = frozenset(
    {
        "checkbox",
        "radio",
        "textarea",
        "picklist",
        "select",
        "string",
        "text",
        "email",
        "date",
        "number",
        "double",
        "phone",
        "url",
        "currency",
        "single_checkbox",
        "range",
        "hidden",
    }
)
PROFILING: Final = "Profiling"
MAX_COLUMNS: Final = 3
MAX_ROWS: Final = 10

# lead field data type -> (form field dataType, available-field dataType)
_TYPES: Final = {
    "string": ("text", "string"),
    "text": ("textarea", "textarea"),
    "email": ("email", "email"),
    "phone": ("phone", "phone"),
    "integer": ("number", "int"),
    "float": ("number", "float"),
    "currency": ("currency", "currency"),
    "url": ("url", "url"),
    "date": ("date", "date"),
    "datetime": ("date", "datetime"),
    "boolean": ("single_checkbox", "boolean"),
}
_REQUIRED_MESSAGE: Final = "This field is required."
_EMAIL_MESSAGE: Final = (
    "Must be valid email. <span class='mktoErrorDetail'>example@yourdomain.com</span>"
)
DEFAULT_FIELDS: Final = ("FirstName", "LastName", "Email")

# Field properties shown at the field's top level; the rest go to ``fieldMetaData``.
TOP_LEVEL: Final = (
    "label",
    "required",
    "defaultValue",
    "hintText",
    "instructions",
    "validationMessage",
    "fieldWidth",
    "labelWidth",
    "maxLength",
    "blankFields",
    "formPrefill",
    "isSensitive",
)
METADATA: Final = (
    "minValue",
    "maxValue",
    "multiSelect",
    "values",
    "visibleLines",
    "initiallyChecked",
    "labelToRight",
    "maskInput",
)


def _lead_fields(store: Store) -> dict[str, dict[str, Any]]:
    """Form field id (the SOAP name, as forms name fields) -> lead field, writable ones only."""
    found: dict[str, dict[str, Any]] = {}
    for item in store.catalog_all("lead_field"):
        rest = item.get("rest") or {}
        if rest.get("readOnly") or rest.get("name") == "id":
            continue
        soap = (item.get("soap") or {}).get("name") or rest.get("name")
        if soap:
            found[str(soap)] = item
    return found


def available_fields(store: Store) -> list[dict[str, Any]]:
    items = []
    for field_id, item in sorted(_lead_fields(store).items(), key=lambda pair: pair[0].lower()):
        data_type = _TYPES.get(str(item.get("dataType")), ("text", "string"))[1]
        entry: dict[str, Any] = {"id": field_id, "isRequired": False, "dataType": data_type}
        if item.get("length") and data_type in {"string", "textarea"}:
            entry["maxLength"] = item["length"]
        if data_type == "textarea":
            entry["visibleRows"] = 2
        items.append(entry)
    return items


def available_member_fields(store: Store) -> list[dict[str, Any]]:
    items = []
    for name, item in custom_member_fields(store).items():
        data_type = _TYPES.get(str(item.get("dataType")), ("text", "string"))[1]
        entry: dict[str, Any] = {"id": name, "isRequired": False, "dataType": data_type}
        if data_type == "string":
            entry["maxLength"] = 255
        items.append(entry)
    return items


def new_field(store: Store, row: Row, field_id: str) -> dict[str, Any]:
    """A field as Marketo adds it: defaults taken from the lead (or program member) field."""
    lead = _lead_fields(store).get(field_id)
    if lead is None:
        lowered = {key.lower(): key for key in _lead_fields(store)}
        if field_id.lower() in lowered:
            field_id = lowered[field_id.lower()]
            lead = _lead_fields(store)[field_id]
    if lead is not None:
        display = str(lead.get("displayName") or field_id)
        data_type = _TYPES.get(str(lead.get("dataType")), ("text", "string"))[0]
        length = lead.get("length") if data_type in {"text", "textarea"} else None
    else:
        member = custom_member_fields(store).get(field_id)
        if member is None:
            raise errors.business_rule(
                f"Field '{field_id}' is not available on forms (see GET form/fields.json and"
                " form/programMemberFields.json)"
            )
        if tree.owning_program(row) is None:
            raise errors.business_rule(
                f"Program member field '{field_id}' can only be used on a form inside a program"
            )
        display = str(member.get("displayName") or field_id)
        data_type = _TYPES.get(str(member.get("dataType")), ("text", "string"))[0]
        length = 255 if data_type == "text" else None
    field: dict[str, Any] = {
        "id": field_id,
        "label": f"{display}:",
        "dataType": data_type,
        "validationMessage": _EMAIL_MESSAGE if data_type == "email" else _REQUIRED_MESSAGE,
        "rowNumber": 0,
        "columnNumber": 0,
    }
    if length:
        field["maxLength"] = length
    field.update(
        {"required": False, "formPrefill": True, "visibilityRules": {"ruleType": "alwaysShow"}}
    )
    return field


def all_fields(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Every field of a version, the children of field sets included."""
    found = []
    for field in content.get("fields", []):
        found.append(field)
        found.extend(field.get("fieldList", []))
    return found


def find(content: dict[str, Any], field_id: str) -> dict[str, Any] | None:
    for field in all_fields(content):
        if str(field["id"]).lower() == field_id.lower():
            return field
    return None


def _require_field(row: Row, content: dict[str, Any], field_id: str) -> dict[str, Any]:
    field = find(content, field_id)
    if field is None:
        raise errors.business_rule(f"Form {row.id} has no field '{field_id}'")
    return field


def _next_row(content: dict[str, Any]) -> int:
    rows = [int(field.get("rowNumber", 0)) for field in content.get("fields", [])]
    return max(rows) + 1 if rows else 0


def append(content: dict[str, Any], field: dict[str, Any]) -> dict[str, Any]:
    field["rowNumber"] = _next_row(content)
    field["columnNumber"] = 0
    profiling = [item for item in content["fields"] if item["id"] == PROFILING]
    if profiling:
        # new fields go above the progressive profiling box, which stays last
        field["rowNumber"] = profiling[0]["rowNumber"]
        profiling[0]["rowNumber"] += 1
    content["fields"].append(field)
    content["fields"].sort(key=lambda item: (item["rowNumber"], item["columnNumber"]))
    return field


def set_profiling(content: dict[str, Any], enabled: bool) -> None:
    existing = [item for item in content["fields"] if item["id"] == PROFILING]
    if enabled and not existing:
        append(
            content,
            {"id": PROFILING, "dataType": "profiling", "fieldList": [], "blankFields": 1},
        )
    elif not enabled and existing:
        content["fields"].remove(existing[0])
        for child in existing[0].get("fieldList", []):
            append(content, child)
    content["progressiveProfiling"] = enabled


def edit(row: Row) -> dict[str, Any]:
    """The draft to change (created from the approved version when there is none)."""
    return copy.deepcopy(versions.editable(row))


def save(store: Store, row: Row, draft: dict[str, Any]) -> Row:
    versions.set_draft(row, draft)
    return store.save(row)


def render_field(field: dict[str, Any]) -> dict[str, Any]:
    """A field (or field set) as ``LpFormFieldResponse``: children of a set by id only."""
    shown = {key: copy.deepcopy(value) for key, value in field.items() if key != "fieldList"}
    if "fieldList" in field:
        shown["fields"] = [str(child["id"]) for child in field["fieldList"]]
    return shown


def fields(row: Row, status: str | None) -> list[dict[str, Any]]:
    picked = versions.pick(row, status)
    if picked is None:
        return []
    return [render_field(field) for field in picked[1].get("fields", [])]


def _apply_properties(field: dict[str, Any], properties: dict[str, Any]) -> None:
    metadata = dict(field.get("fieldMetaData") or {})
    for key, value in properties.items():
        if value is None:
            continue
        if key in TOP_LEVEL:
            field[key] = value
        elif key in METADATA:
            metadata[key] = value
        elif key == "fieldType":
            field["dataType"] = value
    if metadata:
        if "minValue" in metadata or "maxValue" in metadata:
            metadata.setdefault("minValue", None)
            metadata.setdefault("maxValue", None)
        field["fieldMetaData"] = metadata


def add_field(store: Store, row: Row, field_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    with store.transaction():
        draft = edit(row)
        if find(draft, field_id) is not None:
            raise errors.business_rule(f"Field '{field_id}' is already on form '{row.name}'")
        field = new_field(store, row, field_id)
        _apply_properties(field, properties)
        append(draft, field)
        save(store, row, draft)
        return render_field(field)


def update_field(
    store: Store, row: Row, field_id: str, properties: dict[str, Any]
) -> dict[str, Any]:
    field_type = properties.get("fieldType")
    if field_type is not None and field_type not in FIELD_TYPES:
        raise errors.invalid_value(field_type, "fieldType (" + ", ".join(sorted(FIELD_TYPES)) + ")")
    with store.transaction():
        draft = edit(row)
        field = _require_field(row, draft, field_id)
        if field.get("dataType") in {"fieldset", "profiling", "htmltext"}:
            allowed = {"label"} if field["dataType"] == "fieldset" else {"blankFields"}
            properties = {key: value for key, value in properties.items() if key in allowed}
        _apply_properties(field, properties)
        save(store, row, draft)
        return render_field(field)


def delete_field(store: Store, row: Row, field_id: str, *, field_set: str | None = None) -> Row:
    with store.transaction():
        draft = edit(row)
        if field_set is not None:
            parent = _require_field(row, draft, field_set)
            children = parent.get("fieldList")
            if children is None:
                raise errors.business_rule(
                    f"Field '{field_set}' of form {row.id} is not a fieldset"
                )
            matches = [item for item in children if str(item["id"]).lower() == field_id.lower()]
            if not matches:
                raise errors.business_rule(f"Fieldset '{field_set}' has no field '{field_id}'")
            children.remove(matches[0])
            return save(store, row, draft)
        if field_id == PROFILING:
            raise errors.business_rule(
                "The Profiling fieldset is removed by turning progressive profiling off"
            )
        lists = [draft["fields"], *(f["fieldList"] for f in draft["fields"] if "fieldList" in f)]
        for container in lists:
            matches = [item for item in container if str(item["id"]).lower() == field_id.lower()]
            if matches:
                container.remove(matches[0])
                return save(store, row, draft)
        raise errors.business_rule(f"Form {row.id} has no field '{field_id}'")


def add_field_set(store: Store, row: Row, label: str) -> dict[str, Any]:
    with store.transaction():
        draft = edit(row)
        number = int(draft.get("nextFieldSet", 1))
        draft["nextFieldSet"] = number + 1
        field = {
            "id": f"fieldset_{number}",
            "label": label,
            "dataType": "fieldset",
            "fieldList": [],
            "visibilityRules": {"ruleType": "alwaysShow"},
        }
        append(draft, field)
        save(store, row, draft)
        return render_field(field)


def add_rich_text(store: Store, row: Row, html: str) -> dict[str, Any]:
    lowered = html.lower()
    for tag in ("<script", "<meta", "<link"):
        if tag in lowered:
            raise errors.business_rule(
                f"Rich text must not contain {tag[1:]} tags (scripts, meta and link tags)"
            )
    with store.transaction():
        draft = edit(row)
        taken = {str(field["id"]) for field in all_fields(draft)}
        moment = store.now()
        while True:
            stamp = marketo_timestamp(moment).replace("Z+0000", "Z")
            # Marketo's rich-text ids are base64 text of "HtmlText_<timestamp>" (Forms guide)
            field_id = base64.urlsafe_b64encode(f"HtmlText_{stamp}".encode()).decode().rstrip("=")
            if field_id not in taken:
                break
            moment += 1.0
        field = {
            "id": field_id,
            "labelWidth": 260,
            "dataType": "htmltext",
            "visibilityRules": {"ruleType": "alwaysShow"},
            "text": html,
        }
        append(draft, field)
        save(store, row, draft)
        return render_field(field)


def _position(item: Any, where: str) -> tuple[str, int, int]:
    if not isinstance(item, dict):
        raise errors.invalid_data(f"{where}: each position must be an object")
    name = item.get("fieldName")
    if not isinstance(name, str) or not name:
        raise errors.invalid_data(f"{where}: fieldName cannot be blank")
    try:
        row_number = int(item.get("rowNumber"))  # type: ignore[arg-type]
        column = int(item.get("columnNumber"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise errors.invalid_data(
            f"{where}: rowNumber and columnNumber of '{name}' must be integers"
        ) from None
    if not 0 <= column < MAX_COLUMNS or not 0 <= row_number < MAX_ROWS:
        raise errors.invalid_data(
            f"{where}: '{name}' at row {row_number}, column {column} is outside the form's"
            f" {MAX_ROWS} rows and {MAX_COLUMNS} columns"
        )
    return name, row_number, column


def rearrange(store: Store, row: Row, positions: Any) -> Row:
    """Destructive: every field of the form appears once, at a position of its own."""
    if not isinstance(positions, list) or not positions:
        raise errors.invalid_data("positions must be a non-empty JSON array")
    with store.transaction():
        draft = edit(row)
        by_id = {str(field["id"]).lower(): field for field in all_fields(draft)}
        seen: set[str] = set()
        layout: list[dict[str, Any]] = []

        def take(name: str) -> dict[str, Any]:
            key = name.lower()
            if key not in by_id:
                raise errors.invalid_data(f"Form {row.id} has no field '{name}'")
            if key in seen:
                raise errors.invalid_data(f"Field '{name}' is positioned twice")
            seen.add(key)
            return copy.deepcopy(by_id[key])

        cells: set[tuple[int, int]] = set()
        for item in positions:
            name, row_number, column = _position(item, "positions")
            if (row_number, column) in cells:
                raise errors.invalid_data(
                    f"Two fields are positioned at row {row_number}, column {column}"
                )
            cells.add((row_number, column))
            field = take(name)
            field["rowNumber"], field["columnNumber"] = row_number, column
            if "fieldList" in by_id[name.lower()]:
                children = []
                inner_cells: set[tuple[int, int]] = set()
                for child_item in item.get("fieldList") or []:
                    child_name, child_row, child_column = _position(
                        child_item, f"fieldList of '{name}'"
                    )
                    if (child_row, child_column) in inner_cells:
                        raise errors.invalid_data(
                            f"Two fields of '{name}' are at row {child_row}, column {child_column}"
                        )
                    inner_cells.add((child_row, child_column))
                    child = take(child_name)
                    if "fieldList" in child:
                        raise errors.invalid_data(
                            f"Fieldset '{child_name}' cannot be placed inside '{name}'"
                        )
                    child["rowNumber"], child["columnNumber"] = child_row, child_column
                    children.append(child)
                field["fieldList"] = sorted(
                    children, key=lambda entry: (entry["rowNumber"], entry["columnNumber"])
                )
            elif item.get("fieldList"):
                raise errors.invalid_data(f"Field '{name}' is not a fieldset: it has no fieldList")
            layout.append(field)
        missing = sorted(str(field["id"]) for key, field in by_id.items() if key not in seen)
        if missing:
            raise errors.invalid_data(
                "positions must include every field of the form; missing: " + ", ".join(missing)
            )
        draft["fields"] = sorted(
            layout, key=lambda entry: (entry["rowNumber"], entry["columnNumber"])
        )
        return save(store, row, draft)


def set_visibility(store: Store, row: Row, field_id: str, rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict):
        raise errors.invalid_value(rule, "visibilityRule ({ruleType, rules})")
    rule_type = rule.get("ruleType")
    if rule_type not in RULE_TYPES:
        raise errors.invalid_value(rule_type, "ruleType (show, alwaysShow or hide)")
    rules = rule.get("rules") or []
    if not isinstance(rules, list):
        raise errors.invalid_value(rules, "rules (JSON array)")
    if rule_type != "alwaysShow" and not rules:
        raise errors.blank("rules")
    with store.transaction():
        draft = edit(row)
        field = _require_field(row, draft, field_id)
        cleaned = []
        for entry in rules if rule_type != "alwaysShow" else []:
            if not isinstance(entry, dict):
                raise errors.invalid_value(entry, "rule ({subjectField, operator, values})")
            subject = entry.get("subjectField")
            if not isinstance(subject, str) or find(draft, subject) is None:
                raise errors.business_rule(
                    f"Visibility rule subject field '{subject}' is not on form '{row.name}'"
                )
            if str(subject).lower() == str(field["id"]).lower():
                raise errors.business_rule("A field's visibility cannot depend on itself")
            operator = entry.get("operator")
            if not isinstance(operator, str) or not operator:
                raise errors.blank("operator")
            values = entry.get("values") or []
            cleaned.append(
                {
                    "subjectField": subject,
                    "operator": operator,
                    "values": [str(value) for value in values]
                    if isinstance(values, list)
                    else [str(values)],
                    **({"altLabel": entry["altLabel"]} if entry.get("altLabel") else {}),
                    **(
                        {"picklistFilterValues": entry["picklistFilterValues"]}
                        if isinstance(entry.get("picklistFilterValues"), list)
                        else {}
                    ),
                }
            )
        # Changing visibility rules replaces them (the guide: "a destructive update").
        field["visibilityRules"] = (
            {"ruleType": rule_type, "rules": cleaned} if cleaned else {"ruleType": rule_type}
        )
        save(store, row, draft)
        return {"formFieldId": field["id"], "ruleType": rule_type, "rules": cleaned}
