"""Read-side view shapes: pure functions `(conn, Filters) -> Page` over the view tables.

Shared by the JSON API, the web page and the feeds. Order is newest first in this node's
arrival order: by `objects.n` (the local number of the event that created the object), or,
for full-text queries, by the text index's rowid (= `objects.rowid`, the same order). The
cursor in `Page.next` names the last item's position and its order key; pass it back as
`Filters.after` to get the next page, so no item is returned twice or skipped.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, get_args

import msgspec
from msgspec import Meta

from protocol.kinds import core
from protocol.kinds.types import LangTag, PublicId, whole

__all__ = [
    "VIEWS",
    "BadFilter",
    "Filters",
    "Page",
    "fts_query",
    "nodes",
    "initiatives",
    "meetings",
    "outcomes",
    "declarations",
    "partnerships",
    "PARTNERSHIP_STATUSES",
]

#: Items per page at most, and the longest text query.
MAX_LIMIT = 200
MAX_QUERY = 500


class BadFilter(ValueError):
    """A filter value that cannot be used; `name` is the query parameter."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(detail)
        self.name, self.detail = name, detail


#: Text with no control characters but tabs and line breaks (which text may hold as spaces).
NO_CONTROL = whole(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*")
PartnershipStatus = Literal["proposed", "active", "declined", "ended", "withdrawn"]
PARTNERSHIP_STATUSES: tuple[str, ...] = get_args(PartnershipStatus)
#: A (partial) date or date-time, compared by prefix: 2024 covers the year.
DatePrefix = Annotated[
    str,
    Meta(
        pattern=whole(
            "[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3}Z?)?)?)?)?)?"
        ),
        description="a date such as 2024, 2024-06 or 2024-06-30",
    ),
]


class Filters(msgspec.Struct, kw_only=True, frozen=True):
    """What to select, as the view API's query parameters (a field's name is its parameter's).
    `date_from`/`date_to` compare by prefix, so `2024` covers the year."""

    q: (
        Annotated[
            str,
            Meta(
                max_length=MAX_QUERY,
                pattern=NO_CONTROL,
                description="words in any language, every one of which must occur (newest"
                f" matches first); text of at most {MAX_QUERY} characters",
            ),
        ]
        | None
    ) = None
    category: Annotated[core.Category, Meta(description="an initiative category")] | None = None
    author: (
        Annotated[PublicId, Meta(description="an author's did:key (any key of its identity)")]
        | None
    ) = None
    status: (
        Annotated[
            core.InitiativeStatus | core.MeetingStatus | PartnershipStatus,
            Meta(description="a status of the view's items (partnerships: the derived one)"),
        ]
        | None
    ) = None
    lang: (
        Annotated[
            LangTag,
            Meta(description="a BCP 47 language tag such as pt-BR: items with text in it"),
        ]
        | None
    ) = None
    date_from: DatePrefix | None = msgspec.field(default=None, name="from")
    date_to: DatePrefix | None = msgspec.field(default=None, name="to")
    after: (
        Annotated[str, Meta(max_length=64, description="the `next` cursor of the previous page")]
        | None
    ) = None
    limit: Annotated[int, Meta(ge=1, le=MAX_LIMIT, description="the page size")] = 50


class Page(msgspec.Struct, kw_only=True):
    """One page of items and the cursor of the next (None on the last page)."""

    items: list[dict[str, Any]]
    next: str | None


# -- cursors and text queries ---------------------------------------------------------------


def _encode_cursor(order: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{order}:{value}".encode()).decode().rstrip("=")


#: A cursor's number is a row's position: never near 2**63 (SQLite's integers are 64 bits).
_MAX_POSITION = 2**62


def _decode_cursor(cursor: str, order: str) -> int:
    try:
        if len(cursor) > 64:
            raise ValueError("too long")
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key, _, value = text.partition(":")
        if not (value.isascii() and value.isdigit() and len(value) <= 19):
            raise ValueError("not a position")
        number = int(value)
        if number > _MAX_POSITION:
            raise ValueError("out of range")
    except ValueError:
        raise BadFilter("after", "after is not a cursor this API returned") from None
    if key != order:
        # A text-query cursor walks a different order than a plain listing's.
        raise BadFilter("after", "after is a cursor from a different kind of query")
    return number


#: Words of a text query at most (every one must match; more only slow the query down).
MAX_QUERY_WORDS = 32
_CONTROL = dict.fromkeys([*range(32), 127], " ")


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted tokens (all must match); None if nothing to match.

    Quoting every whitespace-separated token makes operators (`OR`, `NEAR`, `*`, `^`, `:`)
    and quotes plain text, so no input can raise an FTS5 syntax error or change the query.
    Control characters go first: FTS5 reads a NUL as the end of the query, which would leave
    a quote open.
    """
    tokens: list[str] = []
    for token in text[:2000].translate(_CONTROL).split()[: MAX_QUERY_WORDS * 4]:
        if len(tokens) == MAX_QUERY_WORDS:
            break
        # Only tokens with a letter or digit can match; the rest would be empty phrases.
        if any(ch.isalnum() for ch in token):
            tokens.append('"' + token.replace('"', '""') + '"')
    return " ".join(tokens) or None


# -- the common select ----------------------------------------------------------------------

_COLUMNS = (
    "o.rowid, o.n, o.id, o.kind, o.author, o.seq, o.lang, o.body, o.version, o.version_id,"
    " o.created_at, o.updated_at, o.retracted"
)


def _identity_keys(conn: sqlite3.Connection, author: str) -> list[str]:
    """Every key of the identity `author` belongs to (a rotated key counts as the same node)."""
    root = _root(conn, author)
    keys = [r[0] for r in conn.execute("SELECT key FROM identities WHERE root = ?", (root,))]
    return [root, *keys]


def _root(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT root FROM identities WHERE key = ?", (key,)).fetchone()
    return row[0] if row else key


def _select(
    conn: sqlite3.Connection,
    kinds: tuple[str, ...],
    f: Filters,
    *,
    dated_on_start: bool,
    join: str = "",
    keep: Callable[[tuple[Any, ...]], bool] | None = None,
) -> tuple[list[tuple[Any, ...]], str | None]:
    """Rows of `kinds` matching `f` (and `keep`), newest first, at most `f.limit`, and the
    next page's cursor."""
    clauses: list[tuple[str, list[Any]]] = [(f"o.kind IN ({_marks(kinds)})", list(kinds))]
    if f.author:
        keys = _identity_keys(conn, f.author)
        clauses.append((f"o.author IN ({_marks(keys)})", keys))
    if f.category:
        clauses.append(("o.category = ?", [f.category]))
    if f.status and keep is None:
        clauses.append(("o.status = ?", [f.status]))
    if f.lang:
        # Text in that language anywhere in the body; `pt` also matches `pt-BR`.
        clauses.append(
            (
                "(o.lang = ? OR o.lang LIKE ? OR EXISTS (SELECT 1 FROM json_tree(o.body) t"
                " WHERE t.type = 'text' AND (t.key = ? OR t.key LIKE ?)))",
                [f.lang, f.lang + "-%"] * 2,
            )
        )
    column = "o.start" if dated_on_start else "o.created_at"
    if f.date_from:
        # Prefix comparisons: a start of "2024" overlaps from=2024-06-01 and to=2024-03.
        clauses.append((f"{column} >= substr(?, 1, length({column}))", [f.date_from]))
    if f.date_to:
        clauses.append((f"substr({column}, 1, length(?)) <= ?", [f.date_to, f.date_to]))
    match = fts_query(f.q) if f.q else None
    if f.q and match is None:
        return [], None
    if match:
        # Driven by the text index in rowid order with a LIMIT: never ranks all the matches.
        order, key_col, source = (
            "r",
            "search.rowid",
            "search JOIN objects o ON o.rowid = search.rowid",
        )
        clauses.insert(0, ("search MATCH ?", [match]))
    else:
        order, key_col, source = "n", "o.n", "objects o"
    key_index = 0 if order == "r" else 1
    bound = _decode_cursor(f.after, order) if f.after else None
    batch = f.limit + 1
    rows: list[tuple[Any, ...]] = []
    while True:
        page_clauses = clauses + ([(f"{key_col} < ?", [bound])] if bound is not None else [])
        sql = (
            f"SELECT {_COLUMNS} FROM {source} {join}"
            f" WHERE {' AND '.join(c for c, _ in page_clauses)}"
            f" ORDER BY {key_col} DESC LIMIT ?"
        )
        params = [p for _, ps in page_clauses for p in ps]
        page = conn.execute(sql, (*params, batch)).fetchall()
        for row in page:
            if keep is None or keep(row):
                rows.append(row)
                if len(rows) > f.limit:
                    break
        if len(rows) > f.limit or len(page) < batch:
            break
        bound = page[-1][key_index]
    if len(rows) > f.limit:
        rows = rows[: f.limit]
        return rows, _encode_cursor(order, rows[-1][key_index])
    return rows, None


def _marks(values: Iterable[Any]) -> str:
    return ",".join("?" for _ in values)


# -- shaping --------------------------------------------------------------------------------


def _names(conn: sqlite3.Connection, authors: Iterable[str]) -> dict[str, Any]:
    """Each author's profile name map (through its identity if the key was rotated)."""
    out: dict[str, Any] = {}
    for author in set(authors):
        name = None
        for key in [author, *reversed(_identity_keys(conn, author))]:
            row = conn.execute("SELECT name FROM nodes WHERE author = ?", (key,)).fetchone()
            if row:
                name = json.loads(row[0])
                break
        out[author] = name
    return out


def _item(row: tuple[Any, ...], names: dict[str, Any], roots: dict[str, str]) -> dict[str, Any]:
    (_, _, id_, kind, author, seq, lang, body, version, version_id, created, updated, retr) = row
    root = roots[author]
    return {
        "id": id_,
        "kind": kind,
        "author": author,
        "author_name": names.get(author),
        "seq": seq,
        "lang": lang,
        "body": json.loads(body),
        "version": version,
        "version_id": version_id,
        "created_at": created,
        "updated_at": updated,
        "retracted": json.loads(retr) if retr else None,
        "event_url": f"/api/v1/events/{id_}",
        "verified": True,
        "published_by": root,
        "published_by_name": names.get(root),
    }


def _items(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    roots = {r[4]: _root(conn, r[4]) for r in rows}
    names = _names(conn, [*roots, *roots.values()])
    return [_item(r, names, roots) for r in rows]


def _referring(
    conn: sqlite3.Connection, kinds: tuple[str, ...], object_ids: list[str]
) -> dict[str, list[tuple[str, str, dict[str, Any], str, int]]]:
    """Non-retracted objects of `kinds` whose ref names any version of each object.

    Returns object id -> [(id, author, body, created_at, seq)] in creation order.
    """
    out: dict[str, list[tuple[str, str, dict[str, Any], str, int]]] = {i: [] for i in object_ids}
    if not object_ids:
        return out
    marks = ",".join("?" * len(object_ids))
    kmarks = ",".join("?" * len(kinds))
    for target, id_, author, body, created, seq in conn.execute(
        # CROSS JOIN keeps versions as the outer loop: a few versions, then objects by `ref`
        # (left to itself the planner may scan every object of the kind).
        f"SELECT v.object_id, r.id, r.author, r.body, r.created_at, r.seq FROM all_versions v"
        f" CROSS JOIN objects r ON r.ref = v.version_id WHERE v.object_id IN ({marks})"
        f" AND r.kind IN ({kmarks}) AND r.retracted IS NULL ORDER BY r.created_at, r.id",
        (*object_ids, *kinds),
    ):
        out[target].append((id_, author, json.loads(body), created, seq))
    return out


def _progress(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    reports = _referring(conn, ("progress.report",), [i["id"] for i in items])
    names = _names(conn, [r[1] for rs in reports.values() for r in rs])
    for item in items:
        item["progress_reports"] = [
            {
                "id": id_,
                "author": author,
                "author_name": names[author],
                "date": body.get("date"),
                "status": body.get("status"),
                "progress": body.get("progress"),
                "item": body.get("item"),
                "narrative": body.get("narrative"),
                "metrics": body.get("metrics"),
                "created_at": created,
            }
            for id_, author, body, created, _ in reports[item["id"]]
        ]


# -- the views ------------------------------------------------------------------------------


def _reject(f: Filters, *names: str) -> None:
    for name in names:
        if getattr(f, name) is not None:
            raise BadFilter(name, f"{name} is not a filter of this view")


def _statuses(f: Filters, allowed: tuple[str, ...]) -> None:
    """The status filter must be one of this view's statuses."""
    if f.status is not None and f.status not in allowed:
        raise BadFilter("status", f"status must be one of {', '.join(allowed)}")


def nodes(conn: sqlite3.Connection, f: Filters) -> Page:
    """Nodes with their current profile, follow graph, fork and rotation state."""
    _reject(f, "category", "status")
    rows, cursor = _select(
        conn, ("profile",), f, dated_on_start=False, join="JOIN nodes nd ON nd.profile_id = o.id"
    )
    items = []
    for row in rows:
        author = row[4]
        node = conn.execute(
            "SELECT profile_id, name, node_type, country, lang, body FROM nodes WHERE author = ?",
            (author,),
        ).fetchone()
        state = conn.execute(
            "SELECT forked_at, rotated_to FROM authors WHERE author = ?", (author,)
        ).fetchone()
        keys = _identity_keys(conn, author)
        marks = ",".join("?" * len(keys))
        follows = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT json_extract(body, '$.author') FROM objects WHERE kind = 'follow'"
                f" AND retracted IS NULL AND author IN ({marks}) ORDER BY 1",
                keys,
            )
        ]
        followers = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT author FROM objects WHERE kind = 'follow' AND retracted IS NULL"
                f" AND json_extract(body, '$.author') IN ({marks}) ORDER BY 1",
                keys,
            )
        ]
        items.append(
            {
                "id": author,
                "profile_id": node[0],
                "name": json.loads(node[1]),
                "node_type": node[2],
                "country": node[3],
                "lang": node[4],
                "body": json.loads(node[5]),
                "follows": follows,
                "followers": followers,
                "forked_at": state[0] if state else None,
                "rotated_to": state[1] if state else None,
                "created_at": row[10],
                "updated_at": row[11],
                "event_url": f"/api/v1/events/{node[0]}",
                "verified": True,
            }
        )
    return Page(items=items, next=cursor)


