"""A page per item (`/items/{id}`): server-rendered HTML that works without JavaScript.

Every text from an event is escaped here, once, by `_t`/`esc`; nothing from an event is ever
placed in a tag or attribute name. The same content security policy as the main page applies.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from aiohttp import web

from protocol.kinds.types import whole

from ..feeds.places import describe
from ..feeds.text import pick
from ..store import item as items
from . import openapi
from .i18n import Reader, reader
from .keys import NODE
from .pages import html_headers
from .params import Lang, query
from .problems import HTTPProblem
from .shell import document, esc

__all__ = ["setup", "humanise"]

_ID = re.compile(r"^([0-9a-f]{64}|did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44})$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def humanise(key: Any) -> str:
    """A machine key as words: `services_delivered_2022` -> `Services delivered 2022`."""
    words = re.sub(r"[_.\-]+", " ", str(key)).strip()
    return words[:1].upper() + words[1:] if words else ""


class Page:
    """What one rendering needs: the item, the reader's languages (`want` for the texts of
    events, `r` for the interface), names of nodes."""

    def __init__(self, data: dict[str, Any], want: str | None, node_lang: str, r: Reader) -> None:
        self.data, self.want, self.lang = data, want, data.get("lang") or node_lang
        self.r = r
        self.names: dict[str, Any] = data.get("names") or {}

    def text(self, value: Any) -> str:
        """A language map as plain text in the reader's language (not escaped)."""
        found = pick(value, self.want, self.lang)
        return found[1] if found else ""

    def t(self, value: Any, tag: str = "span", cls: str = "") -> str:
        """A language map as an element with its `lang`, escaped; empty if there is no text."""
        found = pick(value, self.want, self.lang)
        if not found:
            return ""
        klass = f' class="{cls}"' if cls else ""
        # dir=auto: a text keeps its own direction whatever the interface's direction is.
        return f'<{tag} lang="{esc(found[0])}" dir="auto"{klass}>{esc(found[1])}</{tag}>'

    def name(self, node_id: str) -> str:
        return self.text(self.names.get(node_id)) or _short(node_id)

    def node(self, node_id: str) -> str:
        return f'<a href="/items/{esc(node_id)}">{esc(self.name(node_id))}</a>'

    def party(self, p: Any) -> str:
        if not isinstance(p, dict):
            return ""
        if isinstance(p.get("node"), str):
            return self.node(p["node"])
        return esc(p.get("name") or "")


def _short(node_id: str) -> str:
    return f"{node_id[:16]}…{node_id[-6:]}" if len(node_id) > 24 else node_id


def _meta(p: Page, rows: list[tuple[str, str]]) -> str:
    """A definition list; each row is (interface key, HTML)."""
    # A value takes the direction of its own text (names, places, addresses), not the page's.
    cells = "".join(f'<dt>{esc(p.r(k))}</dt><dd dir="auto">{v}</dd>' for k, v in rows if v)
    return f'<dl class="meta">{cells}</dl>' if cells else ""


def _chip(p: Page, value: Any, group: str = "", cls: str = "plain") -> str:
    return f'<span class="chip {cls}">{esc(p.r.vocab(group, value))}</span>' if value else ""


def _readable(r: Reader, value: str) -> str:
    """2026-12-06T08:48:37.457Z as `6 December 2026, 08:48 UTC` in the reader's language; a
    local time keeps no zone."""
    try:
        if len(value) >= 16 and value[10] == "T":
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            zone = " UTC" if value.endswith("Z") else ""
            return f"{r.day(when.year, when.month, when.day)}, {when:%H:%M}{zone}"
        if len(value) == 10:
            day = date.fromisoformat(value)
            return r.day(day.year, day.month, day.day)
        if len(value) == 7:
            return r.month(int(value[:4]), int(value[5:7]))
    except ValueError:
        pass
    return value


