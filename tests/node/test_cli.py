"""The command line as a user runs it: real processes, a real node home."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import free_port

EXE = str(Path(sys.executable).parent / "citymesh")


def cm(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, input=input, timeout=60)


def wait_http(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture
def running(tmp_path):
    """Two node homes made with `citymesh init`, each run with `citymesh run`."""
    procs, homes = [], []
    for name, lang in (("Lisboa", "pt-PT"), ("Bologna", "it")):
        home, port = tmp_path / name, free_port()
        out = cm(
            "init",
            str(home),
            "--name",
            name,
            "--type",
            "municipality",
            "--lang",
            lang,
            "--http-port",
            str(port),
            "--nats-port",
            str(free_port()),
        )
        assert out.returncode == 0, out.stderr
        procs.append(
            subprocess.Popen(
                [EXE, "run", str(home)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        homes.append((home, port, out.stdout.strip()))
    for _, port, _ in homes:
        wait_http(f"http://127.0.0.1:{port}/healthz")
    yield homes
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        assert p.wait(timeout=20) == 0, p.stderr.read()


def test_init_writes_private_files_and_refuses_to_overwrite(tmp_path):
    home = tmp_path / "node"
    out = cm("init", str(home), "--name", "Karlsruhe", "--type", "municipality", "--lang", "de")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("did:key:z6Mk")
    for secret in ("node.key", "admin.token"):
        assert stat.S_IMODE(os.stat(home / secret).st_mode) == 0o600
    assert (home / "citymesh.toml").exists() and (home / "citymesh.db").exists()
    assert (home / "nats").is_dir()
    token = (home / "admin.token").read_text().strip()
    again = cm("init", str(home), "--name", "Other", "--type", "municipality")
    assert again.returncode != 0 and "refusing to overwrite" in again.stderr
    assert (home / "admin.token").read_text().strip() == token
    assert token not in again.stderr + again.stdout


def test_init_rejects_an_unknown_node_type(tmp_path):
    out = cm("init", str(tmp_path / "n"), "--name", "X", "--type", "city_hall")
    assert out.returncode != 0
    assert "bad_value" in out.stderr and "$.body.node_type" in out.stderr
    assert not (tmp_path / "n").exists()


def test_publish_follow_status_export_verify(running, tmp_path):
    (lisboa, lport, lid), (bologna, bport, bid) = running
    bulk = "\n".join(
        json.dumps(
            {
                "title": {"pt-PT": f"Plano {i}"},
                "summary": {"pt-PT": "Acolhimento"},
                "category": "welcoming_rights",
                "status": "active",
            }
        )
        for i in range(3)
    )
    out = cm("publish", str(lisboa), "initiative", "-", input=bulk)
    assert out.returncode == 0, out.stderr
    ids = out.stdout.split()
    assert len(ids) == 3 and all(len(i) == 64 for i in ids)

    # A bad line stops the import there, naming the code and the field.
    bad = bulk.splitlines()[0] + "\n" + json.dumps({"title": {"pt-PT": "x"}}) + "\n" + bulk
    out = cm("publish", str(lisboa), "initiative", "-", input=bad)
    assert out.returncode != 0
    assert "missing_field" in out.stderr and "$.body.summary" in out.stderr
    assert len(out.stdout.split()) == 1

    out = cm("follow", str(bologna), f"http://127.0.0.1:{lport}")
    assert out.returncode == 0, out.stderr
    deadline = time.monotonic() + 10
    while True:
        status = json.loads(cm("status", str(bologna), "--json").stdout)
        if status["heads"].get(lid) == 5:
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    text = cm("status", str(bologna)).stdout
    assert "Lisboa" in text and "lag 0" in text

    export = tmp_path / "bologna.jsonl"
    out = cm("export", str(bologna))
    assert out.returncode == 0
    export.write_text(out.stdout)
    assert len(out.stdout.splitlines()) == 5 + 2  # Lisboa's 5 + Bologna's profile and follow
    verified = cm("verify", str(export))
    assert verified.returncode == 0, verified.stdout

    lines = out.stdout.splitlines()
    tampered = next(i for i, line in enumerate(lines) if "Plano 1" in line)
    lines[tampered] = lines[tampered].replace("Plano 1", "Plano 9")
    export.write_text("\n".join(lines) + "\n")
    verified = cm("verify", str(export))
    assert verified.returncode != 0
    assert f"line {tampered + 1}: " in verified.stdout and "id_mismatch" in verified.stdout

    out = cm("unfollow", str(bologna), lid)
    assert out.returncode == 0 and "1 subscriptions stopped" in out.stdout


def test_publish_needs_the_right_token(running):
    (lisboa, lport, _), _ = running
    body = json.dumps({"kind": "initiative", "body": {}}).encode()
    for header in ({}, {"Authorization": "Bearer wrong"}):
        req = urllib.request.Request(
            f"http://127.0.0.1:{lport}/api/v1/events", data=body, method="POST", headers=header
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 401
        problem = json.loads(err.value.read())
        assert problem["code"] == "unauthorized"
        assert err.value.headers["Content-Type"].startswith("application/problem+json")
