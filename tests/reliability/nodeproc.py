"""Nodes as real processes (`citymesh init` + `citymesh run`), for kill -9 and RSS campaigns."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from helpers import free_port  # below the kernel's range for outgoing connections

EXE = str(Path(sys.executable).parent / "citymesh")


def cm(*args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the citymesh CLI; text output."""
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, input=input, timeout=timeout
    )


def wait_until(cond: Any, timeout: float, what: str) -> Any:
    """Poll `cond()` until truthy, or fail naming `what` (synchronous `eventually`)."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout}s: {what}")
        time.sleep(0.02)


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def nats_server_pids(conf: Path) -> list[int]:
    """Every live nats-server started with `conf` (found through /proc, as an operator would)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"nats-server") and str(conf).encode() in argv:
            if pid_alive(int(entry.name)):
                out.append(int(entry.name))
    return out


class NodeProc:
    """One node home run by `citymesh run` in its own process."""

    def __init__(self, root: Path, name: str, log_level: str = "WARNING") -> None:
        self.home = root / name
        self.name = name
        self.http_port = free_port()
        self.nats_port = free_port()
        self.log_level = log_level
        self.log = root / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        out = cm(
            "init",
            str(self.home),
            "--name",
            name,
            "--type",
            "municipality",
            "--http-port",
            str(self.http_port),
            "--nats-port",
            str(self.nats_port),
        )
        assert out.returncode == 0, out.stderr
        self.id = out.stdout.strip()
        self.token = (self.home / "admin.token").read_text().strip()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def nats_conf(self) -> Path:
        return self.home / "nats" / "nats.conf"

    def start(self, timeout: float = 30) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [EXE, "--log-level", self.log_level, "run", str(self.home)],
                stdout=out,
                stderr=out,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONFAULTHANDLER": "1"},
            )
        try:
            wait_until(self.healthy, timeout, f"{self.name} answers /healthz with 200")
        except AssertionError:
            # Where is it stuck? faulthandler prints every thread's stack on SIGABRT.
            self.proc.send_signal(signal.SIGABRT)
            self.proc.wait(10)
            raise AssertionError(f"{self.name} did not become healthy: {self.tail()}") from None

    def healthy(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited {self.proc.returncode}: {self.tail()}")
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as resp:
                return resp.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        # Nothing of ours may outlive the test, whatever happened to the node.
        for pid in nats_server_pids(self.nats_conf):
            os.kill(pid, signal.SIGKILL)

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as resp:
            return json.loads(resp.read())

    def post(self, path: str, payload: Any) -> tuple[int, Any]:
        req = urllib.request.Request(
            self.url + path,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def vm_hwm_kib(self) -> int:
        """Peak resident set size of the node process (VmHWM), in KiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM in /proc status")
