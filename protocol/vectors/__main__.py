"""Writes the test vectors: `python -m protocol.vectors [OUT_DIR]` (default: this directory).

Everything is derived from fixed seeds and fixed times, so the output is byte-reproducible.
Invalid events are signed by hand (`_sign`) because `build_event` refuses to make them.
"""

from __future__ import annotations

import hashlib
import json
import sys
from base64 import urlsafe_b64encode
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .. import limits
from ..canonical import canonical_bytes
from ..envelope import (
    body_digest,
    build_event,
    decode_event,
    format_time,
    rotation_statement,
    sign_envelope,
    skeleton,
)
from ..keys import SigningKey
from ..kinds import Registry
from ..kinds.core import CORE_KINDS
from . import DIRECTORY

__all__ = ["build", "write", "main"]

Obj = dict[str, Any]

#: Test keys: name, seed byte, default language, who it stands for.
KEYS = (
    ("lisboa", 1, "pt", "Lisbon city council (Portuguese)"),
    ("barcelona", 2, "ca", "Barcelona city council (Catalan)"),
    ("berlin", 3, "de", "Berlin integration office (German); rotates to berlin2"),
    ("association", 4, "ar", "an Arabic-speaking migrant association"),
    ("berlin2", 5, "de", "Berlin's key after the rotation"),
    ("stranger", 9, "en", "a key that signs what it should not"),
)
UNKNOWN_KIND = "org.example.noticeboard"
_START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
FUTURE = "2999-01-01T00:00:00.000Z"


def _sign(key: SigningKey, unsigned: Obj) -> Obj:
    """Sign any mapping as an envelope, valid or not."""
    return sign_envelope(key, unsigned)


def _unsigned(event: Obj) -> Obj:
    return {k: v for k, v in event.items() if k not in ("id", "sig")}


def _salt(label: str) -> str:
    """A fixed salt per vector, so that the files are reproducible (real salts are random)."""
    digest = hashlib.sha256(f"citymesh test salt {label}".encode()).digest()
    return urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def _skeleton(event: Obj) -> Obj:
    """The skeleton of a full event, as a mapping."""
    out = {k: v for k, v in event.items() if k not in ("body", "salt")}
    return {**out, "body_digest": body_digest(event["body"], event["salt"])}


def _line(event: Obj) -> str:
    return canonical_bytes(event).decode("utf-8")


class _Feeds:
    """Builds the valid chains author by author, with increasing fixed times."""

    def __init__(self) -> None:
        core = Registry(CORE_KINDS, load_plugins=False)
        self.kinds = core
        self.keys = {name: SigningKey(bytes([seed]) * 32) for name, seed, _, _ in KEYS}
        self.lang = {name: lang for name, _, lang, _ in KEYS}
        self.events: dict[str, Obj] = {}
        self.order: list[tuple[str, str]] = []
        #: Skeletons of some events (label, comment), listed after every full event.
        self.skeletons: list[tuple[str, str]] = []
        self._heads: dict[str, tuple[int, str | None]] = {}
        self._minute = 0

    def pid(self, name: str) -> str:
        return self.keys[name].public_id

    def time(self) -> str:
        self._minute += 1
        return format_time(
            _START + timedelta(minutes=37 * self._minute, milliseconds=7 * self._minute)
        )

    def add(self, name: str, kind: str, body: Obj, comment: str) -> str:
        seq, prev = self._heads.get(name, (0, None))
        label = f"{name}/{seq + 1}"
        event = build_event(
            self.keys[name],
            seq=seq + 1,
            prev=prev,
            kind=kind,
            body=body,
            lang=self.lang[name],
            created_at=self.time(),
            kinds=self.kinds,
            salt=_salt(label),
        )
        self.events[label] = json.loads(event.raw)
        self.order.append((label, comment))
        self._heads[name] = (seq + 1, event.envelope.id)
        return event.envelope.id

    def line(self, label: str) -> str:
        return _line(self.events[label])

    def skeleton_line(self, label: str) -> str:
        event = decode_event(self.line(label).encode(), kinds=self.kinds)
        return skeleton(event).decode("utf-8")


