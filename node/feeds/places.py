"""Places in feeds: a readable line of text and WGS 84 coordinates as numbers."""

from __future__ import annotations

from typing import Any

from .text import clean, pick_text

__all__ = ["describe", "coordinates"]


def describe(place: Any, want: str | None, default: str) -> str:
    """The place's name (in `want`) and address on one line."""
    if not isinstance(place, dict):
        return ""
    parts = [pick_text(place.get("name"), want, default)]
    address = place.get("address")
    if isinstance(address, dict):
        for key in ("street", "postal_code", "locality", "region", "country"):
            value = address.get(key)
            if isinstance(value, str):
                parts.append(clean(value))
    return ", ".join(p for p in parts if p)


def coordinates(place: Any) -> tuple[float, float] | None:
    """(lat, lon) parsed from the place's decimal strings, or None if absent or out of range."""
    geo = place.get("geo") if isinstance(place, dict) else None
    if not isinstance(geo, dict):
        return None
    try:
        lat, lon = float(geo["lat"]), float(geo["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return lat, lon
