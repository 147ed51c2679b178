"""Every problem of an event body for its kind, in words people can act on (pure, no I/O).

`KindSpec.validate` stops at the first problem and speaks msgspec's language (a regular
expression, a type name). Forms and the command line need all of them at once, each naming
the field, a machine code that a client translates, what is expected in plain words, and an
example that passes. `problems` walks the kind's body type beside the plain JSON value and
collects them; it agrees with `validate`: it returns nothing exactly when `validate` passes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec
from msgspec import inspect

from .canonical import check_value
from .errors import ProtocolError, SchemaError
from .examples import example_body, example_value
from .kinds import KindSpec
from .kinds import types as T
from .kinds.core import Key

__all__ = [
    "BodyProblem",
    "InvalidBody",
    "problems",
    "check",
    "errors",
    "describe",
    "REFERS",
    "FORMATS",
    "CODES",
]

#: Codes of `BodyProblem`, with what each means (clients translate them).
CODES: dict[str, str] = {
    "missing_field": "a required field is absent",
    "bad_field_type": "the value has the wrong JSON type (text, number, list or object)",
    "number_as_text": "a number where the protocol wants it written as text in quotes",
    "not_whole": "a number with a fraction where a whole number is expected",
    "bad_format": "the text is not in the expected form (see `format`)",
    "not_allowed": "the value is not one of the allowed choices (see `allowed`)",
    "empty": "the text or list is empty",
    "too_short": "the text or list is shorter than `min`",
    "too_long": "the text or list is longer than `max`",
    "below_min": "the number is below `min`",
    "above_max": "the number is above `max`",
    "missing_language": "a text has no version in the event's language `lang`",
}


#: The protocol's code (protocol/errors.py) that each of these codes refines.
PROTOCOL_CODES: dict[str, str] = {
    "missing_field": "missing_field",
    "bad_field_type": "bad_field_type",
    "number_as_text": "bad_field_type",
    "not_whole": "bad_field_type",
    "missing_language": "missing_language",
    **{c: "bad_value" for c in ("bad_format", "not_allowed", "empty", "too_short", "too_long")},
    **{c: "bad_value" for c in ("below_min", "above_max")},
}


def _pattern(tp: Any) -> str:
    t = inspect.type_info(tp)
    while isinstance(t, inspect.Metadata):
        t = t.type
    assert isinstance(t, inspect.StrType) and t.pattern
    return t.pattern


#: Named forms of text, by the pattern of their type: (name, expected in words).
FORMATS: dict[str, tuple[str, str]] = {
    _pattern(T.Date): ("date", "a date written YYYY-MM-DD"),
    _pattern(T.PartialDate): (
        "partial_date",
        "a year, year and month, or date: YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    _pattern(T.LocalDateTime): ("local_datetime", "a local date and time written YYYY-MM-DDTHH:MM"),
    _pattern(T.Url): ("url", "a web address starting with https:// or http://"),
    _pattern(T.Decimal): ("decimal", "a number written as text, with a dot before any decimals"),
    _pattern(T.Coordinate): (
        "coordinate",
        'a coordinate in degrees written as text, such as "38.7223"',
    ),
    _pattern(T.EventId): ("event_id", "an event id: 64 characters, digits 0-9 and letters a-f"),
    _pattern(T.PublicId): (
        "public_id",
        "a node's public key: did:key:z6Mk followed by 44 letters and digits",
    ),
    _pattern(T.LangTag): ("lang_tag", "a language tag such as es, pt-BR or fr"),
    _pattern(T.CountryCode): ("country", "a two-letter country code in capitals, such as ES or BR"),
    _pattern(Key): ("key", "a short name in lowercase letters, digits, - and _"),
}
_TIMEZONE = ("timezone", "a time zone name such as Europe/Lisbon or America/Sao_Paulo")

#: Fields that name another event: (kind, field) -> the kinds it may name, and in what state.
#: "live" is not retracted; "own" is also by this node; "partner" names this node as partner.
REFERS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("meeting.outcome", "meeting"): (("meeting",), "live"),
    ("declaration", "adopted_at"): (("meeting",), "live"),
    ("endorsement", "event"): (
        ("declaration", "initiative", "meeting.outcome", "partnership"),
        "live",
    ),
    ("update", "event"): (
        ("initiative", "meeting", "meeting.outcome", "declaration", "partnership"),
        "own",
    ),
    ("retraction", "event"): (
        ("initiative", "meeting", "meeting.outcome", "declaration", "partnership", "endorsement"),
        "own",
    ),
    ("attestation", "event"): (("meeting.outcome",), "live"),
    ("partnership.accept", "proposal"): (("partnership",), "partner"),
    ("partnership.decline", "proposal"): (("partnership",), "partner"),
    ("partnership.end", "proposal"): (("partnership",), "partner"),
    ("progress.report", "about"): (("initiative", "partnership"), "live"),
}


class BodyProblem(msgspec.Struct, omit_defaults=True):
    """One problem of a body: where, what (a code), what is expected, and a value that passes."""

    path: str
    code: str
    expected: str
    example: Any = None
    format: str | None = None
    allowed: list[Any] | None = None
    min: int | None = None
    max: int | None = None
    lang: str | None = None
    #: A language map lacking `lang`: a language it has, whose text may be copied over.
    copy_from: str | None = None
    #: In a batch: the position of the body (from 0).
    index: int | None = None


class InvalidBody(SchemaError):
    """One or more bodies have problems: `errors` holds them all; nothing was published."""

    def __init__(self, errors: list[BodyProblem], detail: str | None = None) -> None:
        first = errors[0]
        where = f"item {first.index + 1}: " if first.index is not None else ""
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        text = detail or f"{first.path}: expected {first.expected}"
        # The error's own code is the protocol's (SPEC.md); `errors` has the finer ones.
        code = PROTOCOL_CODES.get(first.code, first.code)
        super().__init__(code, f"{where}{text}{more}", first.path)
        self.errors = errors

    @classmethod
    def wrap(cls, exc: ProtocolError, index: int | None = None) -> InvalidBody:
        """A problem found past the schema (a reference, the chain) as an InvalidBody."""
        if isinstance(exc, InvalidBody):
            return exc
        problem = BodyProblem(exc.path or "$.body", exc.code, exc.detail, index=index)
        return cls([problem], exc.detail)


def _bare(t: inspect.Type) -> tuple[inspect.Type, dict[str, Any]]:
    extra: dict[str, Any] = {}
    while isinstance(t, inspect.Metadata):
        extra.update(t.extra_json_schema or {})
        t = t.type
    return t, extra


def _jsontype(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "nothing (null)"


#: Problems reported for one body at most: enough to correct a form, bounded for a hostile
#: body (a list of thousands of wrong items is reported by its first ones).
MAX_PROBLEMS = 100


class _Enough(Exception):
    """MAX_PROBLEMS were found: the walk stops."""


class _Walk:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.found: list[BodyProblem] = []

    def add(
        self, path: str, code: str, expected: str, t: inspect.Type, field: str, **kw: Any
    ) -> None:
        if len(self.found) >= MAX_PROBLEMS:
            raise _Enough
        example = kw.pop("example", None)
        if example is None:
            try:
                example = example_value(t, self.lang, field)
            except ValueError:  # an extension's pattern no sample matches
                example = None
        self.found.append(BodyProblem(path, code, expected, example, **kw))

    def value(self, t0: inspect.Type, value: Any, path: str, field: str) -> None:
        t, extra = _bare(t0)
        if isinstance(t, inspect.UnionType):
            self.union(t, value, path, field)
        elif isinstance(t, inspect.AnyType):
            return
        elif isinstance(t, inspect.LiteralType):
            self.literal(t, value, path, field)
        elif isinstance(t, inspect.StrType):
            self.text(t, value, path, field)
        elif isinstance(t, inspect.BoolType):
            if not isinstance(value, bool):
                self.add(path, "bad_field_type", "true or false", t, field)
        elif isinstance(t, inspect.IntType):
            self.integer(t, value, path, field)
        elif isinstance(t, inspect.FloatType):
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.add(path, "bad_field_type", "a number", t, field)
        elif isinstance(t, inspect.DictType):
            self.mapping(t, value, path, field, langmap=bool(extra.get("x-citymesh-langmap")))
        elif isinstance(t, inspect.ListType | inspect.SetType | inspect.FrozenSetType):
            self.sequence(t, value, path, field)
        elif isinstance(t, inspect.StructType):
            self.struct(t, value, path)
        # Any other type (a date object, a tuple...) is left to `validate`, which runs after.

    def union(self, t: inspect.UnionType, value: Any, path: str, field: str) -> None:
        inner = [a for a in t.types if not isinstance(a, inspect.NoneType)]
        if value is None and len(inner) < len(t.types):
            return
        if len(inner) == 1:
            self.value(inner[0], value, path, field)
            return
        first: list[BodyProblem] | None = None
        for option in inner:
            trial = _Walk(self.lang)
            try:
                trial.value(option, value, path, field)
            except _Enough:
                pass
            if not trial.found:
                return
            first = first if first is not None else trial.found
        self.found.extend(first or [])

    def literal(self, t: inspect.LiteralType, value: Any, path: str, field: str) -> None:
        if value in t.values and type(value) in {type(v) for v in t.values}:
            return
        if len(t.values) > 40:  # the time zones: a name, not a list to read
            self.add(path, "not_allowed", _TIMEZONE[1], t, field, format=_TIMEZONE[0])
        else:
            words = "one of: " + ", ".join(map(str, t.values))
            self.add(path, "not_allowed", words, t, field, allowed=list(t.values))

    def text(self, t: inspect.StrType, value: Any, path: str, field: str) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool) and t.pattern:
            if t.pattern in (_pattern(T.Decimal), _pattern(T.Coordinate)):
                name, words = FORMATS[t.pattern]
                self.add(path, "number_as_text", words, t, field, format=name)
                return
        if not isinstance(value, str):
            self.add(path, "bad_field_type", "text", t, field)
            return
        if t.min_length and len(value) < t.min_length:
            if t.min_length == 1:
                self.add(path, "empty", "some text", t, field, min=1)
            else:
                self.add(
                    path,
                    "too_short",
                    f"at least {t.min_length} characters",
                    t,
                    field,
                    min=t.min_length,
                )
        elif t.max_length is not None and len(value) > t.max_length:
            self.add(
                path, "too_long", f"at most {t.max_length} characters", t, field, max=t.max_length
            )
        elif t.pattern and not re.search(t.pattern, value):
            name, words = FORMATS.get(t.pattern, ("pattern", "text in the form of the example"))
            if field == "sha256":
                name, words = (
                    "sha256",
                    "a SHA-256 digest: 64 characters, digits 0-9 and letters a-f",
                )
            self.add(path, "bad_format", words, t, field, format=name)

    def integer(self, t: inspect.IntType, value: Any, path: str, field: str) -> None:
        if isinstance(value, float) and not isinstance(value, bool):
            self.add(path, "not_whole", "a whole number, without a fraction", t, field)
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, "bad_field_type", "a whole number", t, field)
            return
        low = t.ge if t.ge is not None else (t.gt + 1 if t.gt is not None else None)
        high = t.le if t.le is not None else (t.lt - 1 if t.lt is not None else None)
        if low is not None and value < low:
            self.add(path, "below_min", f"a whole number of at least {low}", t, field, min=low)
        elif high is not None and value > high:
            self.add(path, "above_max", f"a whole number of at most {high}", t, field, max=high)

    def mapping(
        self, t: inspect.DictType, value: Any, path: str, field: str, *, langmap: bool
    ) -> None:
        if not isinstance(value, dict):
            words = 'texts by language, such as {"es": "..."}' if langmap else "an object"
            self.add(path, "bad_field_type", words, t, field)
            return
        if t.min_length and len(value) < t.min_length:
            if langmap:
                self.add(
                    path, "missing_language", f"a text in {self.lang}", t, field, lang=self.lang
                )
                return
            self.add(path, "empty", f"at least {t.min_length} entries", t, field, min=t.min_length)
        if t.max_length is not None and len(value) > t.max_length:
            self.add(
                path, "too_long", f"at most {t.max_length} entries", t, field, max=t.max_length
            )
        for key, item in value.items():
            sub = (
                f"{path}.{key}"
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key)
                else f"{path}[{key!r}]"
            )
            self.value(t.key_type, key, sub, field)
            self.value(t.value_type, item, sub, field)
        if langmap and value and self.lang not in value:
            present = next((k for k, v in value.items() if isinstance(v, str) and v.strip()), None)
            self.add(
                path,
                "missing_language",
                f"a text in {self.lang}, the event's language",
                t,
                field,
                lang=self.lang,
                copy_from=present,
            )

    def sequence(self, t: Any, value: Any, path: str, field: str) -> None:
        if not isinstance(value, list):
            self.add(path, "bad_field_type", "a list", t, field)
            return
        if t.min_length and len(value) < t.min_length:
            self.add(path, "empty", f"at least {t.min_length} entries", t, field, min=t.min_length)
        elif t.max_length is not None and len(value) > t.max_length:
            self.add(
                path, "too_long", f"at most {t.max_length} entries", t, field, max=t.max_length
            )
        for i, item in enumerate(value):
            self.value(t.item_type, item, f"{path}[{i}]", field)

    def struct(self, t: inspect.StructType, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.add(path, "bad_field_type", "an object", t, path.rsplit(".", 1)[-1])
            return
        for f in t.fields:
            sub = f"{path}.{f.encode_name}"
            if f.encode_name not in value or (value[f.encode_name] is None and f.required):
                if f.required:
                    self.add(
                        sub, "missing_field", "a value: this field is required", f.type, f.name
                    )
                continue
            self.value(f.type, value[f.encode_name], sub, f.name)


def problems(spec: KindSpec, body: Any, lang: str, path: str = "$.body") -> list[BodyProblem]:
    """Every problem of `body` as a body of `spec`'s kind in default language `lang`.

    Empty exactly when `spec.validate(body, lang)` passes: a problem only `validate` finds
    (a rule of an extension's type this walk does not know) is added as the last one. At
    most MAX_PROBLEMS are returned.
    """
    walk = _Walk(lang)
    try:
        walk.value(inspect.type_info(spec.body), body, path, "body")
    except _Enough:
        return walk.found
    if not walk.found:
        try:
            spec.validate(body, lang, path)
        except ProtocolError as exc:
            walk.found.append(
                BodyProblem(exc.path or path, exc.code, "a value in the form of the example")
            )
    return walk.found


def check(kind: str, body: Any, lang: str, index: int | None = None) -> list[BodyProblem]:
    """`problems` of a body of any kind by name, after the protocol's limits (a number out of
    range, nesting too deep: the one problem then); none for a kind this node does not know.
    """
    from .kinds import registry

    try:
        check_value(body, "$.body", 1)  # the body sits at depth 1 of its envelope
    except ProtocolError as exc:
        return [BodyProblem(exc.path or "$.body", exc.code, exc.detail, index=index)]
    spec = registry.get(kind)
    if spec is None:
        return []
    found = problems(spec, body, lang)
    for p in found:
        p.index = index
    return found


def errors(exc: ProtocolError) -> list[dict[str, Any]]:
    """The `errors` member of a problem answer: every problem an error carries, as JSON."""
    if isinstance(exc, InvalidBody):
        return [msgspec.to_builtins(p) for p in exc.errors]
    return [{"path": exc.path or "$", "code": exc.code, "expected": exc.detail}]


def _options(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """A property's schema, its alternatives and its items, at any depth."""
    out = [prop]
    for sub in [*prop.get("anyOf", []), *([prop["items"]] if "items" in prop else [])]:
        out.extend(_options(sub))
    return out


