"""The node's HTTP server: API, node card, health, and the web page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ..fediverse import routes as fediverse
from . import api, feeds, metrics, openapi, pages, problems, stream, views
from .keys import NODE

if TYPE_CHECKING:
    from ..app import Node

__all__ = ["make_app", "NODE"]


def make_app(node: Node) -> web.Application:
    """The aiohttp application for a running node."""
    app = web.Application(middlewares=[problems.middleware], client_max_size=256 * 1024)
    app[NODE] = node
    api.setup(app)
    views.setup(app)
    stream.setup(app)
    metrics.setup(app)
    openapi.setup(app)
    feeds.setup(app)
    pages.setup(app)
    fediverse.setup(app)
    return app