def _date(p: Page, value: Any) -> str:
    if not value:
        return ""
    return f'<time datetime="{esc(value)}">{esc(_readable(p.r, str(value)))}</time>'


def _link(url: Any, text: str | None = None) -> str:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return ""
    return f'<a href="{esc(url)}" rel="noopener noreferrer external">{esc(text or url)}</a>'


def _h(level: int, text: str, cls: str = "sub") -> str:
    return f'<h{level} class="{cls}">{text}</h{level}>'


# -- kinds ----------------------------------------------------------------------------------


def _places(p: Page, places: Any) -> str:
    if not isinstance(places, list):
        return ""
    lines = [describe(place, p.want, p.lang) for place in places]
    return "<br>".join(esc(line) for line in lines if line)


def _earlier(p: Page, total: Any, shown: list[Any]) -> str:
    """A list of what refers to an item holds its newest entries only: how many came before."""
    more = (total if isinstance(total, int) else len(shown)) - len(shown)
    return f'<p class="hint">{esc(p.r("earlier", n=more))}</p>' if more > 0 else ""


def _reports(p: Page, reports: list[dict[str, Any]] | None, total: Any = None) -> str:
    if not reports:
        return ""
    out = []
    for r in reversed(reports):
        metrics = " · ".join(
            f"{esc(humanise(m.get('name')))}: {esc(m.get('value'))}"
            + (f" {esc(m['unit'])}" if m.get("unit") else "")
            for m in r.get("metrics") or []
            if isinstance(m, dict)
        )
        out.append(
            f'<li><div class="report-head">{_date(p, r.get("date"))} '
            + _chip(p, r.get("status"), "prog")
            + (f" <span>{esc(r['progress'])}%</span>" if r.get("progress") is not None else "")
            + f" <span>· {p.node(r['author'])}</span></div>"
            + p.t(r.get("narrative"), "p")
            + (f'<p class="hint">{metrics}</p>' if metrics else "")
            + "</li>"
        )
    return (
        _h(2, esc(p.r("i.reports")))
        + f'<ul class="plain">{"".join(out)}</ul>'
        + _earlier(p, total, reports)
    )


def _initiative(p: Page, d: dict[str, Any]) -> str:
    b = d["body"]
    legal = b.get("legal") or {}
    period = ""
    if b.get("start") or b.get("end"):
        period = f"{_date(p, b.get('start')) or '…'} – {_date(p, b.get('end')) or '…'}"
    return (
        f'<div class="chips">{_chip(p, b.get("category"), "cat", "cat-" + esc(b.get("category")))}'
        f"{_chip(p, b.get('status'), 'istatus')}{_chip(p, b.get('instrument'), 'instrument')}</div>"
        + p.t(b.get("summary"), "p", "summary")
        + (
            f'<p class="progress-text">{esc(p.r("s.progress", n=b["progress"]))}</p>'
            if b.get("progress") is not None
            else ""
        )
        + _meta(
            p,
            [
                ("i.period", period),
                ("i.places", _places(p, b.get("places"))),
                (
                    "i.for",
                    esc(", ".join(p.r.vocab("target", g) for g in b.get("target_groups") or [])),
                ),
                ("i.languages", esc(", ".join(b.get("languages_offered") or []))),
                ("i.partners", ", ".join(p.party(x) for x in b.get("partners") or [])),
                (
                    "i.legal",
                    (_link(legal.get("url"), legal.get("identifier")) or esc(legal["identifier"]))
                    + (
                        f" ({esc(p.r.vocab('instrument', legal['type']))})"
                        if legal.get("type")
                        else ""
                    )
                    if legal.get("identifier")
                    else "",
                ),
                ("i.homepage", _link(b.get("homepage"))),
            ],
        )
        + _reports(p, d.get("progress_reports"), d.get("progress_reports_total"))
    )


