"""Realistic signed events for the benchmarks: 0.5-1.5 KB, multilingual, every core kind.

Generated deterministically and cached under bench/.cache, so runs compare like with like.
"""

from __future__ import annotations

import hashlib
import random
from base64 import urlsafe_b64encode
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from protocol import SigningKey, canonical_bytes, sign_envelope

CACHE = Path(__file__).with_name(".cache")

TEXTS = {
    "pt-BR": "Acolhimento e participação de imigrantes nas políticas públicas municipais de São "
    "Paulo, com atendimento em vários idiomas e conselhos com voto. ",
    "es": "Acogida y participación de las personas migrantes en las políticas públicas, con "
    "atención en varios idiomas y consejos con voz y voto. ",
    "ca": "Acollida i participació de les persones migrants en les polítiques públiques, amb "
    "atenció en diverses llengües i consells amb veu i vot. ",
    "de": "Aufnahme und Teilhabe von Geflüchteten und Zugewanderten an der kommunalen Politik, "
    "mit Beratung in mehreren Sprachen und Beiräten mit Stimmrecht. ",
    "en": "Welcoming migrants and their participation in municipal public policy, with services "
    "in several languages and councils with a vote. ",
    "ar": "استقبال المهاجرين ومشاركتهم في السياسات العامة البلدية مع خدمات بعدة لغات. ",
}
LANGS = list(TEXTS)
CATEGORIES = [
    "welcoming_rights",
    "migrant_participation",
    "awareness_education",
    "durable_legislation",
]


def _salt(rng: random.Random) -> str:
    """A reproducible salt (real events take theirs from a secure random source)."""
    return urlsafe_b64encode(rng.randbytes(16)).rstrip(b"=").decode()


def _text(rng: random.Random, lang: str, words: int) -> dict[str, str]:
    other = rng.choice([x for x in LANGS if x != lang])
    out = {}
    for code in (lang, other):
        base = TEXTS[code].split()
        start = rng.randrange(len(base))
        out[code] = " ".join((base * 4)[start : start + words])
    return out


def _body(
    rng: random.Random,
    kind: str,
    lang: str,
    mine: list[str],
    others: list[str],
    author_ids: list[str],
    i: int,
) -> dict[str, Any]:
    if kind == "initiative":
        return {
            "title": _text(rng, lang, 6),
            "summary": _text(rng, lang, 45),
            "category": rng.choice(CATEGORIES),
            "status": rng.choice(["planned", "active"]),
            "instrument": "programme",
            "start": f"20{rng.randrange(10, 27)}",
            "target_groups": ["migrants_any_status"],
            "places": [
                {
                    "geo": {
                        "lat": f"{rng.uniform(-60, 60):.4f}",
                        "lon": f"{rng.uniform(-120, 120):.4f}",
                    }
                }
            ],
        }
    if kind == "meeting":
        return {
            "title": _text(rng, lang, 8),
            "start": f"2026-{rng.randrange(1, 13):02d}-10T18:00",
            "timezone": "Europe/Madrid",
            "status": "confirmed",
            "attendance_mode": "hybrid",
            "description": _text(rng, lang, 40),
        }
    if kind == "meeting.outcome":
        return {
            "meeting": rng.choice(mine[1:]),
            "summary": _text(rng, lang, 30),
            "attendees_count": rng.randrange(10, 400),
            "decisions": [
                {
                    "text": _text(rng, lang, 12),
                    "type": "resolution",
                    "result": "adopted",
                    "votes": {"yes": 12, "no": 3, "abstain": 1},
                }
            ],
            "action_items": [{"text": _text(rng, lang, 10), "due": "2027-03-01", "status": "open"}],
        }
    if kind == "declaration":
        return {"title": _text(rng, lang, 7), "text": _text(rng, lang, 70), "type": "position"}
    if kind == "endorsement":
        return {
            "event": rng.choice(others or mine),
            "stance": "endorse",
            "statement": _text(rng, lang, 25),
        }
    if kind == "progress.report":
        return {
            "about": rng.choice(mine),
            "date": "2026-06-30",
            "status": "on_track",
            "progress": rng.randrange(101),
            "narrative": _text(rng, lang, 45),
            "metrics": [{"name": "people served", "value": str(rng.randrange(10000))}],
        }
    if kind == "partnership":
        return {
            "partners": rng.sample(author_ids, 2),
            "type": "joint_program",
            "title": _text(rng, lang, 7),
            "description": _text(rng, lang, 40),
        }
    if kind == "update":  # the author's first event after its profile is an initiative
        return {
            "event": mine[0],
            "body": _body(rng, "initiative", lang, mine, others, author_ids, i),
            "note": _text(rng, lang, 6),
        }
    raise ValueError(kind)


KINDS = (
    ["initiative"] * 4
    + ["meeting"] * 2
    + [
        "meeting.outcome",
        "declaration",
        "endorsement",
        "endorsement",
        "progress.report",
        "partnership",
        "update",
    ]
)


def generate(count: int, authors: int, seed: int = 7) -> Iterator[bytes]:
    """`count` signed events spread over `authors` chains, each chain in order."""
    rng = random.Random(seed)
    keys = [
        SigningKey(hashlib.sha256(f"bench-author-{a}".encode()).digest()) for a in range(authors)
    ]
    ids = [k.public_id for k in keys]
    state = [(0, None, []) for _ in keys]  # (seq, prev, own event ids)
    recent: list[str] = []
    for i in range(count):
        a = i % authors
        key, (seq, prev, mine) = keys[a], state[a]
        lang = LANGS[a % len(LANGS)]
        if seq == 0:
            kind, body = (
                "profile",
                {
                    "name": {lang: f"City {a}"},
                    "node_type": "municipality",
                    "description": _text(rng, lang, 40),
                },
            )
        else:
            kind = rng.choice(KINDS)
            if not mine or (kind == "meeting.outcome" and len(mine) < 2):
                kind = "initiative"
            body = _body(rng, kind, lang, mine, recent, ids, i)
        unsigned = {
            "v": 1,
            "author": key.public_id,
            "seq": seq + 1,
            "prev": prev,
            "kind": kind,
            "kv": 1,
            "created_at": f"2026-01-01T00:00:00.{i % 1000:03d}Z",
            "lang": lang,
            "body": body,
            "salt": _salt(rng),
        }
        signed = sign_envelope(key, unsigned)
        raw = canonical_bytes(signed)
        event_id = signed["id"]
        if kind in ("initiative", "meeting"):
            mine = [*mine[:1], *mine[1:][-20:], event_id]
        recent = [*recent[-50:], event_id]
        state[a] = (seq + 1, event_id, mine)
        yield raw


def ensure(count: int, authors: int) -> Path:
    """The JSON Lines file of `count` events from `authors` authors, generated once."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"events-salted-{count}-{authors}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            for raw in generate(count, authors):
                f.write(raw + b"\n")
        tmp.rename(path)
    return path


def cached(count: int, authors: int) -> list[bytes]:
    """The corpus in memory (for the smaller benchmarks)."""
    return ensure(count, authors).read_bytes().splitlines()
