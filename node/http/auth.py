"""The admin token rule: `Authorization: Bearer <token>`, compared in constant time."""

from __future__ import annotations

import hmac

from aiohttp import web

from .keys import NODE
from .problems import HTTPProblem


def require_admin(request: web.Request) -> None:
    """Raise a 401 problem unless the request carries this node's admin token."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    expected = request.app[NODE].token
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), expected.encode()
    ):
        raise HTTPProblem(401, "unauthorized", "a valid admin token is required (Bearer)")
