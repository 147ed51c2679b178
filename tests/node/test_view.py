"""The view's columns, read from an event's bytes without decoding its whole body."""

from __future__ import annotations

from node.store import view
from protocol import body_json, decode_event, trusted_event
from protocol.vectors import load

#: The view reads bodies: skeletons (erased events) are not for it yet.
FULL = [v for v in load("valid.json") if v["form"] == "full"]


def test_columns_from_the_members_read_equal_those_from_the_whole_body() -> None:
    seen = set()
    for vector in FULL:
        raw = vector["event"].encode()
        env = decode_event(raw).envelope
        members = view._column_members(body_json(raw))
        assert view._columns(env.kind, members) == view._columns(env.kind, env.body)
        seen.add(env.kind)
    # Every kind with a reference column, and the kinds with a start, are among them.
    assert set(view.REF_FIELDS) | {"meeting", "initiative", "partnership"} <= seen


def test_collect_writes_the_same_row_from_a_trusted_event() -> None:
    for vector in FULL:
        raw = vector["event"].encode()
        checked, trusted = view.Rows(), view.Rows()
        view.collect(checked, decode_event(raw), 7)
        view.collect(trusted, trusted_event(raw), 7)
        assert (trusted.objects, trusted.nodes) == (checked.objects, checked.nodes)
