"""The official specs as a contract: response validation and the corrected "wire spec".

The vendored Swagger files are never edited. Where they disagree with what Marketo really sends
(documented in Adobe's own examples), the correction is made here, by code, with its reason:
:data:`RESPONSE_FIXES`. :class:`ResponseValidator` checks responses against the corrected
definitions with plain ``jsonschema`` (Draft 4) and ``referencing``; :func:`wire_spec` also turns
the asset spec's form bodies (declared as ``in: body`` JSON objects) into ``formData``
parameters whose object values are JSON text, which is what Marketo actually receives, so
schemathesis can generate requests that a third-party client would send.

``jsonschema`` and ``referencing`` are development dependencies: import this module only in
tests or with ``SandboxConfig(validate_responses=True)``.
"""

from __future__ import annotations

import copy
import fnmatch
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from ..specs import SpecName, load_spec
from .routing import Operation

Schema = dict[str, Any]


def _add_enum(*values: Any) -> Callable[[Schema], None]:
    def fix(schema: Schema) -> None:
        schema["enum"] = list(dict.fromkeys([*schema.get("enum", []), *values]))

    return fix


def _triggers_like_filters(schema: Schema) -> None:
    schema["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/SmartListFilters"}]}


def _folder_as_object(schema: Schema) -> None:
    schema.pop("type", None)
    schema.pop("example", None)
    schema["anyOf"] = [{"type": "string"}, {"type": "object"}]


def _section_value(schema: Schema) -> None:
    schema.pop("type", None)
    schema["anyOf"] = [{"type": "object"}, {"type": "array"}, {"type": "string"}]


def _scalar_or_object(schema: Schema) -> None:
    schema.pop("type", None)
    schema["anyOf"] = [{"type": "object"}, {"type": "string"}, {"type": "integer"}]


def _string_type(schema: Schema) -> None:
    schema["type"] = "string"


def _any_json(schema: Schema) -> None:
    schema.pop("type", None)


RESPONSE_FIXES: Final[tuple[tuple[SpecName, str, Callable[[Schema], None], str], ...]] = (
    (
        "asset",
        "ProgramResponse.type",
        _add_enum("Default", "Event", "Event with Webinar", "Engagement", "Email"),
        "Marketo returns the program type as shown in the UI ('Default', 'Engagement', 'Email'"
        " in Adobe's Programs examples); the spec's lower-case enum matches no real response.",
    ),
    (
        "asset",
        "BrowseAllPrograms.type",
        _add_enum("Default", "Event", "Event with Webinar", "Engagement", "Email"),
        "Same as ProgramResponse.type, for browse results.",
    ),
    (
        "asset",
        "ProgramResponse.status",
        _add_enum(""),
        'Programs other than Email and Engagement have status "" in every documented response.',
    ),
    ("asset", "BrowseAllPrograms.status", _add_enum(""), "As ProgramResponse.status."),
    (
        "asset",
        "SmartListRules.filterMatchType",
        _add_enum("all", "any", "advanced"),
        'Adobe\'s smart list example returns "filterMatchType": "all" (lower case).',
    ),
    (
        "asset",
        "SmartListRules.triggers",
        _triggers_like_filters,
        "Triggers are rule objects shaped like filters (name, ruleType, conditions...),"
        " not strings.",
    ),
    (
        "asset",
        "TokenResponse.folder",
        _folder_as_object,
        "Adobe's Tokens example returns folder as an object {type, value}, not as JSON text.",
    ),
    (
        "asset",
        "EmailContentResponse.value",
        _section_value,
        "Text sections carry a list of {type: HTML|Text, value} (Adobe's Emails example).",
    ),
    (
        "asset",
        "LandingPageContentResponse.id",
        _scalar_or_object,
        "The spec itself says the id 'may be a string or an int' but types it as an object.",
    ),
    (
        "asset",
        "LandingPageContentResponse.content",
        _scalar_or_object,
        "Content is an HTML string, an image URL or a form/snippet id, depending on the type.",
    ),
    (
        "asset",
        "LandingPageVariableResponse.value",
        _scalar_or_object,
        "Variable values are strings, numbers or booleans, as the template declares them.",
    ),
    (
        "asset",
        "FolderResponse.folderType",
        _add_enum("Snippet", "File"),
        "Adobe's Folders guide lists Snippet and File folder types, missing from the enum.",
    ),
    (
        "asset",
        "LpFormFieldResponse.validationMessage",
        _scalar_or_object,
        'Adobe\'s Forms examples show the message as text ("This field is required.").',
    ),
    (
        "asset",
        "FormThankYouPageDTO.followupValue",
        _scalar_or_object,
        "A landing page id or a URL, as the Forms guide describes follow-up rules.",
    ),
    (
        "asset",
        "SegmentContent.content",
        _scalar_or_object,
        "A variation's content is its HTML text (Adobe's landing-page dynamic content example).",
    ),
    (
        "mapi",
        "Attribute.value",
        _any_json,
        "Activity attribute values are strings, numbers or booleans (Adobe's Activities examples:"
        ' {"name": "Client IP Address", "value": "10.0.0.1"}); the spec types them as objects.',
    ),
    (
        "user",
        "UserRoleWorkspace.workspaceName",
        _string_type,
        "Workspace names are names ('Default' in Adobe's User Management examples); the spec"
        " types them as integers.",
    ),
)
"""(spec, Definition.property, fix, reason) applied on top of the official definitions."""


