"""The actor document of a node, and how it is bound to the node's did:key (SPEC §T.6)."""

from __future__ import annotations

import html
from typing import Any

from protocol import SigningKey, canonical_bytes

from ..feeds.activitystreams import CONTEXT
from ..feeds.text import clean, pick
from .activities import SECURITY
from .urls import Urls

__all__ = ["document", "binding", "GROUPS"]

#: Node types that are groups of people rather than institutions.
GROUPS = frozenset({"social_movement", "migrant_association", "city_network"})
_EXTRA = {
    "toot": "http://joinmastodon.org/ns#",
    "discoverable": "toot:discoverable",
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
    "sc": "http://schema.org/",
    "PropertyValue": "sc:PropertyValue",
    "value": "sc:value",
    "citymesh": "urn:citymesh:fediverse#",
    "citymeshBinding": {"@id": "citymesh:binding", "@type": "@json"},
}


def binding(key: SigningKey, urls: Urls, public_pem: str) -> dict[str, str]:
    """The node key's signature naming this actor and its HTTP Signatures key (SPEC §T.6)."""
    claim = {
        "actor": urls.actor,
        "keyId": urls.key_id,
        "node": key.public_id,
        "publicKeyPem": public_pem,
    }
    return {"node": key.public_id, "sig": key.sign(canonical_bytes(claim))}


def _html(text: str) -> str:
    return "<p>" + html.escape(clean(text)).replace("\n", "<br>") + "</p>"


def document(
    urls: Urls,
    key: SigningKey,
    public_pem: str,
    profile: dict[str, Any],
    lang: str,
    node_type: str,
    fallback_name: str,
) -> dict[str, Any]:
    """The actor: `profile` is the node's current profile body, `lang` its language."""
    names = {k: clean(v) for k, v in (profile.get("name") or {}).items() if isinstance(v, str)}
    about = profile.get("description") or {}
    summaries = {k: _html(v) for k, v in about.items() if isinstance(v, str) and v}
    languages = profile.get("languages") or sorted({lang, *names, *summaries})
    name = pick(names, lang, lang)
    summary = pick(summaries, lang, lang)
    out: dict[str, Any] = {
        "@context": [CONTEXT, SECURITY, _EXTRA],
        "id": urls.actor,
        "type": "Group" if node_type in GROUPS else "Organization",
        "preferredUsername": urls.handle,
        "name": name[1] if name else fallback_name,
        "url": urls.base + "/",
        "inbox": urls.inbox,
        "outbox": urls.outbox,
        "followers": urls.followers,
        "following": urls.following,
        "endpoints": {"sharedInbox": urls.shared_inbox},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {"id": urls.key_id, "owner": urls.actor, "publicKeyPem": public_pem},
        "attachment": [
            {"type": "PropertyValue", "name": "citymesh", "value": key.public_id},
            {"type": "PropertyValue", "name": "Languages", "value": ", ".join(languages)},
            {
                "type": "Link",
                "name": "Node card",
                "mediaType": "application/json",
                "href": f"{urls.base}/.well-known/citymesh",
            },
        ],
        "citymeshBinding": binding(key, urls, public_pem),
    }
    if names:
        out["nameMap"] = names
    if summary:
        out["summary"], out["summaryMap"] = summary[1], summaries
    icon = profile.get("icon") or profile.get("logo")
    if isinstance(icon, str) and icon.startswith("https://"):
        out["icon"] = {"type": "Image", "url": icon}
    return out
