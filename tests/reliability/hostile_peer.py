"""A hostile peer for a real citymesh node to follow: a real nats-server with JetStream whose
stream the test fills with crafted messages, a scripted direct-get responder, and an aiohttp
server for crafted node cards. Memory figures come from /proc, as an operator reads them."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import sqlite3
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path
from typing import Any

import msgspec
import nats
from aiohttp import web
from helpers import eventually, free_port, initiative
from nats.js.api import StorageType, StreamConfig

from node.app import Node
from node.net import natsconf, subjects
from node.net.natsserver import EmbeddedServer
from protocol import Event, SigningKey, build_event

MIB = 1024 * 1024


def proc_kib(pid: int, field: str) -> int:
    """A /proc/PID/status figure (VmHWM: peak resident, VmRSS: resident now), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def reset_peak(pid: int) -> None:
    """Start a new peak: VmHWM becomes the resident size now (proc(5), clear_refs 5)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def children(pid: int) -> list[int]:
    """Every live process whose parent is `pid` (the node's verifier worker, its nats-server)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == pid and stat[0] != "Z":
                    out.append(int(entry.name))
    return out


def big_body(kib: int) -> dict[str, Any]:
    """A valid initiative of about `kib` KiB (summaries in several languages)."""
    langs = ["en", "fr", "de", "es", "it", "pt", "nl", "pl"]
    per = 15 * 1024
    summary = {lang: "x" * per for lang in langs[: max(1, kib // 15)]}
    return {
        "title": {"en": "Big"},
        "summary": summary,
        "category": "welcoming_rights",
        "status": "active",
    }


class Prober:
    """Asks a node's /healthz every 50 ms on a thread; records the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url, self.slowest, self.probes, self.failures = url, 0.0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as resp:
                    ok = resp.status == 200
            except OSError:
                ok = False
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.probes += 1
            self.failures += not ok
            self._stop.wait(0.05)

    async def __aenter__(self) -> Prober:
        self._thread.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        # Joined off the event loop: a probe of a node in this process needs the loop.
        self._stop.set()
        await asyncio.to_thread(self._thread.join)


class HostilePeer:
    """A peer that follows no rules: its server queues without limit for the follower, its
    stream takes any size, and what it serves is whatever the test puts there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.key = SigningKey.generate()
        self.id = self.key.public_id
        self.nats_port, self.http_port = free_port(), free_port()
        self.password = "hostile"
        self.server: EmbeddedServer | None = None
        self.nc: Any = None
        self.card_mode = "ok"
        self.huge_card_bytes = 4 * MIB
        self._runner: web.AppRunner | None = None
        self._responders: list[asyncio.Task[None]] = []
        self.profile = build_event(
            self.key,
            seq=1,
            prev=None,
            kind="profile",
            body={"name": {"en": "Hostile"}, "node_type": "municipality"},
            lang="en",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def nats_url(self) -> str:
        return f"nats://127.0.0.1:{self.nats_port}"

    async def start(self, direct: bool = True) -> None:
        (self.root / "store").mkdir(parents=True, exist_ok=True)
        text = natsconf.render(
            self.key,
            listen=f"127.0.0.1:{self.nats_port}",
            store_dir=self.root / "store",
            peer_password=self.password,
            server_name="hostile",
        )
        # A hostile server queues whatever it likes for its followers.
        text = re.sub(r"(?m)^(max_pending|write_deadline|max_payload):.*\n", "", text)
        text = 'max_pending: 1GB\nwrite_deadline: "60s"\nmax_payload: 64MB\n' + text
        text = text.replace("max_payload: 4KB", "max_payload: 8MB")
        conf = self.root / "nats.conf"
        conf.write_text(text)
        self.server = EmbeddedServer(conf, "127.0.0.1", self.nats_port, self.root / "nats.log")
        await self.server.start()
        self.nc = await nats.connect(
            self.nats_url,
            nkeys_seed_str=natsconf.node_nkey_seed(self.key),
            max_reconnect_attempts=2,
        )
        config = StreamConfig(
            name=subjects.STREAM,
            subjects=[subjects.event_wildcard()],
            storage=StorageType.FILE,
            allow_direct=direct,
            max_msg_size=-1,
            republish=None,
        )
        await self.nc.jetstream().add_stream(config)
        await self._start_cards()

    async def _start_cards(self) -> None:
        app = web.Application()
        app.router.add_get("/.well-known/citymesh", self._card)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.http_port).start()

    def card(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": "Hostile",
            "http_url": self.url,
            "nats": {"urls": [self.nats_url], "user": subjects.PEER_USER, "password": "hostile"},
            "profile": msgspec.json.decode(self.profile.raw),
        }

    async def _card(self, request: web.Request) -> web.StreamResponse:
        body = msgspec.json.encode(self.card())
        if self.card_mode == "huge":  # a valid card, padded with 4 MiB of spaces
            body = body[:-1] + b" " * self.huge_card_bytes + b"}"
        elif self.card_mode == "silent":  # accepts the request, never answers
            await asyncio.sleep(3600)
        elif self.card_mode == "drip":  # a byte every second, never the end
            resp = web.StreamResponse(headers={"Content-Type": "application/json"})
            resp.content_length = len(body) + 3600
            await resp.prepare(request)
            for byte in range(3600):
                await resp.write(body[byte : byte + 1] or b" ")
                await asyncio.sleep(1)
            return resp
        return web.Response(body=body, content_type="application/json")

    async def put(self, raw: bytes, author: str | None = None) -> None:
        """Store `raw` in the stream on `author`'s subject (the peer's own by default)."""
        await self.nc.jetstream().publish(subjects.event_subject(author or self.id), raw)

    async def put_many(self, raws: list[bytes]) -> None:
        js = self.nc.jetstream()
        subject = subjects.event_subject(self.id)
        for chunk in range(0, len(raws), 50):
            acks = [await js.publish_async(subject, raw) for raw in raws[chunk : chunk + 50]]
            await asyncio.gather(*acks)

    async def live(self, raw: bytes, headers: dict[str, str] | None = None) -> None:
        """Send `raw` on the peer's live subject (a notice, or a message posing as the stream)."""
        await self.nc.publish(subjects.live_subject(self.id), raw, headers=headers)

    def chain(self, count: int, kib: int, first: int = 2, prev: str | None = None) -> list[Event]:
        """`count` valid initiatives of about `kib` KiB from sequence `first` on."""
        events = []
        for seq in range(first, first + count):
            event = build_event(
                self.key, seq=seq, prev=prev, kind="initiative", body=big_body(kib), lang="en"
            )
            events.append(event)
            prev = event.envelope.id
        return events

    async def answer_direct_gets_forever(
        self, payload: bytes, limit: int, pause: float = 0.0
    ) -> None:
        """Answer every direct get with messages (`pause` seconds apart) and never the
        end-of-batch status, up to `limit` messages in all (the stream must have been
        started with `direct=False`)."""
        sent = 0

        async def answer(msg: Any) -> None:
            nonlocal sent
            seq = 1
            while sent < limit:
                seq += 1
                sent += 1
                headers = {"Nats-Sequence": str(seq), "Nats-Subject": "cm.e.x"}
                try:
                    await self.nc.publish(msg.reply, payload, headers=headers)
                except Exception:
                    return
                if pause:
                    await asyncio.sleep(pause)
                elif seq % 100 == 0:
                    await asyncio.sleep(0)

        async def on_request(msg: Any) -> None:
            task = asyncio.create_task(answer(msg))
            self._responders.append(task)

        await self.nc.subscribe(subjects.direct_get_api(), cb=on_request)
        await self.nc.subscribe(subjects.direct_get_api() + ".>", cb=on_request)
        await self.nc.flush()

    async def stop(self) -> None:
        for task in self._responders:
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.nc is not None:
            with contextlib.suppress(Exception):
                await self.nc.close()
        if self.server is not None:
            await self.server.stop()


class RawPeer:
    """A peer connection speaking the NATS protocol over a plain socket, so that it can ask
    and then never read (nats-py always reads)."""

    def __init__(self, port: int, password: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.sock.recv(4096)  # INFO
        connect = {
            "user": subjects.PEER_USER,
            "pass": password,
            "verbose": False,
            "pedantic": False,
            "headers": True,
            "protocol": 1,
        }
        self.sock.sendall(b"CONNECT " + msgspec.json.encode(connect) + b"\r\nPING\r\n")
        answer = self.sock.recv(4096)
        self.accepted = b"PONG" in answer
        self.answer = answer

    def ask_and_never_read(self, requests: int, batch: int) -> None:
        inbox = subjects.PEER_INBOX_PREFIX + ".raw"
        self.sock.sendall(f"SUB {inbox} 1\r\n".encode())
        payload = msgspec.json.encode({"seq": 1, "batch": batch})
        for _ in range(requests):
            try:
                self.sock.sendall(
                    f"PUB {subjects.direct_get_api()} {inbox} {len(payload)}\r\n".encode()
                    + payload
                    + b"\r\n"
                )
            except (BrokenPipeError, ConnectionResetError):
                return  # the server already cut this reader off: what its limits are for

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


def _has_event(conn: sqlite3.Connection, event_id: str) -> bool:
    return conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None


async def peer_flood(a: Node, b: Node, limit: int, rounds: int = 1) -> dict[str, Any]:
    """Finding 5's campaign against node `a` (followed by `b`), with the public peer
    credentials: `limit` idle connections (the last should be refused), then, `rounds` times,
    `limit - 1` connections that each ask for two batches of 2,000 and never read, while
    `a` publishes an event that must reach `b`. Figures for the caller to assert."""
    assert a.server is not None and a.server.proc is not None
    nats_pid = a.server.proc.pid
    # Fill A's stream with 200 messages of 60 KB: each batch a peer asks for is 12 MB.
    nc = await nats.connect(a.nats_urls, nkeys_seed_str=natsconf.node_nkey_seed(a.key))
    try:
        js = nc.jetstream()
        for i in range(200):
            await js.publish(subjects.event_subject("did:key:zJunk"), b"x" * 60_000 + bytes(i))
    finally:
        await nc.close()
    reset_peak(nats_pid)
    out: dict[str, Any] = {"nats_rss_before_mib": round(proc_kib(nats_pid, "VmRSS") / 1024, 1)}
    port, password = a.config.nats.port, a.config.nats.peer_password
    async with Prober(a.http_url) as probe:
        raws = [await asyncio.to_thread(RawPeer, port, password) for _ in range(limit)]
        out["accepted"] = sum(raw.accepted for raw in raws)
        out["refused"] = not raws[-1].accepted
        for raw in raws:
            raw.close()
        out["event_seconds"] = 0.0
        for round_ in range(rounds):
            raws = []
            try:
                while len(raws) < limit - 1:
                    raw = await asyncio.to_thread(RawPeer, port, password)
                    raws.append(raw)
                    await asyncio.to_thread(raw.ask_and_never_read, 2, 2000)
                started = time.monotonic()
                event = await a.publish("initiative", initiative(f"During flood {round_}"))
                await eventually(
                    partial(b.store.read, partial(_has_event, event_id=event.envelope.id)),
                    20,
                    "A's event at B during the flood",
                )
                took = time.monotonic() - started
                out["event_seconds"] = round(max(out["event_seconds"], took), 3)
            finally:
                for raw in raws:
                    raw.close()
    out.update(
        flooders=limit - 1,
        rounds=rounds,
        batch_mb_asked=2 * 12,
        nats_hwm_mib=round(proc_kib(nats_pid, "VmHWM") / 1024, 1),
        healthz_slowest_s=round(probe.slowest, 3),
        healthz_failures=probe.failures,
    )
    return out
