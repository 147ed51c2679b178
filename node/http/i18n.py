"""The reader's language on server-rendered pages, and the interface strings in it.

The strings are the page's own table, `static/i18n.js` (one line per key, one column per
language), read once at import: the browser and the server say the same words from one source.
The reader's language is `?lang=`, else the best of Accept-Language, else the node's language,
else English; a tag matches exactly or by its primary language (`pt` finds `pt-BR`).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

__all__ = ["CODES", "NAMES", "Reader", "choose", "reader", "strings"]

_SOURCE = Path(__file__).parent / "static" / "i18n.js"
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}$")
_RTL = frozenset({"ar"})
#: Accept-Language is read up to this many characters and entries: it is outside input.
_MAX_HEADER, _MAX_ENTRIES = 400, 16


def _names() -> dict[str, str]:
    """Each interface language's code and its name in itself, in the table's column order."""
    head = _SOURCE.read_text(encoding="utf-8").split("];", 1)[0]
    return dict(re.findall(r'\{ code: "([^"]+)", name: "([^"]+)"', head))


NAMES = _names()


def _load() -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    text = _SOURCE.read_text(encoding="utf-8")
    codes = tuple(NAMES)
    table: dict[str, dict[str, str]] = {c: {} for c in codes}
    for name, prefix in (("TABLE", ""), ("FIELDS", "field.")):
        block = re.search(rf"const {name} = `\n(.*?)\n`;", text, re.S)
        if block is None:
            raise RuntimeError(f"{_SOURCE}: the {name} table is missing")
        for line in block[1].splitlines():
            if not line.strip():
                continue
            key, *cells = line.split("|")
            if len(cells) != len(codes):
                raise RuntimeError(f"{_SOURCE}: {key} has {len(cells)} of {len(codes)} columns")
            for code, cell in zip(codes, cells, strict=True):
                table[code][prefix + key] = cell
    return codes, table


CODES, _STRINGS = _load()
_LOWER = {c.lower(): c for c in CODES}


def strings(code: str) -> dict[str, str]:
    """Every interface string in one supported language (for tests and the kinds list)."""
    return _STRINGS[code]


def match(tag: str | None) -> str | None:
    """The supported interface language for a tag: exact, else the same primary language."""
    if not tag or not _TAG.match(tag):
        return None
    lower = tag.lower()
    if lower in _LOWER:
        return _LOWER[lower]
    primary = lower.split("-")[0]
    return next((c for c in CODES if c.lower().split("-")[0] == primary), None)


def _accepted(header: str) -> list[str]:
    """Accept-Language tags, best first (a missing q is 1; q=0 means not wanted)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header[:_MAX_HEADER].split(",")[:_MAX_ENTRIES]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > 0:
            ranked.append((-q, i, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def choose(query: str | None, accept: str, node_lang: str) -> str:
    """The interface language: `?lang=`, else Accept-Language, else the node's, else English."""
    for tag in (query, *_accepted(accept), node_lang):
        found = match(tag)
        if found:
            return found
    return "en"


class Reader:
    """Interface strings in one reader's language, as text or as escaped HTML."""

    def __init__(self, code: str) -> None:
        self.lang = code
        self.dir = "rtl" if code.split("-")[0] in _RTL else "ltr"
        self._own = _STRINGS[code]

    def __call__(self, key: str, /, **values: Any) -> str:
        """The plain text of `key` with `{name}` placeholders filled (not escaped)."""
        text = self._own.get(key) or _STRINGS["en"].get(key) or key
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], "")), text)

    def html(self, key: str, /, **markup: str) -> str:
        """`key` escaped, with placeholders filled by HTML the caller has already escaped."""
        text = escape(self._own.get(key) or _STRINGS["en"].get(key) or key, quote=False)
        return re.sub(r"\{(\w+)\}", lambda m: markup.get(m[1], ""), text)

    def vocab(self, group: str, value: Any) -> str:
        """A vocabulary value's name (`cat`, `welcoming_rights` -> "Welcoming and rights")."""
        key = f"{group}.{value}"
        if key in _STRINGS["en"]:
            return self(key)
        words = re.sub(r"[_.\-]+", " ", str(value)).strip()
        return words[:1].upper() + words[1:]

    def month(self, year: int, month: int) -> str:
        return self("date.month", m=self("date.months").split(",")[month - 1], y=year)

    def day(self, year: int, month: int, day: int) -> str:
        return self("date.day", d=day, m=self("date.months").split(",")[month - 1], y=year)

    def weekdays(self) -> list[str]:
        """Monday first."""
        return self("date.days").split(",")

    @property
    def attrs(self) -> str:
        """The `lang` and `dir` attributes of the page's <html> element."""
        return f'lang="{escape(self.lang)}" dir="{self.dir}"'


def reader(query: str | None, accept: str | None, node_lang: str) -> Reader:
    return Reader(choose(query, accept or "", node_lang))
