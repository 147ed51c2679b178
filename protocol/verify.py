"""Checking a JSON Lines file of events: each line alone, then every author's chain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import msgspec

from .chain import ChainVerifier
from .envelope import decode_event
from .errors import ProtocolError
from .kinds import Registry, registry

__all__ = ["Problem", "verify_lines"]


class Problem(msgspec.Struct, frozen=True):
    """One rejected line: where it is, which event (if its id could be read), and why."""

    line: int
    id: str | None
    error: ProtocolError


def _claimed_id(raw: bytes) -> str | None:
    try:
        value = msgspec.json.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None
    claimed = value.get("id") if isinstance(value, dict) else None
    return claimed if isinstance(claimed, str) else None


def verify_lines(
    lines: Iterable[bytes], *, now: datetime | None = None, kinds: Registry = registry
) -> tuple[int, list[Problem]]:
    """Check every non-blank line; return (number of events read, problems in line order)."""
    chains = ChainVerifier()
    problems: list[Problem] = []
    line_of: dict[int, int] = {}
    count = 0
    for number, raw in enumerate(lines, 1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        count += 1
        try:
            event = decode_event(raw, now=now, kinds=kinds)
        except ProtocolError as exc:
            problems.append(Problem(number, _claimed_id(raw), exc))
            continue
        line_of[id(event)] = number
        chains.add(event)
    for event, error in chains.errors():
        problems.append(Problem(line_of[id(event)], event.envelope.id, error))
    problems.sort(key=lambda p: p.line)
    return count, problems
