"""Initiatives' and meetings' places as RFC 7946 GeoJSON FeatureCollections of Points."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .context import Context
from .places import coordinates, describe
from .rows import ObjectRow
from .text import pick_text

__all__ = ["render", "chunks"]


def _features(row: ObjectRow, ctx: Context) -> list[dict[str, Any]]:
    # An initiative may run in several places; a meeting has one.
    places = row.body.get("places") if row.kind == "initiative" else [row.body.get("place")]
    if not isinstance(places, list):
        return []
    out = []
    for i, place in enumerate(places):
        geo = coordinates(place)
        if geo is None:
            continue
        lat, lon = geo
        out.append(
            {
                "type": "Feature",
                # one feature per place: an initiative may run in several
                "id": f"{row.id}-{i}",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": row.id,
                    "kind": row.kind,
                    "title": pick_text(row.body.get("title"), ctx.lang, row.lang),
                    "place": describe(place, ctx.lang, row.lang) or None,
                    "category": row.body.get("category"),
                    "status": row.status,
                    "author": row.author,
                    "updated": row.updated_at,
                    "url": ctx.event_url(row.id),
                    "page": f"{ctx.base}/items/{row.id}",
                    **({"start": row.body.get("start")} if row.kind == "meeting" else {}),
                },
            }
        )
    return out


def chunks(pages: Iterable[list[ObjectRow]], ctx: Context) -> Iterator[bytes]:
    """A FeatureCollection with a Point for every place with coordinates of every row
    (initiatives: each of `places`; meetings: `place`), a page of rows at a time."""
    yield b'{"type":"FeatureCollection","features":['
    sep = ""
    for page in pages:
        features = [_dumps(f) for row in page for f in _features(row, ctx)]
        if features:
            yield (sep + ",".join(features)).encode()
            sep = ","
    yield b"]}"


def render(rows: list[ObjectRow], ctx: Context) -> bytes:
    """`chunks` of `rows`, whole."""
    return b"".join(chunks([rows], ctx))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
