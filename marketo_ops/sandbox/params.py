"""Request parameters as Marketo reads them: from the form body *and* the query string.

Real Marketo takes asset parameters from either place (a widely used client sends everything in
the query string), parses JSON-encoded object fields leniently, and accepts ``true``/``1``/
``True`` for booleans. Required parameters that are missing answer 701 "<name> cannot be blank";
values of the wrong type answer 1001; asset pages are limited to ``maxReturn`` <= 200.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from starlette.datastructures import FormData, QueryParams, UploadFile

from . import errors
from .lenient import LenientJSONError, loads

DEFAULT_MAX_RETURN: Final = 20
ID_RANGE: Final = range(-(2**63), 2**63)
"""What SQLite (and Marketo's 64-bit ids) can hold; a number outside answers 1003."""
MAX_RETURN: Final = 200
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part, read completely (Marketo caps request bodies anyway)."""

    filename: str
    content_type: str
    content: bytes


class Params:
    """Path, form and query parameters of one call; the body wins over the query string."""

    def __init__(
        self,
        path: Mapping[str, str],
        query: QueryParams | Mapping[str, str],
        form: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadedFile] | None = None,
        json_body: Any = None,
    ) -> None:
        self.path = dict(path)
        self._query = query
        self._form: Mapping[str, Any] = form or {}
        self._files: Mapping[str, UploadedFile] = files or {}
        self.json_body = json_body

    # --- raw access ---------------------------------------------------------------------------
    def raw(self, name: str, aliases: Iterable[str] = ()) -> Any:
        for key in (name, *aliases):
            if key in self._form:
                return self._form[key]
            if key in self._query:
                return self._query[key]
        return None

    def many(self, name: str) -> list[str]:
        """Every value of a list parameter, given repeated (``status=a&status=b``) or
        comma-separated (``status=a,b``, as the SDK sends lists)."""
        values: list[Any] = []
        getlist = getattr(self._query, "getlist", None)
        if getlist is not None:
            values.extend(getlist(name))
        elif name in self._query:
            values.append(self._query[name])
        if isinstance(self._form.get(name), str):
            values.append(self._form[name])
        return [part.strip() for value in values for part in str(value).split(",") if part.strip()]

    def has(self, name: str) -> bool:
        return self.raw(name) is not None

    def names(self) -> set[str]:
        return set(self._form) | set(self._query) | set(self._files)

    # --- typed getters ------------------------------------------------------------------------
    def text(self, name: str, *, required: bool = False, aliases: Iterable[str] = ()) -> str | None:
        value = self.raw(name, aliases)
        if isinstance(value, UploadedFile):
            value = value.content.decode("utf-8", errors="replace")
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if required:
                raise errors.blank(name)
            return None if value is None else ""
        return value if isinstance(value, str) else str(value)

    def required(self, name: str, *, aliases: Iterable[str] = ()) -> str:
        """A parameter the call cannot do without: 701 when it is missing or blank."""
        value = self.text(name, aliases=aliases)
        if not value:
            raise errors.blank(name)
        return value

    def integer(self, name: str) -> int | None:
        """An optional integer: None when missing or blank, 1001 when it is not a number."""
        value = self.text(name)
        if not value:
            return None
        try:
            number = int(value.strip())
        except ValueError:
            raise errors.invalid_value(value, "Integer") from None
        return in_range(number)

    def integer_or(self, name: str, default: int) -> int:
        """An integer with a default for a missing or blank value (1001 when not a number)."""
        number = self.integer(name)
        return default if number is None else number

    def required_integer(self, name: str) -> int:
        """An integer the call cannot do without: 701 when missing or blank, 1001 if no number."""
        number = self.integer(name)
        if number is None:
            raise errors.blank(name)
        return number

    def boolean(self, name: str, *, default: bool | None = None) -> bool | None:
        value = self.text(name)
        if value is None or value == "":
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise errors.invalid_value(value, "Boolean")

    def json_field(self, name: str, *, required: bool = False) -> Any:
        """A JSON-encoded field (``folder``, ``parent``, ``tags``...), parsed leniently."""
        value = self.raw(name)
        if isinstance(value, UploadedFile):
            value = value.content.decode("utf-8", errors="replace")
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise errors.blank(name)
            return None
        if not isinstance(value, str):
            return value
        try:
            return loads(value)
        except LenientJSONError:
            raise errors.invalid_value(value, "JSON") from None

    def file(self, name: str) -> UploadedFile | None:
        """A file part, or a plain form field standing in for one (as some clients send it)."""
        found = self._files.get(name)
        if found is None:
            text = self.raw(name)
            if isinstance(text, str) and text:
                found = UploadedFile(name, "text/plain", text.encode("utf-8"))
        return found

    def required_file(self, name: str) -> UploadedFile:
        """The upload the call exists for: 701 when the request carries none."""
        found = self.file(name)
        if found is None:
            raise errors.blank(name)
        return found

    def path_int(self, name: str = "id") -> int:
        """An integer path segment; anything else names no resource (610)."""
        try:
            number = int(self.path[name])
        except (KeyError, ValueError):
            raise errors.not_found_resource() from None
        return in_range(number)

    def paging(self) -> tuple[int, int]:
        offset = self.integer_or("offset", 0)
        max_return = self.integer_or("maxReturn", DEFAULT_MAX_RETURN)
        if max_return < 1 or max_return > MAX_RETURN:
            raise errors.invalid_data(
                f"Invalid maxReturn '{max_return}': it must be between 1 and {MAX_RETURN}"
            )
        if offset < 0:
            raise errors.invalid_data(f"Invalid offset '{offset}': it must not be negative")
        return offset, max_return


def in_range(number: int) -> int:
    if number not in ID_RANGE:
        raise errors.out_of_range(number)
    return number


def page(items: list[Any], params: Params) -> list[Any]:
    offset, max_return = params.paging()
    return items[offset : offset + max_return]


async def read_form(form: FormData) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Split starlette form data into text fields and fully read file parts."""
    fields: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            files[key] = UploadedFile(
                filename=value.filename or key,
                content_type=value.content_type or "application/octet-stream",
                content=content,
            )
            fields.setdefault(key, files[key])
        else:
            fields[key] = value
    return fields, files
