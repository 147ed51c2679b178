"""Runtime errors with a machine-readable code and the HTTP status they map to."""

from __future__ import annotations

__all__ = ["NodeError", "Busy", "FollowError", "NotWriter", "StorageError", "StorageFull"]


class NodeError(Exception):
    """Base class: `code` is stable, `detail` is for people, `status` is the HTTP status."""

    status = 500

    def __init__(
        self, code: str, detail: str, status: int | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail
        #: Seconds after which asking again may succeed (HTTP Retry-After), if known.
        self.retry_after = retry_after
        if status is not None:
            self.status = status


class Busy(NodeError):
    """A read for a client did not finish within its time budget (see `store.budget`)."""

    status = 503


class FollowError(NodeError):
    """A peer's card could not be read or does not match the key pinned for it."""

    status = 502


class NotWriter(NodeError):
    """This process may not publish as the node (a reader, or another process writes)."""

    status = 409


class StorageError(NodeError):
    """The node's disk refused a write (an I/O error); nothing of it was stored."""

    status = 503


class StorageFull(StorageError):
    """The disk holding the node's home is full: writes wait until space is freed."""

    status = 507
