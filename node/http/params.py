"""Query parameters read at the edge: bounded integers and bounded text, each bad value a 400
problem naming the parameter and what is expected."""

from __future__ import annotations

from aiohttp import web

from .problems import HTTPProblem

__all__ = ["MAX_INT", "MAX_TEXT", "integer", "text"]

#: The largest integer any parameter takes: far beyond any count, well inside SQLite's 64 bits
#: even after the arithmetic done with it (page * size, cursor - 1).
MAX_INT = 2**53
#: The longest text parameter (an author's did:key is 56 characters, a cursor about 30).
MAX_TEXT = 200


#: Control characters other than tab and line breaks (which text may hold as spaces).
_CONTROL = frozenset(chr(c) for c in [*range(9), 11, 12, *range(14, 32), 127])


def integer(request: web.Request, name: str, default: int, lo: int = 0, hi: int = MAX_INT) -> int:
    """The parameter as an integer in lo..hi (plain ASCII digits), or `default` if absent."""
    value = request.query.get(name)
    if value is None or value == "":
        return default
    digits = value[1:] if value[:1] == "-" else value
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 16):
        raise HTTPProblem(
            400, "bad_parameter", f"{name} must be a whole number from {lo} to {hi}", name
        )
    number = int(value)
    if not lo <= number <= hi:
        raise HTTPProblem(
            400, "bad_parameter", f"{name} must be a whole number from {lo} to {hi}", name
        )
    return number


def text(request: web.Request, name: str, limit: int = MAX_TEXT) -> str | None:
    """The parameter as text of at most `limit` characters with no control characters (but
    tabs and line breaks), or None if absent or empty."""
    value = request.query.get(name)
    if not value:
        return None
    if len(value) > limit:
        raise HTTPProblem(400, "bad_parameter", f"{name} is longer than {limit} characters", name)
    if not value.isprintable() and any(ch in _CONTROL for ch in value):
        raise HTTPProblem(400, "bad_parameter", f"{name} must not contain control characters", name)
    return value
