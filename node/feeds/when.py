"""Meeting times: wall-clock times in the meeting's own IANA zone, made zone-aware."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["zone", "local"]


def zone(name: object) -> ZoneInfo | None:
    """The IANA zone `name`, or None if this system's zone database does not know it."""
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local(value: object, tz: ZoneInfo | None) -> datetime | None:
    """`value` (YYYY-MM-DDTHH:MM[:SS]) in zone `tz`; naive (floating) if the zone is unknown,
    None if `value` is not a time."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=tz) if tz is not None else parsed.replace(tzinfo=None)
