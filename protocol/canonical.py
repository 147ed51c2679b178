"""Canonical bytes: the RFC 8785 (JCS) form of an event, produced with msgspec.

Within the value space the protocol allows (integers within ±(2^53-1), no fractions,
printable-ASCII member names), msgspec's sorted encoding is byte-identical to JCS.
`check_value` enforces that space, together with the size limits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Any, Union

import msgspec
from msgspec import Meta

from . import limits
from .errors import DecodeError, LimitError

__all__ = [
    "canonical_bytes",
    "parse_json",
    "has_duplicate_keys",
    "check_value",
    "no_floats",
    "within_limits",
    "limited",
    "limited_object",
    "names_printable",
]

_encoder = msgspec.json.Encoder(order="sorted")


def no_floats(text: str) -> Any:
    """A decoder's `float_hook`: the protocol has no fractions or exponents."""
    raise ValueError(f"number {text} has a fraction or exponent")


_decoder = msgspec.json.Decoder(float_hook=no_floats)


def canonical_bytes(value: Any) -> bytes:
    """Encode a JSON value (or Struct) in canonical form."""
    return _encoder.encode(value)


def parse_json(data: bytes, *, check_duplicates: bool = True) -> Any:
    """Decode JSON bytes into plain values, rejecting fractions and duplicate member names.

    Bytes that are not JSON anywhere are `bad_json`, even where a fraction comes first; an
    integer too long to convert (thousands of digits) is decoded as one past the limit, for
    `check_value` to name as `number_out_of_range`.

    `check_duplicates=False` skips the (slower) duplicate check for callers that compare
    the bytes with their canonical form anyway, which a duplicate cannot survive.

    Raises:
        DecodeError: `bad_json`, `float_forbidden` or `duplicate_key`.
    """
    try:
        value = _decoder.decode(data)
    except msgspec.ValidationError:  # a fraction, or an integer too long: is the rest JSON?
        value = _decode_whole(data)
    except msgspec.DecodeError as exc:
        raise DecodeError("bad_json", str(exc)) from None
    except RecursionError:  # about 1,000 levels: far beyond the limit, whatever follows
        raise LimitError("too_deep", f"nesting deeper than {limits.MAX_DEPTH}") from None
    except UnicodeDecodeError as exc:
        # msgspec reports invalid UTF-8 inside member names this way, not as DecodeError.
        raise DecodeError("bad_json", f"invalid UTF-8: {exc.reason}") from None
    if check_duplicates and has_duplicate_keys(data):
        raise DecodeError("duplicate_key", "an object has the same member name twice")
    return value


def _decode_whole(data: bytes) -> Any:
    """Decode bytes in which the fast decoder met a fraction or an over-long integer.

    Raises:
        DecodeError: `bad_json` if the bytes are not JSON, else `float_forbidden` if a number
            has a fraction or exponent.
    """
    fractions: list[str] = []

    def fraction(text: str) -> int:
        fractions.append(text)
        return 0

    try:
        try:
            value = msgspec.json.Decoder(float_hook=fraction).decode(data)
        except msgspec.ValidationError:  # an integer beyond what msgspec converts
            value = _decode_long_integers(data, fraction)
    except RecursionError:  # more than ~1000 levels (msgspec takes them): beyond any limit
        raise LimitError("too_deep", f"nesting deeper than {limits.MAX_DEPTH}") from None
    except (msgspec.DecodeError, ValueError) as exc:  # also invalid UTF-8, lone surrogates
        raise DecodeError("bad_json", f"not JSON: {exc}") from None
    if fractions:
        raise DecodeError(
            "float_forbidden", f"number {fractions[0][:40]} has a fraction or exponent"
        )
    return value


def _decode_long_integers(data: bytes, fraction: Any) -> Any:
    """Decode with the standard library, which hands integers over as text."""

    def integer(text: str) -> int:
        if len(text.lstrip("-")) <= 20:
            return int(text)
        return -(limits.MAX_INT + 1) if text.startswith("-") else limits.MAX_INT + 1

    def constant(text: str) -> Any:
        raise ValueError(f"{text} is not JSON")

    value = json.loads(
        data.decode("utf-8"), parse_int=integer, parse_float=fraction, parse_constant=constant
    )
    # The standard library accepts escaped lone surrogates, which JSON texts may not hold.
    canonical_bytes(value)
    return value


def has_duplicate_keys(data: bytes) -> bool:
    """True if any JSON object in `data` repeats a member name (msgspec keeps the last)."""
    found = False

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        if len({k for k, _ in pairs}) != len(pairs):
            found = True
        return dict(pairs)

    json.loads(data, object_pairs_hook=hook, parse_int=str)  # numbers as text: any length
    return found


def check_value(value: Any, path: str = "$", depth: int = 0) -> None:
    """Check that a decoded value keeps to the protocol's value space and limits.

    Raises:
        LimitError: `too_deep`, `string_too_long` or `list_too_long`.
        DecodeError: `number_out_of_range` or `bad_member_name`.
    """
    # Every received event passes here: walk once without building paths, and only when
    # something is wrong walk again to name where.
    if not within_limits(value, depth):
        _check_at(value, path, depth)


