"""Errors as RFC 9457 problem details, carrying the protocol's code and the field path."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgspec
from aiohttp import web

from protocol import explain
from protocol.errors import CODES as PROTOCOL_CODES
from protocol.errors import ProtocolError

from ..errors import NodeError

__all__ = ["CODES", "EVERY_ROUTE", "Problem", "problem", "HTTPProblem", "middleware"]

log = logging.getLogger("citymesh.http")

_TITLES = {
    500: "Internal error",
    400: "Bad request",
    401: "Unauthorized",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "Conflict",
    413: "Payload too large",
    414: "URI too long",
    422: "Invalid event",
    429: "Too many requests",
    503: "Unavailable",
    507: "Insufficient storage",
}


#: Every code the node's HTTP answers carry, with what it means: the protocol's own (an event
#: or body breaking a rule) and the node's. The OpenAPI document lists them, each route the ones
#: it answers (tests/node/test_openapi.py checks real answers against it).
CODES: dict[str, str] = {
    **PROTOCOL_CODES,
    "bad_parameter": "a query parameter is invalid: `path` names it, `detail` says what it takes",
    "bad_header": "a header is malformed or holds bytes that are not UTF-8 text",
    "bad_http": "the request is not valid HTTP/1.1",
    "line_too_long": "the request line or a header is longer than 8190 bytes",
    "query_too_long": "the query string is longer than 4096 bytes",
    "not_found": "no such route, file, event or item",
    "method_not_allowed": "the route does not take this method",
    "unauthorized": "the admin token is missing or wrong (Authorization: Bearer <token>)",
    "body_timeout": "the body did not arrive in time",
    "internal_error": "the node failed to answer (its log says why)",
    "unknown_feed": "no CSV feed of that name",
    "bad_request": "the request body is not of the route's shape (`detail` says which is)",
    "bad_batch": "a batch holds no event or more than a batch may (split the file)",
    "too_many_streams": "too many live streams, in all or from this client",
    "not_writer": "this process only serves the view; the writer process publishes",
    "writer_conflict": "another process publishes as this node",
    "storage_failed": "the disk refused a write; nothing of it was stored",
    "storage_full": "the disk holding the node's home is full",
    "bad_url": "url is not a peer's http(s) address",
    "bad_card": "the peer's card is missing, too large or invalid",
    "peer_unreachable": "the peer cannot be reached",
    "peer_timeout": "the peer did not send its card in time",
    "key_mismatch": "the peer presents another key than the one pinned for it",
    "not_following": "this node does not follow that author",
    "no_websocket": "the node's NATS server is external: connect to it directly",
    "nats_down": "the node's NATS server does not answer",
    "busy": "too many connections of this kind are open; try again later",
    "read_timeout": "the node could not read the answer in time (it may be catching up with a"
    " peer); ask again after the seconds in Retry-After",
    "too_many_reads": "this client already has as many reads of the whole view running or"
    " waiting as it may; ask again once one is answered",
    "fediverse_off": "this node is not on the Fediverse",
    "bad_activity": "the activity is not a JSON object",
    "bad_signature": "the request's HTTP signature does not verify",
    "unknown_key": "the request's signing key could not be read",
    "unsigned": "the request carries no HTTP signature",
    "unsupported_signature": "the request's signature uses an algorithm not accepted",
    "bad_date": "the request's Date is missing, malformed, too old or the signature expired",
    "bad_digest": "the request's body digest does not match the body",
    "wrong_actor": "the activity's actor did not sign it",
}

#: Codes any route may answer, whatever it does: the checks every request passes first.
EVERY_ROUTE: dict[int, tuple[str, ...]] = {
    400: ("bad_header", "bad_parameter"),
    414: ("query_too_long",),
    500: ("internal_error",),
    503: ("read_timeout",),
}


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details with the code of `CODES` and the path of the field at fault."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    path: str | None = None


class HTTPProblem(Exception):
    """Raised by handlers; rendered by the middleware."""

    def __init__(self, status: int, code: str, detail: str, path: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.path = status, code, detail, path


def problem(
    status: int, code: str, detail: str, path: str | None = None, **extra: Any
) -> web.Response:
    body: dict[str, Any] = {
        "type": f"urn:citymesh:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if path:
        body["path"] = path
    body.update(extra)
    return web.json_response(body, status=status, content_type="application/problem+json")


@web.middleware
async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except HTTPProblem as exc:
        return problem(exc.status, exc.code, exc.detail, exc.path)
    except ProtocolError as exc:
        return problem(422, exc.code, exc.detail, exc.path, errors=explain.errors(exc))
    except NodeError as exc:
        answer = problem(exc.status, exc.code, exc.detail)
        if exc.retry_after is not None:
            answer.headers["Retry-After"] = str(exc.retry_after)
        return answer
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status, "http_error"
        )
        detail = {
            404: "no such page or API route; the routes are listed at /api/v1/openapi.json",
            405: f"{request.method[:20]} is not allowed here; see /api/v1/openapi.json",
        }.get(exc.status, exc.reason)
        return problem(exc.status, code, detail)
    except (asyncio.CancelledError, ConnectionResetError):
        raise  # the client went away: nothing to answer
    except Exception:
        # A bug, not bad input: log it for the operator, tell the client only that it happened.
        log.exception("unhandled error in %s %s", request.method, request.path)
        return problem(500, "internal_error", "the node failed to answer this request")
