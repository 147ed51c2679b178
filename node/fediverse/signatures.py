"""HTTP Signatures as Mastodon uses them (draft-cavage-http-signatures-12), and `Digest`.

A signed POST covers `(request-target) host date digest`; a signed GET `(request-target) host
date`. A request is checked in order of cost: the header's shape, the date's window and the
body's digest first (no key needed), then the key's signature.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urlsplit

import msgspec

from ..errors import NodeError
from .keys import ActorKey, verify_rsa

__all__ = [
    "BadSignature",
    "Incoming",
    "Params",
    "window",
    "digest",
    "sign",
    "check",
    "verify",
    "PAST",
    "FUTURE",
]

#: How old a request's Date may be, and how far ahead of this node's clock, in seconds.
PAST, FUTURE = 3600.0, 300.0
_MAX_HEADER = 4096
_PAIR = re.compile(r'\s*([A-Za-z]+)="([^"]*)"\s*(?:,|$)')
_ALGORITHMS = ("rsa-sha256", "hs2019")


class BadSignature(NodeError):
    """A request's signature, date or digest does not hold; `detail` names which."""

    status = 401


class Params(msgspec.Struct, frozen=True):
    """A request's signature, checked in all but the key: who signed, and what."""

    key_id: str
    signature: bytes
    #: The bytes the signature covers (the signing string, or RFC 9421's signature base).
    message: bytes


def digest(body: bytes) -> str:
    """The `Digest` header of `body` (RFC 3230, SHA-256)."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def _target(method: str, path: str) -> str:
    return f"{method.lower()} {path}"


def sign(
    key: ActorKey,
    key_id: str,
    method: str,
    url: str,
    body: bytes | None,
    now: float | None = None,
) -> dict[str, str]:
    """The headers that sign a request to `url` (with `body` for a POST), dated `now`."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Host": parts.netloc, "Date": formatdate(now, usegmt=True)}
    if body is not None:
        headers["Digest"] = digest(body)
    names = ["(request-target)", "host", "date"] + (["digest"] if body is not None else [])
    lines = [_target(method, path)] + [headers[n.title()] for n in names[1:]]
    signed = "\n".join(f"{n}: {v}" for n, v in zip(names, lines, strict=True))
    signature = base64.b64encode(key.sign(signed.encode("utf-8"))).decode("ascii")
    headers["Signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{signature}"'
    )
    return headers


def _parse(header: str) -> tuple[str, tuple[str, ...], bytes, str | None]:
    if len(header) > _MAX_HEADER:
        raise BadSignature("bad_signature", "the Signature header is too long")
    pairs: dict[str, str] = {}
    pos = 0
    while pos < len(header):
        m = _PAIR.match(header, pos)
        if m is None or m.end() == pos:
            raise BadSignature("bad_signature", 'the Signature header is not key="value" pairs')
        pairs[m.group(1)] = m.group(2)
        pos = m.end()
    if pairs.get("algorithm", "hs2019") not in _ALGORITHMS:
        raise BadSignature("bad_signature", "only rsa-sha256 and hs2019 signatures are accepted")
    if "keyId" not in pairs or "signature" not in pairs:
        raise BadSignature("bad_signature", "the Signature header has no keyId or signature")
    try:
        signature = base64.b64decode(pairs["signature"], validate=True)
    except ValueError:
        raise BadSignature("bad_signature", "the signature is not base64") from None
    names = tuple(pairs.get("headers", "date").lower().split())
    return pairs["keyId"], names, signature, pairs.get("created")


def _date(headers: Mapping[str, str], now: float) -> None:
    raw = headers.get("Date")
    if raw is None:
        raise BadSignature("bad_date", "the request has no Date header")
    try:
        at = parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError):
        raise BadSignature("bad_date", "the Date header is not an HTTP date") from None
    window(at, now, "the Date header")


def window(at: float, now: float, what: str) -> None:
    """Refuse a request made outside the accepted window around `now`."""
    if at < now - PAST or at > now + FUTURE:
        raise BadSignature("bad_date", f"{what} is outside the accepted window")


class Incoming(NamedTuple):
    """A request to check: `url` is its full public URL, `path` its path and query."""

    method: str
    path: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None


def check(req: Incoming, now: float) -> Params:
    """Everything about a request that needs no key: the header, what it covers, the date
    and the digest of the body (for a POST).

    Raises:
        BadSignature: what is missing or wrong, in one line.
    """
    method, path, _, headers, body = req
    header = headers.get("Signature")
    if header is None:
        raise BadSignature("unsigned", "the request has no Signature header")
    key_id, names, signature, created = _parse(header)
    needed = {"(request-target)", "host", "date"} | ({"digest"} if body is not None else set())
    if not needed <= set(names):
        missing = " ".join(sorted(needed - set(names)))
        raise BadSignature("bad_signature", f"the signature does not cover: {missing}")
    _date(headers, now)
    if body is not None:
        sent = {
            algo.strip().upper(): value.strip()
            for algo, _, value in (p.partition("=") for p in headers.get("Digest", "").split(","))
        }
        if sent.get("SHA-256") != digest(body)[len("SHA-256=") :]:
            raise BadSignature("bad_digest", "the Digest header does not match the body")
    lines = []
    for name in names:
        if name == "(request-target)":
            value = _target(method, path)
        elif name == "(created)" and created is not None:
            value = created
        else:
            got = headers.get(name)
            if got is None:
                raise BadSignature("bad_signature", f"the signed header {name[:40]} is missing")
            value = got.strip()
        lines.append(f"{name}: {value}")
    return Params(key_id, signature, "\n".join(lines).encode("utf-8"))


def verify(params: Params, pem: str) -> None:
    """Check the signature itself with the signer's public key `pem`.

    Raises:
        BadSignature: the signature does not match.
    """
    if not verify_rsa(pem, params.message, params.signature):
        raise BadSignature("bad_signature", "the signature does not match the key")
