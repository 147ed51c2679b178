"""A network test bed: each host in its own Linux network namespace, joined by the bed's wire.

    with Bed(tmp_path) as bed:
        bed.host("A"); bed.host("B")
        bed.link("A", "B", delay_ms=45, jitter_ms=5, loss=0.02, rate="1mbit")
        bed.block("A", 4222)                       # a firewall that drops NATS to A
        node = bed.run("A", ["citymesh", "run", home])
        bed.partition("A", "B"); bed.heal("A", "B")
        path = bed.portal("A", 8080)               # A's port 8080 as a Unix socket here

How the wire works, and why it is faithful: every host has one TUN device (`wire0`) with its
address in 10.77.0.0/24; `wire.py`, one process outside the namespaces, reads each IP packet a
host sends and writes it into the destination host's device after the link's one-way delay
(plus uniform jitter), or drops it (loss, partition, a blocked port, a full rate queue). Delay
acts on packets below TCP as `tc netem` would (this kernel has no netem), so handshakes,
retransmissions and TLS see real round trips; `test_bed.py` measures a TCP connect's round
trip against the link's setting.

Names carry a random suffix so concurrent runs never collide; `close()` (also on errors,
through the fixture) stops every process the bed started and deletes its namespaces; the
wire's devices go with its process. Nothing is configured outside the bed's namespaces.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

HERE = Path(__file__).parent
SUBNET = "10.77.0"
#: Seconds any one bed command may take.
COMMAND_SECONDS = 10.0
_RATES = {"kbit": 1e3, "mbit": 1e6, "gbit": 1e9, "bit": 1.0}


def rate_bps(rate: str) -> float:
    """`1mbit` -> 1e6 (tc's spelling)."""
    for unit, factor in _RATES.items():
        if rate.endswith(unit):
            return float(rate[: -len(unit)]) * factor
    raise ValueError(f"rate {rate!r}: write e.g. 512kbit or 1mbit")


class Bed:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.suffix = secrets.token_hex(3)
        self.hosts: dict[str, str] = {}  # name -> address
        self.links: dict[frozenset[str], dict[str, float]] = {}
        self.procs: list[subprocess.Popen[bytes]] = []
        self._ns: list[str] = []
        self.wire = self._spawn([sys.executable, str(HERE / "wire.py")], "wire", commands=True)
        self._expect(self.wire, "ready")

    # --- hosts and links -------------------------------------------------------------------

    def ns(self, host: str) -> str:
        return f"cm-{self.suffix}-{host}"

    def ip(self, host: str) -> str:
        return self.hosts[host]

    def host(self, name: str) -> str:
        """A new host (namespace) with its own address on the wire; returns the address."""
        if len(name) > 6 or not name.isalnum():
            raise ValueError("a host name is 1-6 letters or digits")
        ns, dev = self.ns(name), f"cm{self.suffix}{name}"
        address = f"{SUBNET}.{len(self.hosts) + 1}"
        _ip("netns", "add", ns)
        self._ns.append(ns)
        self._wire({"op": "add", "dev": dev})
        _ip("link", "set", dev, "netns", ns)
        _ip("-n", ns, "link", "set", dev, "name", "wire0")
        _ip("-n", ns, "addr", "add", f"{address}/24", "dev", "wire0")
        _ip("-n", ns, "link", "set", "wire0", "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        self._wire({"op": "addr", "dev": dev, "ip": address})
        self.hosts[name] = address
        return address

    def link(
        self,
        a: str,
        b: str,
        *,
        delay_ms: float = 0,
        jitter_ms: float = 0,
        loss: float = 0,
        rate: str | None = None,
    ) -> None:
        """Set the path between two hosts (both directions): one-way delay, jitter, loss."""
        settings = {
            "delay_ms": delay_ms,
            "jitter_ms": jitter_ms,
            "loss": loss,
            "rate_bps": rate_bps(rate) if rate else 0,
        }
        self.links[frozenset((a, b))] = settings
        self._wire({"op": "link", "a": self.ip(a), "b": self.ip(b), **settings})

    def partition(self, a: str, b: str, down: bool = True) -> None:
        """Cut (or with `heal`, restore) the path between two hosts; its settings stay."""
        settings = self.links.get(frozenset((a, b)), {})
        self._wire({"op": "link", "a": self.ip(a), "b": self.ip(b), **settings, "down": down})

    def heal(self, a: str, b: str) -> None:
        self.partition(a, b, down=False)

    def block(self, host: str, port: int) -> None:
        """Drop TCP to host:port from every other host, as a firewall that opens little."""
        self._wire({"op": "block", "ip": self.ip(host), "port": port})

    def traffic(self) -> dict[tuple[str, str], int]:
        """IP bytes the wire delivered so far, per (from host, to host)."""
        assert self.wire.stdin is not None
        self.wire.stdin.write(b'{"op": "traffic"}\n')
        self.wire.stdin.flush()
        line = self._line(self.wire)
        if not line.startswith("ok "):
            raise RuntimeError(f"the wire answered {line!r} to traffic")
        hosts = {ip: name for name, ip in self.hosts.items()}
        out = {}
        for pair, count in json.loads(line[3:]).items():
            src, dst = pair.split(">")
            out[(hosts[src], hosts[dst])] = int(count)
        return out

    # --- processes -------------------------------------------------------------------------

    def run(
        self, host: str, argv: list[str], env: dict[str, str] | None = None, name: str = ""
    ) -> subprocess.Popen[bytes]:
        """Start `argv` inside the host's namespace (stopped by `close`); output goes to a log."""
        name = name or f"{host}-{len(self.procs)}"
        return self._spawn(["ip", "netns", "exec", self.ns(host), *argv], name, env)

    def portal(self, host: str, port: int) -> str:
        """A Unix socket path that leads to host's 127.0.0.1:port (for the test's client)."""
        path = str(self.root / f"{host}-{port}.sock")
        self._forwarder(host, [f"unix:{path}", f"127.0.0.1:{port}"])
        return path

    def tls_front(self, host: str, port: int, target: int, cert: Path, key: Path) -> None:
        """Terminate TLS on host's address:port and pass the bytes to its 127.0.0.1:target."""
        self._forwarder(
            host, [f"{self.ip(host)}:{port}", f"127.0.0.1:{target}", str(cert), str(key)]
        )

    def _forwarder(self, host: str, args: list[str]) -> None:
        argv = ["ip", "netns", "exec", self.ns(host), sys.executable, str(HERE / "portal.py")]
        proc = self._spawn([*argv, *args], f"{host}-portal-{len(self.procs)}", reports=True)
        self._expect(proc, "ready")

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _spawn(
        self,
        argv: list[str],
        name: str,
        env: dict[str, str] | None = None,
        *,
        commands: bool = False,
        reports: bool = False,
    ) -> subprocess.Popen[bytes]:
        """Start a process; `commands`: it reads from our pipe; `reports`: it answers on one."""
        with (self.root / f"{name}.log").open("ab") as log:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE if commands else subprocess.DEVNULL,
                stdout=subprocess.PIPE if commands or reports else log,
                stderr=log,
                env={**os.environ, **(env or {})},
                start_new_session=True,
            )
        self.procs.append(proc)
        return proc

    def _wire(self, cmd: dict[str, object]) -> None:
        assert self.wire.stdin is not None
        self.wire.stdin.write(json.dumps(cmd).encode() + b"\n")
        self.wire.stdin.flush()
        self._expect(self.wire, "ok")

    def _line(self, proc: subprocess.Popen[bytes]) -> str:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], COMMAND_SECONDS)
        return proc.stdout.readline().decode().strip() if ready else ""

    def _expect(self, proc: subprocess.Popen[bytes], word: str) -> None:
        line = self._line(proc)
        if line != word:
            raise RuntimeError(f"{proc.args!r}: expected {word!r}, got {line!r}")

    # --- cleanup ---------------------------------------------------------------------------

    def close(self) -> None:
        for proc in reversed(self.procs):
            _stop(proc)
        for ns in self._ns:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=COMMAND_SECONDS)

    def __enter__(self) -> Bed:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, timeout=COMMAND_SECONDS)
    if done.returncode:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.decode().strip()}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
