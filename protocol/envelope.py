"""The signed envelope: building, encoding and checking one event (SPEC.md §Envelope).

`decode_event` is the single gate every received event passes; it checks everything that
can be checked from the event alone. Chain rules need the author's history: see `chain`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import typing
from base64 import urlsafe_b64encode
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Protocol

import msgspec
from msgspec import UNSET, Meta, UnsetType

from . import limits
from .canonical import (
    canonical_bytes,
    check_value,
    has_duplicate_keys,
    limited_object,
    names_printable,
    no_floats,
    parse_json,
    within_limits,
)
from .errors import DecodeError, IntegrityError, LimitError, ProtocolError, SchemaError
from .keys import SigningKey, parse_public_id, verify_signature
from .kinds import Body, Registry, check_kind_name, registry, schema_error
from .kinds.types import CLOCK, DATE, END, EventId, LangTag, PublicId, whole

__all__ = [
    "VERSION",
    "Envelope",
    "Event",
    "Head",
    "UNERASABLE_KINDS",
    "body_digest",
    "body_json",
    "build_event",
    "decode_event",
    "event_id",
    "new_salt",
    "sign_envelope",
    "skeleton",
    "format_time",
    "parse_time",
    "trusted_event",
]

VERSION = 1
Seq = Annotated[int, Meta(ge=1, le=limits.MAX_INT)]
Timestamp = Annotated[str, Meta(pattern=whole(rf"{DATE}T{CLOCK}:[0-5][0-9]\.[0-9]{{3}}Z"))]
KindName = Annotated[str, Meta(min_length=1, max_length=128)]
Signature = Annotated[str, Meta(pattern=whole("[A-Za-z0-9_-]{86}"))]
#: 16 random bytes, base64url without padding; the last character's 4 unused bits are zero,
#: so that each salt has exactly one text.
Salt = Annotated[str, Meta(pattern=whole("[A-Za-z0-9_-]{21}[AQgw]"))]
Digest = Annotated[str, Meta(pattern=whole("[0-9a-f]{64}"))]
#: Kinds whose bodies every node needs for ever, to check chains or to apply them the same
#: way: their events cannot be erased (SPEC.md §6.4).
UNERASABLE_KINDS = frozenset({"key.rotation", "retraction", "erasure"})


class Envelope(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A signed event, in one of two forms (SPEC.md §2): a full event carries `body` and
    `salt`; its skeleton (an erased event) carries `body_digest` instead. The id covers the
    body only through `body_digest`, so both forms have the same id and signature."""

    v: int
    author: PublicId
    seq: Seq
    prev: EventId | None
    kind: KindName
    kv: Seq
    created_at: Timestamp
    lang: LangTag
    body: dict[str, Any] | UnsetType = UNSET
    salt: Salt | UnsetType = UNSET
    body_digest: Digest | UnsetType = UNSET
    id: EventId
    sig: Signature

    @property
    def erased(self) -> bool:
        """Whether this is a skeleton: the body is gone, its digest remains."""
        return self.body_digest is not UNSET

    @property
    def content(self) -> dict[str, Any]:
        """The body of a full event. Code that may meet skeletons checks `erased` first.

        Raises:
            ValueError: the event is a skeleton: its body was erased.
        """
        if not isinstance(self.body, dict):
            raise ValueError(f"event {self.id} is erased: it has no body")
        return self.body

    def digest(self) -> str:
        """`body_digest`: carried by a skeleton, computed from body and salt otherwise."""
        if isinstance(self.body_digest, str):
            return self.body_digest
        assert isinstance(self.body, dict) and isinstance(self.salt, str)
        return body_digest(self.body, self.salt)

    def unsigned(self) -> dict[str, Any]:
        """The members covered by the id, as a plain mapping."""
        return {
            "v": self.v,
            "author": self.author,
            "seq": self.seq,
            "prev": self.prev,
            "kind": self.kind,
            "kv": self.kv,
            "created_at": self.created_at,
            "lang": self.lang,
            "body_digest": self.digest(),
        }


