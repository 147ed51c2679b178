"""NATS names: each node's stream and the subjects its events travel on (SPEC.md §Transport)."""

from __future__ import annotations

from protocol import card

__all__ = [
    "STREAM",
    "PEER_USER",
    "PEER_INBOX_PREFIX",
    "event_subject",
    "live_subject",
    "live_wildcard",
    "event_wildcard",
    "author_token",
    "direct_get_api",
]

STREAM = card.STREAM
PREFIX = "cm"
PEER_USER = "peer"
#: Peers use their own inbox prefix, so they cannot read the node's own API replies.
PEER_INBOX_PREFIX = card.PEER_INBOX_PREFIX


def author_token(author: str) -> str:
    """The subject token for an author: the did:key without its `did:key:` prefix."""
    return author.rsplit(":", 1)[-1]


def event_subject(author: str) -> str:
    return f"{PREFIX}.e.{author_token(author)}"


def event_wildcard() -> str:
    return f"{PREFIX}.e.>"


def live_subject(author: str) -> str:
    return f"{PREFIX}.live.{author_token(author)}"


def live_wildcard() -> str:
    return f"{PREFIX}.live.>"


def direct_get_api(stream: str = STREAM) -> str:
    return f"$JS.API.DIRECT.GET.{stream}"