def _valid(f: _Feeds) -> None:
    lisboa, barcelona, berlin, association = (
        f.pid("lisboa"),
        f.pid("barcelona"),
        f.pid("berlin"),
        f.pid("association"),
    )
    f.add(
        "lisboa",
        "profile",
        {
            "name": {"pt": "Câmara Municipal de Lisboa", "en": "Lisbon City Council"},
            "node_type": "municipality",
            "country": "PT",
            "languages": ["pt", "en"],
            "homepage": "https://www.lisboa.pt",
            "location": {"geo": {"lat": "38.7223", "lon": "-9.1393"}},
        },
        "profile with a two-language name and coordinates as decimal strings",
    )
    initiative = {
        "title": {"pt": "Plano Municipal para a Integração de Migrantes de Lisboa"},
        "summary": {
            "pt": "Acolhimento, participação e acesso a serviços para todas as pessoas "
            "migrantes, independentemente do estatuto."
        },
        "category": "welcoming_rights",
        "status": "active",
        "instrument": "plan",
        "start": "2020",
        "target_groups": ["migrants_any_status", "asylum_seekers"],
        "languages_offered": ["pt", "en", "ar"],
        "places": [
            {
                "name": {"pt": "Centro Local de Apoio à Integração de Migrantes"},
                "address": {"locality": "Lisboa", "country": "PT"},
            }
        ],
        "progress": 40,
    }
    plan = f.add("lisboa", "initiative", initiative, "initiative with places and vocabularies")
    meeting = f.add(
        "lisboa",
        "meeting",
        {
            "title": {"pt": "Conselho Municipal para a Interculturalidade — sessão plenária"},
            "start": "2025-03-20T18:00",
            "end": "2025-03-20T20:30",
            "timezone": "Europe/Lisbon",
            "status": "confirmed",
            "attendance_mode": "hybrid",
            "online_url": "https://www.lisboa.pt/conselho/sessao",
            "agenda": [
                {"title": {"pt": "Balanço do plano de integração"}},
                {"title": {"pt": "Orçamento participativo: propostas das associações"}},
            ],
        },
        "meeting in local wall-clock time with its IANA time zone",
    )
    f.add(
        "lisboa",
        "meeting.outcome",
        {
            "meeting": meeting,
            "summary": {"pt": "O conselho aprovou a criação de um gabinete de acolhimento."},
            "attendees_count": 34,
            "decisions": [
                {
                    "key": "d1",
                    "text": {"pt": "Criar um gabinete de acolhimento na Mouraria."},
                    "type": "resolution",
                    "result": "adopted",
                    "votes": {"yes": 21, "no": 3, "abstain": 2},
                }
            ],
            "action_items": [
                {
                    "key": "a1",
                    "text": {"pt": "Apresentar o orçamento do gabinete."},
                    "owner": {"node": lisboa},
                    "due": "2025-06-30",
                    "status": "open",
                }
            ],
        },
        "meeting outcome naming the meeting event",
    )
    f.add(
        "lisboa",
        "update",
        {
            "event": plan,
            "body": {**initiative, "progress": 55},
            "note": {"pt": "Progresso actualizado após o primeiro trimestre."},
        },
        "update carrying the full new body of the initiative",
    )
    f.add(
        "lisboa",
        "progress.report",
        {
            "about": plan,
            "date": "2025-04-01",
            "status": "on_track",
            "progress": 55,
            "narrative": {"pt": "Mais pessoas atendidas e tempos de espera mais curtos."},
            "metrics": [
                {"name": "pessoas atendidas", "value": "1250", "unit": "pessoas"},
                {"name": "tempo médio de espera", "value": "3.5", "unit": "dias"},
            ],
        },
        "progress report with decimal-string metrics",
    )
    outcome = f.events["lisboa/4"]["body"]
    mistaken = f.add(
        "lisboa",
        "update",
        {
            "event": f.events["lisboa/4"]["id"],
            "body": {
                **outcome,
                "action_items": [
                    *outcome["action_items"],
                    {
                        "key": "a2",
                        "text": {"pt": "Acompanhar o pedido de autorização de residência."},
                        "owner": {"name": "Amina B., tel. +351 912 345 678"},
                        "status": "open",
                    },
                ],
            },
        },
        "update of the outcome that names a person and her phone number by mistake",
    )
    f.add(
        "lisboa",
        "erasure",
        {"events": [mistaken], "reason": "personal_data"},
        "erasure of the author's own update: every node drops its body, keeps its skeleton",
    )
    f.skeletons.append(
        ("lisboa/7", "the skeleton of the erased update: same id and signature, no body")
    )
    f.add(
        "barcelona",
        "profile",
        {
            "name": {"ca": "Ajuntament de Barcelona", "es": "Ayuntamiento de Barcelona"},
            "node_type": "municipality",
            "country": "ES",
            "languages": ["ca", "es"],
        },
        "Catalan profile",
    )
    f.add(
        "barcelona",
        "declaration",
        {
            "title": {"ca": "Declaració de Barcelona: ciutats refugi"},
            "text": {
                "ca": "Les ciutats declarem la nostra voluntat d'acollir les persones que "
                "fugen de la guerra i de la persecució, i de garantir-ne l'empadronament."
            },
            "type": "final_declaration",
            "adopted_on": "2025-02-14",
            "adopted_by": [{"node": barcelona}, {"name": "Xarxa de Ciutats Refugi"}],
        },
        "declaration adopted by a node and a named network",
    )
    f.add(
        "barcelona",
        "endorsement",
        {
            "event": plan,
            "stance": "support",
            "statement": {"ca": "Donem suport al pla d'integració de Lisboa."},
        },
        "endorsement of another author's event",
    )
    f.add(
        "barcelona",
        "attestation",
        {
            "event": f.events["lisboa/4"]["id"],
            "note": {"ca": "Hi érem presents i hi estem d'acord."},
        },
        "attestation of another author's meeting outcome as first published",
    )
    proposal = f.add(
        "barcelona",
        "partnership",
        {
            "partners": [lisboa, berlin, association],
            "type": "joint_program",
            "title": {"ca": "Programa conjunt d'acollida i d'orientació jurídica"},
            "commitments": [
                {
                    "by": lisboa,
                    "key": "c1",
                    "text": {"ca": "Lisboa compartirà el model del seu gabinete d'acollida."},
                }
            ],
            "start": "2025-05",
        },
        "partnership proposal naming three partners",
    )
    f.add(
        "barcelona",
        "follow",
        {"author": lisboa, "via": "https://lisboa.example/citymesh"},
        "follow of another author's feed",
    )
    f.add(
        "berlin",
        "profile",
        {
            "name": {"de": "Senatsverwaltung für Integration, Arbeit und Soziales"},
            "node_type": "regional_gov",
            "country": "DE",
            "languages": ["de", "en", "tr", "ar"],
        },
        "German profile",
    )
    f.add(
        "berlin",
        "partnership.accept",
        {"proposal": proposal, "note": {"de": "Wir nehmen gerne teil – Grüße aus Berlin."}},
        "a partner accepts",
    )
    draft = f.add(
        "berlin",
        "initiative",
        {
            "title": {"de": "Beratungsstelle für Geflüchtete (Entwurf)"},
            "summary": {"de": "Kostenlose Beratung in zwölf Sprachen."},
            "category": "welcoming_rights",
            "status": "planned",
        },
        "initiative that is retracted next",
    )
    retraction = f.add(
        "berlin",
        "retraction",
        {
            "event": draft,
            "reason": "duplicate",
            "explanation": {"de": "Versehentlich doppelt veröffentlicht."},
        },
        "retraction of the author's own earlier event",
    )
    new_key = f.pid("berlin2")
    f.add(
        "berlin",
        "key.rotation",
        {
            "new_key": new_key,
            "new_key_sig": f.keys["berlin2"].sign(rotation_statement(berlin, new_key, retraction)),
            "reason": "administration_change",
        },
        "key rotation: the old key signs the event, the new key signs the rotation statement",
    )
    f.add(
        "berlin2",
        "partnership.end",
        {"proposal": proposal, "note": {"de": "Das Programm endet planmäßig."}},
        "the new key starts its own feed at seq 1",
    )
    f.add(
        "association",
        "profile",
        {
            "name": {
                "ar": "جمعية المهاجرين العرب في برشلونة",
                "ca": "Associació de persones migrants àrabs de Barcelona",
            },
            "node_type": "migrant_association",
            "country": "ES",
            "languages": ["ar", "ca", "es"],
            "founded": 2016,
        },
        "Arabic profile with a body field this version does not define (ignored, kept)",
    )
    f.add(
        "association",
        "partnership.decline",
        {
            "proposal": proposal,
            "note": {"ar": "نشكركم على الدعوة، لكننا لا نستطيع المشاركة هذا العام."},
        },
        "a partner declines",
    )
    f.add(
        "association",
        UNKNOWN_KIND,
        {
            "text": {"ar": "دروس مجانية في اللغة الكتالانية كل يوم سبت."},
            "audience": ["newcomers"],
            "seats": 20,
        },
        "a third-party kind this verifier does not know: a valid envelope, body unchecked",
    )
    f.skeletons.append(
        (f"association/{f._heads['association'][0]}", "the skeleton of a third-party kind's event")
    )