class Head(Protocol):
    """An envelope's members but its body and salt: all that chain rules and stream order
    read (`body_digest` is set only in a skeleton). An `Envelope` is one; so is what
    `trusted_event` decodes."""

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
    def body_digest(self) -> str | UnsetType: ...
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

    @property
    def erased(self) -> bool:
        """Whether this event is a skeleton (SPEC.md §2.2): no body, its digest instead."""
        return self.head.body_digest is not UNSET

    def lightened(self) -> Event:
        """The same event holding only its bytes and head, as `trusted_event` rebuilds it:
        the envelope is decoded again when read. Less memory while it waits."""
        return Event._trusted(self.head, self.raw)

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
    """SHA-256 (lowercase hex) of the canonical bytes of the unsigned envelope (its members
    but `id` and `sig`, with `body_digest` in place of `body` and `salt`)."""
    return hashlib.sha256(canonical_bytes(unsigned)).hexdigest()


def body_digest(body: dict[str, Any], salt: str) -> str:
    """SHA-256 (lowercase hex) of the canonical bytes of `{"body": body, "salt": salt}`."""
    return hashlib.sha256(canonical_bytes({"body": body, "salt": salt})).hexdigest()


def new_salt() -> str:
    """16 fresh random bytes as base64url without padding (22 characters)."""
    return urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def sign_envelope(key: SigningKey, unsigned: dict[str, Any]) -> dict[str, Any]:
    """Sign a mapping of envelope members (either form), valid or not: a full one (with
    `body` and `salt`) is hashed with `body_digest` in their place. Returns the mapping with
    `id` and `sig` added."""
    hashed = {k: v for k, v in unsigned.items() if k not in ("body", "salt")}
    if "body" in unsigned and "salt" in unsigned:
        hashed["body_digest"] = body_digest(unsigned["body"], unsigned["salt"])
    digest = hashlib.sha256(canonical_bytes(hashed)).digest()
    return {**unsigned, "id": digest.hex(), "sig": key.sign(digest)}


def skeleton(event: Event) -> bytes:
    """The canonical bytes of the event's skeleton: the envelope with `body_digest` in
    place of `body` and `salt`. It has the event's id and signature, and verifies alone."""
    if event.erased:
        return event.raw
    env = event.envelope
    return canonical_bytes(
        msgspec.structs.replace(env, body=UNSET, salt=UNSET, body_digest=env.digest())
    )


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
    salt: str | None = None,
) -> Event:
    """Validate `body`, then sign it as the author's event number `seq`, with a fresh salt
    (`salt` is for reproducible test vectors only: a reused salt lets guesses be tested).

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
        "salt": new_salt() if salt is None else salt,
    }
    raw = canonical_bytes(sign_envelope(key, unsigned))
    # Checked as any event is, but for the signature just made over the digest it checks.
    return decode_event(raw, kinds=kinds, now=None, verify=False)


def decode_event(
    data: bytes,
    *,
    now: datetime | None = None,
    kinds: Registry = registry,
    verify: bool = True,
) -> Event:
    """Check one event's bytes, full or skeleton: encoding, limits, envelope and body schema,
    id and signature.

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
    if not isinstance(env.body, dict):  # a skeleton: no body to check
        if env.kind in UNERASABLE_KINDS:
            raise SchemaError(
                "not_erasable", f"an event of kind {env.kind} keeps its body", "$.body_digest"
            )
        payload = None
    else:
        payload = spec.validate(env.body, env.lang) if spec else None
        if spec and env.kind == "key.rotation":
            check_rotation(env)
    digest = hashlib.sha256(_unsigned(env, data)).digest()
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
    env: _Checked
    try:
        # The limits but one are the body's type, for a body up to `_ONE_PASS_DEPTH` deep.
        env = _one_pass.decode(data)
    except msgspec.ValidationError:  # a limit broken, or a body deeper: walk it to decide
        try:
            env = _loose.decode(data)
        except (msgspec.DecodeError, ValueError, RecursionError):
            return None
        if isinstance(env.body, dict) and not within_limits(env.body, depth=1):
            return None
    except (msgspec.DecodeError, ValueError, RecursionError):  # also bad UTF-8, floats (the hook)
        return None
    else:
        if isinstance(env.body, dict) and not names_printable(env.body):
            return None
    if not _members_keep_their_types(env):
        return None
    if canonical_bytes(env) != data:
        return None
    return env


def _pattern(annotated: Any) -> re.Pattern[str]:
    return re.compile(annotated.__metadata__[0].pattern)


def _inner(annotated: Any) -> str:
    """The pattern of a type constrained by `whole(pattern)`."""
    text: str = annotated.__metadata__[0].pattern
    head, tail = "^(?:", f"){END}"
    assert text.startswith(head) and text.endswith(tail), text
    return text[len(head) : -len(tail)]