def initiatives(conn: sqlite3.Connection, f: Filters) -> Page:
    """Initiatives (current body) with their progress reports."""
    _statuses(f, get_args(core.InitiativeStatus))
    rows, cursor = _select(conn, ("initiative",), f, dated_on_start=True)
    items = _items(conn, rows)
    _progress(conn, items)
    return Page(items=items, next=cursor)


def meetings(conn: sqlite3.Connection, f: Filters) -> Page:
    """Meetings with the outcomes published for them."""
    _reject(f, "category")
    _statuses(f, get_args(core.MeetingStatus))
    rows, cursor = _select(conn, ("meeting",), f, dated_on_start=True)
    items = _items(conn, rows)
    outcomes_of = _referring(conn, ("meeting.outcome",), [i["id"] for i in items])
    names = _names(conn, [r[1] for rs in outcomes_of.values() for r in rs])
    # Imported here: attestations reads names and identities through this module.
    from . import attestations

    attested = attestations.of_outcomes(
        conn,
        {r[0]: attestations.participants(item) for item in items for r in outcomes_of[item["id"]]},
    )
    for item in items:
        item["outcomes"] = [
            {
                "id": id_,
                "author": author,
                "author_name": names[author],
                "summary": body.get("summary"),
                "created_at": created,
                "event_url": f"/api/v1/events/{id_}",
                "attestations": attested[id_],
            }
            for id_, author, body, created, _ in outcomes_of[item["id"]]
        ]
    return Page(items=items, next=cursor)