def _annotate(schema: dict[str, Any], root: dict[str, Any], kind: str, top: bool) -> None:
    """Name the form of each text field (`x-citymesh-format`) and what a reference may name."""
    for name, prop in (schema.get("properties") or {}).items():
        for option in _options(prop):
            pattern = option.get("pattern")
            if pattern in FORMATS:
                option["x-citymesh-format"] = FORMATS[pattern][0]
            elif pattern and name == "sha256":
                option["x-citymesh-format"] = "sha256"
            if len(option.get("enum", ())) > 40:
                option["x-citymesh-format"] = _TIMEZONE[0]
        if top and (kind, name) in REFERS:
            kinds, state = REFERS[(kind, name)]
            prop["x-citymesh-refers"] = {"kinds": list(kinds), "state": state}


@cache
def describe(spec: KindSpec) -> dict[str, Any]:
    """A kind for forms: its JSON Schema with the form of each field named, and an example."""
    schema = msgspec.json.schema(spec.body)
    defs = schema.get("$defs", {})
    top = schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else None
    for name, sub in defs.items():
        _annotate(sub, schema, spec.name, name == top)
    return {
        "name": spec.name,
        "version": spec.version,
        "description": spec.description,
        "schema": schema,
        "example": example_body(spec, "en"),
    }
