"""Running a node in production: `citymesh deploy ...`, `citymesh backup` and `citymesh restore`.

See deploy/README.md. These commands work on a node's home directory; `backup` is safe while
the node runs (SQLite online backup), `restore` never overwrites an existing node.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from protocol import SigningKey, decode_event, rotation_statement
from protocol.errors import ProtocolError

from ..config import ConfigError, Home, check
from ..net import natsconf, subjects
from ..store import view

__all__ = ["register", "backup", "restore", "nats_config"]

#: Account caps for generated configs: generous for a city node, but a runaway client or a
#: flood of subscriptions cannot take the whole server down.
ACCOUNT_JETSTREAM: dict[str, int | str] = {
    "max_file": "20G",
    "max_mem": "64M",
    "max_streams": 100,
    "max_consumers": 1000,
}
ACCOUNT_LIMITS: dict[str, int | str] = {
    "max_connections": 1000,
    "max_subscriptions": 100000,
    "max_payload": "512KB",  # at most the server's max_pending (see natsconf)
}
MANIFEST = "manifest.json"
EVENTS = "events.jsonl"
#: Files copied verbatim (modes kept): configuration and the two secrets.
HOME_FILES = ("citymesh.toml", "node.key", "admin.token")


def _fail(message: str, code: int = 2) -> int:
    print(f"citymesh: {message}", file=sys.stderr)
    return code


# -- nats-config -------------------------------------------------------------------------------


def nats_config(home: Home, args: argparse.Namespace) -> str:
    """Render the nats-server config for the node in `home` from the command's options."""
    config = home.load()
    key = home.key()
    listen = args.listen or f"{config.nats.host}:{config.nats.port}"
    store_dir = Path(args.store_dir) if args.store_dir else home.nats_dir / "store"
    cluster = None
    if args.cluster_name or args.cluster_listen or args.route:
        if not (args.cluster_name and args.cluster_listen):
            raise ConfigError("a cluster needs --cluster-name and --cluster-listen (and --route)")
        cluster = natsconf.ClusterConf(
            name=args.cluster_name, listen=args.cluster_listen, routes=list(args.route or [])
        )
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            raise ConfigError("TLS needs both --tls-cert and --tls-key")
        tls = {"cert_file": args.tls_cert, "key_file": args.tls_key}
    name = args.server_name or f"citymesh-{subjects.author_token(key.public_id)[-12:]}"
    if cluster and not args.server_name:
        # Every member of a cluster needs its own name; the cluster port tells them apart.
        name += "-" + args.cluster_listen.rsplit(":", 1)[-1]
    text = natsconf.render(
        key,
        listen=listen,
        store_dir=store_dir,
        peer_password=config.nats.peer_password,
        server_name=name,
        cluster=cluster,
        tls=tls,
        account_jetstream=ACCOUNT_JETSTREAM,
        account_limits=ACCOUNT_LIMITS,
    )
    if args.monitor:
        # Monitoring (/healthz, /jsz) for health checks; keep it on loopback or a private net.
        text += f"http: {json.dumps(args.monitor)}\n"
    return text


def cmd_nats_config(args: argparse.Namespace) -> int:
    text = nats_config(Home(args.dir), args)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# -- configure ---------------------------------------------------------------------------------


def cmd_configure(args: argparse.Namespace) -> int:
    """Change deployment settings in citymesh.toml (the node reads them on start)."""
    home = Home(args.dir)
    config = home.load()
    if args.http_host is not None:
        config.http.host = args.http_host
    if args.http_port is not None:
        config.http.port = args.http_port
    if args.public_url is not None:
        config.http.public_url = args.public_url or None
    if args.nats_url is not None:
        config.nats.urls = [u for u in args.nats_url if u]
    if args.advertise is not None:
        config.nats.advertise = [u for u in args.advertise if u]
    if args.replicas is not None:
        if args.replicas not in (1, 3, 5):
            return _fail("--replicas must be 1, 3 or 5 (a JetStream cluster's odd quorum)")
        config.nats.replicas = args.replicas
    check(config, home.config_file)  # never write settings `citymesh run` would refuse
    home.save(config)
    print(home.config_file.read_text(encoding="utf-8"), end="")
    return 0


# -- backup and restore ------------------------------------------------------------------------


def _copy_db(source: Path, target: Path) -> None:
    # One step (pages=-1): a consistent snapshot even while the node keeps writing.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # A self-contained file: no -wal or -shm beside it in the backup.
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()


