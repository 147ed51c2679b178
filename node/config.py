"""A node's home directory: `citymesh.toml`, `node.key`, `admin.token`, the database, `nats/`."""

from __future__ import annotations

import ipaddress
import json
import math
import os
import re
import secrets
import tomllib
import typing
from collections import Counter
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import msgspec

from protocol import SigningKey
from protocol.kinds.core import NodeType
from protocol.kinds.types import LangTag

__all__ = [
    "host_port",
    "Config",
    "Home",
    "HttpConfig",
    "NatsConfig",
    "FediverseConfig",
    "ConfigError",
    "setting_error",
]

#: An admin token shorter than this, or with less estimated entropy (bits), is refused.
TOKEN_MIN_CHARS = 32
TOKEN_MIN_BITS = 96
#: JetStream keeps at most five replicas of a stream.
MAX_REPLICAS = 5


def host_port(host: str, port: int) -> str:
    """`host:port`, an IPv6 address in brackets, as URLs and nats-server's `listen` want it."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ConfigError(Exception):
    """The node home is missing, incomplete or its config is invalid (names the file and field)."""


def setting_error(file: Path | str, setting: str, wrong: str, fix: str) -> ConfigError:
    """The one-line form every settings error takes: `<file>: <setting>: <wrong>; <fix>`."""
    return ConfigError(f"{file}: {setting}: {wrong}; {fix}")


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
    #: Seconds to wait at start for the NATS server to answer before giving up.
    connect_timeout: float = 10.0


class FediverseConfig(msgspec.Struct, forbid_unknown_fields=True):
    """The node as an ActivityPub actor that Mastodon, Mobilizon and others can follow."""

    enabled: bool = True
    #: The account name in `@handle@host`; defaults to the node's name, lowercased.
    handle: str | None = None
    #: Only for tests on one machine: lets the node talk to loopback and private addresses.
    allow_private_addresses: bool = False
    #: Seconds a remote server gets to answer one request.
    timeout: float = 10.0
    #: The longest wait between two tries of a delivery, in seconds.
    retry_max: float = 3600.0
    #: A server that has not taken a delivery for this many seconds is dropped with its
    #: followers.
    give_up_after: float = 3 * 86400.0


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
    fediverse: FediverseConfig = msgspec.field(default_factory=FediverseConfig)
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
    for section in ("http", "nats", "fediverse", "page"):
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
        _write_private(self.token_file, new_token().encode() + b"\n")
        self.save(config)
        return key

    def save(self, config: Config) -> None:
        self.config_file.write_text(_toml(config), encoding="utf-8")

    def load(self) -> Config:
        """Read and check `citymesh.toml`: every setting's type, range and form.

        Raises:
            ConfigError: one line naming the file, the setting, what is wrong and the fix.
        """
        file = self.config_file
        try:
            text = _read(file, "run `citymesh init` first").decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise ConfigError(
                f"{file}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            # tomllib names the place: "... (at line 2, column 8)".
            raise ConfigError(f"{file}: not valid TOML: {exc}; correct that line") from None
        try:
            config = msgspec.convert(data, Config)
        except msgspec.ValidationError as exc:
            raise _type_error(file, str(exc)) from None
        check(config, file)
        return config

    def key(self) -> SigningKey:
        fix = "restore node.key from your backup (deploy/README.md); it is the node's identity"
        text = _read(self.key_file, fix)
        try:
            seed = bytes.fromhex(text.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            seed = b""
        if len(seed) != 32:
            raise ConfigError(f"{self.key_file}: does not hold a 32-byte hex Ed25519 seed; {fix}")
        return SigningKey(seed)

    def token(self) -> str:
        """The admin token; an empty, short or guessable one is refused."""
        fix = f"write a new one with `citymesh token {self.root}`"
        try:
            token = _read(self.token_file, fix).decode("ascii").strip()
        except UnicodeDecodeError:
            raise ConfigError(f"{self.token_file}: not ASCII text; {fix}") from None
        if not token:
            raise ConfigError(f"{self.token_file}: the admin token is empty; {fix}")
        if len(token) < TOKEN_MIN_CHARS:
            raise ConfigError(
                f"{self.token_file}: the admin token is too short "
                f"({len(token)} characters, at least {TOKEN_MIN_CHARS}); {fix}"
            )
        if not all(33 <= ord(c) < 127 for c in token):
            raise ConfigError(
                f"{self.token_file}: the admin token holds spaces or control characters; {fix}"
            )
        if _entropy_bits(token) < TOKEN_MIN_BITS:
            raise ConfigError(f"{self.token_file}: the admin token is too easy to guess; {fix}")
        return token

    def replace_token(self) -> None:
        """Replace the admin token with a new random one (mode 0600, atomically)."""
        tmp = self.token_file.with_name(".admin.token.new")
        tmp.unlink(missing_ok=True)
        _write_private(tmp, new_token().encode() + b"\n")
        os.replace(tmp, self.token_file)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _entropy_bits(text: str) -> float:
    """A rough estimate of the bits in `text` from its character frequencies."""
    counts = Counter(text)
    n = len(text)
    return -n * sum(c / n * math.log2(c / n) for c in counts.values())


def _read(path: Path, fix: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; {fix}") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a file; {fix}") from None
    except PermissionError:
        raise ConfigError(
            f"{path}: not readable by this user; give it to the user that runs the node "
            "(chown) with mode 0600"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}); {fix}") from None


_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text in quotes",
    "array": 'a list, e.g. ["a", "b"]',
    "object": "a [section]",
    "bool": "true or false",
}


def _type_error(file: Path, message: str) -> ConfigError:
    """msgspec's validation message, told in settings' names and words."""
    where = ""
    if " - at `$" in message:
        message, _, where = message.partition(" - at `$")
        where = where.rstrip("`").lstrip(".")
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        setting = ".".join(filter(None, (where, m[1])))
        section = f"[{where}]" if where else "the top level"
        known = _known(where)
        return setting_error(
            file,
            setting,
            f"unknown setting in {section}",
            f"remove it or correct its spelling (known: {', '.join(known)})",
        )
    if m := re.match(r"Object missing required field `(.+)`", message):
        setting = ".".join(filter(None, (where, m[1])))
        return setting_error(file, setting, "missing", f'add it, e.g. {m[1]} = "..."')
    if m := re.match(r"Expected `(\w+)`, got `(\w+)`", message):
        want, got = _KINDS.get(m[1], m[1]), _KINDS.get(m[2], m[2])
        return setting_error(file, where or "(top)", f"is {got}", f"write {want}")
    if m := re.match(r"Invalid enum value (.+)", message):
        options = typing.get_args(typing.get_type_hints(Config).get(where))
        allowed = ", ".join(f'"{o}"' for o in options) or "see deploy/README.md"
        return setting_error(file, where, f"{m[1]} is not allowed", f"use one of {allowed}")
    return setting_error(file, where or "(top)", message, "correct it (see deploy/README.md)")


def _known(section: str) -> list[str]:
    struct = {
        "http": HttpConfig,
        "nats": NatsConfig,
        "fediverse": FediverseConfig,
        "page": PageConfig,
    }.get(section, Config)
    return list(struct.__struct_fields__)


def _port(file: Path, setting: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise setting_error(file, setting, f"{port} is not a port (1-65535)", "use e.g. 8080")


def _host(file: Path, setting: str, host: str) -> None:
    if host in ("", "localhost"):
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise setting_error(
            file,
            setting,
            f"{host!r} is not an IP address",
            'use "127.0.0.1" (this machine only) or "0.0.0.0" (every interface)',
        ) from None


def _url(file: Path, setting: str, url: str, schemes: tuple[str, ...]) -> None:
    try:
        parts = urlsplit(url)
        ok = parts.scheme in schemes and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port out of range or a malformed address
        ok = False
    if not ok:
        raise setting_error(
            file,
            setting,
            f"{url!r} is not a {schemes[0]}:// URL with a host",
            f"write e.g. {schemes[0]}://nats.example.org:4222"
            if schemes[0] != "http"
            else "write e.g. https://citymesh.example.org",
        )


def _fediverse(file: Path, fed: FediverseConfig) -> None:
    handle = fed.handle
    if handle is not None and not re.fullmatch(r"[a-z0-9_]{1,64}", handle):
        raise setting_error(
            file,
            "fediverse.handle",
            f"{handle[:70]!r} is not an account name",
            "use 1 to 64 lowercase letters, digits or _, e.g. lisboa",
        )
    for name, low, high in (
        # Small values are for tests on one machine; the defaults suit real servers.
        ("timeout", 0.1, 300),
        ("retry_max", 0.1, 86400),
        ("give_up_after", 1, 90 * 86400),
    ):
        value = getattr(fed, name)
        if not low <= value <= high:
            raise setting_error(
                file,
                f"fediverse.{name}",
                f"{value} is out of range ({low}-{high} seconds)",
                f"use {getattr(FediverseConfig(), name):g}",
            )


def check(config: Config, file: Path | str) -> None:
    """Every setting's range and form (types are msgspec's); raises the first error found."""
    f = Path(file)
    if not config.name.strip():
        raise setting_error(f, "name", "is empty", 'write the organisation\'s name, e.g. "Lyon"')
    if config.type not in typing.get_args(NodeType):
        allowed = ", ".join(typing.get_args(NodeType))
        raise setting_error(
            f, "type", f"{config.type!r} is not a node type", f"use one of {allowed}"
        )
    try:
        msgspec.convert(config.lang, LangTag)
    except msgspec.ValidationError:
        raise setting_error(
            f,
            "lang",
            f"{config.lang!r} is not a language tag (BCP 47)",
            'use e.g. "en", "fr" or "pt-BR"',
        ) from None
    _host(f, "http.host", config.http.host)
    _port(f, "http.port", config.http.port)
    if config.http.public_url is not None:
        _url(f, "http.public_url", config.http.public_url, ("http", "https"))
    _host(f, "nats.host", config.nats.host)
    _port(f, "nats.port", config.nats.port)
    for i, url in enumerate(config.nats.urls):
        _url(f, f"nats.urls[{i}]", url, ("nats", "tls", "ws", "wss"))
    for i, url in enumerate(config.nats.advertise):
        _url(f, f"nats.advertise[{i}]", url, ("nats", "tls", "ws", "wss"))
    replicas = config.nats.replicas
    if not 1 <= replicas <= MAX_REPLICAS:
        raise setting_error(
            f, "nats.replicas", f"{replicas} is out of range (1-{MAX_REPLICAS})", "use 1, or 3"
        )
    if replicas > 1 and not config.nats.urls:
        raise setting_error(
            f,
            "nats.replicas",
            f"{replicas} replicas need a cluster of {replicas} servers, "
            "but this node runs one embedded server",
            "set replicas = 1, or set nats.urls to a JetStream cluster",
        )
    timeout = config.nats.connect_timeout
    if not 1 <= timeout <= 300:
        raise setting_error(
            f, "nats.connect_timeout", f"{timeout} is out of range (1-300 seconds)", "use 10"
        )
    _fediverse(f, config.fediverse)
    if not config.nats.urls and (config.nats.port == config.http.port):
        raise setting_error(
            f,
            "nats.port",
            f"{config.nats.port} is also http.port",
            "give the embedded NATS server and HTTP different ports",
        )
