"""A byte forwarder the bed starts inside a host's namespace.

`portal.py unix:/path 127.0.0.1:8080` lets the test (outside every namespace) reach a node's
HTTP port through a Unix socket, which namespaces do not separate; `portal.py
10.77.0.1:443 127.0.0.1:8080 CERT KEY` terminates TLS in front of a node, as a city's
reverse proxy does. Prints `ready` once it listens; runs until killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def main(listen: str, target: str, cert: str | None, key: str | None) -> None:
    host, port = target.rsplit(":", 1)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    tls = None
    if cert and key:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(cert, key)
    if listen.startswith("unix:"):
        server = await asyncio.start_unix_server(serve, listen[5:])
    else:
        lhost, lport = listen.rsplit(":", 1)
        server = await asyncio.start_server(serve, lhost, int(lport), ssl=tls)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    listen, target, *tls = sys.argv[1:]
    asyncio.run(main(listen, target, tls[0] if tls else None, tls[1] if tls else None))