def outcomes(conn: sqlite3.Connection, f: Filters) -> Page:
    """Meeting outcomes with the meeting they record ({id, title}, or None if not held)."""
    _reject(f, "category", "status")
    rows, cursor = _select(conn, ("meeting.outcome",), f, dated_on_start=False)
    items = _items(conn, rows)
    for item in items:
        ref = item["body"].get("meeting")
        row = conn.execute(
            "SELECT o.id, o.body FROM all_versions v JOIN events e ON e.id = v.object_id"
            " JOIN objects o ON o.n = e.n WHERE v.version_id = ? AND o.kind = 'meeting'",
            (ref,),
        ).fetchone()
        item["meeting"] = {"id": row[0], "title": json.loads(row[1]).get("title")} if row else None
    return Page(items=items, next=cursor)


def declarations(conn: sqlite3.Connection, f: Filters) -> Page:
    """Declarations with their (non-retracted) endorsements."""
    _reject(f, "category", "status")
    rows, cursor = _select(conn, ("declaration",), f, dated_on_start=False)
    items = _items(conn, rows)
    endorsements = _referring(conn, ("endorsement",), [i["id"] for i in items])
    names = _names(conn, [r[1] for rs in endorsements.values() for r in rs])
    for item in items:
        item["endorsements"] = [
            {
                "id": id_,
                "author": author,
                "author_name": names[author],
                "stance": body.get("stance"),
                "statement": body.get("statement"),
            }
            for id_, author, body, _, _ in endorsements[item["id"]]
        ]
    return Page(items=items, next=cursor)


