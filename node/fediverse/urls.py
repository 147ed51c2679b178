"""Where the node's actor and its collections live, and its account name."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import msgspec

__all__ = ["Urls", "handle_of"]


def handle_of(name: str) -> str:
    """An account name from a node's name: `Câmara de Lisboa` → `camara_de_lisboa`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    return slug[:64] or "city"


class Urls(msgspec.Struct, frozen=True):
    """The URLs of one node's actor, from its public HTTP URL."""

    base: str
    handle: str

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc

    @property
    def acct(self) -> str:
        return f"{self.handle}@{self.host}"

    @property
    def actor(self) -> str:
        return f"{self.base}/fediverse/actor"

    @property
    def key_id(self) -> str:
        return f"{self.actor}#main-key"

    @property
    def inbox(self) -> str:
        return f"{self.actor}/inbox"

    @property
    def shared_inbox(self) -> str:
        return f"{self.base}/fediverse/inbox"

    @property
    def outbox(self) -> str:
        return f"{self.actor}/outbox"

    @property
    def followers(self) -> str:
        return f"{self.actor}/followers"

    @property
    def following(self) -> str:
        return f"{self.actor}/following"

    def object(self, object_id: str) -> str:
        return f"{self.base}/fediverse/objects/{object_id}"

    def activity(self, event_id: str) -> str:
        return f"{self.base}/fediverse/activities/{event_id}"

    def event(self, event_id: str) -> str:
        """The signed event itself."""
        return f"{self.base}/api/v1/events/{event_id}"

    def page(self, object_id: str) -> str:
        """The item on the node's page."""
        return f"{self.base}/#{object_id}"
