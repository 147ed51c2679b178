"""The signed envelope: building, encoding and checking one event (SPEC.md §Envelope).

`decode_event` is the single gate every received event passes; it checks everything that
can be checked from the event alone. Chain rules need the author's history: see `chain`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Protocol

import msgspec
from msgspec import Meta

from . import limits
from .canonical import (
    canonical_bytes,
    check_value,
    has_duplicate_keys,
    no_floats,
    parse_json,
    within_limits,
)
from .errors import DecodeError, IntegrityError, LimitError, ProtocolError, SchemaError
from .keys import SigningKey, parse_public_id, verify_signature
from .kinds import Body, Registry, check_kind_name, registry, schema_error
from .kinds.types import CLOCK, DATE, EventId, LangTag, PublicId, whole

__all__ = [
    "VERSION",
    "Envelope",
    "Event",
    "Head",
    "body_json",
    "build_event",
    "decode_event",
    "event_id",
    "format_time",
    "parse_time",
    "trusted_event",
]

VERSION = 1
Seq = Annotated[int, Meta(ge=1, le=limits.MAX_INT)]
Timestamp = Annotated[str, Meta(pattern=whole(rf"{DATE}T{CLOCK}:[0-5][0-9]\.[0-9]{{3}}Z"))]
KindName = Annotated[str, Meta(min_length=1, max_length=128)]
Signature = Annotated[str, Meta(pattern=whole("[A-Za-z0-9_-]{86}"))]


class Envelope(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A signed event. `id` and `sig` are left out of the bytes that are hashed."""

    v: int
    author: PublicId
    seq: Seq
    prev: EventId | None
    kind: KindName
    kv: Seq
    created_at: Timestamp
    lang: LangTag
    body: dict[str, Any]
    id: EventId
    sig: Signature

    def unsigned(self) -> dict[str, Any]:
        """The fields covered by the id, as a plain mapping."""
        return {
            "v": self.v,
            "author": self.author,
            "seq": self.seq,
            "prev": self.prev,
            "kind": self.kind,
            "kv": self.kv,
            "created_at": self.created_at,
            "lang": self.lang,
            "body": self.body,
        }


