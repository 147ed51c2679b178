"""nats-server configuration for a node: its own user, read-only peers, durable JetStream.

Used for the embedded server and by `citymesh deploy nats-config`, so keys and peer
credentials stay consistent between the two.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TypedDict

import nkeys

from protocol import SigningKey

from . import subjects

__all__ = ["node_nkey_seed", "node_nkey_public", "render", "PEER_LIMITS", "MAX_PENDING"]

#: The account followers connect to (`peer`, whose password is public): it sees only what
#: the node's account exports to it, and its limits cannot crowd out the node's own user.
PEER_ACCOUNT = "PEERS"
#: Limits of the peers' account: every follower holds one connection with one or two
#: subscriptions per followed filter (live, and its direct-get inbox).
PEER_LIMITS: dict[str, int | str] = {
    "max_connections": 100,
    "max_subscriptions": 2000,
    # A peer publishes only direct-get requests: a few hundred bytes.
    "max_payload": "4KB",
}
#: Bytes nats-server queues for one client before it cuts it off as a slow consumer. A peer
#: that asks for large batches and never reads costs at most about this much, so the
#: peers' account holds at most 50 MB of queues in all. Followers ask for batches of at
#: most `directget.MAX_BATCH_BYTES`, below it. nats-server requires max_payload <= this.
MAX_PENDING = "512KB"
#: JetStream API requests, and stream-info requests, that may wait to be answered.
REQUEST_QUEUE_LIMIT, INFO_QUEUE_LIMIT = 10_000, 1_000
#: A connection whose socket accepts no bytes for this long is closed as a slow consumer.
WRITE_DEADLINE = "5s"


class ClusterConf(TypedDict):
    """A JetStream cluster member's route settings."""

    name: str
    listen: str
    routes: list[str]


def node_nkey_seed(key: SigningKey) -> str:
    """The node's NATS user seed, derived from its Ed25519 event key (one identity, one key)."""
    return nkeys.encode_seed(key.seed, nkeys.PREFIX_BYTE_USER).decode()


def node_nkey_public(key: SigningKey) -> str:
    return nkeys.from_seed(node_nkey_seed(key).encode()).public_key.decode()


def _q(text: str | Path) -> str:
    return json.dumps(str(text))


def _block(values: dict[str, int | str]) -> str:
    for k, v in values.items():
        if not re.fullmatch(r"[a-z_]+", k) or not re.fullmatch(r"-?[0-9]+[KMGT]?B?", str(v)):
            raise ValueError(f"bad nats-server limit {k} = {v!r}")
    return "{ " + ", ".join(f"{k}: {v}" for k, v in values.items()) + " }"


def render(
    key: SigningKey,
    *,
    listen: str,
    store_dir: Path,
    peer_password: str,
    server_name: str,
    cluster: ClusterConf | None = None,
    tls: dict[str, str] | None = None,
    websocket: str | None = None,
    account_jetstream: dict[str, int | str] | None = None,
    account_limits: dict[str, int | str] | None = None,
) -> str:
    """A complete nats-server config; `nats-server -t -c` accepts it.

    `account_jetstream` (max_file, max_mem, ...) and `account_limits` (max_connections, ...)
    cap the CITYMESH account; sizes are nats-server sizes such as 20G or integers.
    `websocket` (host:port, loopback) adds a plain WebSocket listener for the node's HTTP
    server to proxy at /nats: peers then need only the node's HTTPS port.
    """
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
        f"max_payload: {MAX_PENDING}",
        f"max_pending: {MAX_PENDING}",
        f'write_deadline: "{WRITE_DEADLINE}"',
        "jetstream {",
        f"  store_dir: {_q(store_dir)}",
        # fsync before every acknowledgement: an acknowledged event survives a power cut.
        "  sync_interval: always",
        "  max_memory_store: 64MB",
        "  max_file_store: 20GB",
        # Requests waiting for JetStream beyond these are refused, not queued: a flood of
        # stream-info requests (which a peer may send) cannot pile up in memory.
        f"  request_queue_limit: {REQUEST_QUEUE_LIMIT}",
        f"  info_queue_limit: {INFO_QUEUE_LIMIT}",
        "}",
    ]
    if tls:
        lines += ["tls {"] + [f"  {k}: {_q(v)}" for k, v in tls.items()] + ["}"]
    if websocket:
        # Plain and on loopback only: TLS is the HTTP server's (or its reverse proxy's). Users
        # and permissions are the same as on the NATS port.
        lines += ["websocket {", f"  listen: {_q(websocket)}", "  no_tls: true", "}"]
    if cluster:
        lines += [
            "cluster {",
            f"  name: {_q(cluster['name'])}",
            f"  listen: {_q(cluster['listen'])}",
            "  routes: [" + ", ".join(_q(r) for r in cluster["routes"]) + "]",
            "}",
        ]
    exports = [
        *(f"      {{ service: {_q(subject)}, response: stream }}" for subject in peer_publish),
        f"      {{ stream: {_q(subjects.live_wildcard())} }}",
    ]
    imports = [
        *(
            f"      {{ service: {{ account: CITYMESH, subject: {_q(subject)} }} }}"
            for subject in peer_publish
        ),
        f"      {{ stream: {{ account: CITYMESH, subject: {_q(subjects.live_wildcard())} }} }}",
    ]
    lines += [
        "accounts {",
        "  CITYMESH {",
        f"    jetstream: {_block(account_jetstream)}"
        if account_jetstream
        else "    jetstream: enabled",
        *([f"    limits: {_block(account_limits)}"] if account_limits else []),
        "    users: [",
        f"      {{ nkey: {_q(node_nkey_public(key))} }}",
        "    ]",
        "    exports: [",
        *exports,
        "    ]",
        "  }",
        # Followers: read-only, in an account of their own with tight limits. Live events
        # and direct gets of the stream, nothing else; their replies come on their own inbox
        # prefix so they cannot see the node's API replies.
        f"  {PEER_ACCOUNT} {{",
        f"    limits: {_block(PEER_LIMITS)}",
        "    users: [",
        f"      {{ user: {_q(subjects.PEER_USER)}, password: {_q(peer_password)},",
        "        permissions: {",
        f"          publish: {{ allow: {json.dumps(peer_publish)} }},",
        f"          subscribe: {{ allow: {json.dumps(peer_subscribe)} }}",
        "        }",
        "      }",
        "    ]",
        "    imports: [",
        *imports,
        "    ]",
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"