def _attestations(p: Page, att: dict[str, Any] | None) -> str:
    if not att:
        return ""
    current = att.get("current") or []
    out = ['<div class="attestations">']
    if current:
        names = ", ".join(p.node(a["author"]) for a in current)
        out.append(f'<p class="attested"><strong>{esc(p.r("m.attested_by"))}</strong> {names}</p>')
    else:
        out.append(f'<p class="hint">{esc(p.r("s.no_attest"))}</p>')
    missing = att.get("missing") or []
    if missing:
        names = ", ".join(p.node(m["id"]) for m in missing)
        out.append(f'<p class="missing"><strong>{esc(p.r("m.not_attested"))}</strong> {names}</p>')
    for a in att.get("earlier") or []:
        said = p.r.html("m.attested_earlier", name=p.node(a["author"]), n=esc(a["version"]))
        out.append(f'<p class="hint earlier">{said}</p>')
    out.append("</div>")
    return "".join(out)


def _outcome_body(p: Page, b: dict[str, Any], level: int) -> str:
    decisions = "".join(
        f"<li>{p.t(x.get('text'))} {_chip(p, x.get('result'), 'dresult')}</li>"
        for x in b.get("decisions") or []
        if isinstance(x, dict)
    )
    actions = "".join(
        f"<li>{p.t(x.get('text'))}"
        + (f" — {p.party(x['owner'])}" if x.get("owner") else "")
        + (f" · {esc(p.r('m.due'))} {_date(p, x['due'])}" if x.get("due") else "")
        + f" {_chip(p, x.get('status'), 'astatus')}</li>"
        for x in b.get("action_items") or []
        if isinstance(x, dict)
    )
    minutes = b.get("minutes") or {}
    return (
        p.t(b.get("summary"), "p", "summary")
        + (
            f'<p class="hint">{esc(p.r("m.attendees", n=b["attendees_count"]))}</p>'
            if b.get("attendees_count") is not None
            else ""
        )
        + (
            _h(level, esc(p.r("m.decisions"))) + f'<ul class="plain">{decisions}</ul>'
            if decisions
            else ""
        )
        + (
            _h(level, esc(p.r("m.actions"))) + f'<ul class="plain">{actions}</ul>'
            if actions
            else ""
        )
        + (f"<p>{_link(minutes.get('url'), p.r('m.minutes'))}</p>" if minutes.get("url") else "")
    )


def _meeting(p: Page, d: dict[str, Any]) -> str:
    b = d["body"]
    when = f"{_date(p, b.get('start'))}" + (f" – {_date(p, b['end'])}" if b.get("end") else "")
    when += f" ({esc(b.get('timezone') or '')})"
    agenda = "".join(
        f"<li>{p.t(a.get('title'))}</li>" for a in b.get("agenda") or [] if isinstance(a, dict)
    )
    outcomes = ""
    for o in d.get("outcomes") or []:
        outcomes += (
            '<section class="outcome">'
            + _h(2, f'<a href="/items/{esc(o["id"])}">{esc(p.r("m.outcome"))}</a>')
            + _outcome_body(p, o["body"], 3)
            + _attestations(p, o.get("attestations"))
            + "</section>"
        )
    if outcomes:
        outcomes += _earlier(p, d.get("outcomes_total"), d.get("outcomes") or [])
    if not outcomes and b.get("status") == "held":
        outcomes = f'<p class="hint">{esc(p.r("m.no_outcome"))}</p>'
    return (
        f'<div class="chips">{_chip(p, b.get("status"), "mstatus")}'
        f"{_chip(p, b.get('attendance_mode'), 'attendance')}</div>"
        + _meta(
            p,
            [
                ("m.when", when),
                ("m.where", _places(p, [b["place"]]) if b.get("place") else ""),
                ("m.online", _link(b.get("online_url"))),
                ("m.organizers", ", ".join(p.party(x) for x in b.get("organizers") or [])),
            ],
        )
        + p.t(b.get("description"), "p", "summary long")
        + (_h(2, esc(p.r("m.agenda"))) + f"<ol>{agenda}</ol>" if agenda else "")
        + outcomes
    )


