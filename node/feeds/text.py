"""Text for feeds: choosing a language from a language map, and making text safe to embed."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["pick", "pick_text", "clean", "primary"]

# XML 1.0 and RFC 5545 TEXT both forbid these; events may carry them (JSON allows \u0001).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` without the control characters and lone surrogates no feed format can carry."""
    return _FORBIDDEN.sub("", text)


def primary(tag: str) -> str:
    """The primary language subtag of a BCP 47 tag (`pt` for `pt-BR`)."""
    return tag.split("-", 1)[0].lower()


def pick(text: Any, want: str | None, default: str) -> tuple[str, str] | None:
    """(language, text) from a language map: `want`, else its primary language, else the
    event's default language, else the first language in tag order; None if there is none."""
    if not isinstance(text, dict):
        return None
    texts = {k: v for k, v in text.items() if isinstance(k, str) and isinstance(v, str) and v}
    if not texts:
        return None
    lowered = {k.lower(): k for k in texts}
    if want:
        exact = lowered.get(want.lower())
        if exact is not None:
            return exact, clean(texts[exact])
        same = sorted(k for k in texts if primary(k) == primary(want))
        if same:
            return same[0], clean(texts[same[0]])
    tag = lowered.get(default.lower()) or sorted(texts)[0]
    return tag, clean(texts[tag])


def pick_text(text: Any, want: str | None, default: str) -> str:
    """Just the text of `pick`, or an empty string."""
    found = pick(text, want, default)
    return found[1] if found else ""
