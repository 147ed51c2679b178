"""KindSpec: a kind's name, schema version and body type, and how a body is validated."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec

from ..errors import SchemaError
from .types import Body, LangMap

__all__ = ["KindSpec", "schema_error", "check_languages"]

_MISSING = re.compile(r"^Object missing required field `([^`]+)`")
_AT = re.compile(r" - at `\$(.*)`$")


def schema_error(exc: msgspec.ValidationError, base: str) -> SchemaError:
    """Turn a msgspec validation message into a protocol error with a full JSONPath."""
    text = str(exc)
    m = _AT.search(text)
    sub = m.group(1) if m else ""
    message = text[: m.start()] if m else text
    missing = _MISSING.match(message)
    if missing:
        return SchemaError("missing_field", message, f"{base}{sub}.{missing.group(1)}")
    if message.startswith("Object contains unknown field"):
        return SchemaError("unknown_field", message, f"{base}{sub}")
    code = "bad_field_type" if ", got `" in message else "bad_value"
    return SchemaError(code, message, f"{base}{sub}")


@cache
def _lang_fields(cls: type[Body]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(language-map fields, fields that may hold nested bodies) of a body class."""
    maps, nested = [], []
    for f in msgspec.structs.fields(cls):
        if f.type == LangMap or f.type == (LangMap | None):
            maps.append(f.name)
        elif any(
            isinstance(a, type) and issubclass(a, Body) for a in (f.type, *_flat_args(f.type))
        ):
            nested.append(f.name)
    return tuple(maps), tuple(nested)


def _flat_args(tp: Any) -> list[Any]:
    out: list[Any] = []
    for a in getattr(tp, "__args__", ()) or ():
        out.append(a)
        out.extend(_flat_args(a))
    return out


#: `_lang_fields` of the body classes met so far, looked up by exact type.
_fields_of: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def languages_present(value: Any, lang: str) -> bool:
    """Whether `check_languages` would pass `value` (faster: no paths are built)."""
    t = type(value)
    if t is list:
        for item in value:
            if not languages_present(item, lang):
                return False
        return True
    fields = _fields_of.get(t)
    if fields is None:
        if isinstance(value, list):
            return languages_present(list(value), lang)
        if not isinstance(value, Body):
            return True
        fields = _fields_of[t] = _lang_fields(type(value))
    maps, nested = fields
    for name in maps:
        text = getattr(value, name)
        if text is not None and lang not in text:
            return False
    for name in nested:
        item = getattr(value, name)
        if item is not None and not languages_present(item, lang):
            return False
    return True


def check_languages(value: Any, lang: str, path: str) -> None:
    """Every language map inside `value` MUST contain the default language `lang`.

    Raises:
        SchemaError: `missing_language`, naming the map's path.
    """
    # Every received body passes here: check once without building paths, and only when a
    # map lacks the language walk again to name which.
    if not languages_present(value, lang):
        _name_missing_language(value, lang, path)


def _name_missing_language(value: Any, lang: str, path: str) -> None:
    if isinstance(value, list):
        for i, item in enumerate(value):
            _name_missing_language(item, lang, f"{path}[{i}]")
        return
    if not isinstance(value, Body):
        return
    maps, nested = _lang_fields(type(value))
    for name in maps:
        text = getattr(value, name)
        if text is not None and lang not in text:
            raise SchemaError(
                "missing_language",
                f"language map has no text in the default language {lang!r}",
                f"{path}.{name}",
            )
    for name in nested:
        _name_missing_language(getattr(value, name), lang, f"{path}.{name}")


class KindSpec:
    """One registered kind. `body` is a `Body` subclass; later versions only add optional fields."""

    __slots__ = ("name", "version", "body", "description")

    def __init__(self, name: str, version: int, body: type[Body], description: str) -> None:
        self.name = name
        self.version = version
        self.body = body
        self.description = description

    def validate(self, body: dict[str, Any], lang: str, path: str = "$.body") -> Body:
        """Decode a plain body into the kind's type and check its language maps.

        Raises:
            SchemaError: naming the failing field's path.
        """
        try:
            value = msgspec.convert(body, self.body)
        except msgspec.ValidationError as exc:
            raise schema_error(exc, path) from None
        check_languages(value, lang, path)
        return value

    def __repr__(self) -> str:
        return f"KindSpec({self.name!r}, v{self.version})"
