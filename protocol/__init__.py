"""citymesh protocol v1: signed, hash-chained, content-addressed civic events.

Pure: bytes and objects in and out; no network, database or event loop. SPEC.md is normative.
"""

from __future__ import annotations

from .canonical import canonical_bytes
from .chain import ChainVerifier, check_erasure, check_link, check_target
from .envelope import (
    UNERASABLE_KINDS,
    VERSION,
    Envelope,
    Event,
    Head,
    body_digest,
    body_json,
    build_event,
    decode_event,
    event_id,
    format_time,
    new_salt,
    parse_time,
    rotation_statement,
    sign_envelope,
    skeleton,
    trusted_event,
)
from .errors import CODES, ProtocolError
from .keys import SigningKey, parse_public_id, public_id
from .kinds import ENTRY_POINT_GROUP, KindSpec, Registry, registry

__all__ = [
    "UNERASABLE_KINDS",
    "VERSION",
    "CODES",
    "ENTRY_POINT_GROUP",
    "ChainVerifier",
    "Envelope",
    "Event",
    "Head",
    "KindSpec",
    "ProtocolError",
    "Registry",
    "SigningKey",
    "body_digest",
    "body_json",
    "build_event",
    "canonical_bytes",
    "check_erasure",
    "check_link",
    "check_target",
    "decode_event",
    "event_id",
    "format_time",
    "new_salt",
    "parse_public_id",
    "parse_time",
    "public_id",
    "registry",
    "rotation_statement",
    "sign_envelope",
    "skeleton",
    "trusted_event",
]