OPTIONAL_FIXES: Final[tuple[tuple[SpecName, str, tuple[str, ...], str], ...]] = (
    (
        "mapi",
        "ResponseOf*",
        ("result",),
        "Marketo leaves 'result' out of failed calls (success: false, the errors say why) and of"
        " activity pages without a match (moreResult and nextPageToken still there), as every"
        " Adobe error example and the Activities guide show.",
    ),
    (
        "asset",
        "EmailContentResponse",
        ("value",),
        "Module entries of Get Email Content carry no value (contentType Module, index,"
        " parentHtmlId: Adobe's Emails guide, Modules).",
    ),
    (
        "mapi",
        "CustomActivity",
        (
            "activityDate",
            "activityTypeId",
            "attributes",
            "errors",
            "id",
            "leadId",
            "primaryAttributeValue",
        ),
        "Add Custom Activities answers each record with {id, marketoGUID, status} (or, when"
        " skipped, status and errors without an id: nothing was created), not the activity"
        " echoed back (Adobe's Custom Activities example).",
    ),
    (
        "mapi",
        "Campaign",
        ("createdAt", "name", "type", "updatedAt"),
        "Request Campaign and Schedule Campaign answer [{id}] only (Adobe's Campaigns examples);"
        " the full record is what the campaign reads return.",
    ),
    (
        "mapi",
        "CompanyResponse",
        ("id",),
        "A skipped record (status skipped, reasons) carries only seq: nothing was created.",
    ),
    ("mapi", "CustomObject", ("marketoGUID",), "As CompanyResponse.id: skipped records."),
    ("mapi", "NamedAccount", ("marketoGUID",), "As CompanyResponse.id: skipped records."),
    ("mapi", "NamedAccountList", ("marketoGUID",), "As CompanyResponse.id: skipped records."),
    (
        "mapi",
        "ObjectMetaData",
        ("status", "version"),
        "'status' is not a declared property at all, and the describe of standard objects"
        " (company, opportunity...) has neither it nor 'version' in Adobe's examples; custom"
        " object types report 'state' and 'version'.",
    ),
)
"""(spec, definition or ``Prefix*``, properties no longer required, reason)."""

NULLABLE_REASON: Final = (
    "Marketo serialises unset values as null (description, url, parent of a root folder, costs,"
    " tags, fromEmail... in Adobe's examples), so every property also accepts null."
)


