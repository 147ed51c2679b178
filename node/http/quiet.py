"""One log line per kind of event, at most once a minute: a flood of hostile clients must not
become a flood of tracebacks in the operator's log (or fill its disk)."""

from __future__ import annotations

import logging
import time

__all__ = ["WINDOW", "RateLimit", "install", "note"]

WINDOW = 60.0
#: The loggers hostile clients can make speak: the event loop's, aiohttp's, and ours.
LOGGERS = ("asyncio", "aiohttp.server", "aiohttp.web", "citymesh.http")
log = logging.getLogger("citymesh.http")


class RateLimit(logging.Filter):
    """Lets the first record of each kind through per WINDOW, with the count held back since.

    A record about an OS or connection error (a client gone, no file descriptors left) loses
    its traceback: one line says what happened. A bug keeps its traceback, once a window.
    """

    def __init__(self, window: float = WINDOW) -> None:
        super().__init__()
        self.window = window
        self.last: dict[tuple[str, str, str], float] = {}
        self.held: dict[tuple[str, str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        key = (record.name, str(record.msg)[:200], type(exc).__name__ if exc else "")
        now = time.monotonic()
        if now - self.last.get(key, -self.window) < self.window:
            self.held[key] = self.held.get(key, 0) + 1
            return False
        if len(self.last) > 1000:  # kinds are few; this only bounds a pathological mix
            self.last.clear()
            self.held.clear()
        self.last[key] = now
        held = self.held.pop(key, 0)
        if isinstance(exc, OSError) or held:
            message = record.getMessage()
            if isinstance(exc, OSError):
                message += f": {type(exc).__name__}: {exc}"
                record.exc_info = record.exc_text = None
            if held:
                message += f" ({held} more like this in the last {self.window:g} s)"
            record.msg, record.args = message, None
        return True


_FILTER = RateLimit()


def install() -> None:
    """Rate-limit the loggers in LOGGERS (idempotent)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def note(kind: str, message: str) -> None:
    """Log one line about a kind of event (rate-limited with the rest)."""
    log.warning(kind + ": %s", message)