_LANG_TAG = _pattern(LangTag)
#: Language tags already seen to match their pattern: a few tags recur in every event.
_good_langs: set[str] = set()
#: The members of fixed form, matched at once: salt (or body_digest), sig, created_at and prev
#: (when not null) joined by spaces, which none of their patterns allows, so that each part is
#: one member. One pattern per form and per prev, each with a fixed number of parts.
_FIXED_FORMS = {
    (full, prev): re.compile(
        f"(?:{_inner(Salt if full else Digest)}) (?:{_inner(Signature)}) "
        f"(?:{_inner(Timestamp)})" + (f" (?:{_inner(EventId)})" if prev else "")
    )
    for full in (True, False)
    for prev in (True, False)
}


def _members_keep_their_types(env: _Checked) -> bool:
    """The constraints of `Envelope`'s member types, checked faster than msgspec applies
    them (its six regular expressions were most of the time per event). Left to later rules:
    the id must equal the digest, the author be a key and the kind a kind name. A failure
    after this pass is named rule by rule, so those rules name a broken pattern too."""
    prev, lang, salt, digest = env.prev, env.lang, env.salt, env.body_digest
    # One of the two forms (SPEC.md §2): body and salt, or body_digest alone.
    if env.body is not UNSET:
        if not isinstance(salt, str) or digest is not UNSET:
            return False
        first = salt
    elif salt is not UNSET or not isinstance(digest, str):
        return False
    else:
        first = digest
    # The signature's pattern is its own rule only when the signature is verified: not with
    # `verify=False`.
    if prev is None:
        fixed = f"{first} {env.sig} {env.created_at}"
    else:
        fixed = f"{first} {env.sig} {env.created_at} {prev}"
    return (
        _FIXED_FORMS[env.body is not UNSET, prev is not None].fullmatch(fixed) is not None
        and env.v == VERSION
        and 1 <= env.seq <= limits.MAX_INT
        and 1 <= env.kv <= limits.MAX_INT
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
        msgspec.convert(
            value, _FULL if "body" in value or "body_digest" not in value else _SKELETON
        )
    except msgspec.ValidationError as exc:
        raise schema_error(exc, "$") from None
    return msgspec.convert(value, Envelope)


def _form(name: str, required: tuple[str, str] | tuple[str], absent: tuple[str, ...]) -> type:
    """The members of one form of the envelope (SPEC.md §2.1), in `Envelope`'s order: what
    one form does not define is an unknown member there, what it needs a missing one."""
    fields: list[Any] = []
    for field in msgspec.structs.fields(Envelope):
        if field.name in absent:
            continue
        if field.name in required:
            kept = [t for t in typing.get_args(field.type) if t is not UnsetType]
            fields.append((field.name, kept[0]))
        else:
            fields.append((field.name, field.type))
    return msgspec.defstruct(name, fields, kw_only=True, forbid_unknown_fields=True)


_FULL = _form("FullEvent", ("body", "salt"), ("body_digest",))
_SKELETON = _form("Skeleton", ("body_digest",), ("body", "salt"))


# Canonical bytes order the members by name: author, body, body_digest, created_at, id,
# kind, kv, lang, prev, salt, seq, sig, v. A member that follows the body holds a string, a
# number or null, and no JSON string holds an unescaped quote: the last `,"id":"` (or
# `,"sig":"`, `,"salt":"`, `,"created_at":"`) is the envelope's own, and the first
# `,"body":` follows the author.
_ID_AT, _SIG_AT, _SALT_AT = b',"id":"', b',"sig":"', b',"salt":"'
_ID_LEN, _SIG_LEN, _SALT_LEN = len(_ID_AT) + 64 + 1, len(_SIG_AT) + 86 + 1, len(_SALT_AT) + 22 + 1
_BODY_AT, _CREATED_AT = b',"body":', b',"created_at":"'
_CREATED_LEN = len(_CREATED_AT) + 24 + 1


def _unsigned_bytes(data: bytes) -> bytes:
    """The canonical bytes of the unsigned envelope, cut from those of a checked event (whose
    `created_at`, `id`, `sig` and `salt` have their fixed lengths); for a full event,
    `body_digest` is computed and put in place of `body` and `salt`."""
    i, j = data.rindex(_ID_AT), data.rindex(_SIG_AT)
    b = data.find(_BODY_AT)
    if b < 0:  # a skeleton: its body_digest is in place already
        return data[:i] + data[i + _ID_LEN : j] + data[j + _SIG_LEN :]
    # The body ends where created_at starts, right before the id; the salt is the last
    # member before seq and sig.
    c, s = i - _CREATED_LEN, data.rindex(_SALT_AT, 0, j)
    view = memoryview(data)
    salted = hashlib.sha256(b'{"body":')
    salted.update(view[b + len(_BODY_AT) : c])
    salted.update(b',"salt":')
    salted.update(view[s + len(_SALT_AT) - 1 : s + _SALT_LEN])
    salted.update(b"}")
    return b"".join(
        (
            view[:b],
            b',"body_digest":"',
            salted.hexdigest().encode(),
            b'"',
            view[c:i],
            view[i + _ID_LEN : s],
            view[s + _SALT_LEN : j],
            view[j + _SIG_LEN :],
        )
    )


class _Unsigned(msgspec.Struct):
    """The members the id covers, in name order."""

    author: str
    body_digest: str
    created_at: str
    kind: str
    kv: int
    lang: str
    prev: str | None
    seq: int
    v: int


def _unsigned(env: Envelope, data: bytes) -> bytes:
    """The canonical bytes of the unsigned envelope of `env`, whose bytes `data` are canonical:
    those of `_unsigned_bytes(data)`, for fewer steps."""
    digest, salt = env.body_digest, env.salt
    if not isinstance(digest, str):
        assert isinstance(salt, str), "a full event has a salt"
        # The body ends where created_at starts, right before the id (see `_unsigned_bytes`).
        start, end = data.find(_BODY_AT) + len(_BODY_AT), data.rindex(_CREATED_AT)
        salted = hashlib.sha256(b'{"body":')
        salted.update(data[start:end])
        salted.update(b',"salt":"%b"}' % salt.encode())
        digest = salted.hexdigest()
    return canonical_bytes(
        _Unsigned(
            env.author, digest, env.created_at, env.kind, env.kv, env.lang, env.prev, env.seq, env.v
        )
    )


def body_json(raw: bytes) -> bytes:
    """The canonical JSON of a full event's body, cut from the event's checked bytes."""
    return raw[raw.index(b',"body":') + 8 : raw.rindex(b',"created_at":"')]


class _Checked(Envelope, frozen=True, kw_only=True):
    """An envelope's fields without their constraints: for bytes that `decode_event`
    accepted (checking them again was most of the time per event), and for its one pass,
    which checks them its own way."""

    author: str
    seq: int
    prev: str | None
    kind: str
    kv: int
    created_at: str
    lang: str
    salt: str | UnsetType = UNSET
    body_digest: str | UnsetType = UNSET
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
    body_digest: str | UnsetType = UNSET
    id: str
    sig: str


#: How deep a body's values may go for the one pass's decoder to check the limits on them
#: (the body is at depth 1): core kinds go 7 deep, and the decoder takes twice as long to
#: build for each level more.
_ONE_PASS_DEPTH = 8


class _OnePass(_Checked, frozen=True, kw_only=True):
    """The envelope as `decode_event`'s one pass decodes it: a body that decodes as this type
    keeps every limit but one (that member names are printable ASCII: `names_printable`),
    checked by the decoder as it goes rather than by walking the body again."""

    body: limited_object(1, _ONE_PASS_DEPTH) | UnsetType = UNSET  # type: ignore[valid-type]


_trusted = msgspec.json.Decoder(_Checked)
_one_pass = msgspec.json.Decoder(_OnePass, float_hook=no_floats)
_loose = msgspec.json.Decoder(_Checked, float_hook=no_floats)
_trusted_head = msgspec.json.Decoder(_CheckedHead)


def trusted_event(data: bytes) -> Event:
    """Rebuild the Event of bytes that `decode_event` already accepted (in another process):
    its head decoded without repeating the checks, its envelope on first use; `payload` is
    None."""
    # The body is most of the decoding, and most stored events need only the head, and a
    # few members the view reads (see node/store/view.py).
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
    body = env.body
    assert isinstance(body, dict), "a key rotation is never erased"
    new_key = body["new_key"]
    try:
        verify_signature(
            new_key, rotation_statement(env.author, new_key, env.prev), body["new_key_sig"]
        )
    except ProtocolError:
        raise IntegrityError(
            "bad_rotation",
            "new_key_sig is not the new key's signature over the statement",
            "$.body.new_key_sig",
        ) from None
    if new_key == env.author:
        raise IntegrityError("bad_rotation", "the new key is the old key", "$.body.new_key")
