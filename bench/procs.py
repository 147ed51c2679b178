"""Nodes as real processes (`citymesh run`), for benchmarks that measure them from outside."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from harness import free_port, rss_mb

EXE = str(Path(sys.executable).parent / "citymesh")


class NodeProcess:
    """`citymesh init` + `citymesh run` in a home under `root`."""

    def __init__(self, root: Path, name: str, lang: str = "en") -> None:
        self.home = root / name
        self.http_port = free_port()
        if not self.home.exists():
            subprocess.run(
                [
                    EXE,
                    "init",
                    str(self.home),
                    "--name",
                    name,
                    "--type",
                    "municipality",
                    "--lang",
                    lang,
                    "--http-port",
                    str(self.http_port),
                    "--nats-port",
                    str(free_port()),
                ],
                check=True,
                capture_output=True,
            )
        self.http_port = int(_toml_value(self.home / "citymesh.toml", "port"))
        self.token = (self.home / "admin.token").read_text().strip()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def start(self, timeout: float = 30) -> None:
        self.proc = subprocess.Popen(
            [EXE, "run", str(self.home)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def get(self, path: str, timeout: float = 30) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as resp:
            return json.loads(resp.read())

    def post(self, path: str, payload: Any) -> Any:
        req = urllib.request.Request(
            self.url + path,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())

    def follow(self, url: str, **extra: Any) -> None:
        self.post("/api/v1/admin/follow", {"url": url, **extra})

    def subscribe_raw(self, url: str, card: dict[str, Any], filt: str) -> None:
        """Add a subscription to a peer before start (for peers that are bare streams)."""
        conn = sqlite3.connect(self.home / "citymesh.db")
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO peers (url, node, card) VALUES (?,?,?)",
                (url, card["id"], json.dumps(card)),
            )
            conn.execute(
                "INSERT OR IGNORE INTO subscriptions (peer, filter, cursor) VALUES (?,?,0)",
                (url, filt),
            )
        conn.close()

    def pids(self) -> list[int]:
        """The node process and its nats-server child."""
        assert self.proc is not None
        out = [self.proc.pid]
        conf = str(self.home / "nats" / "nats.conf").encode()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if conf in (entry / "cmdline").read_bytes():
                        out.append(int(entry.name))
                except OSError:
                    pass
        return out

    def workers(self) -> list[int]:
        """The node's other Python processes: its verifier workers, while they run (the first
        is the node's child, the others that one's)."""
        assert self.proc is not None
        python: dict[int, int] = {}  # pid: parent pid
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if "python" in stat[: stat.rindex(")")]:
                    python[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        out = [pid for pid, parent in python.items() if parent == self.proc.pid]
        return out + [pid for pid, parent in python.items() if parent in out]

    def rss_mb(self) -> dict[str, float]:
        pids = self.pids()
        return {
            "python": rss_mb(pids[0]),
            "workers": sum(rss_mb(p) for p in self.workers()),
            "nats_server": sum(rss_mb(p) for p in pids[1:]),
        }

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)


def _toml_value(path: Path, key: str) -> str:
    for line in path.read_text().splitlines():
        if line.startswith(f"{key} ="):
            return line.split("=", 1)[1].strip().strip('"')
    raise KeyError(key)
