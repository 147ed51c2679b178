"""Secrets never reach a log: a filter on every handler and on aiohttp's own loggers.

aiohttp logs a request it cannot parse with the parser's message, which quotes the offending
header line: `Authorization: Bearer <token>` followed by a control character put the admin
token in the log at the default level. The filter drops those details (the type and status of
the error stay), and replaces any known secret and any `Bearer`/`Basic` credential in the
text of every record, at every level.
"""

from __future__ import annotations

import logging
import re

from aiohttp.http_exceptions import HttpProcessingError

__all__ = ["RedactFilter", "install", "redact", "secret"]

WITHHELD = "[withheld]"
#: aiohttp's loggers (aiohttp/log.py); a logger's filters see only the records made there.
AIOHTTP_LOGGERS = (
    "aiohttp.access",
    "aiohttp.client",
    "aiohttp.internal",
    "aiohttp.server",
    "aiohttp.web",
    "aiohttp.websocket",
)
#: A credential after its scheme (a Basic one looks like base64: "basic usage" is left alone).
_CREDENTIAL = re.compile(
    r"(?i)\b(bearer)(?:\s+|%20|\\x20)[^\s'\"\\]*|\b(basic)(?:\s+|%20)[A-Za-z0-9+/=]{8,}"
)
_HEADER = re.compile(r"(?i)(authorization\s*[:=]\s*)[^\r\n]*")
_secrets: set[str] = set()


def secret(value: str) -> None:
    """Remember a secret this process holds: it is replaced wherever a record carries it."""
    if len(value) >= 8:  # a short value would blank out ordinary words
        _secrets.add(value)


def redact(text: str) -> str:
    for value in _secrets:
        if value in text:
            text = text.replace(value, WITHHELD)
    text = _HEADER.sub(lambda m: m[1] + WITHHELD, text)
    return _CREDENTIAL.sub(lambda m: (m[1] or m[2]) + " " + WITHHELD, text)


class RedactFilter(logging.Filter):
    """Rewrites a record so that no credential is in its message or its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            # The parser's message quotes what the client sent, headers included.
            record.msg = "refused a malformed HTTP request: %s (%s); its content is not logged"
            record.args = (type(exc).__name__, exc.code)
            record.exc_info, record.exc_text = None, None
            return True
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info:
            # Formatters print a set exc_text instead of formatting exc_info again; exc_info
            # stays for later filters (`http.quiet` tells OS errors from bugs by it).
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text)
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactFilter()


def install() -> None:
    """Add the filter to aiohttp's loggers and to every handler of the root logger (once)."""
    for name in AIOHTTP_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
