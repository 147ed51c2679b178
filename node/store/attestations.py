"""Who attested a meeting outcome, and which version (SPEC.md §6.5), read from the view.

Attestations are objects of kind `attestation`; their target lives in the body (`event`,
`version`), so they are found by a scan of that kind's rows: a handful per outcome.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .identities import names as _names
from .identities import root as _root

__all__ = ["of_outcome", "of_outcomes", "participants"]

#: Attestations read for one outcome at most (each names one node and one version).
MAX_ATTESTATIONS = 500


def participants(meeting: dict[str, Any]) -> list[str]:
    """The nodes invited to a meeting (a view item): its author and organizers that are nodes."""
    organizers = meeting["body"].get("organizers") or []
    nodes = [
        o["node"] for o in organizers if isinstance(o, dict) and isinstance(o.get("node"), str)
    ]
    return list(dict.fromkeys([meeting["author"], *nodes]))


def of_outcome(
    conn: sqlite3.Connection, outcome_id: str, participants: list[str]
) -> dict[str, Any]:
    """One outcome's attestations (see `of_outcomes`)."""
    return of_outcomes(conn, {outcome_id: participants})[outcome_id]


def of_outcomes(
    conn: sqlite3.Connection, wanted: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    """For each outcome id: its attestations split into current and earlier versions, and
    which of its `participants` (node ids invited to the meeting) have not attested the
    current one.

    Only attestations of the outcome itself or of an update of it by the outcome's author
    count; a node's repeated attestation of one version counts once. All the outcomes' rows
    are read in one pass over the attestations.
    """
    ids = list(wanted)
    found: dict[str, list[tuple[str, str, dict[str, Any], str]]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for id_, author, body, created, event in conn.execute(
            "SELECT id, author, body, created_at, json_extract(body, '$.event') FROM objects"
            " WHERE kind = 'attestation' AND retracted IS NULL"
            f" AND json_extract(body, '$.event') IN ({marks}) ORDER BY created_at, id",
            ids,
        ):
            if len(found[event]) < MAX_ATTESTATIONS:
                found[event].append((id_, author, json.loads(body), created))
    return {i: _shape(conn, i, found[i], wanted[i]) for i in ids}


def _shape(
    conn: sqlite3.Connection,
    outcome_id: str,
    rows: list[tuple[str, str, dict[str, Any], str]],
    participants: list[str],
) -> dict[str, Any]:
    row = conn.execute(
        "SELECT author, version_id, version FROM objects WHERE id = ? AND kind = 'meeting.outcome'",
        (outcome_id,),
    ).fetchone()
    if row is None:
        return {"version": 0, "current": [], "earlier": [], "missing": []}
    outcome_author, current_version, version_number = row
    numbers = {outcome_id: 1}
    for i, (version_id,) in enumerate(
        conn.execute(
            "SELECT e.id FROM versions v JOIN events e ON e.id = v.version_id"
            " WHERE v.object_id = ? AND v.author = ? ORDER BY e.seq",
            (outcome_id, outcome_author),
        ),
        start=2,
    ):
        numbers[version_id] = i
    seen: set[tuple[str, str]] = set()
    kept: list[tuple[str, str, str, Any, str]] = []
    for id_, author, data, created in rows:
        version = data.get("version") or outcome_id
        if version not in numbers:
            continue  # not a version of this outcome by its author: ignored (§6.5)
        root = _root(conn, author)
        if (root, version) in seen:
            continue
        seen.add((root, version))
        kept.append((id_, root, version, data.get("note"), created))
    invited = list(dict.fromkeys(_root(conn, p) for p in participants))
    names = _names(conn, [k[1] for k in kept] + invited)
    shaped = [
        {
            "id": id_,
            "author": root,
            "author_name": names.get(root),
            "version": numbers[version],
            "current": version == current_version,
            "note": note,
            "created_at": created,
            "event_url": f"/api/v1/events/{id_}",
        }
        for id_, root, version, note, created in kept
    ]
    attested = {a["author"] for a in shaped if a["current"]}
    missing = [{"id": p, "name": names.get(p)} for p in invited if p not in attested]
    return {
        "version": version_number,
        "current": [a for a in shaped if a["current"]],
        "earlier": [a for a in shaped if not a["current"]],
        "missing": missing,
    }
