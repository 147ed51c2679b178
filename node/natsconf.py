"""nats-server configuration for a node: its own user, read-only peers, durable JetStream.

Used for the embedded server and by `citymesh deploy nats-config`, so keys and peer
credentials stay consistent between the two.
"""

from __future__ import annotations

import json
from pathlib import Path

import nkeys

from protocol import SigningKey

from . import subjects

__all__ = ["node_nkey_seed", "node_nkey_public", "render"]


def node_nkey_seed(key: SigningKey) -> str:
    """The node's NATS user seed, derived from its Ed25519 event key (one identity, one key)."""
    return nkeys.encode_seed(key.seed, nkeys.PREFIX_BYTE_USER).decode()


def node_nkey_public(key: SigningKey) -> str:
    return nkeys.from_seed(node_nkey_seed(key).encode()).public_key.decode()


def _q(text: str | Path) -> str:
    return json.dumps(str(text))


def render(
    key: SigningKey,
    *,
    listen: str,
    store_dir: Path,
    peer_password: str,
    server_name: str,
    cluster: dict[str, object] | None = None,
    tls: dict[str, str] | None = None,
) -> str:
    """A complete nats-server config; `nats-server -t -c` accepts it."""
    stream = subjects.STREAM
    peer_publish = [
        subjects.direct_get_api(stream),
        subjects.direct_get_api(stream) + ".>",
        f"$JS.API.STREAM.INFO.{stream}",
    ]
    peer_subscribe = [subjects.live_wildcard(), subjects.PEER_INBOX_PREFIX + ".>"]
    lines = [
        f"server_name: {_q(server_name)}",
        f"listen: {_q(listen)}",
        "max_payload: 1MB",
        "jetstream {",
        f"  store_dir: {_q(store_dir)}",
        # fsync before every acknowledgement: an acknowledged event survives a power cut.
        "  sync_interval: always",
        "  max_memory_store: 64MB",
        "  max_file_store: 20GB",
        "}",
    ]
    if tls:
        lines += ["tls {"] + [f"  {k}: {_q(v)}" for k, v in tls.items()] + ["}"]
    if cluster:
        lines += [
            "cluster {",
            f"  name: {_q(cluster['name'])}",
            f"  listen: {_q(cluster['listen'])}",
            "  routes: [" + ", ".join(_q(r) for r in cluster["routes"]) + "]",  # type: ignore[attr-defined]
            "}",
        ]
    lines += [
        "accounts {",
        "  CITYMESH {",
        "    jetstream: enabled",
        "    users: [",
        f"      {{ nkey: {_q(node_nkey_public(key))} }}",
        f"      {{ user: {_q(subjects.PEER_USER)}, password: {_q(peer_password)},",
        "        permissions: {",
        f"          publish: {{ allow: {json.dumps(peer_publish)} }},",
        f"          subscribe: {{ allow: {json.dumps(peer_subscribe)} }}",
        "        }",
        "      }",
        "    ]",
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"
