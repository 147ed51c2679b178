"""A whole collection's export, written a page at a time: in memory while small, then in a
temporary file, so what one request holds in memory stays bounded whatever the collection's
size (rendered at once, a large node's CSV took gigabytes: bench/RESULTS.md, round 28).
Its ETag is computed as it is written; the file is sent a slice at a time and deleted after.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import tempfile
from collections.abc import Iterator
from typing import IO

from aiohttp import web

from ..errors import StorageFull
from .etag import matches, tag
from .limits import WRITE_SECONDS

__all__ = ["MEMORY", "SLICE", "Spool"]

#: An export up to this size stays in memory; a larger one goes to a temporary file.
MEMORY = 1024 * 1024
#: The file is read and sent this much at a time.
SLICE = 1024 * 1024


class Spool:
    """Bytes written in order (from a reader thread), then answered once (`answer`)."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._file: IO[bytes] | None = None
        self._hash = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data: bytes) -> None:
        if self.closed:  # the request went away: its read stops here
            raise ValueError("the export's request has ended")
        self._hash.update(data)
        self.size += len(data)
        if self._file is None and len(self._buffer) + len(data) <= MEMORY:
            self._buffer += data
            return
        with self._disk():
            if self._file is None:
                self._file = tempfile.TemporaryFile()
                self._file.write(self._buffer)
                self._buffer = bytearray()
            self._file.write(data)

    def finish(self) -> None:
        """All is written: what is still buffered goes to the file (and a full disk shows)."""
        if self._file is not None:
            with self._disk():
                self._file.flush()

    @contextlib.contextmanager
    def _disk(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            raise StorageFull(
                "storage_full",
                f"the disk holding the temporary directory ({tempfile.gettempdir()}) has no"
                f" room for this export ({exc.strerror}); free space there, or ask for a"
                " smaller part of the view through the API",
            ) from exc

    def close(self) -> None:
        self.closed = True
        if self._file is not None:
            # Closing writes what is buffered first: on a full disk that fails, and the file
            # goes all the same.
            with contextlib.suppress(OSError):
                self._file.close()

    async def answer(self, request: web.Request, headers: dict[str, str]) -> web.StreamResponse:
        """The export with its ETag, or 304 if the request's If-None-Match names it."""
        etag = tag(self._hash.hexdigest())
        headers = {"ETag": etag, "Cache-Control": "no-cache", **headers}
        if matches(request, etag):
            return web.Response(status=304, headers=headers)
        if self._file is None:
            return web.Response(body=bytes(self._buffer), headers=headers)
        response = web.StreamResponse(headers=headers)
        response.content_length = self.size
        await response.prepare(request)
        file = self._file
        file.seek(0)
        try:
            while request.method != "HEAD" and (data := await asyncio.to_thread(file.read, SLICE)):
                # A client that takes nothing for this long is dropped, as a live stream's
                # is: aiohttp would otherwise wait for it forever.
                async with asyncio.timeout(WRITE_SECONDS):
                    await response.write(data)
            await response.write_eof()
        except TimeoutError:
            if request.transport is not None:
                request.transport.abort()
        return response
