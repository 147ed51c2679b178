"""What of an object goes into the full-text index: the words inside its body; and the words
of a text query, split as the index splits them.

The index keeps no copy of the text, and takes an object's words out by working them out
again from its body (`text_index.forget`): a change to what `text_of` gives for a stored body
must come with a migration that builds the index again.

The index keeps which objects hold a word, not where in them (FTS5's `detail=none`: its
inserts are cheaper and its pages fewer), so a query can only ask for words, each
alone: never a phrase of several. `query_words` therefore splits a query with the index's
own tokenizer, run by SQLite on a small table in memory, rather than with rules of its own
that could disagree with SQLite's on some character and make a phrase of a word.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from typing import Any

import msgspec

__all__ = ["TOKENIZER", "query_words", "text_of", "texts_of"]

#: The text index's tokenizer, as its table is declared (migrations).
TOKENIZER = "unicode61 remove_diacritics 2"

_NOT_TEXT = re.compile(r"^([0-9a-f]{64}|did:key:\S+|https?://\S+|[\d:.TZ+-]+)$")
_decode = msgspec.json.Decoder().decode


def text_of(body: Any) -> str:
    """The words inside a body, for the full-text index (all languages at once); ids, keys,
    URLs, dates and numbers are left out: nobody searches for them, and they bloat the index."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            if not _NOT_TEXT.match(v):
                out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(body)
    return "\n".join(out)


def texts_of(bodies: list[str]) -> list[str]:
    """`text_of` each body as stored (its JSON text)."""
    return [text_of(_decode(body)) for body in bodies]


_local = threading.local()


def query_words(text: str) -> list[str]:
    """The words of `text` as the index holds them (folded to lower case, without
    diacritics), in order, each once."""
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(text, tokenize = '{TOKENIZER}')")
        conn.execute("CREATE VIRTUAL TABLE found USING fts5vocab(words, 'instance')")
        _local.conn = conn
    conn.execute("BEGIN")
    try:
        conn.execute("INSERT INTO words (rowid, text) VALUES (1, ?)", (text,))
        found = conn.execute("SELECT term FROM found ORDER BY offset").fetchall()
    finally:
        conn.execute("ROLLBACK")
    return list(dict.fromkeys(term for (term,) in found))
