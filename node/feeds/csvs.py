"""View rows as flat CSV tables, one per kind; language maps become `x` and `x_langs` columns."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .context import Context
from .places import coordinates, describe
from .rows import NodeRow, ObjectRow
from .text import clean, pick_text

__all__ = ["render_objects", "render_nodes", "object_chunks", "TABLES", "safe"]

Getter = Callable[[ObjectRow, Context], Any]

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def safe(value: Any) -> str:
    """A cell spreadsheets will not run as a formula: text starting with = + - @ (or a tab or
    carriage return) gets a leading apostrophe; plain numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = clean(str(value)) if not isinstance(value, int | float) else str(value)
    if text and text[0] in "=+-@\t\r" and not _NUMBER.match(text):
        return "'" + text
    return text


def _field(name: str) -> Getter:
    return lambda row, ctx: (
        row.body.get(name) if not isinstance(row.body.get(name), dict | list) else None
    )


def _text(name: str) -> Getter:
    return lambda row, ctx: pick_text(row.body.get(name), ctx.lang, row.lang)


def _langs(name: str) -> Getter:
    def get(row: ObjectRow, ctx: Context) -> str | None:
        value = row.body.get(name)
        return (
            json.dumps(value, ensure_ascii=False, sort_keys=True)
            if isinstance(value, dict)
            else None
        )

    return get


def _joined(name: str, key: str | None = None) -> Getter:
    def get(row: ObjectRow, ctx: Context) -> str:
        items = row.body.get(name)
        if not isinstance(items, list):
            return ""
        values = [i.get(key) if key and isinstance(i, dict) else i for i in items]
        return ";".join(str(v) for v in values if isinstance(v, str | int))

    return get


def _count(name: str) -> Getter:
    return lambda row, ctx: len(row.body[name]) if isinstance(row.body.get(name), list) else 0


def _lang_map(name: str) -> list[tuple[str, Getter]]:
    return [(name, _text(name)), (f"{name}_langs", _langs(name))]


def _coord(index: int, of: Callable[[ObjectRow], Any]) -> Getter:
    def get(row: ObjectRow, ctx: Context) -> float | None:
        geo = coordinates(of(row))
        return geo[index] if geo else None

    return get


def _first_place(row: ObjectRow) -> Any:
    places = row.body.get("places")
    return places[0] if isinstance(places, list) and places else None


def _meeting_place(row: ObjectRow) -> Any:
    return row.body.get("place")


_HEAD: list[tuple[str, Getter]] = [
    ("id", lambda r, c: r.id),
    ("author", lambda r, c: r.author),
    ("author_name", lambda r, c: pick_text(r.author_name, c.lang, r.lang)),
    ("lang", lambda r, c: r.lang),
    ("version", lambda r, c: r.version),
    ("created_at", lambda r, c: r.created_at),
    ("updated_at", lambda r, c: r.updated_at),
]
_TAIL: list[tuple[str, Getter]] = [("url", lambda r, c: c.event_url(r.id))]

#: Feed name → (kind, columns after the common ones).
TABLES: dict[str, tuple[str, list[tuple[str, Getter]]]] = {
    "initiatives": (
        "initiative",
        [
            *_lang_map("title"),
            *_lang_map("summary"),
            ("category", _field("category")),
            ("status", _field("status")),
            ("instrument", _field("instrument")),
            ("start", _field("start")),
            ("end", _field("end")),
            ("progress", _field("progress")),
            ("target_groups", _joined("target_groups")),
            ("place", lambda r, c: describe(_first_place(r), c.lang, r.lang)),
            ("lat", _coord(0, _first_place)),
            ("lon", _coord(1, _first_place)),
            ("legal_identifier", lambda r, c: (r.body.get("legal") or {}).get("identifier")),
            ("homepage", _field("homepage")),
        ],
    ),
    "meetings": (
        "meeting",
        [
            *_lang_map("title"),
            ("status", _field("status")),
            ("start", _field("start")),
            ("end", _field("end")),
            ("timezone", _field("timezone")),
            ("attendance_mode", _field("attendance_mode")),
            ("place", lambda r, c: describe(_meeting_place(r), c.lang, r.lang)),
            ("lat", _coord(0, _meeting_place)),
            ("lon", _coord(1, _meeting_place)),
            ("online_url", _field("online_url")),
            ("agenda_items", _count("agenda")),
            *_lang_map("description"),
        ],
    ),
    "outcomes": (
        "meeting.outcome",
        [
            ("meeting", _field("meeting")),
            *_lang_map("summary"),
            ("attendees_count", _field("attendees_count")),
            ("decisions", _count("decisions")),
            ("action_items", _count("action_items")),
            ("minutes_url", lambda r, c: (r.body.get("minutes") or {}).get("url")),
        ],
    ),
    "declarations": (
        "declaration",
        [
            *_lang_map("title"),
            ("type", _field("type")),
            ("adopted_on", _field("adopted_on")),
            ("adopted_by", _joined("adopted_by", "name")),
            ("adopted_at", _field("adopted_at")),
            *_lang_map("text"),
        ],
    ),
    "endorsements": (
        "endorsement",
        [("event", _field("event")), ("stance", _field("stance")), *_lang_map("statement")],
    ),
    "partnerships": (
        "partnership",
        [
            *_lang_map("title"),
            ("type", _field("type")),
            ("partners", _joined("partners")),
            ("start", _field("start")),
            ("end", _field("end")),
            ("commitments", _count("commitments")),
            *_lang_map("description"),
        ],
    ),
}

_NODE_COLUMNS: list[tuple[str, Callable[[NodeRow, Context], Any]]] = [
    ("id", lambda n, c: n.id),
    ("name", lambda n, c: pick_text(n.name, c.lang, n.lang)),
    ("name_langs", lambda n, c: json.dumps(n.name, ensure_ascii=False, sort_keys=True)),
    ("node_type", lambda n, c: n.node_type),
    ("country", lambda n, c: n.country),
    ("lang", lambda n, c: n.lang),
    (
        "languages",
        lambda n, c: ";".join(x for x in n.body.get("languages") or [] if isinstance(x, str)),
    ),
    ("homepage", lambda n, c: n.body.get("homepage")),
    ("profile", lambda n, c: n.profile_id),
    ("url", lambda n, c: c.event_url(n.profile_id)),
]


def _chunks(header: list[str], pages: Iterable[Iterable[list[Any]]]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF line ends, quotes only where needed
    writer.writerow(header)
    for rows in pages:
        writer.writerows([safe(v) for v in row] for row in rows)
        yield out.getvalue().encode()
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode()


def object_chunks(table: str, pages: Iterable[list[ObjectRow]], ctx: Context) -> Iterator[bytes]:
    """The CSV table `table` (a key of TABLES) of the rows of `pages`, a page at a time."""
    columns = [*_HEAD, *TABLES[table][1], *_TAIL]
    return _chunks(
        [c[0] for c in columns],
        ([[get(r, ctx) for _, get in columns] for r in page] for page in pages),
    )


def render_objects(table: str, rows: list[ObjectRow], ctx: Context) -> bytes:
    """The CSV table `table` (a key of TABLES) of `rows`."""
    return b"".join(object_chunks(table, [rows], ctx))


def render_nodes(rows: list[NodeRow], ctx: Context) -> bytes:
    """The CSV table of known nodes."""
    return b"".join(
        _chunks(
            [c[0] for c in _NODE_COLUMNS],
            [[[get(n, ctx) for _, get in _NODE_COLUMNS] for n in rows]],
        )
    )
