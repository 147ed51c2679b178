"""The node card (SPEC §T.2): what `/.well-known/citymesh` tells a follower.

The shape and its bounds live here, beside the envelope, because a second implementation
reads and serves the same card; the node's runtime builds it and the web layer serves it.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

__all__ = ["Card", "CardNats", "STREAM", "PEER_INBOX_PREFIX"]

#: The JetStream stream every node keeps its events in (SPEC §T.1).
STREAM = "CITYMESH"
#: The inbox prefix peers must use, the only one their read-only credentials allow (§T.3).
PEER_INBOX_PREFIX = "_CMPEER"

#: Bounds on what a card may carry (a follower bounds the card's whole size too).
_Short = Annotated[str, msgspec.Meta(max_length=256)]
_Url = Annotated[str, msgspec.Meta(max_length=2048)]


class CardNats(msgspec.Struct):
    urls: Annotated[list[_Url], msgspec.Meta(max_length=16)]
    user: _Short
    password: _Short
    stream: _Short = STREAM
    inbox_prefix: _Short = PEER_INBOX_PREFIX


class Card(msgspec.Struct):
    """What a peer's `/.well-known/citymesh` tells a follower."""

    id: _Short
    name: Annotated[str, msgspec.Meta(max_length=1024)]
    http_url: _Url
    nats: CardNats
    profile: dict[str, Any]
