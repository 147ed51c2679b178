"""Errors as RFC 9457 problem details, carrying the protocol's code and the field path."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from protocol import explain
from protocol.errors import ProtocolError

from ..errors import NodeError

__all__ = ["problem", "HTTPProblem", "middleware"]

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
    503: "Unavailable",
    507: "Insufficient storage",
}


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
        return problem(exc.status, exc.code, exc.detail)
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
