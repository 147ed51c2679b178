"""The node's HTTP server: API, node card, health, and the web page."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import TYPE_CHECKING

from aiohttp import web

from ..fediverse import routes as fediverse
from . import (
    admin,
    api,
    calendar,
    edge,
    feeds,
    itempage,
    limits,
    mappage,
    metrics,
    natsws,
    openapi,
    pages,
    problems,
    stream,
    views,
)
from .keys import NODE
from .server import CONNECTIONS, Connections, serve

if TYPE_CHECKING:
    from ..app import Node

__all__ = ["make_app", "serve", "NODE"]


def make_app(node: Node) -> web.Application:
    """The aiohttp application for a running node."""
    conns = Connections()
    app = web.Application(
        middlewares=[conns.middleware, problems.middleware, limits.middleware, edge.middleware],
        client_max_size=limits.BODY_BYTES,
    )
    app[CONNECTIONS] = conns
    app[limits.WHOLE_READS] = asyncio.Semaphore(1)
    app[limits.WHOLE_READERS] = Counter()
    app[NODE] = node
    api.setup(app)
    admin.setup(app)
    views.setup(app)
    stream.setup(app)
    metrics.setup(app)
    openapi.setup(app)
    feeds.setup(app)
    pages.setup(app)
    fediverse.setup(app)
    itempage.setup(app)
    mappage.setup(app)
    calendar.setup(app)
    natsws.setup(app)
    return app