def _outcome(p: Page, d: dict[str, Any]) -> str:
    meeting = d.get("meeting")
    if meeting:
        title = (
            f'<a href="/items/{esc(meeting["id"])}">{esc(p.text(meeting["body"].get("title")))}</a>'
        )
        link = f"<p>{p.r.html('s.outcome_of', link=title)}</p>"
    else:
        link = f'<p class="hint">{esc(p.r("s.meeting_missing"))}</p>'
    return link + _outcome_body(p, d["body"], 2) + _attestations(p, d.get("attestations"))


def _declaration(p: Page, d: dict[str, Any]) -> str:
    b = d["body"]
    ends = d.get("endorsements") or []
    rows = "".join(
        f"<li><strong>{p.node(e['author'])}</strong> {_chip(p, e.get('stance'), 'stance')}"
        f"{p.t(e.get('statement'), 'p')}</li>"
        for e in ends
    )
    return (
        f'<div class="chips">{_chip(p, b.get("type"), "decltype")}</div>'
        + p.t(b.get("text"), "p", "summary long")
        + _meta(
            p,
            [
                ("field.adopted_on", _date(p, b.get("adopted_on"))),
                ("d.adopted_by", ", ".join(p.party(x) for x in b.get("adopted_by") or [])),
            ],
        )
        + _h(2, f"{esc(p.r('d.endorsed'))} ({d.get('endorsements_total', len(ends))})")
        + _earlier(p, d.get("endorsements_total"), ends)
        + (
            f'<ul class="plain">{rows}</ul>'
            if rows
            else f'<p class="hint">{esc(p.r("d.none"))}</p>'
        )
    )


def _partnership(p: Page, d: dict[str, Any]) -> str:
    b = d["body"]
    answers = d.get("answers") or {}
    notes: dict[str, list[dict[str, Any]]] = {}
    for n in d.get("notes") or []:
        notes.setdefault(n["author"], []).append(n)
    commitments = [c for c in b.get("commitments") or [] if isinstance(c, dict)]
    partners = list(dict.fromkeys([*(b.get("partners") or []), *(c["by"] for c in commitments)]))
    rows = []
    for partner in partners:
        mine = "".join(f"<li>{p.t(c.get('text'))}</li>" for c in commitments if c["by"] == partner)
        said = "".join(
            f'<p class="note">{esc(p.r.vocab("answer", _ANSWERED.get(n["kind"], n["kind"])))}: '
            f"{p.t(n['note'])}</p>"
            for n in notes.get(partner, [])
            if n.get("note")
        )
        answer = answers.get(partner) if partner != d["author"] else None
        rows.append(
            f'<li><div class="report-head"><strong>{p.node(partner)}</strong>'
            f" {_chip(p, answer, 'answer')}</div>{said}"
            + (f"<ul>{mine}</ul>" if mine else "")
            + "</li>"
        )
    period = (
        f"{_date(p, b.get('start'))} – {_date(p, b.get('end')) or '…'}" if b.get("start") else ""
    )
    return (
        f'<div class="chips">{_chip(p, d.get("status"), "pstatus")}'
        f"{_chip(p, b.get('type'), 'ptype')}</div>"
        + f'<p class="who">{p.r.html("p.proposed_by", name=p.node(d["author"]))}</p>'
        + p.t(b.get("description"), "p", "summary")
        + _h(2, esc(p.r("i.partners")))
        + f'<ul class="plain">{"".join(rows)}</ul>'
        + _meta(p, [("i.period", period)])
        + _reports(p, d.get("progress_reports"), d.get("progress_reports_total"))
    )