DATETIME_REASON: Final = (
    "Marketo writes timestamps as '2015-06-23T06:27:04Z+0000' (every Adobe example), which is not"
    " RFC 3339 'date-time'; the format keyword is dropped so format-checking validators accept it."
)


def _marketo_datetimes(schema: Any) -> Any:
    """Drop ``format: date-time`` (see DATETIME_REASON)."""
    if isinstance(schema, dict):
        return {
            key: _marketo_datetimes(value)
            for key, value in schema.items()
            if not (key == "format" and value == "date-time")
        }
    if isinstance(schema, list):
        return [_marketo_datetimes(item) for item in schema]
    return schema


def _nullable(schema: Any) -> Any:
    """Every object property also accepts null (see NULLABLE_REASON)."""
    if isinstance(schema, dict):
        result = {key: _nullable(value) for key, value in schema.items() if key != "properties"}
        if "properties" in schema:
            result["properties"] = {
                name: {"anyOf": [_nullable(prop), {"type": "null"}]}
                for name, prop in schema["properties"].items()
            }
        return result
    if isinstance(schema, list):
        return [_nullable(item) for item in schema]
    return schema


@cache
def corrected_spec(name: SpecName) -> dict[str, Any]:
    """The official spec with :data:`RESPONSE_FIXES`, nullable properties, Marketo timestamps."""
    spec = copy.deepcopy(load_spec(name))
    definitions = spec.get("definitions", {})
    for spec_name, target, fix, _reason in RESPONSE_FIXES:
        if spec_name != name:
            continue
        definition, _, prop = target.partition(".")
        fix(definitions[definition]["properties"][prop])
    for spec_name, pattern, optional, _reason in OPTIONAL_FIXES:
        if spec_name != name:
            continue
        for key, definition in definitions.items():
            if fnmatch.fnmatchcase(key, pattern) and "required" in definition:
                definition["required"] = [
                    item for item in definition["required"] if item not in optional
                ]
    spec["definitions"] = _marketo_datetimes(_nullable(definitions))
    return spec


def response_schema(operation: Operation) -> Schema | None:
    spec = load_spec(operation.spec)
    path = operation.spec_path or operation.path
    item = spec.get("paths", {}).get(path, {}).get(operation.method.lower())
    if item is None:
        # A route that tunnels an operation under another method (POST ?_method=GET) answers as
        # the operation it stands for.
        item = _by_operation_id(operation.spec, operation.operation_id)
    if item is None:
        return None
    schema: Schema | None = item.get("responses", {}).get("200", {}).get("schema")
    return schema


def _by_operation_id(spec_name: SpecName, operation_id: str) -> dict[str, Any] | None:
    for methods in load_spec(spec_name).get("paths", {}).values():
        for op in methods.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    return None


def is_success(operation: Operation, body: Any) -> bool:
    """Whether a valid body reports a success (plain-JSON APIs have no ``success`` member)."""
    if not isinstance(body, dict):
        return True  # lists and strings of the User Management API
    if operation.spec in {"user", "identity"}:
        return "errors" not in body or "access_token" in body
    return body.get("success") is True


class ResponseValidator:
    """Validates JSON bodies against the (corrected) response definition of their operation."""

    def __init__(self) -> None:
        self._validators: dict[tuple[str, str, str], Any] = {}
        self.validated: dict[str, int] = {}
        """operationId -> successful responses validated (lets tests prove coverage)."""

    def _validator(self, operation: Operation) -> Any:
        key = (operation.spec, operation.method, operation.spec_path or operation.path)
        if key not in self._validators:
            import jsonschema  # type: ignore[import-untyped]
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT4

            schema = response_schema(operation)
            if schema is None:
                self._validators[key] = None
            else:
                uri = f"urn:marketo-ops:spec:{operation.spec}"
                resource = Resource.from_contents(
                    corrected_spec(operation.spec), default_specification=DRAFT4
                )
                registry: Registry[Any] = Registry().with_resource(uri, resource)
                root = _anchored(schema, uri)
                self._validators[key] = jsonschema.Draft4Validator(root, registry=registry)
        return self._validators[key]

    def problems(self, operation: Operation, body: Any) -> list[str]:
        validator = self._validator(operation)
        if validator is None:
            return [f"{operation.operation_id} has no response schema in the {operation.spec} spec"]
        found = [_describe(error) for error in validator.iter_errors(body)]
        if not found and is_success(operation, body):
            key = operation.operation_id
            self.validated[key] = self.validated.get(key, 0) + 1
        return found


