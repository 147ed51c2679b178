"""The frame every server-rendered page shares: head, header with navigation, footer.

Pages pass escaped HTML for their parts; `esc` is the one escaping function they use.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["esc", "document"]


def esc(value: Any) -> str:
    return escape(str(value), quote=True)


_NAV = (("/", "All items"), ("/calendar", "Calendar"), ("/map", "Map"))


def document(
    title: str,
    node_name: str,
    main: str,
    *,
    head: str = "",
    body_attrs: str = "",
    current: str = "",
    main_class: str = "item-main",
) -> str:
    """A whole HTML document; `title` is plain text, the rest is HTML already escaped."""
    nav = "".join(
        f'<li><a href="{href}"{" aria-current=page" if href == current else ""}>{label}</a></li>'
        for href, label in _NAV
    )
    site = f"{esc(node_name)} · citymesh"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · {esc(node_name)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
{head}
</head>
<body {body_attrs}>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap bar"><div class="brand">
<span class="logo" aria-hidden="true"></span>
<div><p class="site-name"><a href="/">{site}</a></p>
<p class="tagline">Shared view of cities and movements working for migrants' rights</p></div>
</div></div>
<nav class="sections wrap" aria-label="Sections"><ul>{nav}</ul></nav></header>
<main id="main" class="wrap {main_class}" tabindex="-1">
{main}
</main>
<footer class="site"><div class="wrap"><p><a href="/">{site}</a></p></div></footer>
</body>
</html>
"""
