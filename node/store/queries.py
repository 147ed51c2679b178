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
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

import msgspec
from msgspec import Meta

from protocol.kinds import core
from protocol.kinds.types import LangTag, PublicId, whole

from . import attestations
from .identities import identity_keys as _identity_keys
from .identities import names as author_names
from .identities import root as _root
from .words import query_words

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


T = TypeVar("T")


class Page(msgspec.Struct, Generic[T], kw_only=True):
    """One page of items and the cursor of the next (None on the last page)."""

    items: list[T]
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
    """User text as an FTS5 query of quoted words (all must match); None if nothing to match.

    The words are those the index's tokenizer finds (`words.query_words`), each quoted alone:
    the index keeps no positions, so a phrase (what a quoted "São-Paulo" would be) is an
    error there. Quoting makes operators (`OR`, `NEAR`, `*`, `^`, `:`) plain text, so no input
    can raise an FTS5 syntax error or change the query. Control characters go first, as FTS5
    reads a NUL as the end of a query.
    """
    found = query_words(text[:2000].translate(_CONTROL))[:MAX_QUERY_WORDS]
    return " ".join('"' + word.replace('"', '""') + '"' for word in found) or None


# -- the common select ----------------------------------------------------------------------

#: The columns an `ObjectRow` is made from (`object_rows`), in this order.
COLUMNS = (
    "o.rowid, o.n, o.id, o.kind, o.author, o.seq, o.lang, o.body, o.version, o.version_id,"
    " o.created_at, o.updated_at, o.retracted, o.status, o.ref"
)
_COLUMNS = COLUMNS


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


class Retracted(msgspec.Struct, frozen=True, kw_only=True):
    """`objects.retracted`: the retraction event, its reason and when it was made."""

    id: str
    reason: str
    at: str
    explanation: dict[str, str] | None = None


class ObjectRow(msgspec.Struct, frozen=True, kw_only=True):
    """One object's current state (updates applied), as the view API, the pages and the feeds
    show it: its author's name, and the identity (root key) that published it."""

    id: str
    kind: str
    author: str
    author_name: dict[str, str] | None
    seq: int
    lang: str
    body: dict[str, Any]
    version: int
    version_id: str
    created_at: str
    updated_at: str
    status: str | None
    ref: str | None
    retracted: Retracted | None
    event_url: str
    verified: Literal[True] = True
    published_by: str
    published_by_name: dict[str, str] | None

    @property
    def changed_at(self) -> str:
        """When the object last changed, its retraction included."""
        return self.retracted.at if self.retracted else self.updated_at


class Reference(msgspec.Struct, frozen=True, kw_only=True):
    """An object that refers to another (a report, an outcome, an endorsement), by its author."""

    id: str
    author: str
    author_name: dict[str, str] | None


class ProgressReport(Reference, frozen=True, kw_only=True):
    date: Any = None
    status: Any = None
    progress: Any = None
    item: Any = None
    narrative: Any = None
    metrics: Any = None
    created_at: str


class OutcomeOfMeeting(Reference, frozen=True, kw_only=True):
    summary: Any = None
    created_at: str
    event_url: str
    attestations: dict[str, Any]


class Endorsement(Reference, frozen=True, kw_only=True):
    stance: Any = None
    statement: Any = None


