"""Ed25519 keys and their text form, `did:key:z6Mk…` (multicodec 0xed01, base58btc)."""

from __future__ import annotations

import binascii
import re

import nacl.exceptions
import nacl.signing

from .errors import IntegrityError

__all__ = ["SigningKey", "public_id", "parse_public_id", "verify_signature", "b64u", "unb64u"]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
_ED25519_PREFIX = b"\xed\x01"
_DID_PREFIX = "did:key:z"


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b58decode(text: str) -> bytes:
    n = 0
    for c in text:
        n = n * 58 + _INDEX[c]
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


# binascii directly: every received signature is decoded, and the base64 module's wrappers
# cost more than the decoding itself.
_TO_STD = bytes.maketrans(b"-_", b"+/")
_TO_URL = bytes.maketrans(b"+/", b"-_")


def b64u(data: bytes) -> str:
    """base64url without padding."""
    return binascii.b2a_base64(data, newline=False).translate(_TO_URL).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    """Inverse of `b64u`; raises ValueError on anything else."""
    if not text.isascii() or "=" in text:
        raise ValueError("not base64url without padding")
    raw = binascii.a2b_base64((text + "=" * (-len(text) % 4)).encode().translate(_TO_STD))
    # The last character's unused low bits are ignored by the decoder (and so are characters
    # outside the alphabet); requiring the round trip keeps one text per signature, so a
    # relayed event's bytes cannot be varied.
    if b64u(raw) != text:
        raise ValueError("not the canonical base64url text")
    return raw


def public_id(verify_key: bytes) -> str:
    """The text form of a 32-byte Ed25519 public key."""
    return _DID_PREFIX + _b58encode(_ED25519_PREFIX + verify_key)


_cache: dict[str, nacl.signing.VerifyKey] = {}


def parse_public_id(text: str) -> nacl.signing.VerifyKey:
    """The verify key named by a `did:key` text.

    Raises:
        IntegrityError: `bad_author` if the text is not an Ed25519 did:key.
    """
    key = _cache.get(text)
    if key is not None:
        return key
    try:
        if not text.startswith(_DID_PREFIX):
            raise ValueError("prefix")
        raw = _b58decode(text[len(_DID_PREFIX) :])
        if len(raw) != 34 or raw[:2] != _ED25519_PREFIX or public_id(raw[2:]) != text:
            raise ValueError("length")
        key = nacl.signing.VerifyKey(raw[2:])
    except (ValueError, KeyError, nacl.exceptions.CryptoError):
        raise IntegrityError("bad_author", f"{text[:80]!r} is not an Ed25519 did:key") from None
    if len(_cache) < 100_000:
        _cache[text] = key
    return key


def verify_signature(author: str, message: bytes, signature: str, path: str = "$.sig") -> None:
    """Check an Ed25519 signature (base64url text) by `author` over `message`.

    Raises:
        IntegrityError: `bad_author` or `bad_signature`.
    """
    key = parse_public_id(author)
    try:
        key.verify(message, _signature_bytes(signature))
    except (ValueError, nacl.exceptions.BadSignatureError):
        raise IntegrityError(
            "bad_signature", f"signature does not verify for {author}", path
        ) from None


#: The texts of 64-byte signatures: 86 characters, the last one's 4 unused bits zero. These
#: are exactly the texts `unb64u` takes back to 64 bytes.
_SIGNATURE_TEXT = re.compile("[A-Za-z0-9_-]{85}[AQgw]")


def _signature_bytes(text: str) -> bytes:
    """The 64 bytes of a signature text; raises ValueError on anything else."""
    # Every received event's signature is decoded: one match replaces the round trip.
    if type(text) is str and _SIGNATURE_TEXT.fullmatch(text) is not None:
        return binascii.a2b_base64(text.encode().translate(_TO_STD) + b"==")
    raw = unb64u(text)
    if len(raw) != 64:
        raise ValueError("length")
    return raw


class SigningKey:
    """An Ed25519 secret key with its public id."""

    __slots__ = ("_key", "public_id")

    def __init__(self, seed: bytes) -> None:
        self._key = nacl.signing.SigningKey(seed)
        self.public_id = public_id(bytes(self._key.verify_key))

    @classmethod
    def generate(cls) -> SigningKey:
        """A fresh random key."""
        return cls(bytes(nacl.signing.SigningKey.generate()))

    @property
    def seed(self) -> bytes:
        """The 32-byte secret seed (keep it private)."""
        return bytes(self._key)

    def sign(self, message: bytes) -> str:
        """Detached signature over `message`, as base64url text."""
        return b64u(self._key.sign(message).signature)

    def __repr__(self) -> str:
        return f"SigningKey({self.public_id})"
