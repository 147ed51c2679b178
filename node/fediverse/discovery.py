"""WebFinger (RFC 7033) and NodeInfo 2.1: how Fediverse servers find a node's actor."""

from __future__ import annotations

from typing import Any

from .urls import Urls

__all__ = ["webfinger", "nodeinfo_links", "nodeinfo", "NODEINFO", "NODEINFO_TYPE"]

NODEINFO = "http://nodeinfo.diaspora.software/ns/schema/2.1"
NODEINFO_TYPE = f'application/json; profile="{NODEINFO}#"'


def webfinger(urls: Urls, resource: str) -> dict[str, Any] | None:
    """The JRD for `resource` (`acct:NAME@HOST`, the actor's URL or the page), or None."""
    known = {urls.actor, urls.base, urls.base + "/"}
    if resource.lower().startswith("acct:"):
        user, _, host = resource[5:].rpartition("@")
        if user.lower() != urls.handle.lower() or host.lower() != urls.host.lower():
            return None
    elif resource not in known:
        return None
    return {
        "subject": f"acct:{urls.acct}",
        "aliases": [urls.actor, urls.base + "/"],
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": urls.actor},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": urls.base + "/",
            },
        ],
    }


def nodeinfo_links(urls: Urls) -> dict[str, Any]:
    return {"links": [{"rel": NODEINFO, "href": f"{urls.base}/nodeinfo/2.1"}]}


def nodeinfo(version: str, node_name: str, node_id: str, posts: int) -> dict[str, Any]:
    return {
        "version": "2.1",
        "software": {"name": "citymesh", "version": version},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0"]},
        "openRegistrations": False,
        "usage": {
            "users": {"total": 1, "activeMonth": 1, "activeHalfyear": 1},
            "localPosts": posts,
        },
        "metadata": {"nodeName": node_name, "citymesh": node_id},
    }
