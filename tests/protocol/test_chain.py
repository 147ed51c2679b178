"""Per-author chains: links, gaps, forks, rotation and update/retraction targets."""

from __future__ import annotations

from typing import Any

import pytest

from protocol import ChainVerifier, ProtocolError, SigningKey, build_event, check_link, check_target
from protocol.envelope import Event
from protocol.verify import verify_lines

A = SigningKey(bytes([1]) * 32)
B = SigningKey(bytes([2]) * 32)
PLAN = {
    "title": {"pt": "Plano"},
    "summary": {"pt": "Resumo"},
    "category": "welcoming_rights",
    "status": "active",
}


def _feed(key: SigningKey, *items: tuple[str, dict[str, Any]]) -> list[Event]:
    out: list[Event] = []
    for kind, body in items:
        prev = out[-1].envelope.id if out else None
        out.append(build_event(key, seq=len(out) + 1, prev=prev, kind=kind, body=body, lang="pt"))
    return out


def _codes(events: list[Event]) -> list[tuple[int, str]]:
    chains = ChainVerifier()
    for e in events:
        chains.add(e)
    return sorted((e.envelope.seq, exc.code) for e, exc in chains.errors())


def test_order_of_arrival_does_not_matter() -> None:
    feed = _feed(A, ("initiative", PLAN), ("initiative", PLAN), ("initiative", PLAN))
    assert _codes(list(reversed(feed))) == []
    assert _codes(feed + feed) == []  # copies of the same event are not a fork


def test_link_rules() -> None:
    one, two = _feed(A, ("initiative", PLAN), ("initiative", PLAN))
    check_link(one.envelope, None)
    check_link(two.envelope, one.envelope.id)
    with pytest.raises(ProtocolError, match="chain_gap"):
        check_link(two.envelope, None)
    with pytest.raises(ProtocolError, match="bad_prev"):
        check_link(two.envelope, "00" * 32)


def test_update_is_checked_against_the_target_kind() -> None:
    plan, ok = _feed(A, ("initiative", PLAN), ("initiative", PLAN))
    update = build_event(
        A,
        seq=2,
        prev=plan.envelope.id,
        kind="update",
        body={"event": plan.envelope.id, "body": {**PLAN, "title": {"en": "Plan"}}},
        lang="pt",
    )
    with pytest.raises(ProtocolError) as caught:
        check_target(update.envelope, plan.envelope)
    assert (caught.value.code, caught.value.path) == ("missing_language", "$.body.body.title")
    check_target(ok.envelope, None)  # not an update: nothing to check


def test_retraction_needs_an_earlier_target() -> None:
    (plan,) = _feed(A, ("initiative", PLAN))
    retraction = build_event(
        A,
        seq=1,
        prev=None,
        kind="retraction",
        body={"event": plan.envelope.id, "reason": "withdrawn"},
        lang="pt",
    )
    with pytest.raises(ProtocolError, match="bad_reference"):
        check_target(retraction.envelope, plan.envelope)


def test_a_second_event_with_the_same_seq_is_a_fork() -> None:
    one, two = _feed(A, ("initiative", PLAN), ("initiative", PLAN))
    other_two = build_event(
        A,
        seq=2,
        prev=one.envelope.id,
        kind="initiative",
        body={**PLAN, "status": "planned"},
        lang="pt",
    )
    assert _codes([one, two, other_two]) == [(2, "fork")]


def test_other_authors_are_independent() -> None:
    feed_a = _feed(A, ("initiative", PLAN), ("initiative", PLAN))
    feed_b = _feed(B, ("initiative", PLAN))
    assert _codes(feed_a + feed_b) == []
    assert _codes(feed_a[1:] + feed_b) == [(2, "chain_gap")]


def test_verify_lines_skips_blank_lines_and_reports_line_numbers() -> None:
    feed = _feed(A, ("initiative", PLAN), ("initiative", PLAN))
    count, problems = verify_lines([b"\n", feed[1].raw + b"\r\n", b"  \n", b"not json\n"])
    assert count == 2
    assert [(p.line, p.id, p.error.code) for p in problems] == [
        (2, feed[1].envelope.id, "chain_gap"),
        (4, None, "bad_json"),
    ]
    _, problems = verify_lines([b'{"id":"\xff"}'])
    assert [(p.line, p.id, p.error.code) for p in problems] == [(1, None, "bad_json")]
