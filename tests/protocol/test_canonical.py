"""Canonical bytes equal RFC 8785 (JCS) across the protocol's value space."""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import example, given, settings
from protocol_strategies import SAMPLES, values

from protocol import ProtocolError, limits
from protocol.canonical import canonical_bytes, check_value, has_duplicate_keys, parse_json


@settings(max_examples=150, deadline=None)
@given(value=values)
@example(value=list(SAMPLES))
@example(value={"max": limits.MAX_INT, "min": -limits.MAX_INT, "zero": 0})
@example(value={"b": 1, "a": {"~": None, " ": True, "A": False, "_": "é"}})
@example(value="".join(chr(c) for c in range(0x20)))
def test_canonical_bytes_are_jcs(value: Any) -> None:
    assert canonical_bytes(value) == rfc8785.dumps(value)


@settings(max_examples=100, deadline=None)
@given(value=values)
def test_parse_inverts_canonical(value: Any) -> None:
    data = canonical_bytes(value)
    assert parse_json(data) == value
    assert not has_duplicate_keys(data)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"1.0", "float_forbidden"),
        (b"1e2", "float_forbidden"),
        (b"-0.5", "float_forbidden"),
        (b'{"a":1,"a":2}', "duplicate_key"),
        (b'{"a":{"b":1,"b":1}}', "duplicate_key"),
        (b"\xff", "bad_json"),
        (b'{"a":', "bad_json"),
        (b"", "bad_json"),
    ],
)
def test_parse_json_rejects(data: bytes, code: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_json(data)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "code", "path"),
    [
        (limits.MAX_INT + 1, "number_out_of_range", "$"),
        ({"a": [-limits.MAX_INT - 1]}, "number_out_of_range", "$.a[0]"),
        ({"": 1}, "bad_member_name", "$"),
        ({"x" * 65: 1}, "bad_member_name", "$"),
        ({"tab\t": 1}, "bad_member_name", "$"),
        ({"ação": 1}, "bad_member_name", "$"),
        ("x" * (limits.MAX_STRING_CHARS + 1), "string_too_long", "$"),
        ([0] * (limits.MAX_LIST_ITEMS + 1), "list_too_long", "$"),
        # After valid siblings, the path still names the one member at fault.
        (
            {"ok": "fine", "b": {"c": "x" * (limits.MAX_STRING_CHARS + 1)}},
            "string_too_long",
            "$.b.c",
        ),
        ({"ok": "fine", "b": [{"d": "e", "tab\t": 1}]}, "bad_member_name", "$.b[0]"),
    ],
)
def test_check_value_rejects(value: Any, code: str, path: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        check_value(value)
    assert (caught.value.code, caught.value.path) == (code, path)


def test_check_value_depth_limit() -> None:
    value: Any = 0
    for _ in range(limits.MAX_DEPTH):
        value = [value]
    check_value(value)
    with pytest.raises(ProtocolError, match="too_deep"):
        check_value([value])
    # The same for a string member of an object at the deepest level.
    member: Any = "text"
    for _ in range(limits.MAX_DEPTH):
        member = {"k": member}
    check_value(member)
    with pytest.raises(ProtocolError, match="too_deep"):
        check_value({"k": member})


def test_check_value_accepts_limits_exactly() -> None:
    check_value(
        {
            "x" * limits.MAX_MEMBER_NAME: ["é" * limits.MAX_STRING_CHARS],
            "n": [limits.MAX_INT, -limits.MAX_INT],
            "l": [None] * limits.MAX_LIST_ITEMS,
        }
    )