def _invalid(f: _Feeds) -> list[Obj]:
    out: list[Obj] = []
    ev = f.events
    lisboa, barcelona = f.keys["lisboa"], f.keys["barcelona"]
    stranger = f.keys["stranger"]
    profile = ev["lisboa/1"]
    plan = ev["lisboa/2"]

    def add(comment: str, code: str, event: Obj | str, context: tuple[str, ...] = ()) -> None:
        item: Obj = {"comment": comment, "event": event if isinstance(event, str) else _line(event)}
        item["valid"] = False
        item["code"] = code
        if context:
            item["context"] = [f.line(label) for label in context]
        out.append(item)

    def resign(base: Obj, key: SigningKey = lisboa, **changes: Any) -> Obj:
        unsigned = {**_unsigned(base), **changes}
        return _sign(key, {k: v for k, v in unsigned.items() if v is not ...})

    def body(base: Obj, **changes: Any) -> Obj:
        out = {**base["body"], **changes}
        return {k: v for k, v in out.items() if v is not ...}

    # Encoding
    add("not JSON: the closing brace is missing", "bad_json", f.line("lisboa/1")[:-1])
    add("a JSON array, not an object", "bad_field_type", "[1,2,3]")
    add(
        "seq written as 1.0",
        "float_forbidden",
        f.line("lisboa/1").replace('"seq":1,', '"seq":1.0,'),
    )
    add(
        "progress written as 1e2",
        "float_forbidden",
        f.line("lisboa/2").replace('"progress":40', '"progress":1e2'),
    )
    add(
        "spaces after separators (json.dumps defaults)",
        "not_canonical",
        json.dumps(profile, ensure_ascii=False),
    )
    add(
        "members in insertion order instead of sorted",
        "not_canonical",
        json.dumps(
            {k: profile[k] for k in reversed(list(profile))},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    )
    add(
        "non-ASCII text escaped as \\uXXXX",
        "not_canonical",
        json.dumps(ev["association/1"], ensure_ascii=True, sort_keys=True, separators=(",", ":")),
    )
    add(
        "the member lang appears twice",
        "duplicate_key",
        f.line("lisboa/1").replace('"lang":"pt"', '"lang":"pt","lang":"pt"'),
    )
    add(
        "integer 2^53 (one past the largest allowed)",
        "number_out_of_range",
        resign(ev["lisboa/4"], body=body(ev["lisboa/4"], attendees_count=2**53)),
    )
    add(
        "integer -(2^53)",
        "number_out_of_range",
        resign(plan, kind=UNKNOWN_KIND, body={"balance": -(2**53)}),
    )
    add(
        "a member name with a non-ASCII character",
        "bad_member_name",
        resign(plan, kind=UNKNOWN_KIND, body={"título": {"pt": "Plano"}}),
    )
    # Limits
    add(
        "larger than 64 KiB",
        "too_large",
        resign(plan, kind=UNKNOWN_KIND, body={k: "x" * 16000 for k in "abcde"}),
    )
    add(
        f"a string of {limits.MAX_STRING_CHARS + 1} characters",
        "string_too_long",
        resign(plan, kind=UNKNOWN_KIND, body={"text": "é" * (limits.MAX_STRING_CHARS + 1)}),
    )
    add(
        f"an array of {limits.MAX_LIST_ITEMS + 1} items",
        "list_too_long",
        resign(plan, kind=UNKNOWN_KIND, body={"items": [0] * (limits.MAX_LIST_ITEMS + 1)}),
    )
    nested: Any = 0
    for _ in range(limits.MAX_DEPTH):
        nested = [nested]
    add(
        f"values nested {limits.MAX_DEPTH + 1} levels below the envelope",
        "too_deep",
        resign(plan, kind=UNKNOWN_KIND, body={"deep": nested}),
    )
    # Envelope
    add("envelope version 2", "unsupported_version", resign(profile, v=2))
    add("an envelope field v1 does not define", "unknown_field", resign(profile, tags=[]))
    add("no lang", "missing_field", resign(profile, lang=...))
    add("seq as a string", "bad_field_type", resign(profile, seq="1"))
    add("seq 0", "bad_value", resign(profile, seq=0))
    add(
        "created_at without milliseconds",
        "bad_value",
        resign(profile, created_at="2025-03-01T09:00:00Z"),
    )
    add(
        "created_at with an offset instead of Z",
        "bad_value",
        resign(profile, created_at="2025-03-01T10:00:00.000+01:00"),
    )
    add("seq 1 with a prev", "bad_prev", resign(profile, prev=plan["id"]))
    add("seq 2 without a prev", "bad_prev", resign(plan, prev=None))
    add("kind in capitals", "bad_kind_name", resign(plan, kind="Org.Example.Thing"))
    # Bodies
    add(
        "initiative without its required category",
        "missing_field",
        resign(plan, body=body(plan, category=...)),
    )
    add(
        "initiative title as a plain string, not a language map",
        "bad_field_type",
        resign(plan, body=body(plan, title="Plano Municipal")),
    )
    add(
        "category outside its vocabulary",
        "bad_value",
        resign(plan, body=body(plan, category="sanctuary_city")),
    )
    add(
        "target group outside its vocabulary",
        "bad_value",
        resign(plan, body=body(plan, target_groups=["tourists"])),
    )
    add(
        "progress 101 (percent)",
        "bad_value",
        resign(plan, body=body(plan, progress=101)),
    )
    add(
        "title has no text in the default language pt",
        "missing_language",
        resign(plan, body=body(plan, title={"en": "Lisbon Migrant Integration Plan"})),
    )
    add(
        "a nested language map (decision text) lacks the default language",
        "missing_language",
        resign(
            ev["lisboa/4"],
            body=body(ev["lisboa/4"], decisions=[{"text": {"en": "Open a welcome office."}}]),
        ),
    )
    # Integrity
    tampered = json.loads(f.line("lisboa/2"))
    tampered["body"]["progress"] = 90
    add("body changed after signing", "id_mismatch", tampered)
    add("id of another event", "id_mismatch", {**plan, "id": profile["id"]})
    other_sig = lisboa.sign(hashlib.sha256(b"something else").digest())
    add("signature over other bytes", "bad_signature", {**plan, "sig": other_sig})
    add(
        "signed by another key than the author's",
        "bad_signature",
        {**plan, "sig": _sign(stranger, _unsigned(plan))["sig"]},
    )
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sig = plan["sig"]
    # The last of 86 characters carries 2 bits; setting the 4 unused ones keeps the bytes.
    malleated = sig[:-1] + alphabet[alphabet.index(sig[-1]) | 1]
    add(
        "signature text with non-zero unused bits (same bytes, another text)",
        "bad_signature",
        {**plan, "sig": malleated},
    )
    add(
        "author is did:key-shaped but not an Ed25519 key",
        "bad_author",
        resign(profile, author="did:key:z6Mk" + "z" * 44),
    )
    add(
        f"created in the year 2999 (more than {limits.MAX_CLOCK_SKEW_SECONDS} s ahead of any "
        "verifier's clock)",
        "clock_skew",
        resign(profile, created_at=FUTURE),
    )
    berlin_rotation = ev["berlin/5"]
    add(
        "key rotation whose new_key_sig is made by the old key",
        "bad_rotation",
        resign(
            berlin_rotation,
            key=f.keys["berlin"],
            body=body(
                berlin_rotation,
                new_key_sig=f.keys["berlin"].sign(
                    rotation_statement(f.pid("berlin"), f.pid("berlin2"), berlin_rotation["prev"])
                ),
            ),
        ),
    )
    add(
        "key rotation to the same key",
        "bad_rotation",
        resign(
            berlin_rotation,
            key=f.keys["berlin"],
            body=body(
                berlin_rotation,
                new_key=f.pid("berlin"),
                new_key_sig=f.keys["berlin"].sign(
                    rotation_statement(f.pid("berlin"), f.pid("berlin"), berlin_rotation["prev"])
                ),
            ),
        ),
    )
    # Chains: each is checked after its context events
    add(
        "prev names another event than the author's event 1",
        "bad_prev",
        resign(plan, prev=hashlib.sha256(b"not event 1").hexdigest()),
        ("lisboa/1",),
    )
    add("event 3 arrives without event 2", "chain_gap", ev["lisboa/3"], ("lisboa/1",))
    add(
        "a second, different event 2",
        "fork",
        resign(plan, body=body(plan, status="suspended")),
        ("lisboa/1", "lisboa/2"),
    )
    add(
        "the old key signs after rotating away",
        "key_rotated",
        resign(
            ev["berlin/5"],
            key=f.keys["berlin"],
            seq=6,
            prev=ev["berlin/5"]["id"],
            kind="follow",
            body={"author": f.pid("lisboa")},
        ),
        tuple(f"berlin/{i}" for i in range(1, 6)),
    )
    add(
        "update of another author's event",
        "not_author",
        resign(
            ev["barcelona/2"],
            key=barcelona,
            kind="update",
            body={"event": plan["id"], "body": body(plan, status="completed")},
        ),
        ("lisboa/1", "lisboa/2", "barcelona/1"),
    )
    add(
        "retraction of another author's event",
        "not_author",
        resign(
            ev["barcelona/2"],
            key=barcelona,
            kind="retraction",
            lang="ca",
            body={"event": plan["id"], "reason": "erroneous"},
        ),
        ("lisboa/1", "lisboa/2", "barcelona/1"),
    )
    add(
        "retraction of an event nobody has",
        "bad_reference",
        resign(
            plan,
            kind="retraction",
            body={"event": hashlib.sha256(b"nothing").hexdigest(), "reason": "withdrawn"},
        ),
        ("lisboa/1",),
    )
    add(
        "retraction of an update (retract the original instead)",
        "bad_reference",
        resign(
            ev["lisboa/6"],
            kind="retraction",
            body={"event": ev["lisboa/5"]["id"], "reason": "erroneous"},
        ),
        tuple(f"lisboa/{i}" for i in range(1, 6)),
    )
    add(
        "update whose new body breaks the target kind's schema",
        "missing_field",
        resign(
            ev["lisboa/3"],
            kind="update",
            body={"event": plan["id"], "body": body(plan, category=...)},
        ),
        ("lisboa/1", "lisboa/2"),
    )
    add(
        "update whose new body uses a value outside the target's vocabulary",
        "bad_value",
        resign(
            ev["lisboa/3"],
            kind="update",
            body={"event": plan["id"], "body": body(plan, status="forgotten")},
        ),
        ("lisboa/1", "lisboa/2"),
    )
    _conformance(f, add, resign, body)
    _invalid_skeletons(f, add, resign)
    _invalid_erasures(f, add, resign)
    return out


def _valid_conformance(f: _Feeds) -> None:
    """Valid events at the edges SPEC.md decides: a core kind added after v1, any zone of
    the pinned tz database, February 29 of a leap year."""
    f.add(
        "association",
        "meeting.minutes",
        {"text": {"ar": "محضر الاجتماع"}},
        "a core-shaped kind this version does not define (a later core kind): valid, "
        "body unchecked",
    )
    f.add(
        "association",
        "meeting",
        {
            "title": {"ar": "لقاء مع الجالية في نيويورك"},
            "start": "2028-02-29T18:00",
            "timezone": "EST5EDT",
            "status": "tentative",
        },
        "meeting on February 29 of a leap year, in a zone of the pinned tz database (EST5EDT)",
    )


def _conformance(f: _Feeds, add: Any, resign: Any, body: Any) -> None:
    """Invalid events at the edges SPEC.md decides: whole-string ASCII patterns, dates that
    exist, time zones, the order of checks within a step, numbers, kind names."""
    ev = f.events
    profile, plan, report = ev["lisboa/1"], ev["lisboa/2"], ev["lisboa/6"]
    meeting = ev["lisboa/3"]
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    # Patterns match the whole string, over ASCII classes
    add("lang followed by a line break", "bad_value", resign(profile, lang="pt\n"))
    add(
        "created_at followed by a line break",
        "bad_value",
        resign(profile, created_at=profile["created_at"] + "\n"),
    )
    add(
        "kind followed by a line break",
        "bad_kind_name",
        resign(plan, kind="org.example.noticeboard\n"),
    )
    metrics = [{"name": "pessoas atendidas", "value": "1250".translate(arabic)}]
    geo = {"geo": {"lat": "38.7223".translate(arabic), "lon": "-9.1393"}}
    broken_bodies: list[tuple[str, Obj, Obj]] = [
        ("homepage followed by a line break", profile, {"homepage": "https://www.lisboa.pt\n"}),
        (
            "homepage with an ideographic space (Unicode whitespace)",
            profile,
            {"homepage": "https://www.lisboa.pt/a\u3000b"},
        ),
        ("Decimal written with Arabic-Indic digits", report, {"metrics": metrics}),
        ("Date written with Arabic-Indic digits", report, {"date": "٢٠٢٥-٠٤-٠١"}),
        ("Coordinate written with Arabic-Indic digits", profile, {"location": geo}),
        # Dates exist
        ("Date February 29 of a year that is not a leap year", report, {"date": "2025-02-29"}),
        ("Date February 29 of 1900 (not a leap year)", report, {"date": "1900-02-29"}),
        ("PartialDate on April 31", plan, {"start": "2020-04-31"}),
        ("LocalDateTime on April 31", meeting, {"start": "2025-04-31T18:00", "end": ...}),
        # Time zones are the pinned tz database's names
        ("a zone the pinned tz database does not have", meeting, {"timezone": "Mars/Olympus_Mons"}),
    ]
    for comment, base, changes in broken_bodies:
        add(comment, "bad_value", resign(base, body=body(base, **changes)))
    add(
        "created_at on February 30",
        "bad_value",
        resign(profile, created_at="2025-02-30T09:00:00.000Z"),
    )
    # Order within a step
    add(
        "no lang and an unknown member: members first, then what is missing",
        "unknown_field",
        resign(profile, lang=..., tags=[]),
    )
    add(
        "no kind and no lang: the first missing in the order SPEC.md lists them",
        "missing_field",
        resign(profile, kind=..., lang=...),
    )
    add(
        "body is an array and seq is 0: members in name order, body before seq",
        "bad_field_type",
        resign(profile, body=[], seq=0),
    )
    add(
        "author that is not did:key-shaped: its pattern, before any key check",
        "bad_value",
        resign(profile, author="did:key:abc"),
    )
    add(
        "a fraction, then a syntax error: the text is not JSON at all",
        "bad_json",
        f.line("lisboa/1").replace('"seq":1,', '"seq":1.0,')[:-1],
    )
    add("no v", "unsupported_version", resign(profile, v=...))
    add("v is true, not 1", "unsupported_version", resign(profile, v=True))
    # Numbers
    add(
        "an integer of 5000 digits",
        "number_out_of_range",
        _line(resign(plan, kind=UNKNOWN_KIND, body={"n": 0})).replace('"n":0', '"n":' + "9" * 5000),
    )


def _invalid_skeletons(f: _Feeds, add: Any, resign: Any) -> None:
    """Skeletons that break a rule."""
    ev = f.events
    profile, mistaken, erasure = ev["lisboa/1"], ev["lisboa/7"], ev["lisboa/8"]
    new = mistaken["body"]["body"]
    guessed = {**mistaken["body"], "body": {**new, "action_items": new["action_items"][:1]}}
    add(
        "skeleton whose body_digest is that of another body",
        "id_mismatch",
        {**_skeleton(mistaken), "body_digest": body_digest(guessed, mistaken["salt"])},
    )
    add(
        "skeleton whose body_digest is that of the right body with another salt",
        "id_mismatch",
        {**_skeleton(mistaken), "body_digest": body_digest(mistaken["body"], _salt("guess"))},
    )
    add(
        "a full event that also carries body_digest",
        "unknown_field",
        {**mistaken, "body_digest": _skeleton(mistaken)["body_digest"]},
    )
    add(
        "a skeleton that still carries the salt",
        "unknown_field",
        {**_skeleton(mistaken), "salt": mistaken["salt"]},
    )
    add(
        "a body without its salt",
        "missing_field",
        {k: v for k, v in profile.items() if k != "salt"},
    )
    add(
        "neither body nor body_digest",
        "missing_field",
        {k: v for k, v in _skeleton(profile).items() if k != "body_digest"},
    )
    add("body null", "bad_field_type", {**profile, "body": None})
    add(
        "salt with unused bits set (the same 16 bytes, another text)",
        "bad_value",
        resign(profile, salt=profile["salt"][:-1] + "B"),
    )
    add(
        "salt of 15 bytes",
        "bad_value",
        resign(profile, salt=profile["salt"][:20]),
    )
    add(
        "skeleton of a key rotation (its body names the next key)",
        "not_erasable",
        _skeleton(ev["berlin/5"]),
    )
    add("skeleton of a retraction", "not_erasable", _skeleton(ev["berlin/4"]))
    add("skeleton of an erasure", "not_erasable", _skeleton(erasure))


def _invalid_erasures(f: _Feeds, add: Any, resign: Any) -> None:
    """Erasures and attestations that break a rule."""
    ev = f.events
    mistaken, erasure = ev["lisboa/7"], ev["lisboa/8"]
    barcelona = f.keys["barcelona"]
    add(
        "erasure reason outside its vocabulary",
        "bad_value",
        resign(erasure, body={"events": [mistaken["id"]], "reason": "embarrassing"}),
    )
    add(
        "erasure naming no event",
        "bad_value",
        resign(erasure, body={"events": [], "reason": "personal_data"}),
    )
    add(
        "erasure naming 65 events (at most 64)",
        "bad_value",
        resign(erasure, body={"events": [mistaken["id"]] * 65, "reason": "personal_data"}),
    )
    add(
        "erasure of another author's event",
        "not_author",
        resign(
            ev["barcelona/2"],
            key=barcelona,
            kind="erasure",
            body={"events": [ev["lisboa/2"]["id"]], "reason": "legal_order"},
        ),
        ("lisboa/1", "lisboa/2", "barcelona/1"),
    )
    add(
        "erasure of an event nobody has",
        "bad_reference",
        resign(
            erasure,
            body={"events": [hashlib.sha256(b"nothing").hexdigest()], "reason": "personal_data"},
        ),
        tuple(f"lisboa/{i}" for i in range(1, 8)),
    )
    add(
        "erasure of an erasure",
        "bad_reference",
        resign(
            erasure,
            seq=9,
            prev=erasure["id"],
            body={"events": [erasure["id"]], "reason": "published_in_error"},
        ),
        tuple(f"lisboa/{i}" for i in range(1, 9)),
    )
    # Attestations
    attestation = ev["barcelona/4"]
    add(
        "attestation whose event is not an id",
        "bad_value",
        resign(attestation, key=barcelona, body={"event": "lisboa/4"}),
    )
    add(
        "attestation note without the default language ca",
        "missing_language",
        resign(
            attestation,
            key=barcelona,
            body={"event": ev["lisboa/4"]["id"], "note": {"en": "We agree."}},
        ),
    )


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build() -> dict[str, bytes]:
    """The vectors files by name, as bytes."""
    f = _Feeds()
    _valid(f)
    _valid_conformance(f)
    keys = [
        {
            "name": name,
            "seed": f.keys[name].seed.hex(),
            "public_id": f.pid(name),
            "lang": lang,
            "comment": who,
        }
        for name, _, lang, who in KEYS
    ]
    forms = [(label, comment, "full", f.line) for label, comment in f.order]
    forms += [(label, comment, "skeleton", f.skeleton_line) for label, comment in f.skeletons]
    valid = [
        {
            "comment": comment,
            "label": label,
            "kind": f.events[label]["kind"],
            "form": form,
            "event": line(label),
            "valid": True,
        }
        for label, comment, form, line in forms
    ]
    return {
        "keys.json": _dump(keys),
        "valid.json": _dump(valid),
        "invalid.json": _dump(_invalid(f)),
    }


def write(directory: Path = DIRECTORY) -> dict[str, str]:
    """Write the vectors files; return their SHA-256 (hex) by name."""
    directory.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name, data in build().items():
        (directory / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for name, digest in write(Path(args[0]) if args else DIRECTORY).items():
        print(f"{digest}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