class Head(Protocol):
    """An envelope's members but its body: all that chain rules and stream order read. An
    `Envelope` is one; so is what `trusted_event` decodes."""

    @property
    def v(self) -> int: ...
    @property
    def author(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def prev(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def kv(self) -> int: ...
    @property
    def created_at(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def sig(self) -> str: ...


class Event:
    """A checked event: its canonical bytes, its envelope, and its typed body (`payload`:
    None for an unknown kind, or for an event rebuilt with `trusted_event`).

    An event rebuilt with `trusted_event` decodes its envelope, body and all, only when the
    envelope is first read: storing most events needs no more than the `head`.
    """

    __slots__ = ("raw", "head", "payload", "_envelope")

    def __init__(self, envelope: Envelope, raw: bytes, payload: Body | None) -> None:
        self.raw, self.payload = raw, payload
        self.head: Head = envelope
        self._envelope: Envelope | None = envelope

    @classmethod
    def _trusted(cls, head: Head, raw: bytes) -> Event:
        event = cls.__new__(cls)
        event.raw, event.head, event.payload, event._envelope = raw, head, None, None
        return event

    @property
    def envelope(self) -> Envelope:
        env = self._envelope
        if env is None:  # two threads may both decode it: the same value either way
            env = self._envelope = _trusted.decode(self.raw)
        return env

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self.raw == other.raw and self.payload == other.payload

    def __hash__(self) -> int:
        return hash(self.raw)

    def __repr__(self) -> str:
        h = self.head
        return f"Event({h.kind} #{h.seq} by {h.author}, id {h.id})"


def event_id(unsigned: dict[str, Any]) -> str:
    """SHA-256 (lowercase hex) of the canonical bytes of the unsigned envelope."""
    return hashlib.sha256(canonical_bytes(unsigned)).hexdigest()


def format_time(when: datetime) -> str:
    """RFC 3339 UTC with exactly three fractional digits, as the envelope requires."""
    when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    """Inverse of `format_time`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def build_event(
    key: SigningKey,
    *,
    seq: int,
    prev: str | None,
    kind: str,
    body: dict[str, Any],
    lang: str,
    created_at: datetime | str | None = None,
    kinds: Registry = registry,
) -> Event:
    """Validate `body`, then sign it as the author's event number `seq`.

    Raises:
        ProtocolError: the body breaks its kind's schema or a protocol limit.
    """
    when = created_at or datetime.now(UTC)
    spec = kinds.get(kind)
    unsigned = {
        "v": VERSION,
        "author": key.public_id,
        "seq": seq,
        "prev": prev,
        "kind": kind,
        "kv": spec.version if spec else 1,
        "created_at": when if isinstance(when, str) else format_time(when),
        "lang": lang,
        "body": body,
    }
    digest = hashlib.sha256(canonical_bytes(unsigned)).digest()
    signed = {**unsigned, "id": digest.hex(), "sig": key.sign(digest)}
    raw = canonical_bytes(signed)
    return decode_event(raw, kinds=kinds, now=None)


def decode_event(
    data: bytes,
    *,
    now: datetime | None = None,
    kinds: Registry = registry,
    verify: bool = True,
) -> Event:
    """Check one event's bytes: encoding, limits, envelope and body schema, id and signature.

    `now` enables the clock-skew rule (pass the receiver's clock); `verify=False` skips only
    the signature check (for callers that verify a batch elsewhere).

    Raises:
        ProtocolError: the first rule the event breaks, with its code and field path.
    """
    if len(data) > limits.MAX_EVENT_BYTES:
        raise LimitError("too_large", f"{len(data)} bytes, limit {limits.MAX_EVENT_BYTES}")
    env = _envelope_at_once(data)
    if env is None:
        return _check(_envelope_step_by_step(data), data, now, kinds, verify)
    try:
        return _check(env, data, now, kinds, verify)
    except ProtocolError:
        # The one pass left the id's form to the comparison with the digest: if the id
        # breaks its pattern, that is the rule to name.
        _envelope_step_by_step(data)
        raise


def _check(
    env: Envelope, data: bytes, now: datetime | None, kinds: Registry, verify: bool
) -> Event:
    """The rules after the envelope's: body schema, id, signature and clock."""
    if (env.seq == 1) != (env.prev is None):
        raise SchemaError("bad_prev", "prev is null exactly when seq is 1", "$.prev")
    check_kind_name(env.kind)
    spec = kinds.get(env.kind)
    payload = spec.validate(env.body, env.lang) if spec else None
    if spec and env.kind == "key.rotation":
        check_rotation(env)
    digest = hashlib.sha256(_unsigned_bytes(data)).digest()
    if digest.hex() != env.id:
        raise IntegrityError(
            "id_mismatch", "id is not the SHA-256 of the unsigned envelope", "$.id"
        )
    parse_public_id(env.author)
    if verify:
        verify_signature(env.author, digest, env.sig)
    # Fixed-width UTC timestamps order like their text: no parsing on the common path.
    if now is not None and env.created_at > _latest_allowed(now):
        skew = (parse_time(env.created_at) - now).total_seconds()
        raise IntegrityError(
            "clock_skew", f"created_at is {int(skew)} s ahead of this clock", "$.created_at"
        )
    return Event(env, data, payload)


def _envelope_at_once(data: bytes) -> Envelope | None:
    """The envelope of bytes that keep every rule checked before the body's schema, decoded
    in one pass; None if any rule fails: `_envelope_step_by_step` then names it."""
    try:
        env = _loose.decode(data)
    except (msgspec.DecodeError, ValueError, RecursionError):  # also bad UTF-8, floats (the hook)
        return None
    if not _members_keep_their_types(env):
        return None
    if not within_limits(env.body, depth=1) or canonical_bytes(env) != data:
        return None
    return env


def _pattern(annotated: Any) -> re.Pattern[str]:
    return re.compile(annotated.__metadata__[0].pattern)


_TIMESTAMP, _SIGNATURE, _EVENT_ID = _pattern(Timestamp), _pattern(Signature), _pattern(EventId)
_LANG_TAG = _pattern(LangTag)
#: Language tags already seen to match their pattern: a few tags recur in every event.
_good_langs: set[str] = set()


def _members_keep_their_types(env: _Checked) -> bool:
    """The constraints of `Envelope`'s member types, checked faster than msgspec applies
    them (its six regular expressions took 2.8 of 5.0 µs per event). Left to later rules:
    the id must equal the digest, the author be a key and the kind a kind name. A failure
    after this pass is named rule by rule, so those rules name a broken pattern too."""
    prev, lang = env.prev, env.lang
    return (
        env.v == VERSION
        and 1 <= env.seq <= limits.MAX_INT
        and 1 <= env.kv <= limits.MAX_INT
        and (prev is None or _EVENT_ID.search(prev) is not None)
        # Its own rule only when the signature is verified: not with `verify=False`.
        and _SIGNATURE.search(env.sig) is not None
        and _TIMESTAMP.search(env.created_at) is not None
        # The tag's pattern allows any length; the string limit does not.
        and len(lang) <= limits.MAX_STRING_CHARS
        and (lang in _good_langs or _remember(lang, _LANG_TAG, _good_langs))
    )


def _remember(text: str, pattern: re.Pattern[str], seen: set[str]) -> bool:
    """Whether `text` matches `pattern` (by `search`, as msgspec applies one); kept if so."""
    if pattern.search(text) is None:
        return False
    if len(seen) < 1000:
        seen.add(text)
    return True


def _envelope_step_by_step(data: bytes) -> Envelope:
    """Check the rules before the body's schema one at a time, in the order SPEC.md gives
    them, so that an event that breaks several fails with the first.

    Raises:
        ProtocolError: the first rule the bytes break.
    """
    value = parse_json(data, check_duplicates=False)
    if not isinstance(value, dict):
        raise SchemaError("bad_field_type", "an event is a JSON object", "$")
    check_value(value)
    if canonical_bytes(value) != data:
        if has_duplicate_keys(data):
            raise DecodeError("duplicate_key", "an object has the same member name twice")
        raise DecodeError(
            "not_canonical", "the bytes are not the RFC 8785 form (key order, spacing, escapes)"
        )
    version = value.get("v")
    if type(version) is not int or version != VERSION:  # `true` is not 1 here
        raise DecodeError(
            "unsupported_version", f"envelope version {version!r} is not {VERSION}", "$.v"
        )
    try:
        # As SPEC.md §5 orders them: member by member in name order (the bytes are canonical),
        # unknown, then JSON type, then rule; then the first missing member.
        return msgspec.convert(value, Envelope)
    except msgspec.ValidationError as exc:
        raise schema_error(exc, "$") from None


# Canonical bytes order the members by name: author, body, created_at, id, kind, lang, prev,
# seq, sig, v. A member that follows the body holds a string, a number or null, and no JSON
# string holds an unescaped quote: the last `,"id":"` (or `,"sig":"`, `,"created_at":"`) is
# the envelope's own, and the first `,"body":` follows the author.
_ID_AT, _SIG_AT = b',"id":"', b',"sig":"'
_ID_LEN, _SIG_LEN = len(_ID_AT) + 64 + 1, len(_SIG_AT) + 86 + 1


def _unsigned_bytes(data: bytes) -> bytes:
    """The canonical bytes of the unsigned envelope, cut from those of a checked event (whose
    `id` and `sig` have their fixed lengths)."""
    i, j = data.rindex(_ID_AT), data.rindex(_SIG_AT)
    return data[:i] + data[i + _ID_LEN : j] + data[j + _SIG_LEN :]


def body_json(raw: bytes) -> bytes:
    """The canonical JSON of an accepted event's body, cut from the event's bytes."""
    return raw[raw.index(b',"body":') + 8 : raw.rindex(b',"created_at":"')]


class _Checked(Envelope, frozen=True, kw_only=True):
    """An envelope's fields without their constraints: for bytes that `decode_event`
    accepted (checking them again took 2.8 of 4.6 µs per event), and for its one pass,
    which checks them its own way."""

    author: str
    seq: int
    prev: str | None
    kind: str
    kv: int
    created_at: str
    lang: str
    id: str
    sig: str


class _CheckedHead(msgspec.Struct, frozen=True, kw_only=True):
    """The head of an event that `decode_event` accepted; its body is skipped unread."""

    v: int
    author: str
    seq: int
    prev: str | None
    kind: str
    kv: int
    created_at: str
    lang: str
    id: str
    sig: str


_trusted = msgspec.json.Decoder(_Checked)
_loose = msgspec.json.Decoder(_Checked, float_hook=no_floats)
_trusted_head = msgspec.json.Decoder(_CheckedHead)


def trusted_event(data: bytes) -> Event:
    """Rebuild the Event of bytes that `decode_event` already accepted (in another process):
    its head decoded without repeating the checks, its envelope on first use; `payload` is
    None."""
    # The body is most of the decoding (about 3 of 4 µs), and most stored events need
    # only the head, and a few members the view reads (see node/view.py).
    return Event._trusted(_trusted_head.decode(data), data)


_SKEW = timedelta(seconds=limits.MAX_CLOCK_SKEW_SECONDS)
_allowed: tuple[datetime | None, str] = (None, "")


def _latest_allowed(now: datetime) -> str:
    """The latest `created_at` text acceptable at `now` (a batch is checked at one `now`)."""
    global _allowed
    allowed = _allowed  # one read: the verify threads share it
    if allowed[0] != now:
        allowed = _allowed = (now, format_time(now + _SKEW))
    return allowed[1]


def rotation_statement(author: str, new_key: str, prev: str | None) -> bytes:
    """The bytes the new key signs in a `key.rotation` event (SPEC.md §Key rotation)."""
    return f"citymesh key.rotation\n{author}\n{new_key}\n{prev or ''}".encode()


def check_rotation(env: Envelope) -> None:
    """The new key MUST vouch for the rotation; the old key signs the envelope itself.

    Raises:
        IntegrityError: `bad_rotation`.
    """
    new_key = env.body["new_key"]
    try:
        verify_signature(
            new_key, rotation_statement(env.author, new_key, env.prev), env.body["new_key_sig"]
        )
    except ProtocolError:
        raise IntegrityError(
            "bad_rotation",
            "new_key_sig is not the new key's signature over the statement",
            "$.body.new_key_sig",
        ) from None
    if new_key == env.author:
        raise IntegrityError("bad_rotation", "the new key is the old key", "$.body.new_key")
