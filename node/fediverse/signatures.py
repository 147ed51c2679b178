"""HTTP Signatures as Mastodon uses them (draft-cavage-http-signatures-12), and `Digest`.

A signed POST covers `(request-target) host date digest`; a signed GET `(request-target) host
date`. A request is checked in order of cost: the header's shape, the date's window and the
body's digest first (no key needed), then the key's signature.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime
from urllib.parse import urlsplit

import msgspec

from ..errors import NodeError
from .keys import ActorKey, verify_rsa

__all__ = ["BadSignature", "Params", "digest", "sign", "check", "verify", "PAST", "FUTURE"]

#: How old a request's Date may be, and how far ahead of this node's clock, in seconds.
PAST, FUTURE = 3600.0, 300.0
_MAX_HEADER = 4096
_PAIR = re.compile(r'\s*([A-Za-z]+)="([^"]*)"\s*(?:,|$)')
_ALGORITHMS = ("rsa-sha256", "hs2019")


class BadSignature(NodeError):
    """A request's signature, date or digest does not hold; `detail` names which."""

    status = 401


class Params(msgspec.Struct, frozen=True):
    """A parsed `Signature` header."""

    key_id: str
    headers: tuple[str, ...]
    signature: bytes
    created: str | None = None


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


def _parse(header: str) -> Params:
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
    return Params(pairs["keyId"], names, signature, pairs.get("created"))


def _date(headers: Mapping[str, str], now: float) -> None:
    raw = headers.get("Date")
    if raw is None:
        raise BadSignature("bad_date", "the request has no Date header")
    try:
        at = parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError):
        raise BadSignature("bad_date", "the Date header is not an HTTP date") from None
    if at < now - PAST or at > now + FUTURE:
        raise BadSignature("bad_date", "the Date header is outside the accepted window")


def check(
    method: str, headers: Mapping[str, str], body: bytes | None, now: float | None = None
) -> Params:
    """Everything about a request that needs no key: the header, the signed headers, the date
    and the digest of `body` (for a POST). Returns the parsed signature for `verify`.

    Raises:
        BadSignature: what is missing or wrong, in one line.
    """
    header = headers.get("Signature")
    if header is None:
        if "Signature-Input" in headers:
            raise BadSignature("unsupported_signature", "only draft-cavage HTTP Signatures")
        raise BadSignature("unsigned", "the request has no Signature header")
    params = _parse(header)
    needed = {"(request-target)", "host", "date"} | ({"digest"} if body is not None else set())
    if not needed <= set(params.headers):
        missing = " ".join(sorted(needed - set(params.headers)))
        raise BadSignature("bad_signature", f"the signature does not cover: {missing}")
    _date(headers, time.time() if now is None else now)
    if body is not None:
        sent = {
            algo.strip().upper(): value.strip()
            for algo, _, value in (p.partition("=") for p in headers.get("Digest", "").split(","))
        }
        if sent.get("SHA-256") != digest(body)[len("SHA-256=") :]:
            raise BadSignature("bad_digest", "the Digest header does not match the body")
    return params


def verify(params: Params, method: str, path: str, headers: Mapping[str, str], pem: str) -> None:
    """Check the signature itself with the signer's public key `pem`.

    Raises:
        BadSignature: a signed header is missing, or the signature does not match.
    """
    lines = []
    for name in params.headers:
        if name == "(request-target)":
            value = _target(method, path)
        elif name == "(created)" and params.created is not None:
            value = params.created
        else:
            got = headers.get(name)
            if got is None:
                raise BadSignature("bad_signature", f"the signed header {name[:40]} is missing")
            value = got
        lines.append(f"{name}: {value}")
    if not verify_rsa(pem, "\n".join(lines).encode("utf-8"), params.signature):
        raise BadSignature("bad_signature", "the signature does not match the key")
