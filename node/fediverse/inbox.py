"""The actor's inboxes: signed Follows and Undos are acted on, everything else is dropped.

A request is refused (401) unless its HTTP Signature, date and digest hold for the key of the
activity's actor; nothing of a refused request is stored. Of an accepted one only the
follower's id and inboxes are kept.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from ..errors import NodeError
from ..store.store import Store
from . import rfc9421, signatures
from .fetch import Refused, host_of
from .remote import Actors, RemoteActor
from .remote import object_id as _id
from .signatures import BadSignature

__all__ = ["Inbox", "MAX_BODY", "MAX_FOLLOWERS"]

log = logging.getLogger("citymesh.fediverse")

#: The largest activity read; a Follow is a few hundred bytes.
MAX_BODY = 64 * 1024
MAX_FOLLOWERS = 100_000


class Inbox:
    """Checks and handles one POST to an inbox; `receive` returns the HTTP status."""

    def __init__(
        self,
        store: Store,
        actors: Actors,
        actor_id: str,
        accept: Callable[[RemoteActor, dict[str, Any]], Awaitable[None]],
    ) -> None:
        self.store, self.actors, self.actor_id = store, actors, actor_id
        self._accept = accept
        self.rejected = 0
        #: Requests taken, by the kind of signature they carried.
        self.taken: Counter[str] = Counter()

    async def receive(
        self, method: str, path: str, url: str, headers: Any, body: bytes, peer: str
    ) -> int:
        """Handle a POST of `body` to `url` (`path`: its path and query) from `peer`."""
        try:
            # Fedify signs with RFC 9421 first, Mastodon with draft-cavage.
            scheme = rfc9421 if "Signature-Input" in headers else signatures
            incoming = signatures.Incoming(method, path, url, headers, body)
            params = scheme.check(incoming, time.time())
            actor = await self._signer(params)
            activity = json.loads(body)
            if not isinstance(activity, dict):
                raise BadSignature("bad_activity", "the body is not a JSON object")
            if _id(activity.get("actor")) != actor.id:
                raise BadSignature("wrong_actor", "the activity's actor did not sign it")
        # Refusals are raised as node errors: the HTTP layer answers them as problem+json.
        except BadSignature as exc:
            self.rejected += 1
            log.info("inbox refused a request from %s: %s", peer, exc.detail)
            raise
        except Refused as exc:
            self.rejected += 1
            log.info("inbox refused a request from %s: its key: %s", peer, exc.detail)
            if exc.code == "busy":
                raise NodeError("busy", exc.detail, status=503) from None
            raise BadSignature(
                "unknown_key", f"the signing key could not be read: {exc.detail}"
            ) from None
        except (ValueError, RecursionError):
            self.rejected += 1
            log.info("inbox refused a request from %s: the body is not JSON", peer)
            raise NodeError("bad_activity", "the body is not a JSON object", status=400) from None
        self.taken["rfc9421" if scheme is rfc9421 else "draft-cavage"] += 1
        kind = activity.get("type")
        if kind == "Follow" and _id(activity.get("object")) == self.actor_id:
            return await self._follow(actor, activity)
        if kind == "Undo" and isinstance(activity.get("object"), dict | str):
            return await self._undo(actor, activity)
        return 202  # anything else is not this node's business: taken and forgotten

    async def _signer(self, params: signatures.Params) -> RemoteActor:
        kept = self.actors.kept(params.key_id)
        actor = await self.actors.by_key(params.key_id)
        try:
            signatures.verify(params, actor.public_pem)
        except BadSignature:
            if not kept:
                raise
            # The key may have changed since it was kept: ask once more, then give up.
            actor = await self.actors.by_key(params.key_id, fresh=True)
            signatures.verify(params, actor.public_pem)
        return actor

    async def _follow(self, actor: RemoteActor, follow: dict[str, Any]) -> int:
        count = await self.store.read(
            lambda c: c.execute("SELECT COUNT(*) FROM fediverse_followers").fetchone()[0]
        )
        if count >= MAX_FOLLOWERS:
            log.warning("follow from %s refused: %d followers already", host_of(actor.id), count)
            return 503
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        await self.store.execute(
            "INSERT INTO fediverse_followers (actor, inbox, shared_inbox, since)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (actor) DO UPDATE SET"
            " inbox = excluded.inbox, shared_inbox = excluded.shared_inbox",
            (actor.id, actor.inbox, actor.shared_inbox, since),
        )
        await self._accept(actor, follow)
        log.info("%s follows this node", _short(actor.id))
        return 202

    async def _undo(self, actor: RemoteActor, undo: dict[str, Any]) -> int:
        inner = undo["object"]
        if isinstance(inner, dict) and inner.get("type") not in ("Follow", None):
            return 202  # an Undo of a Like or an Announce: nothing kept, nothing to undo
        if isinstance(inner, dict) and _id(inner.get("actor")) not in (None, actor.id):
            return 401
        await self.store.execute("DELETE FROM fediverse_followers WHERE actor = ?", (actor.id,))
        log.info("%s no longer follows this node", _short(actor.id))
        return 202


def _short(actor_id: str) -> str:
    """An actor for logs: its server and its last path segment, never a query."""
    try:
        parts = urlsplit(actor_id)
    except ValueError:
        return "?"
    return f"{parts.netloc}{parts.path}"[:200]
