"""The command line as a user runs it: real processes, a real node home."""

from __future__ import annotations

import json
import os
import signal
import socket
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
    ports = ["--http-port", str(free_port()), "--nats-port", str(free_port())]
    out = cm(
        "init", str(home), "--name", "Karlsruhe", "--type", "municipality", "--lang", "de", *ports
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("did:key:z6Mk")
    # The next three steps, with this home filled in (on stderr: stdout is the id alone).
    for step in (
        f"citymesh run {home}",
        "citymesh new initiative --lang de",
        f"citymesh publish {home} initiative",
        f"citymesh follow {home} ",
    ):
        assert step in out.stderr, out.stderr
    for secret in ("node.key", "admin.token"):
        assert stat.S_IMODE(os.stat(home / secret).st_mode) == 0o600
    assert (home / "citymesh.toml").exists() and (home / "citymesh.db").exists()
    assert (home / "nats").is_dir()
    token = (home / "admin.token").read_text().strip()
    again = cm("init", str(home), "--name", "Other", "--type", "municipality", *ports)
    assert again.returncode != 0 and "refusing to overwrite" in again.stderr
    assert (home / "admin.token").read_text().strip() == token
    assert token not in again.stderr + again.stdout


def test_init_rejects_an_unknown_node_type(tmp_path):
    out = cm("init", str(tmp_path / "n"), "--name", "X", "--type", "city")
    assert out.returncode != 0
    assert "--type" in out.stderr and "'city' is not a node type" in out.stderr
    for node_type in ("municipality", "regional_gov", "social_movement", "ngo"):
        assert node_type in out.stderr
    assert not (tmp_path / "n").exists()


def test_init_names_the_language_flag_and_lists_the_languages(tmp_path):
    out = cm("init", str(tmp_path / "n"), "--name", "X", "--type", "ngo", "--lang", "portuguese")
    assert out.returncode != 0
    assert "--lang" in out.stderr and "BCP 47" in out.stderr and "pt-PT" in out.stderr
    assert "en, pt-BR, es, ca, de, it" in out.stderr  # the web page's languages
    assert "regex" not in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "n").exists()


def test_log_level_lists_the_levels(tmp_path):
    out = cm("--log-level", "LOUD", "status", str(tmp_path))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "--log-level" in out.stderr and "DEBUG, INFO, WARNING, ERROR" in out.stderr


def test_init_refuses_an_http_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["--name", "X", "--type", "ngo", "--nats-port", str(free_port())]
        out = cm("init", str(tmp_path / "n"), *args, "--http-port", str(port))
    assert out.returncode == 2, out.stderr
    assert f"port {port}" in out.stderr and "in use" in out.stderr and "--http-port" in out.stderr
    assert not (tmp_path / "n").exists()


def test_token_help_describes_the_home():
    out = cm("token", "--help")
    assert "node's home directory" in out.stdout


@pytest.mark.parametrize("shape", ["pretty", "array"])
def test_verify_says_it_expects_json_lines(tmp_path, shape):
    events = [{"kind": "initiative", "n": i} for i in range(12)]
    text = json.dumps(events, indent=2) if shape == "pretty" else json.dumps(events)
    if shape == "pretty":
        text = "\n".join(json.dumps(e, indent=2) for e in events)
    (tmp_path / "events.json").write_text(text)
    out = cm("verify", str(tmp_path / "events.json"))
    assert out.returncode == 1
    said = (out.stdout + out.stderr).strip().splitlines()
    assert len(said) == 1, said  # one line, not a dozen bad_json
    assert "JSON Lines" in said[0] and "citymesh export" in said[0] and "jq -c" in said[0]


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
    # All or nothing: line 2 is wrong, so nothing is published; every problem names its line,
    # the field and the fix, never a regular expression.
    lines = bulk.splitlines()
    wrong = {**json.loads(lines[1]), "homepage": "www.lisboa.pt"}
    file = tmp_path / "bulk.jsonl"
    file.write_text("\n".join([lines[0], json.dumps(wrong), lines[2]]) + "\n")
    out = cm("publish", str(lisboa), "initiative", str(file))
    assert out.returncode == 1 and out.stdout == ""
    assert f"{file}: line 2: $.body.homepage: expected a web address" in out.stderr, out.stderr
    assert "citymesh new initiative" in out.stderr and "nothing was published" in out.stderr
    assert "regex" not in out.stderr
    assert json.loads(cm("status", str(lisboa), "--json").stdout)["heads"][lid] == 1

    file.write_text(bulk + "\n")  # line 2 corrected: the rerun publishes all three, once
    out = cm("publish", str(lisboa), "initiative", str(file))
    assert out.returncode == 0, out.stderr
    ids = out.stdout.split()
    assert len(ids) == 3 and all(len(i) == 64 for i in ids)
    assert json.loads(cm("status", str(lisboa), "--json").stdout)["heads"][lid] == 4

    # The commented example `citymesh new` prints publishes as it is.
    example = cm("new", "meeting", "--lang", "pt-PT").stdout
    assert example.startswith("//")
    out = cm("publish", str(lisboa), "meeting", "-", input=example)
    assert out.returncode == 0, out.stderr

    out = cm("follow", str(bologna), f"http://127.0.0.1:{lport}")
    assert out.returncode == 0, out.stderr
    deadline = time.monotonic() + 10
    while True:
        status = json.loads(cm("status", str(bologna), "--json").stdout)
        if status["heads"].get(lid) == 5:  # the profile, three initiatives, a meeting
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    text = cm("status", str(bologna)).stdout
    assert "Lisboa" in text and "lag 0" in text
    assert f"follows Lisboa ({lid}): cursor" in text
    heads = text.split("heads:")[1]
    assert f"Lisboa  {lid}  5" in heads and f"Bologna  {bid}  2" in heads  # names beside ids

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

    # An author this node does not follow (any more): exit 1, naming it and where to look.
    for unknown in (lid, "did:key:z6MkNotFollowed"):
        out = cm("unfollow", str(bologna), unknown)
        assert out.returncode == 1, out.stdout
        assert unknown in out.stderr and f"citymesh status {bologna}" in out.stderr
        assert "subscriptions stopped" not in out.stdout


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


def _legal_clinic():
    """The example extension's kind, from its source (as installed it registers the same)."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "protocol" / "example-extension"))
    try:
        from citymesh_legal_clinic import KINDS
    finally:
        sys.path.pop(0)
    return KINDS[0]


@pytest.mark.parametrize("lang", ["en", "pt-PT"])
def test_new_prints_a_valid_example_of_every_kind(capsys, lang):
    from node.cli import main
    from protocol import registry
    from protocol.examples import commented_example, example_body

    kinds = list(registry)
    assert {"initiative", "meeting", "profile", "progress.report"} <= {k.name for k in kinds}
    for spec in kinds:
        assert main(["new", spec.name, "--json", "--lang", lang]) == 0
        body = json.loads(capsys.readouterr().out)
        spec.validate(body, lang)  # raises naming the field if the example is wrong
        assert main(["new", spec.name, "--lang", lang]) == 0
        commented = capsys.readouterr().out
        assert commented.startswith(f"// {spec.name} ") and "required" in commented
    clinic = _legal_clinic()
    clinic.validate(example_body(clinic, lang), lang)
    assert "// Fields:" in commented_example(clinic, lang)


def test_new_of_an_unknown_kind_lists_the_kinds():
    out = cm("new", "initiatve")
    assert out.returncode == 2 and "'initiatve' is not a kind" in out.stderr
    assert "initiative" in out.stderr and "meeting.outcome" in out.stderr
