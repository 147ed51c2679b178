"""Initiatives as an RFC 4287 Atom feed, retractions as RFC 6721 tombstones."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from .context import Context, entry_urn
from .rows import ObjectRow
from .text import clean, pick, pick_text

__all__ = ["render", "ATOM", "TOMBSTONES"]

ATOM = "http://www.w3.org/2005/Atom"
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
#: How many of the most recently changed initiatives a feed carries.
LIMIT = 200


def _text(parent: Element, tag: str, text: str, **attrs: str) -> Element:
    # ElementTree escapes text and attributes, so titles stay data even when they look like markup.
    el = SubElement(parent, tag, attrs)
    el.text = text
    return el


def _entry(feed: Element, row: ObjectRow, ctx: Context) -> None:
    title = pick(row.body.get("title"), ctx.lang, row.lang)
    lang = title[0] if title else row.lang
    entry = SubElement(feed, "entry", {"xml:lang": lang})
    _text(entry, "id", entry_urn(row.id))
    _text(entry, "title", title[1] if title else row.id, type="text")
    _text(entry, "updated", row.updated_at)
    _text(entry, "published", row.created_at)
    author = SubElement(entry, "author")
    _text(author, "name", pick_text(row.author_name, ctx.lang, row.lang) or row.author)
    _text(author, "uri", row.author)
    SubElement(
        entry,
        "link",
        {"rel": "alternate", "type": "application/json", "href": ctx.event_url(row.id)},
    )
    summary = pick(row.body.get("summary"), ctx.lang, row.lang)
    if summary:
        attrs = {"type": "text"} if summary[0] == lang else {"type": "text", "xml:lang": summary[0]}
        _text(entry, "summary", summary[1], **attrs)
    for scheme, value in (("category", row.body.get("category")), ("status", row.status)):
        if isinstance(value, str):
            SubElement(
                entry, "category", {"term": clean(value), "scheme": f"urn:citymesh:{scheme}"}
            )


def _tombstone(feed: Element, row: ObjectRow, ctx: Context) -> None:
    assert row.retracted is not None
    gone = row.retracted
    el = SubElement(feed, "at:deleted-entry", {"ref": entry_urn(row.id), "when": gone.at})
    SubElement(
        el, "link", {"rel": "alternate", "type": "application/json", "href": ctx.event_url(gone.id)}
    )
    explanation = pick(gone.explanation, ctx.lang, row.lang)
    comment = gone.reason + (f": {explanation[1]}" if explanation else "")
    attrs = {"xml:lang": explanation[0]} if explanation else {}
    _text(el, "at:comment", comment, **attrs)


def render(rows: list[ObjectRow], ctx: Context) -> bytes:
    """The feed of `rows` (initiatives, most recently changed first)."""
    feed = Element("feed", {"xmlns": ATOM, "xmlns:at": TOMBSTONES, "xml:lang": ctx.want})
    _text(feed, "id", f"urn:citymesh:feed:{ctx.node_id}:initiatives")
    _text(feed, "title", f"{clean(ctx.node_name)}: initiatives", type="text")
    _text(feed, "updated", max((r.changed_at for r in rows), default=ctx.now))
    SubElement(
        feed,
        "link",
        {
            "rel": "self",
            "type": "application/atom+xml",
            "href": ctx.feed_url("/feeds/initiatives.atom"),
        },
    )
    author = SubElement(feed, "author")
    _text(author, "name", clean(ctx.node_name))
    _text(author, "uri", ctx.node_id)
    _text(feed, "generator", "citymesh")
    for row in rows:
        if row.retracted:
            _tombstone(feed, row, ctx)
        else:
            _entry(feed, row, ctx)
    return tostring(feed, encoding="utf-8", xml_declaration=True)
