"""Query parameters read at the edge: decoded once into a route family's Struct, each bad value
a 400 `bad_parameter` problem naming the parameter and what it takes, in words.

A Struct's fields are the parameters (a field's `name` is the parameter's, as for `from`);
their types carry the rules as `msgspec.Meta` constraints, the protocol's own types where the
protocol has one (`LangTag`, `PublicId`), and the OpenAPI document shows the same Struct.
A text parameter's description says what it takes ("a BCP 47 language tag such as pt-BR"):
it is also the fix a bad value's problem names; choices and ranges are told by their values.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import msgspec
from aiohttp import web
from msgspec import inspect

from protocol.kinds.types import LangTag

from ..store.queries import NO_CONTROL
from .problems import HTTPProblem

__all__ = ["MAX_INT", "MAX_TEXT", "Text", "Lang", "query", "bad_parameter"]

T = TypeVar("T")

#: The largest integer any parameter takes: far beyond any count, well inside SQLite's 64 bits
#: even after the arithmetic done with it (page * size, cursor - 1).
MAX_INT = 2**53
#: The longest text parameter (an author's did:key is 56 characters, a cursor about 30).
MAX_TEXT = 200


#: Text of at most MAX_TEXT characters with no control characters but tabs and line breaks
#: (which text may hold as spaces).
Text = Annotated[
    str,
    msgspec.Meta(
        max_length=MAX_TEXT,
        pattern=NO_CONTROL,
        description=f"text of at most {MAX_TEXT} characters, without control characters",
    ),
]
#: A language whose texts are wanted (the protocol's tag).
Lang = Annotated[LangTag, msgspec.Meta(description="a BCP 47 language tag such as pt-BR")]


def query(request: web.Request, type_: type[T]) -> T:
    """The request's query string as `type_` (empty values count as absent; of a repeated
    parameter the first counts); a bad value is a 400 problem naming the parameter."""
    values: dict[str, str] = {}
    for name, value in request.query.items():
        if value and name not in values:
            values[name] = value
    try:
        return msgspec.convert(values, type_, strict=False)
    except msgspec.ValidationError as exc:
        raise bad_parameter(exc, type_) from None


def bad_parameter(exc: msgspec.ValidationError, type_: Any) -> HTTPProblem:
    """msgspec's error as a problem naming the parameter (its message path `$.lang` is the
    parameter `lang`) and saying in words what the parameter takes."""
    _, _, where = str(exc).rpartition(" - at `$.")
    name = where.rstrip("`") or "query"
    return HTTPProblem(400, "bad_parameter", f"{name} must be {_takes(type_, name)}", name)


def _takes(type_: Any, name: str) -> str:
    """What a parameter takes, in words (from its type's constraints, never a pattern)."""
    info = inspect.type_info(type_)
    fields = getattr(info, "fields", ())
    field = next((f for f in fields if f.encode_name == name), None)
    if field is None:
        return "a valid value"
    return _words(field.type)


def _words(t: inspect.Type) -> str:
    if isinstance(t, inspect.UnionType):
        kept = [x for x in t.types if not isinstance(x, inspect.NoneType)]
        return " or ".join(_words(x) for x in kept)
    if isinstance(t, inspect.Metadata):
        # A pattern is told by its description; choices and ranges by their values.
        described = (t.extra_json_schema or {}).get("description")
        if described and isinstance(t.type, inspect.StrType):
            return str(described)
        return _words(t.type)
    if isinstance(t, inspect.LiteralType):
        return "one of " + ", ".join(str(v) for v in t.values)
    if isinstance(t, inspect.IntType):
        lo = t.ge if t.ge is not None else 0
        return f"a whole number from {lo} to {t.le if t.le is not None else MAX_INT}"
    if isinstance(t, inspect.BoolType):
        return "true or false"
    if isinstance(t, inspect.StrType) and t.max_length is not None:
        return f"text of at most {t.max_length} characters"
    return "a valid value"
