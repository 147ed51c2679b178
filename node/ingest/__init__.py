"""The gate between the network and the store: every event from outside passes through it."""

from .gate import OVERSIZE, AuthorRate, Ingest, oversize

__all__ = ["OVERSIZE", "AuthorRate", "Ingest", "oversize"]
