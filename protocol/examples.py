"""Example bodies for any kind, built from the kind's body type (core or extension kinds alike).

A new kind needs no example written by hand: each field gets a value its type accepts (the
first allowed value of a list of choices, a sample that matches a string pattern), and a
comment per field says whether it is required and what it holds.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from msgspec import inspect

from .kinds import KindSpec

__all__ = ["example_body", "example_value", "field_notes", "commented_example"]

#: Samples tried, in order, against a string field's pattern (the first that matches is used).
_SAMPLES = (
    "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "5" * 64,
    "2026-05-04T18:00",
    "2026-05-04",
    "https://example.org/",
    "18:00",
    "PT",
    "12.5",
    "38.7223",
    "A" * 86,
    "example-key",
)
#: Choices preferred as the example when a field allows them (else its first choice).
_PREFERRED = ("Europe/Lisbon", "UTC", "municipality", "active", "confirmed", "on_track")


def _sample_str(t: inspect.StrType, lang: str, field: str) -> str:
    if t.pattern is None:
        text = f"{field.replace('_', ' ').capitalize()} (replace this text)"
        return text[: t.max_length] if t.max_length else text
    for sample in (lang, *_SAMPLES):
        if re.search(t.pattern, sample):
            return sample
    raise ValueError(f"no example matches the pattern of field {field!r}")


def _value(t: inspect.Type, lang: str, field: str, full: bool) -> Any:
    t = _bare(t)
    if isinstance(t, inspect.UnionType):
        inner = [a for a in t.types if not isinstance(a, inspect.NoneType)]
        return _value(inner[0], lang, field, full)
    if isinstance(t, inspect.LiteralType):
        return next((z for z in _PREFERRED if z in t.values), t.values[0])
    if isinstance(t, inspect.StrType):
        return _sample_str(t, lang, field)
    if isinstance(t, inspect.IntType):
        low = t.ge if t.ge is not None else 0
        return min(low + 10, t.le) if t.le is not None else low + 10
    if isinstance(t, inspect.BoolType):
        return True
    if isinstance(t, inspect.DictType):
        key = _bare(t.key_type)
        if isinstance(key, inspect.StrType) and key.pattern:
            return {_sample_str(key, lang, field): _value(t.value_type, lang, field, full)}
        return {}
    if isinstance(t, inspect.ListType | inspect.SetType | inspect.FrozenSetType):
        return [_value(t.item_type, lang, field, full)]
    if isinstance(t, inspect.StructType):
        return _struct(t, lang, full)
    return {}


def example_value(t: inspect.Type, lang: str, field: str) -> Any:
    """A value of type `t` (as `msgspec.inspect` describes it) for a field named `field`.

    Raises:
        ValueError: no sample matches the pattern of a string in `t`.
    """
    return _value(t, lang, field, False)


def _struct(t: inspect.StructType, lang: str, full: bool) -> dict[str, Any]:
    return {
        f.encode_name: _value(f.type, lang, f.name, full) for f in t.fields if f.required or full
    }


def example_body(spec: KindSpec, lang: str = "en", *, full: bool = True) -> dict[str, Any]:
    """A body of `spec`'s kind in default language `lang` that `spec.validate` accepts.

    With `full`, optional fields are filled in too; a body with every field that does not
    validate (a field whose value depends on another) falls back to the required fields.
    """
    t = inspect.type_info(spec.body)
    assert isinstance(t, inspect.StructType)
    body = _struct(t, lang, full)
    if full:
        try:
            spec.validate(body, lang)
        except Exception:
            body = _struct(t, lang, False)
    return body


def field_notes(spec: KindSpec) -> list[str]:
    """One line per top-level field: its name, required or optional, and its allowed values."""
    t = inspect.type_info(spec.body)
    assert isinstance(t, inspect.StructType)
    notes = []
    for f in t.fields:
        ft = _bare(f.type)
        if isinstance(ft, inspect.UnionType):
            ft = next(a for a in ft.types if not isinstance(a, inspect.NoneType))
        what = _describe(ft)
        notes.append(f"{f.encode_name}: {'required' if f.required else 'optional'}{what}")
    return notes


def _bare(t: inspect.Type) -> inspect.Type:
    """The type inside an annotation that only adds a description or schema hints."""
    while isinstance(t, inspect.Metadata):
        t = t.type
    return t


def _describe(t: inspect.Type) -> str:
    t = _bare(t)
    if isinstance(t, inspect.LiteralType):
        if len(t.values) > 12:
            return f"; one of {len(t.values)} names, e.g. {', '.join(map(str, t.values[:3]))}"
        return f"; one of {', '.join(map(str, t.values))}"
    if isinstance(t, inspect.DictType) and isinstance(_bare(t.key_type), inspect.StrType):
        if getattr(_bare(t.key_type), "pattern", None):
            return "; text by language tag, with the node's language"
    if isinstance(t, inspect.ListType):
        return f"; a list{_describe(t.item_type).replace('; one of', ' of')}"
    if isinstance(t, inspect.StrType) and t.pattern:
        return "; in the form shown"
    if isinstance(t, inspect.IntType):
        bounds = [f">= {t.ge}" if t.ge is not None else "", f"<= {t.le}" if t.le else ""]
        return f"; a whole number {' '.join(b for b in bounds if b)}".rstrip()
    return ""


def commented_example(spec: KindSpec, lang: str = "en") -> str:
    """The example as JSON with a `//` comment preamble (`citymesh publish` skips it)."""
    lines = [
        f"// {spec.name} (version {spec.version}): {spec.description}",
        f"// Default language: {lang}; every text needs a {lang!r} entry.",
        f"// Replace the example values, then: citymesh publish HOME {spec.name} FILE",
        "// Fields:",
        *(f"//   {n}" for n in field_notes(spec)),
    ]
    body = msgspec.json.format(msgspec.json.encode(example_body(spec, lang)), indent=2)
    return "\n".join(lines) + "\n" + body.decode() + "\n"