def _anchored(schema: Any, uri: str) -> Any:
    """The schema with its local ``#/definitions`` references pointed at the spec resource
    (arrays of definitions, as the User Management API answers, nest them)."""
    if isinstance(schema, dict):
        return {
            key: uri + value
            if key == "$ref" and isinstance(value, str) and value.startswith("#")
            else _anchored(value, uri)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_anchored(item, uri) for item in schema]
    return schema


def _describe(error: Any) -> str:
    """The most relevant nested reason: anyOf wrappers (nullable) hide it otherwise."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    while error.context:
        branches = [
            item
            for item in error.context
            if not (item.validator == "type" and item.validator_value == "null")
        ]
        if not branches:
            break
        error = best_match(branches)
    where = "/".join(str(part) for part in error.absolute_path) or "<root>"
    return f"{where}: {error.message}"


# --- the wire spec ------------------------------------------------------------------------------
_FORM_TYPES: Final = {"application/x-www-form-urlencoded", "multipart/form-data"}
_FILE_FIELDS: Final = {"createFileUsingPOST": {"file"}, "updateContentUsingPOST": {"file"}}


def _form_parameters(definition: Schema, operation_id: str, multipart: bool) -> list[Schema]:
    required = set(definition.get("required", []))
    parameters = []
    file_fields = _FILE_FIELDS.get(operation_id, set())
    if multipart and operation_id in {
        "createEmailTemplateUsingPOST",
        "updateEmailTemplateContentUsingPOST",
    }:
        file_fields = {"content"}
    for name, prop in definition.get("properties", {}).items():
        parameter: Schema = {"name": name, "in": "formData", "required": name in required}
        if name in file_fields:
            parameter["type"] = "file"
        elif "$ref" in prop or prop.get("type") in {"object", "array"}:
            parameter["type"] = "string"  # JSON text inside the form, as Marketo receives it
            parameter["description"] = "JSON-encoded"
        else:
            parameter["type"] = prop.get("type", "string")
            if "enum" in prop:
                parameter["enum"] = prop["enum"]
            if "format" in prop and parameter["type"] != "string":
                parameter["format"] = prop["format"]
        parameters.append(parameter)
    return parameters


def wire_spec(name: SpecName, operation_ids: set[str] | None = None) -> dict[str, Any]:
    """A copy of a spec as the wire really looks: form bodies as ``formData``, corrected
    responses, optionally restricted to some operationIds."""
    spec = copy.deepcopy(corrected_spec(name))
    official = load_spec(name)
    for path, item in list(spec.get("paths", {}).items()):
        for method, op in list(item.items()):
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            if operation_ids is not None and op["operationId"] not in operation_ids:
                del item[method]
                continue
            consumes = set(op.get("consumes", []))
            if not consumes & _FORM_TYPES:
                continue
            multipart = "multipart/form-data" in consumes
            new_parameters = []
            for parameter in op.get("parameters", []):
                if parameter.get("in") != "body":
                    new_parameters.append(parameter)
                    continue
                ref = parameter.get("schema", {}).get("$ref", "")
                definition = official["definitions"].get(ref.rsplit("/", 1)[-1], {})
                new_parameters.extend(_form_parameters(definition, op["operationId"], multipart))
            op["parameters"] = new_parameters
            op["consumes"] = (
                ["multipart/form-data"] if multipart else ["application/x-www-form-urlencoded"]
            )
        if not any(isinstance(value, dict) and "operationId" in value for value in item.values()):
            del spec["paths"][path]
    return spec