def _summary(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (count,) = conn.execute("SELECT COUNT(*) FROM events").fetchone()
        return {"events": count, "digest": view.digest(conn)["digest"]}
    finally:
        conn.close()


def backup(home: Home, dest: Path) -> dict[str, Any]:
    """Back up a node home (running or not) into the new directory `dest`; returns the manifest."""
    if not home.db.exists():
        raise ConfigError(
            f"{home.db}: not found; is {home.root} a node home? (`citymesh init` makes one)"
        )
    if dest.exists() and any(dest.iterdir()):
        raise ConfigError(f"{dest} is not empty; back up into a new directory")
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in HOME_FILES:
        shutil.copy2(home.root / name, dest / name)
    _copy_db(home.db, dest / "citymesh.db")
    conn = sqlite3.connect(f"file:{dest / 'citymesh.db'}?mode=ro", uri=True)
    try:
        with (dest / EVENTS).open("wb") as out:
            for (raw,) in conn.execute("SELECT raw FROM events ORDER BY n"):
                out.write(raw + b"\n")
    finally:
        conn.close()
    manifest = {
        "node": home.key().public_id,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **_summary(dest / "citymesh.db"),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


async def _ingest_lines(db: Path, lines: list[bytes], author: str, source: Path) -> int:
    from ..store.store import Store

    events = []
    for number, line in enumerate(lines, 1):
        try:
            event = decode_event(line)
        except ProtocolError as exc:
            raise ConfigError(
                f"--events {source}: line {number}: {exc}; give a `citymesh export` output"
            ) from None
        # A peer's export carries every author it holds; only ours make up our home.
        if event.envelope.author == author:
            events.append(event)
    store = await Store.open(db)
    try:
        # Order does not matter: the gate holds an event until its predecessor arrives.
        accepted = (await store.ingest(list(events)))[1]
    finally:
        await store.close()
    return len(accepted)


def restore(source: Path, home: Home, events: Path | None = None) -> dict[str, Any]:
    """Recreate a node home from a backup; with `events`, take the node's own events from that
    JSON Lines file instead (e.g. a peer's `citymesh export`). Every event is marked unpublished
    so that the node refills its fresh stream on start."""
    if home.exists():
        raise ConfigError(f"{home.root} already holds a node; refusing to overwrite it")
    missing = [n for n in HOME_FILES if not (source / n).exists()]
    if events is None and not (source / "citymesh.db").exists():
        missing.append("citymesh.db")
    if missing:
        raise ConfigError(
            f"{source} is not a complete backup ({', '.join(missing)} missing); "
            "give a directory `citymesh backup` wrote"
        )
    node_id = Home(source).key().public_id
    lines = [line for line in events.read_bytes().splitlines() if line.strip()] if events else []
    if events and not lines:
        raise ConfigError(f"--events {events}: holds no events; give a `citymesh export` output")
    home.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    (home.nats_dir / "store").mkdir(parents=True, exist_ok=True)
    if events is None:
        _copy_db(source / "citymesh.db", home.db)
    else:
        asyncio.run(_ingest_lines(home.db, lines, node_id, events))
    conn = sqlite3.connect(home.db)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ConfigError(f"{home.db}: the restored database fails its integrity check")
        # The node's JetStream store is not in the backup: republish everything into it.
        with conn:
            conn.execute("INSERT OR IGNORE INTO outbox (n) SELECT n FROM events")
    finally:
        conn.close()
    # The secrets last: a half-restored home is not mistaken for a node (Home.exists).
    for name in reversed(HOME_FILES):
        shutil.copy2(source / name, home.root / name)
    result = _summary(home.db)
    result["node"] = node_id
    manifest = source / MANIFEST
    result["backup_digest"] = (
        json.loads(manifest.read_text(encoding="utf-8"))["digest"] if manifest.exists() else None
    )
    return result


# -- key rotation ------------------------------------------------------------------------------


async def _rotate(home: Home, new: SigningKey, reason: str) -> None:
    from ..store.store import Store

    old, lang = home.key(), home.load().lang
    store = await Store.open(home.db)
    try:
        _, prev = await store.own_head(old.public_id)
        sig = new.sign(rotation_statement(old.public_id, new.public_id, prev))
        body = {"new_key": new.public_id, "new_key_sig": sig, "reason": reason}
        await store.publish_own(old, "key.rotation", body, lang)
        row = await store.read(
            lambda c: c.execute(
                "SELECT body FROM objects WHERE author = ? AND kind = 'profile'"
                " ORDER BY seq DESC LIMIT 1",
                (old.public_id,),
            ).fetchone()
        )
        # The new chain starts with the same profile: the card needs a profile by its key.
        await store.publish_own(new, "profile", json.loads(row[0]), lang)
    finally:
        await store.close()


def rotate_key(home: Home, reason: str) -> tuple[str, str]:
    """Hand the stopped node's identity to a new key (SPEC §6.3); returns (old id, new id).

    The old key is kept as `node.key.<old id tail>.old` (0600) for the record."""
    http = home.load().http
    host = "127.0.0.1" if http.host in ("", "0.0.0.0", "::") else http.host
    with contextlib.suppress(OSError), socket.create_connection((host, http.port), 0.5):
        raise ConfigError(f"the node answers on {host}:{http.port}: stop it before rotating")
    old = home.key()
    new = SigningKey.generate()
    asyncio.run(_rotate(home, new, reason))
    kept = home.root / f"node.key.{subjects.author_token(old.public_id)[-12:]}.old"
    os.replace(home.key_file, kept)
    fd = os.open(home.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(new.seed.hex().encode() + b"\n")
    return old.public_id, new.public_id


def cmd_rotate_key(args: argparse.Namespace) -> int:
    home = Home(args.dir)
    old, new = rotate_key(home, args.reason)
    print(f"rotated {old} -> {new}")
    if home.load().nats.urls:
        print(
            "the node's NATS user changed: regenerate the nats-server config "
            f"(citymesh deploy nats-config {home.root} ...) and reload nats-server before start",
            file=sys.stderr,
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    manifest = backup(Home(args.dir), Path(args.dest))
    print(f"backed up {manifest['node']}: {manifest['events']} events, digest {manifest['digest']}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    events = Path(args.events) if args.events else None
    result = restore(Path(args.src), Home(args.dir), events)
    print(f"restored {result['node']}: {result['events']} events, digest {result['digest']}")
    if events is None and result["digest"] != result["backup_digest"]:
        return _fail("the restored view's digest differs from the backup's", 1)
    return 0


# -- the command line --------------------------------------------------------------------------


def register(sub: Any) -> None:
    """Add `deploy`, `backup` and `restore` to the `citymesh` subcommands."""
    deploy = sub.add_parser("deploy", help="production helpers: nats-server config, settings")
    dsub = deploy.add_subparsers(dest="deploy_command", required=True)

    p = dsub.add_parser("nats-config", help="print a nats-server config for this node")
    p.add_argument("dir")
    p.add_argument("--listen", metavar="HOST:PORT", help="client address (default: the node's)")
    p.add_argument("--store-dir", metavar="PATH", help="JetStream store (default: DIR/nats/store)")
    p.add_argument("--server-name", help="unique per server (default: from the node id)")
    p.add_argument("--cluster-name", metavar="N")
    p.add_argument("--cluster-listen", metavar="HOST:PORT")
    p.add_argument("--route", action="append", default=[], metavar="URL", help="repeatable")
    p.add_argument("--tls-cert", metavar="FILE")
    p.add_argument("--tls-key", metavar="FILE")
    p.add_argument("--monitor", metavar="HOST:PORT", help="monitoring endpoint (/healthz)")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(handler=cmd_nats_config)

    p = dsub.add_parser("configure", help="change deployment settings in citymesh.toml")
    p.add_argument("dir")
    p.add_argument("--http-host")
    p.add_argument("--http-port", type=int)
    p.add_argument("--public-url", help="the URL peers use (empty: http://host:port)")
    p.add_argument("--nats-url", action="append", help="an existing server; repeat per member")
    p.add_argument("--advertise", action="append", help="NATS URL peers use; repeatable")
    p.add_argument("--replicas", type=int, help="stream replicas: 3 on a 3-server cluster")
    p.set_defaults(handler=cmd_configure)

    p = dsub.add_parser("rotate-key", help="hand the node's identity to a new key (node stopped)")
    p.add_argument("dir")
    p.add_argument(
        "--reason",
        default="scheduled",
        choices=["scheduled", "administration_change", "compromise"],
    )
    p.set_defaults(handler=cmd_rotate_key)

    p = sub.add_parser("backup", help="back up a node home (safe while it runs)")
    p.add_argument("dir")
    p.add_argument("dest", help="a new directory")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="recreate a node home from a backup")
    p.add_argument("src", help="a directory written by `citymesh backup`")
    p.add_argument("dir", help="the new home (must not hold a node)")
    p.add_argument("--events", help="take the events from this JSON Lines file (a peer's export)")
    p.set_defaults(handler=cmd_restore)
