"""What a feed needs to know about the request and the node serving it."""

from __future__ import annotations

import msgspec

__all__ = ["Context"]


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """The serving node's public URL and language, the requested language, and the time."""

    base: str
    node_id: str
    node_name: str
    node_lang: str
    lang: str | None = None
    #: RFC 3339 UTC time of the request, for feeds with nothing in them yet.
    now: str

    @property
    def want(self) -> str:
        """The language a reader asked for, else the node's own."""
        return self.lang or self.node_lang

    def event_url(self, event_id: str) -> str:
        """Where this node serves the signed event."""
        return f"{self.base}/api/v1/events/{event_id}"

    def feed_url(self, path: str, **query: str | int | None) -> str:
        """An absolute URL of one of this node's feeds, keeping the requested language."""
        params = {"lang": self.lang, **query}
        tail = "&".join(f"{k}={v}" for k, v in params.items() if v is not None)
        return f"{self.base}{path}" + (f"?{tail}" if tail else "")


def entry_urn(object_id: str) -> str:
    """The stable, node-independent identifier of an object in feeds (the same on every node)."""
    return f"urn:citymesh:event:{object_id}"
