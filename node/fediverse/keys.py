"""The node's RSA key for HTTP Signatures: the key the Fediverse expects, beside its Ed25519 one.

Kept in the node's home as `fediverse.key` (PEM, mode 0600), made on first use. It signs only
HTTP requests to other Fediverse servers; the node's events are still signed by `node.key`.

`cryptography` is imported on first use too: it is about 7 MB of a node's memory, which a node
nobody reaches from the Fediverse never needs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import ConfigError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = ["ActorKey", "load_or_create", "verify_rsa"]

FILE = "fediverse.key"


class ActorKey:
    """An RSA-2048 private key and its public half as the PEM an actor document carries."""

    def __init__(self, private: rsa.RSAPrivateKey) -> None:
        from cryptography.hazmat.primitives import serialization

        self._private = private
        self.public_pem = (
            private.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )

    def sign(self, message: bytes) -> bytes:
        """RSASSA-PKCS1-v1_5 with SHA-256, as `rsa-sha256` HTTP Signatures use."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        return self._private.sign(message, padding.PKCS1v15(), hashes.SHA256())

    def __repr__(self) -> str:
        return "ActorKey(RSA-2048)"


def load_or_create(home: Path) -> ActorKey:
    """The key in `home`; a new one if there is none (written once, readable only by its owner).

    Raises:
        ConfigError: the file exists but does not hold an RSA private key.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    path = home / FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Written whole beside it, then linked in place: a crash or a full disk never leaves
        # a partial key, and of two processes starting at once the first link wins.
        tmp = path.with_name(f".{FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
            os.link(tmp, path)
        except FileExistsError:
            return load_or_create(home)
        finally:
            tmp.unlink(missing_ok=True)
        return ActorKey(private)
    try:
        loaded = serialization.load_pem_private_key(data, password=None)
    except ValueError:
        raise ConfigError(
            f"{path} does not hold a PEM private key; move it away to make a new one"
        ) from None
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise ConfigError(f"{path} holds a key that is not RSA; move it away to make a new one")
    return ActorKey(loaded)


def verify_rsa(public_pem: str, message: bytes, signature: bytes) -> bool:
    """True if `signature` is an RSASSA-PKCS1-v1_5 SHA-256 signature of `message` by the key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 1024 or key.key_size > 8192:
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True
