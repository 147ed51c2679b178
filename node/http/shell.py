"""The frame every server-rendered page shares: head, header with navigation, footer.

Pages pass escaped HTML for their parts; `esc` is the one escaping function they use.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .i18n import NAMES, Reader

__all__ = ["esc", "document"]


def esc(value: Any) -> str:
    return escape(str(value), quote=True)


_NAV = (("/", "nav.all"), ("/calendar", "nav.calendar"), ("/map", "nav.map"))


def document(
    title: str,
    node_name: str,
    main: str,
    r: Reader,
    *,
    head: str = "",
    body_attrs: str = "",
    current: str = "",
    main_class: str = "item-main",
) -> str:
    """A whole HTML document in the reader's language `r`; `title` is plain text, the rest
    is HTML already escaped."""
    nav = "".join(
        f'<li><a href="{href}"{" aria-current=page" if href == current else ""}>'
        f"{esc(r(key))}</a></li>"
        for href, key in _NAV
    )
    site = f"{esc(node_name)} · citymesh"
    # Every language one link away, also without JavaScript (?lang= wins over the browser's).
    langs = " · ".join(
        f'<a href="?lang={esc(code)}" lang="{esc(code)}" hreflang="{esc(code)}"'
        f"{' aria-current=true' if code == r.lang else ''}>{esc(name)}</a>"
        for code, name in NAMES.items()
    )
    return f"""<!doctype html>
<html {r.attrs}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · {esc(node_name)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
{head}
</head>
<body {body_attrs}>
<a class="skip" href="#main">{esc(r("skip"))}</a>
<header class="site"><div class="wrap bar"><div class="brand">
<span class="logo" aria-hidden="true"></span>
<div><p class="site-name"><a href="/">{site}</a></p>
<p class="tagline">{esc(r("site.tagline"))}</p></div>
</div></div>
<nav class="sections wrap" aria-label="{esc(r("nav.label"))}"><ul>{nav}</ul></nav></header>
<main id="main" class="wrap {main_class}" tabindex="-1">
{main}
</main>
<footer class="site"><div class="wrap"><p><a href="/">{site}</a></p>
<nav class="langs" aria-label="{esc(r("lang.label"))}"><p>{langs}</p></nav></div></footer>
</body>
</html>
"""