class MeetingOfOutcome(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: Any


class InitiativeRow(ObjectRow, frozen=True, kw_only=True):
    #: The newest `MAX_REFERRING`, oldest first; `progress_reports_total` counts them all.
    progress_reports: list[ProgressReport]
    progress_reports_total: int


class MeetingRow(ObjectRow, frozen=True, kw_only=True):
    outcomes: list[OutcomeOfMeeting]
    outcomes_total: int


class OutcomeRow(ObjectRow, frozen=True, kw_only=True):
    meeting: MeetingOfOutcome | None


class DeclarationRow(ObjectRow, frozen=True, kw_only=True):
    endorsements: list[Endorsement]
    endorsements_total: int


class PartnershipRow(ObjectRow, frozen=True, kw_only=True):
    """A partnership; `status` is the derived one (see `partnership_state`)."""

    answers: dict[str, Literal["accepted", "declined", "ended", "pending"]]
    progress_reports: list[ProgressReport]
    progress_reports_total: int


class NodeProfile(msgspec.Struct, frozen=True, kw_only=True):
    """A node's current profile: `id` is its public id (did:key)."""

    id: str
    profile_id: str
    name: dict[str, str]
    node_type: str
    country: str | None
    lang: str
    body: dict[str, Any]


class NodeItem(NodeProfile, frozen=True, kw_only=True):
    """A node: its current profile, follow graph, fork and rotation state."""

    follows: list[str]
    followers: list[str]
    forked_at: int | None
    rotated_to: str | None
    created_at: str
    updated_at: str
    event_url: str
    verified: Literal[True] = True


_body = msgspec.json.Decoder(dict[str, Any])
_names_map = msgspec.json.Decoder(dict[str, str])
_retracted = msgspec.json.Decoder(Retracted)


def _row_fields(
    row: tuple[Any, ...], names: dict[str, Any], roots: dict[str, str]
) -> dict[str, Any]:
    (_, _, id_, kind, author, seq, lang, body, version, version_id, created, updated, retr) = row[
        :13
    ]
    root = roots[author]
    return {
        "id": id_,
        "kind": kind,
        "author": author,
        "author_name": names.get(author),
        "seq": seq,
        "lang": lang,
        "body": _body.decode(body),
        "version": version,
        "version_id": version_id,
        "created_at": created,
        "updated_at": updated,
        "status": row[13],
        "ref": row[14],
        "retracted": _retracted.decode(retr) if retr else None,
        "event_url": f"/api/v1/events/{id_}",
        "published_by": root,
        "published_by_name": names.get(root),
    }


R = TypeVar("R", bound=ObjectRow)
R2 = TypeVar("R2")


def object_rows(
    conn: sqlite3.Connection,
    rows: list[tuple[Any, ...]],
    cls: type[R],
    extra: Callable[[str], dict[str, Any]] | None = None,
) -> list[R]:
    """Rows selected with `COLUMNS` as `cls`, each with `extra(id)`'s fields (which take
    the place of the row's own of the same name)."""
    roots = {author: _root(conn, author) for author in {r[4] for r in rows}}
    names = author_names(conn, [*roots, *roots.values()])
    return [cls(**_row_fields(r, names, roots) | (extra(r[2]) if extra else {})) for r in rows]


def _items(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as plain mappings of `ObjectRow`'s fields (for the item pages)."""
    return [msgspec.to_builtins(r) for r in object_rows(conn, rows, ObjectRow)]


#: Objects referring to an item (its progress reports, endorsements, outcomes) listed with
#: it at most, the newest: anyone a peer relays may add them, and a list must not grow
#: with them. Each list's `..._total` counts them all.
MAX_REFERRING = 100


def _referring(
    conn: sqlite3.Connection, kinds: tuple[str, ...], object_ids: list[str]
) -> tuple[dict[str, list[tuple[str, str, dict[str, Any], str, int]]], dict[str, int]]:
    """Non-retracted objects of `kinds` whose ref names any version of each object: the newest
    `MAX_REFERRING` of each, and how many there are.

    Returns (object id -> [(id, author, body, created_at, seq)] in creation order,
    object id -> their count).
    """
    out: dict[str, list[tuple[str, str, dict[str, Any], str, int]]] = {i: [] for i in object_ids}
    totals = dict.fromkeys(object_ids, 0)
    if not object_ids:
        return out, totals
    marks = ",".join("?" * len(object_ids))
    kmarks = ",".join("?" * len(kinds))
    for target, total, id_, author, body, created, seq in conn.execute(
        # CROSS JOIN keeps versions as the outer loop: a few versions, then objects by `ref`
        # (left to itself the planner may scan every object of the kind). Bodies are read
        # for the rows kept only.
        "SELECT x.target, x.total, r.id, r.author, r.body, r.created_at, r.seq FROM"
        " (SELECT v.object_id AS target, r.rowid AS n,"
        "  ROW_NUMBER() OVER (PARTITION BY v.object_id ORDER BY r.created_at DESC, r.id DESC)"
        "  AS newest, COUNT(*) OVER (PARTITION BY v.object_id) AS total"
        f"  FROM all_versions v CROSS JOIN objects r ON r.ref = v.version_id"
        f"  WHERE v.object_id IN ({marks}) AND r.kind IN ({kmarks}) AND r.retracted IS NULL) x"
        " CROSS JOIN objects r ON r.rowid = x.n WHERE x.newest <= ?"
        " ORDER BY r.created_at, r.id",
        (*object_ids, *kinds, MAX_REFERRING),
    ):
        out[target].append((id_, author, json.loads(body), created, seq))
        totals[target] = total
    return out, totals


def _references(
    conn: sqlite3.Connection,
    kinds: tuple[str, ...],
    ids: list[str],
    make: Callable[[str, str, Any, dict[str, Any], str], R2],
) -> tuple[dict[str, list[R2]], dict[str, int]]:
    """Each object's referring objects of `kinds` (see `_referring`), oldest first, made by
    `make(id, author, author's name, body, created_at)`, and their counts."""
    found, totals = _referring(conn, kinds, ids)
    names = author_names(conn, [r[1] for rs in found.values() for r in rs])
    made = {
        object_id: [make(i, author, names[author], body, at) for i, author, body, at, _ in rs]
        for object_id, rs in found.items()
    }
    return made, totals


def _report(id_: str, author: str, name: Any, body: dict[str, Any], at: str) -> ProgressReport:
    return ProgressReport(
        id=id_,
        author=author,
        author_name=name,
        date=body.get("date"),
        status=body.get("status"),
        progress=body.get("progress"),
        item=body.get("item"),
        narrative=body.get("narrative"),
        metrics=body.get("metrics"),
        created_at=at,
    )


def _reports(
    conn: sqlite3.Connection, ids: list[str]
) -> tuple[dict[str, list[ProgressReport]], dict[str, int]]:
    """Each object's progress reports, oldest first (the newest `MAX_REFERRING`), and their
    counts."""
    return _references(conn, ("progress.report",), ids, _report)


def _progress(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    """Add each item's `progress_reports` and their total (to the plain mappings of `_items`)."""
    reports, totals = _reports(conn, [i["id"] for i in items])
    for item in items:
        item["progress_reports"] = msgspec.to_builtins(reports[item["id"]])
        item["progress_reports_total"] = totals[item["id"]]


# -- the views ------------------------------------------------------------------------------


def _reject(f: Filters, *names: str) -> None:
    for name in names:
        if getattr(f, name) is not None:
            raise BadFilter(name, f"{name} is not a filter of this view")


def _statuses(f: Filters, allowed: tuple[str, ...]) -> None:
    """The status filter must be one of this view's statuses."""
    if f.status is not None and f.status not in allowed:
        raise BadFilter("status", f"status must be one of {', '.join(allowed)}")


def nodes(conn: sqlite3.Connection, f: Filters) -> Page[NodeItem]:
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
        # A follow's `ref` is the node it follows (an erased follow's is NULL).
        follows = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT ref FROM objects WHERE kind = 'follow' AND retracted IS NULL"
                f" AND ref IS NOT NULL AND author IN ({marks}) ORDER BY 1",
                keys,
            )
        ]
        followers = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT author FROM objects WHERE kind = 'follow' AND retracted IS NULL"
                f" AND ref IN ({marks}) ORDER BY 1",
                keys,
            )
        ]
        items.append(
            NodeItem(
                id=author,
                profile_id=node[0],
                name=_names_map.decode(node[1]),
                node_type=node[2],
                country=node[3],
                lang=node[4],
                body=_body.decode(node[5]),
                follows=follows,
                followers=followers,
                forked_at=state[0] if state else None,
                rotated_to=state[1] if state else None,
                created_at=row[10],
                updated_at=row[11],
                event_url=f"/api/v1/events/{node[0]}",
            )
        )
    return Page(items=items, next=cursor)


