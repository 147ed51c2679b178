"""The shipped single-server config requires TLS from every client on the NATS port: a client
that was not told to use TLS cannot talk plain text to it (issue #23).

Budget: about 1 s (one nats-server).
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

from helpers import free_port
from test_deploy_files import DEPLOY, TLS_PATHS, tls_pair  # noqa: F401  (a fixture)

from node.net.natsserver import find_binary


def test_single_conf_requires_tls_from_every_client(tmp_path: Path, tls_pair):  # noqa: F811
    port, monitor = free_port(), free_port()
    text = (DEPLOY / "nats/single.conf").read_text()
    for placeholder, real in zip(TLS_PATHS, tls_pair, strict=True):
        text = text.replace(placeholder, str(real))
    text = (
        text.replace("0.0.0.0:4222", f"127.0.0.1:{port}")
        .replace("127.0.0.1:8222", f"127.0.0.1:{monitor}")
        .replace("/var/lib/citymesh/nats", str(tmp_path / "store"))
    )
    (tmp_path / "single.conf").write_text(text)
    server = subprocess.Popen(
        [find_binary(), "-c", str(tmp_path / "single.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        info, answer = _plain_client(port)
        assert info.get("tls_required") is True, info
        assert b"PONG" not in answer, answer
    finally:
        server.kill()
        server.wait(10)


def _plain_client(port: int) -> tuple[dict[str, object], bytes]:
    """The server's INFO, and what it answers a plain-text CONNECT and PING."""
    deadline = time.monotonic() + 10
    while True:
        try:
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except OSError:
            assert time.monotonic() < deadline, "nats-server with single.conf did not start"
            time.sleep(0.05)  # not listening yet: poll until the deadline
    with conn:
        line = conn.makefile("rb").readline()
        info = json.loads(line.removeprefix(b"INFO "))
        conn.sendall(b'CONNECT {"verbose":false}\r\nPING\r\n')
        answer = b""
        try:
            while chunk := conn.recv(4096):
                answer += chunk
        except OSError:
            pass  # closed, or timed out waiting for a PONG that never comes
    return info, answer
