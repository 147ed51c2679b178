"""Every vector through an independent JSON Schema validator (`jsonschema`, Draft 2020-12) and
through `protocol`: for an event alone, both accept or both reject, except where the rule
broken is one the schemas cannot express (SPEC.md §8.5), named here by code."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from protocol import CODES, ProtocolError, decode_event
from protocol.kinds import CORE_NAMES
from protocol.schema import DIRECTORY
from protocol.vectors import load

#: Codes of rules a schema cannot decide for an event alone (SPEC.md §8.5).
SCHEMA_CANNOT_DECIDE = frozenset(
    {
        # bytes, not values: a validator sees the decoded value (and `1.0` is an integer)
        "bad_json",
        "duplicate_key",
        "not_canonical",
        "float_forbidden",
        "too_large",
        # limits on every value, bodies of kinds without a schema included
        "too_deep",
        "string_too_long",
        "list_too_long",
        "number_out_of_range",
        "bad_member_name",
        # needs the envelope's lang inside the body
        "missing_language",
        # hashes and keys
        "id_mismatch",
        "bad_author",
        "bad_signature",
        "bad_rotation",
        # needs a clock
        "clock_skew",
    }
)


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((DIRECTORY / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(event: Any) -> list[str]:
    """What the envelope schema, and the body schema of a core kind, find wrong."""
    errors = [e.message for e in _validator("envelope.json").iter_errors(event)]
    if not errors and event["kind"] in CORE_NAMES and "body" in event:  # not a skeleton
        body = _validator(f"{event['kind']}.json").iter_errors(event["body"])
        errors += [f"body: {e.message}" for e in body]
    return errors


def protocol_code(line: str) -> str | None:
    try:
        decode_event(line.encode("utf-8"), now=datetime.now(UTC))
    except ProtocolError as exc:
        return exc.code
    return None


def _cases() -> list[tuple[str, str, str | None]]:
    """(name, wire text, code by SPEC.md) of every event a vector file holds, each alone: a
    vector with a context breaks a chain rule (SPEC.md §11), and its events are valid alone."""
    cases: list[tuple[str, str, str | None]] = [
        (f"valid {v['label']}", v["event"], None) for v in load("valid.json")
    ]
    for v in load("invalid.json"):
        name = v["comment"][:60]
        for i, line in enumerate(v.get("context", [])):
            cases.append((f"{name} (context {i + 1})", line, None))
        alone = None if "context" in v else v["code"]
        cases.append((name, v["event"], alone))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("line", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_schema_and_protocol_agree(line: str, code: str | None) -> None:
    assert protocol_code(line) == code
    if code in SCHEMA_CANNOT_DECIDE:
        return
    errors = schema_errors(json.loads(line))
    if code is None:
        assert errors == [], "the schema rejects an event protocol accepts"
    else:
        assert errors, f"the schema accepts an event protocol rejects with {code}"


def test_only_the_named_codes_are_left_out() -> None:
    assert SCHEMA_CANNOT_DECIDE <= set(CODES)
    decided = {c for _, _, c in CASES if c is not None} - SCHEMA_CANNOT_DECIDE
    # Every envelope and body rule of §5 is compared somewhere.
    assert decided >= {
        "unsupported_version",
        "missing_field",
        "unknown_field",
        "bad_field_type",
        "bad_value",
        "bad_prev",
        "bad_kind_name",
    }
