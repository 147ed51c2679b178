"""The demo seed data builds, validates and verifies as signed events (no servers)."""

from __future__ import annotations

from typing import Any

import pytest

import protocol
from node.cli.demo.seed import load_seed, resolve
from protocol.kinds import CORE_NAMES
from protocol.verify import verify_lines


def build_all(seed: dict[str, Any]) -> tuple[dict[str, str], list[protocol.Event]]:
    """Sign every node's profile (seq 1) and then every step in order, as the demo does."""
    keys = {name: protocol.SigningKey.generate() for name in seed["nodes"]}
    nodes = {name: key.public_id for name, key in keys.items()}
    head: dict[str, tuple[int, str | None]] = {name: (0, None) for name in keys}
    ids: dict[str, str] = {}
    events: list[protocol.Event] = []

    def publish(name: str, kind: str, body: dict[str, Any]) -> protocol.Event:
        seq, prev = head[name]
        event = protocol.build_event(
            keys[name],
            seq=seq + 1,
            prev=prev,
            kind=kind,
            body=body,
            lang=seed["nodes"][name]["lang"],
        )
        head[name] = (seq + 1, event.envelope.id)
        events.append(event)
        return event

    for name, node in seed["nodes"].items():
        publish(name, "profile", resolve(node["profile"], ids, nodes))
    for step in seed["events"]:
        event = publish(step["node"], step["kind"], resolve(step["body"], ids, nodes))
        ids[step["ref"]] = event.envelope.id
    return nodes, events


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return load_seed()


def test_nodes_are_the_four_demo_nodes(seed):
    assert set(seed["nodes"]) == {"sao-paulo", "barcelona", "new-york", "movement"}
    for node in seed["nodes"].values():
        assert node["name"] == node["profile"]["name"]
        assert node["type"] == node["profile"]["node_type"]
        assert node["lang"] in node["name"]


def test_steps_are_well_formed(seed):
    refs = [step["ref"] for step in seed["events"]]
    assert len(refs) == len(set(refs)), "refs must be unique"
    assert 25 <= len(refs) <= 40
    for step in seed["events"]:
        assert set(step) == {"node", "kind", "ref", "body"}
        assert step["node"] in seed["nodes"]


def test_every_event_validates_and_the_log_verifies(seed):
    nodes, events = build_all(seed)
    for event in events:
        assert event.payload is not None
    count, problems = verify_lines(e.raw for e in events)
    assert count == len(seed["events"]) + len(seed["nodes"])
    assert problems == []


def test_every_core_kind_but_key_rotation_appears(seed):
    kinds = {step["kind"] for step in seed["events"]} | {"profile"}
    # A rotation needs the new key's signature, which only exists once the demo made its keys.
    assert kinds == CORE_NAMES - {"key.rotation"}


def test_resolve_substitutes_whole_strings_in_a_copy():
    body = {"event": "@ref:a", "list": ["@node:n", "x @ref:a", 3], "nested": {"by": "@node:n"}}
    out = resolve(body, {"a": "f" * 64}, {"n": "did:key:z6Mk"})
    assert out == {
        "event": "f" * 64,
        "list": ["did:key:z6Mk", "x @ref:a", 3],
        "nested": {"by": "did:key:z6Mk"},
    }
    assert body["event"] == "@ref:a" and body["nested"]["by"] == "@node:n"
    with pytest.raises(KeyError):
        resolve("@ref:missing", {}, {})


def test_partnership_story(seed):
    """The pact names all three cities; São Paulo and Barcelona accept it, New York not yet."""
    steps = {step["ref"]: step for step in seed["events"]}
    pact = steps["mv-participation-pact"]
    assert pact["node"] == "movement"
    cities = ["@node:sao-paulo", "@node:barcelona", "@node:new-york"]
    assert pact["body"]["partners"] == cities
    assert {c["by"] for c in pact["body"]["commitments"]} == set(cities)
    answers = {
        (s["node"], s["kind"])
        for s in seed["events"]
        if s["body"].get("proposal") == "@ref:mv-participation-pact"
    }
    assert answers == {("sao-paulo", "partnership.accept"), ("barcelona", "partnership.accept")}
    endorsers = {
        s["node"]
        for s in seed["events"]
        if s["kind"] == "endorsement" and s["body"]["event"] == "@ref:wsfm-declaration"
    }
    assert endorsers == {"sao-paulo", "barcelona", "new-york"}
