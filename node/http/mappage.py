"""`/map`: initiatives and meetings on a map, from the node's own GeoJSON feeds.

Leaflet and a small world outline (Natural Earth 1:110m land) are vendored under
`static/vendor/`. Map tiles come from `[page] tiles` in citymesh.toml if set (a URL template
such as https://tile.openstreetmap.org/{z}/{x}/{y}.png); without tiles the markers sit on the
bundled outline, so the map works offline and sends readers' positions to no third party.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from aiohttp import web

from . import openapi
from .i18n import Reader, reader
from .keys import NODE
from .pages import CSP, html_headers
from .shell import document, esc

__all__ = ["setup", "tiles"]

_TEMPLATE = re.compile(r"^https://[A-Za-z0-9.-]+(:\d+)?/[^\s\"'<>]*\{z\}[^\s\"'<>]*$")


def tiles(request: web.Request, r: Reader) -> tuple[str, str, str]:
    """The configured tile URL template and its attribution, and a note for the reader when
    the setting cannot be used (then the URL is empty)."""
    page = getattr(request.app[NODE].config, "page", None)
    url = getattr(page, "tiles", None) or ""
    attribution = getattr(page, "tiles_attribution", None) or ""
    if url and not (_TEMPLATE.match(url) and "{x}" in url and "{y}" in url):
        return "", "", r("s.tiles_bad", zxy="{z}, {x}, {y}")
    return url, attribution, ""


@openapi.describe(
    "Initiatives and meetings on a map",
    answers={200: openapi.text("text/html", "The map page")},
)
async def map_page(request: web.Request) -> web.Response:
    node = request.app[NODE]
    r = reader(request.query.get("lang"), request.headers.get("Accept-Language"), node.config.lang)
    url, attribution, note = tiles(request, r)
    headers = html_headers()
    if url:
        # The tile server's origin, and only it, may serve images to this page.
        origin = "https://" + urlsplit(url).netloc
        headers["Content-Security-Policy"] = CSP.replace(
            "img-src 'self' data:", f"img-src 'self' data: {origin}"
        )
    attrs = f'class="map-page" data-tiles="{esc(url)}" data-attribution="{esc(attribution)}"'
    main = f"""<h1>{esc(r("s.map_title"))}</h1>
<p class="hint">{esc(r("s.map_hint"))}
<a href="/feeds/initiatives.geojson">{esc(r("nav.initiatives"))}</a> ·
<a href="/feeds/meetings.geojson">{esc(r("nav.meetings"))}</a></p>
{f'<p class="hint" role="note">{esc(note)}</p>' if note else ""}
<div class="legend">
<span class="key initiative" aria-hidden="true"></span> {esc(r("kind.initiative"))}
<span class="key meeting" aria-hidden="true"></span> {esc(r("kind.meeting"))}</div>
<div id="map" class="map" dir="ltr" role="region" aria-label="{esc(r("nav.map"))}"></div>
<noscript><p>{esc(r("s.map_noscript"))}</p></noscript>
<h2 class="sub">{esc(r("s.map_places"))}</h2>
<ul id="places" class="plain places"></ul>"""
    head = (
        '<link rel="stylesheet" href="/static/vendor/leaflet.css">\n'
        '<script src="/static/vendor/leaflet.js" defer></script>\n'
        '<script type="module" src="/static/map.js"></script>'
    )
    html = document(
        r("nav.map"),
        node.config.name,
        main,
        r,
        head=head,
        body_attrs=attrs,
        current="/map",
        main_class="item-main wide",
    )
    headers["Vary"] = "Accept-Language"
    return web.Response(body=html.encode(), headers=headers)


def setup(app: web.Application) -> None:
    app.router.add_get("/map", map_page)