def partnership_state(
    conn: sqlite3.Connection, proposal: tuple[Any, ...]
) -> tuple[str, dict[str, str]]:
    """A proposal row's status and each named partner's answer (see the rules below).

    Withdrawn if retracted; ended once a partner or the proposer ends any version; declined
    if a partner's latest answer to the current version declines it; active once every
    partner's latest answer to the current version accepts it; else proposed. Answers count
    only from the named partners, through any of their identity's keys.
    """
    id_, author, body, version_id, retracted = (
        proposal[2],
        proposal[4],
        json.loads(proposal[7]),
        proposal[9],
        proposal[12],
    )
    proposer = _root(conn, author)
    partners = [p for p in dict.fromkeys(body.get("partners", [])) if _root(conn, p) != proposer]
    by_root = {_root(conn, p): p for p in partners}
    answers = dict.fromkeys(partners, "pending")
    ended = False
    for kind, answer_author, ref in conn.execute(
        "SELECT r.kind, r.author, r.ref FROM all_versions v CROSS JOIN objects r"
        " ON r.ref = v.version_id WHERE v.object_id = ? AND r.retracted IS NULL"
        " AND r.kind IN ('partnership.accept', 'partnership.decline', 'partnership.end')"
        " ORDER BY r.created_at, r.seq",
        (id_,),
    ):
        root = _root(conn, answer_author)
        partner = by_root.get(root)
        if kind == "partnership.end" and (partner or root == proposer):
            ended = True
            if partner:
                answers[partner] = "ended"
        elif partner and ref == version_id and answers[partner] != "ended":
            answers[partner] = "accepted" if kind == "partnership.accept" else "declined"
    if retracted:
        status = "withdrawn"
    elif ended:
        status = "ended"
    elif "declined" in answers.values():
        status = "declined"
    elif partners and all(a == "accepted" for a in answers.values()):
        status = "active"
    else:
        status = "proposed"
    return status, answers


