"""HTTP Message Signatures (RFC 9421) on requests, as Fedify sends them first.

Only what ActivityPub servers use is read: one signature (the first label), `rsa-v1_5-sha256`,
components that are derived ones or header names without parameters, and `Content-Digest`
(RFC 9530) with `sha-256`. Anything else is refused; the sender then falls back to
draft-cavage signatures (signatures.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from .signatures import BadSignature, Incoming, Params, window

__all__ = ["check"]

_MAX_HEADER = 4096
_LABEL = re.compile(r"\s*([a-z*][a-z0-9_.*-]*)=")
_STRING = r'"((?:[^"\\]|\\["\\])*)"'
_COMPONENT = re.compile(r"\s*" + _STRING)
_PARAM = re.compile(r";([a-z*][a-z0-9_.*-]*)=(?:" + _STRING + r"|(-?\d{1,15}))")
_SIGNATURE = re.compile(r"\s*([a-z*][a-z0-9_.*-]*)=:([A-Za-z0-9+/=]*):\s*(?:,|$)")


def _unquote(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _input(header: str) -> tuple[str, list[str], dict[str, str | int], str]:
    """The first signature's label, components, parameters and its serialization."""
    m = _LABEL.match(header)
    if m is None or header[m.end() : m.end() + 1] != "(":
        raise BadSignature("bad_signature", "Signature-Input is not a list of components")
    label, pos = m.group(1), m.end() + 1
    start = m.end()
    components: list[str] = []
    while True:
        c = _COMPONENT.match(header, pos)
        if c is None:
            break
        components.append(_unquote(c.group(1)))
        pos = c.end()
    if header[pos : pos + 1] != ")":
        raise BadSignature("bad_signature", "Signature-Input components are not plain names")
    pos += 1
    params: dict[str, str | int] = {}
    while (p := _PARAM.match(header, pos)) is not None:
        params[p.group(1)] = _unquote(p.group(2)) if p.group(2) is not None else int(p.group(3))
        pos = p.end()
    return label, components, params, header[start:pos]


def _signature(header: str, label: str) -> bytes:
    pos = 0
    while (m := _SIGNATURE.match(header, pos)) is not None and m.end() > pos:
        if m.group(1) == label:
            try:
                return base64.b64decode(m.group(2), validate=True)
            except ValueError:
                break
        pos = m.end()
    raise BadSignature("bad_signature", f"the Signature header has no signature {label[:20]}")


def _content_digest(headers: Mapping[str, str], body: bytes) -> None:
    want = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
    for part in headers.get("Content-Digest", "").split(","):
        algo, _, value = part.strip().partition("=")
        if algo.lower() == "sha-256" and value.strip() == f":{want}:":
            return
    raise BadSignature("bad_digest", "the Content-Digest header does not match the body")


def _value(component: str, method: str, url: str, headers: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    derived = {
        "@method": method.upper(),
        "@target-uri": url,
        "@authority": parts.netloc.lower(),
        "@scheme": parts.scheme,
        "@path": parts.path or "/",
        "@query": query or "?",
        "@request-target": (parts.path or "/") + query,
    }
    if component in derived:
        return derived[component]
    if component.startswith("@"):
        raise BadSignature("bad_signature", f"the component {component[:30]} is not supported")
    got = headers.get(component)
    if got is None:
        raise BadSignature("bad_signature", f"the signed header {component[:40]} is missing")
    return got.strip()


def check(req: Incoming, now: float) -> Params:
    """What `signatures.check` does, for an RFC 9421 signature.

    Raises:
        BadSignature: what is missing or wrong, in one line.
    """
    method, _, url, headers, body = req
    raw_input, raw_signature = headers.get("Signature-Input", ""), headers.get("Signature", "")
    if len(raw_input) > _MAX_HEADER or len(raw_signature) > _MAX_HEADER:
        raise BadSignature("bad_signature", "the signature headers are too long")
    label, components, params, serialized = _input(raw_input)
    signature = _signature(raw_signature, label)
    if params.get("alg", "rsa-v1_5-sha256") != "rsa-v1_5-sha256":
        raise BadSignature("unsupported_signature", "only rsa-v1_5-sha256 signatures")
    key_id, created = params.get("keyid"), params.get("created")
    if not isinstance(key_id, str) or not isinstance(created, int):
        raise BadSignature("bad_signature", "Signature-Input has no keyid or created")
    covered = set(components)
    needed = [
        ("@method",),
        ("@target-uri", "@request-target", "@path"),
        ("@authority", "host"),
    ] + ([("content-digest",)] if body is not None else [])
    missing = [n[0] for n in needed if not covered & set(n)]
    if missing:
        raise BadSignature("bad_signature", f"the signature does not cover: {' '.join(missing)}")
    window(float(created), now, "the signature's created time")
    expires = params.get("expires")
    if isinstance(expires, int) and expires < now:
        raise BadSignature("bad_date", "the signature has expired")
    if body is not None:
        _content_digest(headers, body)
    lines = [f'"{c}": {_value(c, method, url, headers)}' for c in components]
    lines.append(f'"@signature-params": {serialized}')
    return Params(key_id, signature, "\n".join(lines).encode("utf-8"))
