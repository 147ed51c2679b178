"""A node's home directory: `citymesh.toml`, `node.key`, `admin.token`, the database, `nats/`."""

from __future__ import annotations

import json
import os
import secrets
import tomllib
from pathlib import Path
from typing import Literal

import msgspec

from protocol import SigningKey

__all__ = ["Config", "Home", "HttpConfig", "NatsConfig", "ConfigError"]


class ConfigError(Exception):
    """The node home is missing, incomplete or its config is invalid (names the file and field)."""


class HttpConfig(msgspec.Struct, forbid_unknown_fields=True):
    host: str = "127.0.0.1"
    port: int = 8080
    #: The URL peers and browsers use to reach this node; defaults to http://host:port.
    public_url: str | None = None


class NatsConfig(msgspec.Struct, forbid_unknown_fields=True):
    #: Port of the embedded nats-server (used when `urls` is empty).
    port: int = 4222
    host: str = "127.0.0.1"
    #: An existing server or cluster; when set, no nats-server is started.
    urls: list[str] = []
    #: Password of the read-only `peer` user, handed out in the node card (not a secret).
    peer_password: str = ""
    #: NATS URLs to advertise to peers, if they differ from the ones this node uses.
    advertise: list[str] = []
    #: Replicas of the node's stream (3 on a three-server JetStream cluster).
    replicas: int = 1


class PageConfig(msgspec.Struct, forbid_unknown_fields=True):
    #: Map tiles for /map: an https URL template with {z}, {x}, {y}; none: a built-in outline.
    tiles: str | None = None
    #: The tile provider's required credit, shown under the map.
    tiles_attribution: str | None = None


class Config(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    type: str
    lang: str = "en"
    #: "writer" publishes as the node; "reader" only builds and serves the view from the
    #: organisation's stream (read scale-out: many readers, exactly one writer).
    role: Literal["writer", "reader"] = "writer"
    http: HttpConfig = msgspec.field(default_factory=HttpConfig)
    nats: NatsConfig = msgspec.field(default_factory=NatsConfig)
    page: PageConfig = msgspec.field(default_factory=PageConfig)


def _toml(config: Config) -> str:
    def val(v: object) -> str:
        return json.dumps(v, ensure_ascii=False)

    out = [
        f"name = {val(config.name)}",
        f"type = {val(config.type)}",
        f"lang = {val(config.lang)}",
        f"role = {val(config.role)}",
    ]
    for section in ("http", "nats", "page"):
        values = {
            k: v
            for k, v in msgspec.structs.asdict(getattr(config, section)).items()
            if v is not None
        }
        if section == "page" and not values:
            continue  # no [page] settings: the file stays as it was
        out += ["", f"[{section}]"]
        out += [f"{k} = {val(v)}" for k, v in values.items()]
    return "\n".join(out) + "\n"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


class Home:
    """Paths and secrets of one node's home directory."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.config_file = self.root / "citymesh.toml"
        self.key_file = self.root / "node.key"
        self.token_file = self.root / "admin.token"
        self.db = self.root / "citymesh.db"
        self.nats_dir = self.root / "nats"

    def exists(self) -> bool:
        return self.config_file.exists() or self.key_file.exists()

    def create(self, config: Config) -> SigningKey:
        """Write a new home; refuses to touch an existing one."""
        if self.exists():
            raise ConfigError(f"{self.root} already holds a node; refusing to overwrite it")
        self.root.mkdir(parents=True, exist_ok=True)
        (self.nats_dir / "store").mkdir(parents=True, exist_ok=True)
        key = SigningKey.generate()
        if not config.nats.peer_password:
            config.nats.peer_password = secrets.token_urlsafe(12)
        _write_private(self.key_file, key.seed.hex().encode() + b"\n")
        _write_private(self.token_file, secrets.token_urlsafe(32).encode() + b"\n")
        self.save(config)
        return key

    def save(self, config: Config) -> None:
        self.config_file.write_text(_toml(config), encoding="utf-8")

    def load(self) -> Config:
        try:
            data = tomllib.loads(self.config_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{self.config_file} not found: run `citymesh init` first") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{self.config_file}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{self.config_file}: not UTF-8 (byte {exc.start})") from None
        try:
            return msgspec.convert(data, Config)
        except msgspec.ValidationError as exc:
            raise ConfigError(f"{self.config_file}: {exc}") from None

    def key(self) -> SigningKey:
        try:
            seed = bytes.fromhex(self.key_file.read_text().strip())
        except FileNotFoundError:
            raise ConfigError(f"{self.key_file} not found") from None
        except ValueError:
            raise ConfigError(f"{self.key_file} does not hold a hex Ed25519 seed") from None
        if len(seed) != 32:
            raise ConfigError(f"{self.key_file} does not hold a 32-byte seed")
        return SigningKey(seed)

    def token(self) -> str:
        try:
            return self.token_file.read_text().strip()
        except FileNotFoundError:
            raise ConfigError(f"{self.token_file} not found") from None
