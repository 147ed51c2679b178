"""The view is a function of the set of events: any arrival order gives the same digest."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.store import Store
from protocol import Event, SigningKey, build_event


class Author:
    def __init__(self, n: int) -> None:
        self.key = SigningKey(bytes([n]) * 32)
        self.seq, self.prev = 0, None

    def next(self, kind: str, body: dict, *, commit: bool = True) -> Event:
        event = build_event(
            self.key,
            seq=self.seq + 1,
            prev=self.prev,
            kind=kind,
            body=body,
            lang="en",
            created_at=f"2026-01-01T00:00:{self.seq:02d}.000Z",
        )
        if commit:
            self.seq, self.prev = event.envelope.seq, event.envelope.id
        return event


def t(text: str) -> dict:
    return {"en": text}


def history() -> list[Event]:
    """Three authors' chains touching every view rule, plus one fork."""
    a, b, c = Author(1), Author(2), Author(3)
    events = [a.next("profile", {"name": t("A"), "node_type": "municipality"})]
    i1 = a.next(
        "initiative",
        {"title": t("I1"), "summary": t("s"), "category": "welcoming_rights", "status": "planned"},
    )
    meeting = a.next(
        "meeting",
        {
            "title": t("Council"),
            "start": "2026-02-01T10:00",
            "timezone": "Europe/Lisbon",
            "status": "confirmed",
        },
    )
    decl = a.next("declaration", {"title": t("D"), "text": t("We welcome")})
    events += [i1, meeting, decl]
    events.append(
        a.next(
            "update",
            {
                "event": i1.envelope.id,
                "body": {
                    "title": t("I1 v2"),
                    "summary": t("s"),
                    "category": "welcoming_rights",
                    "status": "active",
                },
            },
        )
    )
    events.append(a.next("retraction", {"event": meeting.envelope.id, "reason": "erroneous"}))
    b_profile = b.next("profile", {"name": t("B"), "node_type": "social_movement"})
    events.append(b_profile)
    # A newer profile, then an update of the older one: the update is applied last.
    events.append(b.next("profile", {"name": t("B2"), "node_type": "social_movement"}))
    events.append(
        b.next(
            "update",
            {
                "event": b_profile.envelope.id,
                "body": {"name": t("B1 v2"), "node_type": "social_movement"},
            },
        )
    )
    events.append(b.next("endorsement", {"event": decl.envelope.id, "stance": "endorse"}))
    proposal = b.next(
        "partnership", {"partners": [a.key.public_id], "type": "joint_program", "title": t("Pact")}
    )
    events.append(proposal)
    events.append(b.next("meeting.outcome", {"meeting": meeting.envelope.id, "summary": t("ok")}))
    events.append(a.next("partnership.accept", {"proposal": proposal.envelope.id}))
    events.append(c.next("profile", {"name": t("C"), "node_type": "ngo"}))
    events.append(
        c.next(
            "initiative",
            {
                "title": t("C1"),
                "summary": t("s"),
                "category": "awareness_education",
                "status": "active",
            },
        )
    )
    # C equivocates: two different events at sequence 3, and one more on the first branch.
    branch = c.next(
        "initiative",
        {
            "title": t("C2"),
            "summary": t("s"),
            "category": "awareness_education",
            "status": "active",
        },
        commit=False,
    )
    events.append(branch)
    events.append(
        c.next(
            "initiative",
            {
                "title": t("C2'"),
                "summary": t("x"),
                "category": "awareness_education",
                "status": "active",
            },
        )
    )
    events.append(c.next("endorsement", {"event": decl.envelope.id, "stance": "support"}))
    events.append(a.next("org.example.unknown-kind", {"anything": ["goes", 1]}))
    return events


EVENTS = history()


async def digests_for(orders: list[list[int]], batch: int = 1) -> list[dict]:
    """Digest after storing each order, `batch` events per transaction (1: worst-case
    interleaving; larger: updates meet their targets in the same batch)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, order in enumerate(orders):
            store = await Store.open(Path(tmp) / f"{i}.db")
            try:
                for start in range(0, len(order), batch):
                    await store.ingest([EVENTS[index] for index in order[start : start + batch]])
                out.append(await store.digest())
            finally:
                await store.close()
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.permutations(range(len(EVENTS))), min_size=5, max_size=5),
    st.integers(2, len(EVENTS)),
)
def test_same_events_in_random_orders_give_identical_digests(orders, batch):
    in_order = list(range(len(EVENTS)))
    digests = asyncio.run(digests_for(orders)) + asyncio.run(
        digests_for([*orders, in_order], batch)
    )
    assert len({d["digest"] for d in digests}) == 1, digests
    # The fork froze C's view before sequence 3 everywhere.
    c = SigningKey(bytes([3]) * 32).public_id
    assert all(d["heads"][c] == 2 for d in digests)


def test_digest_changes_with_content():
    in_order = list(range(len(EVENTS)))
    full = asyncio.run(digests_for([in_order]))[0]
    fewer = asyncio.run(digests_for([in_order[:-1]]))[0]
    assert full["digest"] != fewer["digest"]
    assert full["events"] == fewer["events"] + 1
