"""Requests to other Fediverse servers: public addresses only, bounded in time and size.

Every address a name resolves to is checked before connecting (the check runs in the
resolver, so a name cannot resolve to a public address for the check and a private one for
the connection); literal addresses are checked before the request. Redirects are not
followed: an actor, a key or an inbox is where its URL says.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from ..errors import NodeError

__all__ = ["Refused", "SafeClient", "MAX_DOCUMENT", "host_of"]

log = logging.getLogger("citymesh.fediverse")

#: The largest actor or key document read; Mastodon's are a few kilobytes.
MAX_DOCUMENT = 256 * 1024
USER_AGENT = "citymesh (+https://www.w3.org/TR/activitypub/)"


class Refused(NodeError):
    """A request to another server was not made or failed (address, size, time, status)."""

    status = 502


def _allowed(address: str, allow_private: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_private:
        return not (ip.is_multicast or ip.is_unspecified or ip.is_reserved)
    return ip.is_global


class _NotPublic(OSError):
    """Raised by the resolver for a name with a non-public address."""


def _failed(url: str, exc: BaseException) -> Refused:
    if isinstance(getattr(exc, "os_error", None), _NotPublic):
        return Refused("private_address", f"{host_of(url)} resolves to a non-public address")
    return Refused("unreachable", f"cannot reach {host_of(url)}: {type(exc).__name__}")


class _PublicOnly(AbstractResolver):
    """Resolves names, and refuses those with an address outside the public Internet."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = DefaultResolver()
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        bad = [r["host"] for r in found if not _allowed(r["host"], self._allow_private)]
        if bad:  # one private address is enough to refuse: the name is not a public server
            raise _NotPublic(f"{host} resolves to a non-public address")
        return found

    async def close(self) -> None:
        await self._inner.close()


class SafeClient:
    """One HTTP client for every remote request of the node's actor."""

    def __init__(self, *, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self._timeout = aiohttp.ClientTimeout(total=timeout, sock_connect=min(timeout, 5.0))
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                resolver=_PublicOnly(self.allow_private), limit=32, limit_per_host=4
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                headers={"User-Agent": USER_AGENT},
                auto_decompress=False,  # a small compressed body must not become a large one
            )
        return self._session

    def check_url(self, url: str) -> None:
        """Refuse a URL that is not http(s), or whose literal address is not public.

        Raises:
            Refused: the URL may not be requested.
        """
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            raise Refused("bad_url", "not a URL") from None
        allowed = ("https", "http") if self.allow_private else ("https",)
        if parts.scheme not in allowed or not host or parts.username or parts.password:
            raise Refused("bad_url", f"only {' and '.join(allowed)} URLs with a host are fetched")
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            return  # a name: checked by the resolver when connecting
        if not _allowed(str(literal), self.allow_private):
            raise Refused("private_address", f"{host} is not a public address")

    async def get_json(self, url: str, headers: dict[str, str]) -> Any:
        """GET a JSON document of at most MAX_DOCUMENT bytes.

        Raises:
            Refused: not allowed, unreachable, too slow, too large, not 200, or not JSON.
        """
        self.check_url(url)
        try:
            async with self._open().get(url, headers=headers, allow_redirects=False) as resp:
                if resp.status != 200:
                    raise Refused("remote_status", f"{host_of(url)} answered {resp.status}")
                if resp.headers.get("Content-Encoding", "identity") != "identity":
                    raise Refused("remote_encoding", f"{host_of(url)} sent a compressed body")
                data = bytearray()
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    data += chunk
                    if len(data) > MAX_DOCUMENT:
                        raise Refused(
                            "too_large", f"{host_of(url)} sent more than {MAX_DOCUMENT} bytes"
                        )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise _failed(url, exc) from None
        try:
            return json.loads(data)
        except (ValueError, RecursionError):
            raise Refused("not_json", f"{host_of(url)} sent a document that is not JSON") from None

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """POST `body`; returns the status (the answer's body is not read).

        Raises:
            Refused: not allowed, unreachable or too slow.
        """
        self.check_url(url)
        try:
            async with self._open().post(
                url, data=body, headers=headers, allow_redirects=False
            ) as resp:
                return resp.status
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise _failed(url, exc) from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def host_of(url: str) -> str:
    """The host of a URL, for logs: never its path or query (they may carry tokens)."""
    try:
        return urlsplit(url).netloc[:200] or "?"
    except ValueError:
        return "?"