def initiatives(conn: sqlite3.Connection, f: Filters) -> Page[InitiativeRow]:
    """Initiatives (current body) with their progress reports."""
    _statuses(f, get_args(core.InitiativeStatus))
    rows, cursor = _select(conn, ("initiative",), f, dated_on_start=True)
    reports, totals = _reports(conn, [r[2] for r in rows])
    items = object_rows(
        conn,
        rows,
        InitiativeRow,
        lambda id_: {"progress_reports": reports[id_], "progress_reports_total": totals[id_]},
    )
    return Page(items=items, next=cursor)


def meetings(conn: sqlite3.Connection, f: Filters) -> Page[MeetingRow]:
    """Meetings with the outcomes published for them."""
    _reject(f, "category")
    _statuses(f, get_args(core.MeetingStatus))
    rows, cursor = _select(conn, ("meeting",), f, dated_on_start=True)
    meetings = object_rows(conn, rows, ObjectRow)
    outcomes_of, totals = _referring(conn, ("meeting.outcome",), [m.id for m in meetings])
    names = author_names(conn, [r[1] for rs in outcomes_of.values() for r in rs])

    attested = attestations.of_outcomes(
        conn,
        {
            r[0]: attestations.participants({"author": m.author, "body": m.body})
            for m in meetings
            for r in outcomes_of[m.id]
        },
    )
    items = [
        MeetingRow(
            **msgspec.structs.asdict(m),
            outcomes=[
                OutcomeOfMeeting(
                    id=id_,
                    author=author,
                    author_name=names[author],
                    summary=body.get("summary"),
                    created_at=created,
                    event_url=f"/api/v1/events/{id_}",
                    attestations=attested[id_],
                )
                for id_, author, body, created, _ in outcomes_of[m.id]
            ],
            outcomes_total=totals[m.id],
        )
        for m in meetings
    ]
    return Page(items=items, next=cursor)


