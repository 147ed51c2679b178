"""The reader's language on server-rendered pages, and the one table of interface strings that
the page and the server share (node/http/static/i18n.js, read by node/http/i18n.py)."""

from __future__ import annotations

import aiohttp

from node.http.i18n import CODES, choose, strings


def test_every_string_exists_in_every_interface_language():
    assert CODES == ("en", "pt-BR", "es", "ca", "de", "it", "pt-PT", "fr", "ar")
    english = strings("en")
    for code in CODES:
        empty = [key for key in english if not strings(code).get(key, "").strip()]
        assert empty == [], f"{code} lacks {empty[:5]}"
    # European Portuguese is its own language, not a copy of Brazilian Portuguese.
    assert strings("pt-PT")["nav.admin"] == "Publicar (equipa)"
    assert strings("pt-BR")["nav.admin"] == "Publicar (equipe)"


def test_the_reader_language_comes_from_the_link_then_the_browser_then_the_node():
    assert choose("fr", "de-DE,de;q=0.9", "pt-PT") == "fr"
    assert choose(None, "ja, ar;q=0.4, de;q=0.8", "pt-PT") == "de"
    assert choose(None, "pt", "en") == "pt-BR"
    assert choose(None, "PT-pt", "en") == "pt-PT"
    assert choose("zz-<script>", "ar;q=0", "it") == "it"
    assert choose(None, "x" * 5000, "xx") == "en"


async def test_kinds_carry_their_names_and_descriptions_in_every_language(nodes):
    a = await nodes("Lyon", lang="fr")
    async with aiohttp.ClientSession() as http:
        async with http.get(a.http_url + "/api/v1/kinds") as r:
            kinds = {k["name"]: k for k in await r.json()}
        initiative = kinds["initiative"]
        assert initiative["description"] == "A policy, programme, service, law or pledge."
        assert initiative["descriptions"]["ar"] == "سياسة أو برنامج أو خدمة أو قانون أو تعهد."
        assert initiative["labels"]["pt-PT"] == "Iniciativa"
        assert set(kinds["meeting"]["descriptions"]) == set(CODES)
        async with http.get(a.http_url + "/", headers={"Accept-Language": "ar"}) as r:
            page = await r.text()
        assert '<html lang="ar" dir="rtl">' in page
        assert "<title>Lyon · citymesh</title>" in page
