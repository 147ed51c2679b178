"""Typed application keys shared by the HTTP modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from ..app import Node

NODE: web.AppKey[Node] = web.AppKey("node")