def _profile(p: Page, d: dict[str, Any]) -> str:
    b = d.get("body") or {}

    def names(ids: list[str]) -> str:
        return ", ".join(p.node(i) for i in ids) or esc(p.r("n.nobody"))

    return (
        f'<div class="chips">{_chip(p, d.get("node_type"), "ntype")}'
        f"{_chip(p, d.get('country'))}</div>"
        + p.t(b.get("description"), "p", "summary")
        + _meta(
            p,
            [
                ("n.follows", names(d.get("follows") or [])),
                ("n.followers", names(d.get("followers") or [])),
                ("i.homepage", _link(b.get("homepage"))),
                ("n.id", f'<span class="id">{esc(d["id"])}</span>'),
            ],
        )
    )


#: What a partner's note answered, by the kind of the event that carries it.
_ANSWERED = {
    "partnership.accept": "accepted",
    "partnership.decline": "declined",
    "partnership.end": "ended",
}

_KINDS = {
    "initiative": ("kind.initiative", _initiative),
    "meeting": ("kind.meeting", _meeting),
    "meeting.outcome": ("kind.meeting.outcome", _outcome),
    "declaration": ("kind.declaration", _declaration),
    "partnership": ("s.partnership", _partnership),
    "profile": ("filter.city", _profile),
}


def title_of(p: Page, d: dict[str, Any]) -> str:
    b = d.get("body") or {}
    if d["kind"] == "profile":
        return p.text(d.get("name")) or _short(d["id"])
    if d["kind"] == "meeting.outcome":
        meeting = d.get("meeting")
        return p.r(
            "s.outcome_title",
            title=p.text(meeting["body"].get("title")) if meeting else p.r("s.a_meeting"),
        )
    return p.text(b.get("title")) or humanise(d["kind"])


def _trust(p: Page, d: dict[str, Any], node_name: str) -> str:
    """Who signed the item, with which key, where it sits in the chain, who verified it, and
    when it was published or updated, in plain words; the raw event one click further."""
    author = d.get("author") or d["id"]
    root = d.get("published_by") or author
    chain = d.get("chain") or {}
    signer = f"<strong>{p.node(root)}</strong>"
    if root != author:
        signer += " " + p.r.html("s.rotated", name=p.node(root))
    version = d.get("version") or 1
    raw = d.get("event_url") or f"/api/v1/events/{d['id']}"
    when = p.r.html("s.published", date=_date(p, d.get("created_at")))
    if version > 1:
        when += " " + p.r.html("s.updated", date=_date(p, d.get("updated_at")), n=esc(version))
    key = f'<span class="id" dir="ltr">{esc(author)}</span>'
    chain_text = p.r.html(
        "s.chain",
        seq=esc(chain.get("seq", "?")),
        length=esc(chain.get("length", "?")),
        name=esc(p.name(root)),
    )
    return (
        '<aside class="trust" aria-labelledby="trust-h">'
        f'<h2 id="trust-h">{esc(p.r("trust"))}</h2><ul>'
        f"<li>{p.r.html('s.signed_by', name=signer, key=key)}</li>"
        f"<li>{chain_text}</li>"
        f"<li>{p.r.html('s.verified', node=esc(node_name))}</li>"
        f"<li>{when}</li></ul>"
        f'<p><a href="{esc(raw)}" type="application/json">{esc(p.r("s.raw"))}</a></p>'
        "</aside>"
    )


def _retraction(p: Page, d: dict[str, Any]) -> str:
    r = d.get("retracted")
    if not r:
        return ""
    reason = p.r("s.withdrawn", reason=p.r.vocab("reason", r.get("reason")))
    return (
        f'<p class="retraction" role="note"><strong>{esc(reason)}</strong> '
        f"{p.t(r.get('explanation'))}</p>"
    )


def _erased(p: Page, d: dict[str, Any]) -> str:
    """The honest placeholder of an erased body (SPEC.md §6.4): when, and why."""
    erased = (d.get("body") or {}).get("erased")
    if not isinstance(erased, dict):
        return ""
    note = erased.get("note") or p.r("s.erased_on", date=erased.get("on", "?"))
    return (
        f'<p class="erased" role="note"><strong>{esc(p.r("s.erased"))}</strong> '
        f"({esc(note)}). {esc(p.r('s.erased_note'))}</p>"
    )


