"""Every problem of a body at once, in words: the collector agrees with `validate`, finds each
mistake of a body at its own path, and never shows a regular expression."""

from __future__ import annotations

import re
from typing import Any

import pytest

from protocol import registry
from protocol.errors import ProtocolError
from protocol.examples import example_body
from protocol.explain import CODES, MAX_PROBLEMS, describe, problems

KINDS = list(registry)
REGEX = re.compile(r"\^|\\d|\[0-9\]|\(\?|\$'|\$\(|\{\d+,?\d*\}")

#: One mistake each: (kind, path in the body, value), applied to the kind's full example.
MISTAKES: list[tuple[str, tuple[Any, ...], Any, str]] = [
    ("initiative", ("title",), {"en": "Welcome"}, "missing_language"),
    ("initiative", ("summary",), "a plain string", "bad_field_type"),
    ("initiative", ("category",), "welcome", "not_allowed"),
    ("initiative", ("start",), "2026-13", "bad_format"),
    ("initiative", ("end",), "2026-02-30", "bad_format"),
    ("initiative", ("places", 0, "geo", "lat"), 38.72, "number_as_text"),
    ("initiative", ("places", 0, "address", "country"), "Spain", "bad_format"),
    ("initiative", ("progress",), 130, "above_max"),
    ("initiative", ("progress",), 12.5, "not_whole"),
    ("initiative", ("homepage",), "www.example.org", "bad_format"),
    ("initiative", ("languages_offered", 0), "Spanish", "bad_format"),
    ("initiative", ("partners", 0, "name"), "", "empty"),
    ("meeting", ("start",), "2026-05-04 18:00", "bad_format"),
    ("meeting", ("timezone",), "Lisbon", "not_allowed"),
    ("meeting.outcome", ("meeting",), "not-an-id", "bad_format"),
    ("meeting.outcome", ("attendees_count",), -1, "below_min"),
    ("partnership", ("partners",), [], "empty"),
    ("partnership", ("commitments", 0, "text"), {"ca": "Compromís"}, "missing_language"),
    ("progress.report", ("metrics", 0, "value"), 12, "number_as_text"),
]


def put(body: dict[str, Any], where: tuple[Any, ...], value: Any) -> None:
    for step in where[:-1]:
        body = body[step]
    body[where[-1]] = value


def path_of(where: tuple[Any, ...]) -> str:
    return "$.body" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where)


@pytest.mark.parametrize("spec", KINDS, ids=lambda s: s.name)
@pytest.mark.parametrize("lang", ["es", "pt-PT", "ar"])
def test_every_kinds_example_has_no_problem(spec, lang):
    for full in (True, False):
        body = example_body(spec, lang, full=full)
        assert problems(spec, body, lang) == []
        spec.validate(body, lang)


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m[0]}{path_of(m[1])}")
def test_each_mistake_is_found_at_its_path_and_validate_agrees(mistake):
    kind, where, value, code = mistake
    spec = registry.get(kind)
    body = example_body(spec, "es")
    put(body, where, value)
    found = problems(spec, body, "es")
    assert [(p.path, p.code) for p in found] == [(path_of(where), code)]
    with pytest.raises(ProtocolError):
        spec.validate(body, "es")


def test_a_body_with_n_mistakes_gets_n_problems_each_with_its_path():
    spec = registry.get("initiative")
    body = example_body(spec, "es")
    mistakes = [m for m in MISTAKES if m[0] == "initiative" and m[1] != ("progress",)]
    for _, where, value, _ in mistakes:
        put(body, where, value)
    found = problems(spec, body, "es")
    assert len(found) == len(mistakes)
    assert sorted(p.path for p in found) == sorted(path_of(m[1]) for m in mistakes)
    # A missing required field counts too, and the body's other problems stay.
    del body["status"]
    assert "$.body.status" in [p.path for p in problems(spec, body, "es")]
    assert len(problems(spec, body, "es")) == len(mistakes) + 1


def test_problems_say_what_is_expected_in_words_with_an_example():
    spec = registry.get("initiative")
    body = example_body(spec, "es")
    for _, where, value, _ in MISTAKES[:12]:
        put(body, where, value)
    for p in problems(spec, body, "es"):
        assert p.code in CODES
        assert p.expected and not REGEX.search(p.expected), p
        assert p.example is not None, p
    start = next(p for p in problems(spec, body, "es") if p.path == "$.body.start")
    assert (start.format, start.example) == ("partial_date", "2026-05-04")
    title = next(p for p in problems(spec, body, "es") if p.path == "$.body.title")
    assert (title.lang, title.copy_from) == ("es", "en")


def test_a_body_that_is_not_an_object_is_one_problem():
    spec = registry.get("meeting")
    assert [(p.path, p.code) for p in problems(spec, ["x"], "es")] == [("$.body", "bad_field_type")]


def test_describe_names_forms_and_references_without_the_reader_needing_patterns():
    outcome = describe(registry.get("meeting.outcome"))
    props = outcome["schema"]["$defs"]["MeetingOutcome"]["properties"]
    assert props["meeting"]["x-citymesh-format"] == "event_id"
    assert props["meeting"]["x-citymesh-refers"] == {"kinds": ["meeting"], "state": "live"}
    assert outcome["example"]["meeting"]
    meeting = describe(registry.get("meeting"))["schema"]["$defs"]["Meeting"]["properties"]
    assert meeting["start"]["x-citymesh-format"] == "local_datetime"
    assert meeting["timezone"]["x-citymesh-format"] == "timezone"
    assert (
        describe(registry.get("retraction"))["schema"]["$defs"]["Retraction"]["properties"][
            "event"
        ]["x-citymesh-refers"]["state"]
        == "own"
    )


def test_a_hostile_body_gets_a_bounded_number_of_problems():
    spec = registry.get("initiative")
    body = example_body(spec, "es")
    body["places"] = [{"geo": {"lat": 1.5, "lon": 2.5}}] * 5000
    found = problems(spec, body, "es")
    assert len(found) == MAX_PROBLEMS
    assert found[0].path == "$.body.places[0].geo.lat"


def test_each_code_refines_a_protocol_code():
    from protocol.errors import CODES as PROTOCOL
    from protocol.explain import PROTOCOL_CODES

    assert set(PROTOCOL_CODES) == set(CODES)
    assert set(PROTOCOL_CODES.values()) <= set(PROTOCOL)


def test_no_code_takes_a_protocol_code_with_another_meaning():
    from protocol.errors import CODES as PROTOCOL
    from protocol.explain import PROTOCOL_CODES

    for code in set(CODES) & set(PROTOCOL):
        assert PROTOCOL_CODES[code] == code, code
