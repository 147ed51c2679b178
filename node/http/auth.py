"""The admin token rule: `Authorization: Bearer <token>`, compared in constant time."""

from __future__ import annotations

import hmac

from aiohttp import web

from .keys import NODE
from .problems import HTTPProblem

#: Where the token is, for whoever holds the machine: never the token itself.
UNAUTHORIZED = (
    "a valid admin token is required (Authorization: Bearer TOKEN): it is in the file"
    " admin.token in the node's home folder; `citymesh token HOME` writes a new one"
    " (restart the node after)"
)


def require_admin(request: web.Request) -> None:
    """Raise a 401 problem unless the request carries this node's admin token.

    An empty token never matches, even if the node's own were empty: the node refuses to
    start with one, and this check does not rely on that.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    expected = request.app[NODE].token.encode()
    given = token.strip().encode("utf-8", "replace")
    # compare_digest runs in time independent of where the values differ.
    matches = hmac.compare_digest(given, expected)
    if scheme.lower() != "bearer" or not given or not expected or not matches:
        raise HTTPProblem(401, "unauthorized", UNAUTHORIZED)
