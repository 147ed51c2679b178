"""The HTTP fuzzer, shared by the CI test and `tests/soak/httpfuzz.py`: requests generated from
the node's own OpenAPI document, every parameter drawn from valid values and hostile ones, sent
byte for byte over a raw socket so nothing is cleaned up on the way.

A request is a valid HTTP/1.1 message (the framing is the parser's business); everything inside
it, path, query, headers and body, is fair game.
"""

from __future__ import annotations

import json
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_from_bytes, urlsplit

from hypothesis import strategies as st

#: Values that broke nodes before, or that break parsers in general.
HOSTILE: list[bytes] = [
    b"",
    b"0",
    b"-1",
    b"1.5",
    b"1e3",
    b"0x10",
    b"1_000",
    b" 7 ",
    b"+5",
    str(2**63).encode(),
    str(2**64 + 1).encode(),
    str(-(2**63) - 1).encode(),
    b"9" * 40,
    b"9" * 5000,
    "\u0661\u0662".encode(),  # Arabic-Indic digits: int() takes them
    b"\x00",
    b"a\x00b",
    b"\xff\xfe",
    b"\xc3\x28",
    "\u00e9\u4e2d\U0001f600".encode(),
    b'"',
    b'"unterminated',
    b"NEAR(a b)",
    b"a OR b",
    b"a*",
    b"^a",
    b"title:x",
    b"-a",
    b"(",
    b"AND",
    b"*",
    b"%",
    b"%00",
    b"\\",
    b"'; DROP TABLE events; --",
    b"x" * 600,
    b"y" * 20_000,
    b"a " * 300,
    b"true",
    b"null",
    b"[]",
    b"{}",
    b"did:key:z6Mk" + b"1" * 44,
    b"../../etc/passwd",
    b"2024-13-45",
    b"9999-99-99T99:99",
    b"ab" * 32,
]

#: Header values: parseable field values (no CR, LF or NUL), odd inside.
HOSTILE_HEADERS: list[bytes] = [
    b"Bearer \xff\xfe\xfd",
    b"Bearer \xc3\xa9t\xc3\xa9",
    "Bearer caf\u00e9".encode("latin-1"),
    b"Bearer",
    b"Bearer ",
    b"Basic YWRtaW46YWRtaW4=",
    b"bearer " + b"t" * 7000,
    b"\x80\x81",
    b"*",
    b'W/"x", "y"',
    str(2**64).encode(),
    b"-5",
    b"\xd9\xa1",
]

HEADER_NAMES = [
    b"Authorization",
    b"Last-Event-ID",
    b"If-None-Match",
    b"Accept",
    b"Accept-Language",
    b"Content-Type",
    b"X-Forwarded-For",
    b"Cookie",
    b"Range",
    b"Origin",
]