def render(
    d: dict[str, Any], want: str | None, node_name: str, node_lang: str, base: str, r: Reader
) -> str:
    """The whole HTML document of one item: event texts in `want` where the item has it, the
    interface in the reader's language `r`."""
    p = Page(d, want, node_lang, r)
    label, build = _KINDS.get(d["kind"], ("", lambda _p, _d: ""))
    kind_name = r(label) if label else humanise(d["kind"])
    title = title_of(p, d)
    who = d.get("published_by") or d.get("author") or d["id"]
    summary = p.text((d.get("body") or {}).get("summary") or (d.get("body") or {}).get("text"))
    summary = summary or p.text((d.get("body") or {}).get("description"))
    url = f"{base}/items/{d['id']}"
    page_lang = pick((d.get("body") or {}).get("title"), want, p.lang)
    plain_title = d["kind"] in ("profile", "meeting.outcome") or not page_lang
    title_lang = "" if plain_title or not page_lang else f' lang="{esc(page_lang[0])}" dir="auto"'
    head = f"""<meta name="description" content="{esc(summary[:300])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(title)}">
<meta property="og:description" content="{esc(summary[:300])}">
<meta property="og:url" content="{esc(url)}">
<meta property="og:site_name" content="{esc(node_name)} · citymesh">
<link rel="canonical" href="{esc(url)}">"""
    main = f"""<article class="card item{" retracted" if d.get("retracted") else ""}">
<p class="kind">{esc(kind_name)}</p>
<h1{title_lang}>{esc(title)}</h1>
<p class="who">{p.node(who)}</p>
{_retraction(p, d)}
{_erased(p, d)}
{build(p, d)}
</article>
{_trust(p, d, node_name)}"""
    attrs = f'class="item-page" data-id="{esc(d["id"])}" data-kind="{esc(d["kind"])}"'
    return document(title, node_name, main, r, head=head, body_attrs=attrs)


class ItemQuery(msgspec.Struct, kw_only=True):
    lang: Lang | None = None


class ItemPath(msgspec.Struct):
    id: Annotated[
        str,
        msgspec.Meta(
            pattern=whole("[0-9a-f]{64}|did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}"),
            description="an event id (any version's) or a node's did:key",
        ),
    ]


@openapi.describe(
    "The page of one item (any version's id, or a node's did:key)",
    query=ItemQuery,
    path=ItemPath,
    headers={"Accept-Language": "without ?lang, texts in the browser's first language"},
    answers={200: openapi.text("text/html", "The page")},
    problems={400: ("bad_parameter",), 404: ("not_found",)},
)
async def item_page(request: web.Request) -> web.Response:
    key = request.match_info["id"]
    if not _ID.match(key):
        raise HTTPProblem(
            404, "not_found", "an item is named by a 64-hex event id or a did:key", "id"
        )
    want = query(request, ItemQuery).lang
    if want is None:
        # Without ?lang, texts come in the browser's first language when the item has it.
        first = request.headers.get("Accept-Language", "")[:200].split(",")[0].split(";")[0]
        want = first.strip() if _LANG.match(first.strip().lower()) else None
    node = request.app[NODE]
    data = await node.store.read(lambda c: items.item(c, key))
    if data is None:
        raise HTTPProblem(404, "not_found", f"this node holds no item {key}", "id")
    r = reader(request.query.get("lang"), request.headers.get("Accept-Language"), node.config.lang)
    html = render(data, want, node.config.name, node.config.lang, node.http_url, r)
    return web.Response(body=html.encode(), headers={**html_headers(), "Vary": "Accept-Language"})


def setup(app: web.Application) -> None:
    app.router.add_get("/items/{id}", item_page)
