"""The store layer: the SQLite file, acceptance of events, the shared view and its queries.

Everything that reads or writes the node's database lives here; nothing here knows of NATS,
HTTP or peers. The layers above hand it decoded events and ask it questions.
"""

from . import budget
from .store import CursorMove, Store

__all__ = ["CursorMove", "Store", "budget"]
