"""The protocol's error hierarchy: a stable machine-readable code and a human message."""

from __future__ import annotations

__all__ = [
    "ProtocolError",
    "DecodeError",
    "SchemaError",
    "LimitError",
    "IntegrityError",
    "ChainError",
    "CODES",
]

#: Every code the protocol defines, with the rule it stands for (mirrored in SPEC.md).
CODES: dict[str, str] = {
    "bad_json": "the bytes are not UTF-8 JSON",
    "duplicate_key": "an object has the same member name twice",
    "float_forbidden": "a number has a fraction or exponent; only integers are allowed",
    "number_out_of_range": "an integer is outside ±(2^53-1)",
    "not_canonical": "the bytes are not the RFC 8785 form of the event",
    "bad_member_name": "an object member name is empty, too long or not printable ASCII",
    "too_large": "the encoded event is larger than the limit",
    "too_deep": "values are nested deeper than the limit",
    "string_too_long": "a string is longer than the limit",
    "list_too_long": "an array is longer than the limit",
    "unsupported_version": "the envelope version is not one this implementation knows",
    "missing_field": "a required field is absent",
    "unknown_field": "the envelope has a field the version does not define",
    "bad_field_type": "a field has the wrong JSON type",
    "bad_value": "a field's value breaks its rule (format, range or vocabulary)",
    "missing_language": "a language map lacks the event's default language",
    "bad_kind_name": "the kind is neither a core kind nor a reverse-DNS name",
    "id_mismatch": "the id is not the SHA-256 of the canonical unsigned envelope",
    "bad_signature": "the signature does not verify with the author's key",
    "bad_author": "the author is not a valid Ed25519 did:key",
    "clock_skew": "the creation time is too far in the future",
    "bad_prev": "prev does not name the author's previous event",
    "chain_gap": "an earlier event of the author's chain is missing",
    "fork": "two different events share the same author and sequence",
    "key_rotated": "the author's key was rotated away before this event",
    "bad_rotation": "a key rotation is not vouched for by the new key",
    "not_erasable": "a skeleton of a kind whose body cannot be erased",
    "not_author": "an update, retraction or erasure names another author's event",
    "bad_reference": "a referenced event has the wrong kind or does not exist",
}


class ProtocolError(ValueError):
    """Base class: `code` is stable and machine-readable, `path` names the field (JSONPath)."""

    code = "protocol_error"

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        self.code = code
        self.path = path
        self.detail = message
        super().__init__(f"{code}: {message}" + (f" (at {path})" if path else ""))

    def to_dict(self) -> dict[str, str]:
        """The error as a JSON-ready mapping."""
        out = {"code": self.code, "message": self.detail}
        if self.path:
            out["path"] = self.path
        return out


class DecodeError(ProtocolError):
    """The bytes are not a well-formed, canonical event."""


class LimitError(ProtocolError):
    """A size, depth or length limit is exceeded."""


class SchemaError(ProtocolError):
    """A field is missing, mistyped or breaks its kind's rules."""


class IntegrityError(ProtocolError):
    """The id, signature, author key or creation time does not check out."""


class ChainError(ProtocolError):
    """The event does not fit its author's hash chain (gap, fork, wrong prev)."""
