"""Checks of the machine a node is about to start on: its ports and its database file.

They run before anything starts (the embedded nats-server, the database migration), so a
wrong setting ends in one line naming it and its fix, not in a half-started node.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from .config import Config, ConfigError, Home, setting_error

__all__ = ["check_database", "check_port", "check_home"]

SQLITE_HEADER = b"SQLite format 3\x00"


def check_port(file: Path, setting: str, host: str, port: int, fix: str) -> None:
    """Raise unless a server could listen on host:port now (as servers do, SO_REUSEADDR).

    `fix` is told when another program holds the port."""
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror:
        raise setting_error(
            file, setting.replace("port", "host"), f"{host!r} is not an address", fix
        ) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise setting_error(
                    file, setting, f"port {port} on {host or '*'} is in use by another program", fix
                ) from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise setting_error(
                    file,
                    setting.replace("port", "host"),
                    f"{host!r} is not an address of this machine",
                    'use "127.0.0.1" (this machine only) or "0.0.0.0" (every interface)',
                ) from None
            if exc.errno == errno.EACCES:
                raise setting_error(
                    file,
                    setting,
                    f"port {port} needs privileges this user lacks",
                    "use a port above 1023 (a reverse proxy serves 80 and 443)",
                ) from None
            raise setting_error(
                file, setting, f"cannot listen on port {port} ({exc.strerror})", fix
            ) from None


def check_database(path: Path) -> None:
    """Raise if the database file exists but is not a SQLite database."""
    fix = (
        "restore it from a backup (`citymesh restore`), or move it away to start with an empty "
        "database that catches up from the stream and peers"
    )
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a database; {fix}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}); {fix}") from None
    if header and header != SQLITE_HEADER:
        raise ConfigError(f"{path}: not a SQLite database (damaged or replaced); {fix}")


def check_home(home: Home, config: Config) -> None:
    """Everything that can be checked about a home before its node starts anything."""
    check_database(home.db)
    check_port(
        home.config_file,
        "http.port",
        config.http.host,
        config.http.port,
        "stop that program, or choose another port: http.port in citymesh.toml "
        "or `citymesh run --http-port PORT`",
    )
