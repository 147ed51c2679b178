"""The gate between the network and the store: every event from outside passes through it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gate import OVERSIZE, AuthorRate, Ingest, oversize

__all__ = ["OVERSIZE", "AuthorRate", "Ingest", "oversize"]


def __getattr__(name: str) -> Any:
    # Imported when first asked for: the verifier's worker process runs a module of this
    # package and must not import the store (and SQLite) with it.
    if name in __all__:
        from . import gate

        return getattr(gate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
