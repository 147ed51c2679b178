"""What of an object goes into the full-text index: the words inside its body.

The index keeps no copy of the text, and takes an object's words out by working them out
again from its body (`text_index.forget`): a change to what `text_of` gives for a stored body
must come with a migration that builds the index again."""

from __future__ import annotations

import re
from typing import Any

import msgspec

__all__ = ["text_of", "texts_of"]

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