def partnerships(conn: sqlite3.Connection, f: Filters) -> Page:
    """Partnerships with each partner's answer, the derived status and progress reports."""
    _reject(f, "category")
    _statuses(f, PARTNERSHIP_STATUSES)
    states: dict[str, tuple[str, dict[str, str]]] = {}

    def keep(row: Any) -> bool:
        states[row[2]] = partnership_state(conn, row)
        return f.status is None or states[row[2]][0] == f.status

    rows, cursor = _select(conn, ("partnership",), f, dated_on_start=True, keep=keep)
    items = _items(conn, rows)
    for item in items:
        item["status"], item["answers"] = states[item["id"]]
    _progress(conn, items)
    return Page(items=items, next=cursor)


#: View name (as in /api/v1/view/<name>) -> its query and the filters it accepts.
VIEWS: dict[str, Callable[[sqlite3.Connection, Filters], Page]] = {
    "nodes": nodes,
    "initiatives": initiatives,
    "meetings": meetings,
    "outcomes": outcomes,
    "declarations": declarations,
    "partnerships": partnerships,
}


def events_after(
    conn: sqlite3.Connection, after: int, author: str | None, kind: str | None, limit: int
) -> list[tuple[int, bytes]]:
    """(local number, signed bytes) of stored events after `after`, oldest first."""
    where, params = ["n > ?"], [after]
    if author:
        where.append("author = ?")
        params.append(author)  # type: ignore[arg-type]
    if kind:
        where.append("kind = ?")
        params.append(kind)  # type: ignore[arg-type]
    return conn.execute(
        f"SELECT n, raw FROM events WHERE {' AND '.join(where)} ORDER BY n LIMIT ?",
        (*params, limit),
    ).fetchall()
