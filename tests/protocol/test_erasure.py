"""The erasable envelope: a full event and its skeleton share one id and signature, the salt
keeps an erased body unguessable, and erasures and attestations follow their rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from protocol import (
    UNERASABLE_KINDS,
    ChainVerifier,
    ProtocolError,
    SigningKey,
    body_digest,
    build_event,
    canonical_bytes,
    decode_event,
    sign_envelope,
    skeleton,
    trusted_event,
)
from protocol.envelope import _unsigned_bytes
from protocol.vectors import load

KEY = SigningKey(bytes([7]) * 32)
OTHER = SigningKey(bytes([8]) * 32)
OUTCOME = {
    "meeting": "ab" * 32,
    "summary": {"pt": "Acompanhar Amina B., tel. +351 912 345 678."},
}
VALID = load("valid.json")


def _chain(key: SigningKey, *items: tuple[str, dict[str, Any]]) -> list[Any]:
    events, prev = [], None
    for seq, (kind, body) in enumerate(items, 1):
        event = build_event(key, seq=seq, prev=prev, kind=kind, body=body, lang="pt")
        events.append(event)
        prev = event.envelope.id
    return events


def _code(raw: bytes) -> str:
    with pytest.raises(ProtocolError) as caught:
        decode_event(raw)
    return caught.value.code


def test_skeleton_of_a_full_event_verifies_with_the_same_id_and_signature() -> None:
    full = build_event(KEY, seq=1, prev=None, kind="meeting.outcome", body=OUTCOME, lang="pt")
    raw = skeleton(full)
    bones = decode_event(raw)
    assert (bones.envelope.id, bones.envelope.sig) == (full.envelope.id, full.envelope.sig)
    assert bones.erased and not full.erased and bones.payload is None
    doc = json.loads(raw)
    assert "body" not in doc and "salt" not in doc
    assert doc["body_digest"] == body_digest(OUTCOME, json.loads(full.raw)["salt"])
    assert b"Amina" not in raw and b"+351 912 345 678" not in raw
    assert skeleton(bones) == raw  # a skeleton is its own skeleton
    assert trusted_event(raw).erased and trusted_event(raw).head.body_digest == doc["body_digest"]


def test_unsigned_bytes_are_those_of_the_id_form_in_both_forms() -> None:
    full = build_event(KEY, seq=1, prev=None, kind="meeting.outcome", body=OUTCOME, lang="pt")
    expected = canonical_bytes(full.envelope.unsigned())
    assert b'"body_digest"' in expected and b'"salt"' not in expected
    assert _unsigned_bytes(full.raw) == expected == _unsigned_bytes(skeleton(full))


def test_a_guessed_body_does_not_match_without_the_salt() -> None:
    full = build_event(KEY, seq=1, prev=None, kind="meeting.outcome", body=OUTCOME, lang="pt")
    doc = json.loads(skeleton(full))
    salt = json.loads(full.raw)["salt"]
    # The right body with any other salt gives another digest: a guess cannot be tested.
    other_salt = "B" * 21 + "A"
    assert body_digest(OUTCOME, other_salt) != doc["body_digest"]
    assert body_digest(OUTCOME, salt) == doc["body_digest"]
    # A skeleton claiming the guess's digest breaks the id.
    forged = {**doc, "body_digest": body_digest(OUTCOME, other_salt)}
    assert _code(canonical_bytes(forged)) == "id_mismatch"


def test_every_event_has_a_fresh_salt() -> None:
    a, b = (
        build_event(KEY, seq=1, prev=None, kind="meeting.outcome", body=OUTCOME, lang="pt")
        for _ in range(2)
    )
    salts = {json.loads(e.raw)["salt"] for e in (a, b)}
    assert len(salts) == 2 and all(len(s) == 22 for s in salts)
    assert a.envelope.digest() != b.envelope.digest()


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda doc, bones: {**doc, "body_digest": bones["body_digest"]}, "unknown_field"),
        (lambda doc, bones: {k: v for k, v in doc.items() if k != "salt"}, "missing_field"),
        (lambda doc, bones: {**bones, "salt": doc["salt"]}, "unknown_field"),
        (
            lambda doc, bones: {k: v for k, v in bones.items() if k != "body_digest"},
            "missing_field",
        ),
    ],
    ids=["full with body_digest", "body without salt", "skeleton with salt", "no body at all"],
)
def test_the_two_forms_do_not_mix(change: Any, code: str) -> None:
    full = build_event(KEY, seq=1, prev=None, kind="meeting.outcome", body=OUTCOME, lang="pt")
    doc, bones = json.loads(full.raw), json.loads(skeleton(full))
    assert _code(canonical_bytes(change(doc, bones))) == code


@pytest.mark.parametrize("kind", sorted(UNERASABLE_KINDS))
def test_a_skeleton_of_a_kind_that_keeps_its_body_is_refused(kind: str) -> None:
    body = {"events": ["ab" * 32], "reason": "personal_data"}
    if kind == "retraction":
        body = {"event": "ab" * 32, "reason": "withdrawn"}
    if kind == "key.rotation":
        vector = next(v for v in VALID if v["kind"] == kind)
        raw = skeleton(decode_event(vector["event"].encode()))
    else:
        event = build_event(KEY, seq=2, prev="cd" * 32, kind=kind, body=body, lang="pt")
        raw = skeleton(event)
    assert _code(raw) == "not_erasable"


def test_chains_verify_with_skeletons_in_place_of_full_events() -> None:
    profile = {"name": {"pt": "Lisboa"}, "node_type": "municipality"}
    first, outcome = _chain(KEY, ("profile", profile), ("meeting.outcome", OUTCOME))
    corrected = {**OUTCOME, "summary": {"pt": "Corrigido."}}
    update = build_event(
        KEY,
        seq=3,
        prev=outcome.envelope.id,
        kind="update",
        body={"event": outcome.envelope.id, "body": corrected},
        lang="pt",
    )
    erasure = build_event(
        KEY,
        seq=4,
        prev=update.envelope.id,
        kind="erasure",
        body={"events": [outcome.envelope.id], "reason": "personal_data"},
        lang="pt",
    )
    for events in (
        [first, outcome, update, erasure],
        [first, decode_event(skeleton(outcome)), update, erasure],
        [decode_event(skeleton(first)), outcome, decode_event(skeleton(update)), erasure],
        # Both forms of one event are one event, not a fork.
        [first, outcome, decode_event(skeleton(outcome)), update, erasure],
    ):
        chains = ChainVerifier()
        for event in events:
            chains.add(event)
        assert list(chains.errors()) == []


def _erasure_errors(names: list[str], key: SigningKey = KEY) -> list[str]:
    profile = {"name": {"pt": "Lisboa"}, "node_type": "municipality"}
    first, outcome = _chain(KEY, ("profile", profile), ("meeting.outcome", OUTCOME))
    other = _chain(OTHER, ("profile", profile))[0]
    seq, prev = (3, outcome.envelope.id) if key is KEY else (2, other.envelope.id)
    ids = {"outcome": outcome.envelope.id, "other": other.envelope.id, "none": "ef" * 32}
    erasure = build_event(
        key,
        seq=seq,
        prev=prev,
        kind="erasure",
        body={"events": [ids[n] for n in names], "reason": "legal_order"},
        lang="pt",
    )
    chains = ChainVerifier()
    for event in (first, outcome, other, erasure):
        chains.add(event)
    return [error.code for _, error in chains.errors()]


def test_erasure_names_only_held_earlier_events_of_its_own_author() -> None:
    assert _erasure_errors(["outcome"]) == []
    assert _erasure_errors(["outcome", "none"]) == ["bad_reference"]
    assert _erasure_errors(["outcome"], key=OTHER) == ["not_author"]


def test_erasure_and_attestation_bodies() -> None:
    outcome = "ab" * 32

    def code(kind: str, body: dict[str, Any]) -> str | None:
        unsigned = {
            **{"v": 1, "author": KEY.public_id, "seq": 2, "prev": "cd" * 32, "kind": kind},
            **{"kv": 1, "created_at": "2025-05-01T12:00:00.000Z", "lang": "pt"},
            **{"body": body, "salt": "A" * 22},
        }
        try:
            decode_event(canonical_bytes(sign_envelope(KEY, unsigned)))
        except ProtocolError as exc:
            return exc.code
        return None

    assert code("erasure", {"events": [outcome], "reason": "published_in_error"}) is None
    assert code("erasure", {"events": [outcome] * 65, "reason": "personal_data"}) == "bad_value"
    assert code("erasure", {"events": [outcome], "reason": "embarrassing"}) == "bad_value"
    assert code("erasure", {"reason": "personal_data"}) == "missing_field"
    assert code("attestation", {"event": outcome}) is None
    assert code("attestation", {"event": outcome, "version": "ef" * 32}) is None
    assert code("attestation", {"event": outcome, "note": {"en": "ok"}}) == "missing_language"
    assert code("attestation", {"event": outcome, "version": "v2"}) == "bad_value"


def test_each_skeleton_vector_has_its_full_event_s_id() -> None:
    full = {v["label"]: v for v in VALID if v["form"] == "full"}
    bones = [v for v in VALID if v["form"] == "skeleton"]
    assert bones and {v["kind"] for v in bones} >= {"update"}
    for vector in bones:
        event = decode_event(vector["event"].encode())
        assert event.erased
        original = decode_event(full[vector["label"]]["event"].encode())
        assert skeleton(original) == event.raw