def outcomes(conn: sqlite3.Connection, f: Filters) -> Page[OutcomeRow]:
    """Meeting outcomes with the meeting they record ({id, title}, or None if not held)."""
    _reject(f, "category", "status")
    rows, cursor = _select(conn, ("meeting.outcome",), f, dated_on_start=False)
    refs = {r[2]: _body.decode(r[7]).get("meeting") for r in rows}

    def meeting(id_: str) -> dict[str, Any]:
        row = conn.execute(
            "SELECT o.id, o.body FROM all_versions v JOIN events e ON e.id = v.object_id"
            " JOIN objects o ON o.n = e.n WHERE v.version_id = ? AND o.kind = 'meeting'",
            (refs[id_],),
        ).fetchone()
        held = MeetingOfOutcome(id=row[0], title=json.loads(row[1]).get("title")) if row else None
        return {"meeting": held}

    return Page(items=object_rows(conn, rows, OutcomeRow, meeting), next=cursor)


def declarations(conn: sqlite3.Connection, f: Filters) -> Page[DeclarationRow]:
    """Declarations with their (non-retracted) endorsements."""
    _reject(f, "category", "status")
    rows, cursor = _select(conn, ("declaration",), f, dated_on_start=False)
    endorsements, totals = _references(
        conn,
        ("endorsement",),
        [r[2] for r in rows],
        lambda id_, author, name, body, _: Endorsement(
            id=id_,
            author=author,
            author_name=name,
            stance=body.get("stance"),
            statement=body.get("statement"),
        ),
    )

    def endorsed(id_: str) -> dict[str, Any]:
        return {"endorsements": endorsements[id_], "endorsements_total": totals[id_]}

    return Page(items=object_rows(conn, rows, DeclarationRow, endorsed), next=cursor)


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


def partnerships(conn: sqlite3.Connection, f: Filters) -> Page[PartnershipRow]:
    """Partnerships with each partner's answer, the derived status and progress reports."""
    _reject(f, "category")
    _statuses(f, PARTNERSHIP_STATUSES)
    states: dict[str, tuple[str, dict[str, str]]] = {}

    def keep(row: Any) -> bool:
        states[row[2]] = partnership_state(conn, row)
        return f.status is None or states[row[2]][0] == f.status

    rows, cursor = _select(conn, ("partnership",), f, dated_on_start=True, keep=keep)
    reports, totals = _reports(conn, [r[2] for r in rows])

    def derived(id_: str) -> dict[str, Any]:
        status, answers = states[id_]
        return {
            "status": status,
            "answers": answers,
            "progress_reports": reports[id_],
            "progress_reports_total": totals[id_],
        }

    # The derived status takes the place of the stored one.
    return Page(items=object_rows(conn, rows, PartnershipRow, derived), next=cursor)


#: View name (as in /api/v1/view/<name>) -> its query and the filters it accepts.
VIEWS: dict[str, Callable[[sqlite3.Connection, Filters], Page[Any]]] = {
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
