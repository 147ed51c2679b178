"""`citymesh demo` as a user runs it: a real process tree, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import nothing_listens, port_is_free

from node.cli.demo.seed import load_seed


def _base_port() -> int:
    for _ in range(200):
        base = random.randrange(20000, 40000)
        if all(port_is_free(base + i) and port_is_free(base + 100 + i) for i in range(4)):
            return base
    raise AssertionError("no free port range for the demo")


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmd:
                found.append(f"{pid}: {cmd}")
    return found


def test_demo_federates_seed_data_and_ctrl_c_leaves_nothing_behind(tmp_path):
    base = _base_port()
    root = tmp_path / "demo"
    exe = Path(sys.executable).parent / "citymesh"
    proc = subprocess.Popen(
        [str(exe), "demo", "--dir", str(root), "--base-port", str(base)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "all nodes hold the same view" in line:
                break
        assert any("all nodes hold the same view" in x for x in lines), "".join(lines)
        seed = load_seed()
        urls = [f"http://127.0.0.1:{base + i}" for i in range(len(seed["nodes"]))]
        assert all(u + "/" in "".join(lines) for u in urls)  # every node's URL is printed

        digests = [_get(u + "/api/v1/view/digest") for u in urls]
        assert len({d["digest"] for d in digests}) == 1
        per_node = {name: 1 for name in seed["nodes"]}  # the profile
        for step in seed["events"]:
            per_node[step["node"]] += 1
        expected = sum(per_node.values()) + 3 + 3  # seed + follow events + cities' follows
        for d in digests:
            assert len(d["heads"]) == 4
            assert d["events"] == expected
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0
    assert _processes_mentioning(str(root)) == []
    ports = [base + i for i in range(4)] + [base + 100 + i for i in range(4)]
    assert all(nothing_listens(p) and port_is_free(p) for p in ports)