#: Member names already seen to be valid (names repeat across events); bounded.
_good_names: set[str] = set()


def within_limits(value: Any, depth: int = 0) -> bool:
    """True if `check_value` would pass `value` found at nesting `depth` (faster: no paths)."""
    if depth > limits.MAX_DEPTH:
        return False
    t = type(value)
    if t is str:
        return len(value) <= limits.MAX_STRING_CHARS
    if t is int:
        return -limits.MAX_INT <= value <= limits.MAX_INT
    if t is dict:
        leaves_fit = depth < limits.MAX_DEPTH  # a string member is not too deep
        for key, item in value.items():
            if key not in _good_names:
                if not (0 < len(key) <= limits.MAX_MEMBER_NAME and key.isascii()):
                    return False
                if not key.isprintable():
                    return False
                if len(_good_names) < 10_000:
                    _good_names.add(key)
            if leaves_fit and type(item) is str and len(item) <= limits.MAX_STRING_CHARS:
                continue
            if not within_limits(item, depth + 1):
                return False
        return True
    if t is list:
        if len(value) > limits.MAX_LIST_ITEMS:
            return False
        return all(within_limits(item, depth + 1) for item in value)
    return True


_String = Annotated[str, Meta(max_length=limits.MAX_STRING_CHARS)]
_Integer = Annotated[int, Meta(ge=-limits.MAX_INT, le=limits.MAX_INT)]
#: A member name's length; that it is printable ASCII is left to `names_printable` (a pattern
#: here, matched by the decoder name by name, cost more than the rest of the decoding).
_Name = Annotated[str, Meta(min_length=1, max_length=limits.MAX_MEMBER_NAME)]


@cache
def limited(depth: int, deepest: int = limits.MAX_DEPTH) -> Any:
    """The type of a JSON value found at nesting `depth` that keeps the limits a decoder can
    check as it decodes: a value decoded as this type is one `within_limits` passes, if
    `names_printable` passes it too. Fractions are not in it.

    Below `deepest` (if less than the limit) it also refuses values that keep the limits:
    deciding on those is then left to `within_limits`. A decoder takes time to build in
    proportion to 2 ** (deepest - depth): the type has a list and an object at each level.
    """
    if depth >= deepest:  # nothing deeper: leaves, and containers only if empty
        items: Any = Annotated[list[Any], Meta(max_length=0)]
    else:
        inner = limited(depth + 1, deepest)
        items = Annotated[list[inner], Meta(max_length=limits.MAX_LIST_ITEMS)]  # type: ignore[valid-type]
    return Union[_String, _Integer, bool, None, items, limited_object(depth, deepest)]  # noqa: UP007


@cache
def limited_object(depth: int, deepest: int = limits.MAX_DEPTH) -> Any:
    """`limited(depth, deepest)` for a JSON object."""
    if depth >= deepest:
        return Annotated[dict[str, Any], Meta(max_length=0)]
    return dict[_Name, limited(depth + 1, deepest)]  # type: ignore[misc]


def names_printable(value: dict[str, Any]) -> bool:
    """Whether every member name in `value`, nested ones too, is printable ASCII."""
    if not _good_names.issuperset(value):
        for key in value:
            if key not in _good_names and not _good_name(key):
                return False
    return _names_printable_in(value.values())


def _names_printable_in(items: Iterable[Any]) -> bool:
    for item in items:
        t = type(item)
        if t is dict:
            if not names_printable(item):
                return False
        elif t is list and not _names_printable_in(item):
            return False
    return True


def _good_name(key: str) -> bool:
    if 0 < len(key) <= limits.MAX_MEMBER_NAME and key.isascii() and key.isprintable():
        if len(_good_names) < 10_000:
            _good_names.add(key)
        return True
    return False


def _check_at(value: Any, path: str, depth: int) -> None:
    if depth > limits.MAX_DEPTH:
        raise LimitError("too_deep", f"nesting deeper than {limits.MAX_DEPTH}", path)
    t = type(value)
    if t is str:
        if len(value) > limits.MAX_STRING_CHARS:
            raise LimitError(
                "string_too_long", f"string longer than {limits.MAX_STRING_CHARS} chars", path
            )
    elif t is int:
        if not -limits.MAX_INT <= value <= limits.MAX_INT:
            raise DecodeError("number_out_of_range", "integer outside ±(2^53-1)", path)
    elif t is dict:
        for key, item in value.items():
            if not (0 < len(key) <= limits.MAX_MEMBER_NAME and key.isascii() and key.isprintable()):
                raise DecodeError(
                    "bad_member_name", "member names are 1-64 printable ASCII characters", path
                )
            _check_at(item, f"{path}.{key}", depth + 1)
    elif t is list:
        if len(value) > limits.MAX_LIST_ITEMS:
            raise LimitError("list_too_long", f"array longer than {limits.MAX_LIST_ITEMS}", path)
        for i, item in enumerate(value):
            _check_at(item, f"{path}[{i}]", depth + 1)