OTHER_METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "FOO", "HEAD", "POST"]
CONTENT_TYPES = [b"application/json", b"text/plain", b"application/x-www-form-urlencoded", b"\xff"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

#: Follow targets that answer (refused) at once: a `follow` of a silent server is another test's.
FOLLOW_URLS = [
    "",
    "x",
    "ftp://127.0.0.1/",
    "http://[::1",
    "http://",
    "\u00e9" * 3000,
    "http://a b/",
]


@dataclass
class Request:
    method: str
    target: bytes
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def wire(self, host: bytes) -> bytes:
        lines = [self.method.encode() + b" " + self.target + b" HTTP/1.1", b"Host: " + host]
        lines += [name + b": " + value for name, value in self.headers]
        lines += [b"Content-Length: %d" % len(self.body), b"Connection: close", b"", b""]
        return b"\r\n".join(lines) + self.body


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def send(base: str, request: Request, timeout: float = 30) -> Response:
    """Send one request over a fresh connection; read the whole answer (Connection: close)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request.wire(parts.netloc.encode()))
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
            if b"\r\n\r\n" in raw and b"text/event-stream" in raw.partition(b"\r\n\r\n")[0]:
                break  # a live stream never ends: its head is the answer
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    if headers.get("content-type", "").startswith("text/event-stream"):
        body = b""
    elif headers.get("transfer-encoding") == "chunked":
        body = _dechunk(body)
    return Response(status, headers, body)


def _dechunk(data: bytes) -> bytes:
    out, i = [], 0
    while True:
        end = data.index(b"\r\n", i)
        size = int(data[i:end].split(b";")[0], 16)
        if size == 0:
            return b"".join(out)
        out.append(data[end + 2 : end + 2 + size])
        i = end + 2 + size + 2


def _value(schema: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """A parameter value: valid by its schema about half the time, else hostile."""
    valid: st.SearchStrategy[bytes]
    if schema.get("type") == "integer":
        lo, hi = schema.get("minimum", -(2**31)), schema.get("maximum", 2**31)
        valid = st.integers(lo, hi).map(lambda n: str(n).encode())
    elif "enum" in schema:
        valid = st.sampled_from([str(v).encode() for v in schema["enum"]])
    else:
        valid = st.text(max_size=20).map(lambda s: s.encode())
    return st.one_of(valid, st.sampled_from(HOSTILE), st.binary(max_size=40))


def _body(path: str, schema: dict[str, Any] | None) -> st.SearchStrategy[bytes]:
    raw = st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=200))
    shaped: st.SearchStrategy[Any]
    if path.endswith("/follow"):
        shaped = st.fixed_dictionaries(
            {"url": st.sampled_from(FOLLOW_URLS)},
            optional={"all": json_values, "author": json_values},
        )
    elif path.endswith("/unfollow"):
        shaped = st.fixed_dictionaries({"author": json_values})
    else:
        shaped = st.fixed_dictionaries(
            {"kind": st.sampled_from(["initiative", "meeting", "x", ""]) | json_values},
            optional={"body": json_values, "extra": json_values},
        )
    encoded = shaped.map(
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    return st.one_of(encoded, raw, json_values.map(lambda v: json.dumps(v).encode()))


def _path(template: str, values: dict[str, bytes]) -> bytes:
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", quote_from_bytes(value, safe=""))
    return out.encode()


@st.composite
def _request(draw: st.DrawFn, op: dict[str, Any], token: str) -> Request:
    path_values: dict[str, bytes] = {}
    query: list[tuple[bytes, bytes]] = []
    headers: list[tuple[bytes, bytes]] = []
    for param in op["parameters"]:
        value = draw(_value(param.get("schema", {})))
        where = param["in"]
        if where == "path":
            path_values[param["name"]] = value or b"x"
        elif draw(st.booleans()):
            if where == "query":
                query.append((param["name"].encode(), value))
            elif where == "header":
                headers.append((param["name"].encode(), _header_safe(value)))
    if draw(st.integers(0, 9)) == 0:  # a parameter the route does not know, or one twice
        query.append((draw(st.sampled_from(HOSTILE)) or b"z", draw(st.sampled_from(HOSTILE))))
    target = _path(op["path"], path_values)
    if query:
        target += b"?" + b"&".join(
            quote_from_bytes(k, safe="").encode() + b"=" + quote_from_bytes(v, safe="").encode()
            for k, v in query
        )
    if op["admin"] and draw(st.integers(0, 3)) > 0:
        headers.append((b"Authorization", b"Bearer " + token.encode()))
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(HEADER_NAMES))
        headers.append(
            (
                name,
                draw(st.sampled_from(HOSTILE_HEADERS) | st.sampled_from(HOSTILE).map(_header_safe)),
            )
        )
    body = b""
    if op["method"] in ("POST", "PUT", "PATCH"):
        body = draw(_body(op["path"], op.get("body")))
        headers.append((b"Content-Type", draw(st.sampled_from(CONTENT_TYPES))))
    # One of each: a repeated Content-Type or Host is a framing error, answered by the parser.
    unique = {name.lower(): (name, value) for name, value in headers}
    method = op["method"]
    if draw(st.integers(0, 9)) == 0:  # a method the route does not take
        method = draw(st.sampled_from(OTHER_METHODS))
    return Request(method, target, list(unique.values()), body)


def _header_safe(value: bytes) -> bytes:
    # CR, LF and NUL end or break a header line: that is framing, not a value.
    return re.sub(rb"[\r\n\x00]", b"", value)[:7000]


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every (method, path) of the document with its parameters."""
    ops = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            if method == "head":
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "parameters": op.get("parameters", []),
                    "admin": bool(op.get("security")),
                    "body": body.get("schema"),
                }
            )
    return ops


def requests(document: dict[str, Any], token: str) -> st.SearchStrategy[Request]:
    """Requests over every operation of the document."""
    return st.one_of([_request(op, token) for op in operations(document)])


class Fuzzer:
    """Sends requests to a running node and checks every answer."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.sent = 0
        self.by_status: dict[int, int] = {}
        self.slowest = 0.0

    def document(self) -> dict[str, Any]:
        answer = send(self.base, Request("GET", b"/api/v1/openapi.json"))
        assert answer.status == 200, answer
        return dict(json.loads(answer.body))

    def check(self, request: Request) -> None:
        """Never a 5xx; every 4xx a problem+json with its code; never the token in an answer."""
        started = time.monotonic()
        answer = send(self.base, request)
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.sent += 1
        self.by_status[answer.status] = self.by_status.get(answer.status, 0) + 1
        shown = (request.method, request.target[:200], request.headers, request.body[:200])
        assert answer.status < 500, (shown, answer.status, answer.body[:500])
        if answer.status >= 400:
            ctype = answer.headers.get("content-type", "")
            assert ctype.startswith("application/problem+json"), (shown, answer)
            if request.method == "HEAD":  # the head of the problem, without its body
                return
            problem = json.loads(answer.body)
            assert isinstance(problem.get("code"), str) and problem["code"], (shown, problem)
            assert problem["status"] == answer.status, (shown, problem)
            assert "Traceback" not in problem["detail"], (shown, problem)
        assert self.token.encode() not in answer.body, shown

    def healthy(self) -> bool:
        return send(self.base, Request("GET", b"/healthz"), timeout=5).status == 200

    def figures(self) -> dict[str, Any]:
        return {
            "requests": self.sent,
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "slowest_s": round(self.slowest, 3),
        }
