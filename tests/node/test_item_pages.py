"""The server-rendered pages over plain HTTP: escaping, errors as problems, the map's tiles
setting and its content security policy (no browser needed)."""

from __future__ import annotations

import aiohttp
from helpers import initiative, new_node

from node.app import Node


async def get(url: str) -> tuple[int, str, str, dict[str, str]]:
    async with aiohttp.ClientSession() as http, http.get(url) as r:
        return r.status, r.content_type, await r.text(), dict(r.headers)


async def test_item_page_escapes_event_text_and_unknown_ids_are_problems(nodes):
    a = await nodes("Karlsruhe", lang="de")
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    event = await a.publish("initiative", initiative(hostile, lang="de"))
    status, ctype, html, headers = await get(f"{a.http_url}/items/{event.envelope.id}")
    assert (status, ctype) == (200, "text/html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img" in html
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    for path, code in (("f" * 64, 404), ("not-an-id", 404)):
        status, ctype, _, _ = await get(f"{a.http_url}/items/{path}")
        assert (status, ctype) == (code, "application/problem+json")
    status, ctype, _, _ = await get(f"{a.http_url}/calendar?month=2026-13")
    assert (status, ctype) == (400, "application/problem+json")


async def test_map_uses_configured_tiles_and_allows_only_their_origin(tmp_path):
    node = await new_node(tmp_path, "Lyon", lang="fr", start=False)
    config = node.home.load()
    config.page.tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    config.page.tiles_attribution = "© Example contributors"
    node.home.save(config)
    started = Node(node.home)
    await started.start()
    try:
        status, _, html, headers = await get(started.http_url + "/map")
        assert status == 200
        assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
        assert (
            "img-src 'self' data: https://tiles.example.org;" in headers["Content-Security-Policy"]
        )
        assert "Example contributors" in html
    finally:
        await started.stop()


async def test_map_without_tiles_uses_the_bundled_outline_and_says_why_a_bad_setting_is_ignored(
    tmp_path,
):
    node = await new_node(tmp_path, "Gent", lang="nl", start=False)
    config = node.home.load()
    config.page.tiles = "http://insecure.example.org/{z}/{x}/{y}.png"
    node.home.save(config)
    started = Node(node.home)
    await started.start()
    try:
        status, _, html, headers = await get(started.http_url + "/map")
        assert status == 200 and 'data-tiles=""' in html
        assert "[page] tiles in citymesh.toml must be an https URL" in html
        assert "img-src 'self' data:;" in headers["Content-Security-Policy"]
        status, ctype, outline, _ = await get(started.http_url + "/static/vendor/land-110m.geojson")
        assert (status, ctype) == (200, "application/geo+json")
        assert '"MultiPolygon"' in outline
    finally:
        await started.stop()


async def test_an_item_lists_the_newest_of_what_refers_to_it_and_counts_them_all(
    nodes, monkeypatch
):
    """Endorsements (and reports, outcomes) anyone may add are listed with their item up to
    `MAX_REFERRING`, the newest, with a total: in the API, the item page and its heading."""
    from node.store import queries

    monkeypatch.setattr(queries, "MAX_REFERRING", 2)
    a = await nodes("Bologna", lang="it")
    decl = await a.publish(
        "declaration", {"title": {"it": "Città rifugio"}, "text": {"it": "Accogliamo tutti"}}
    )
    plan = await a.publish("initiative", initiative("Piano", lang="it"))
    ends, reports = [], []
    for i in range(3):
        ends.append(
            await a.publish(
                "endorsement",
                {"event": decl.envelope.id, "stance": "sign", "statement": {"it": f"Sì {i}"}},
            )
        )
        reports.append(
            await a.publish(
                "progress.report",
                {"about": plan.envelope.id, "date": f"2030-01-1{i}", "status": "on_track"},
            )
        )
    async with aiohttp.ClientSession() as http:
        async with http.get(a.http_url + "/api/v1/view/declarations") as r:
            (d,) = (await r.json())["items"]
        async with http.get(a.http_url + "/api/v1/view/initiatives") as r:
            (i,) = (await r.json())["items"]
    assert [e["id"] for e in d["endorsements"]] == [e.envelope.id for e in ends[1:]]
    assert d["endorsements_total"] == 3
    assert [r["id"] for r in i["progress_reports"]] == [r.envelope.id for r in reports[1:]]
    assert i["progress_reports_total"] == 3
    status, _, html, _ = await get(f"{a.http_url}/items/{decl.envelope.id}")
    assert status == 200 and "Sì 2" in html and "Sì 0" not in html
    assert "(3)" in html and "1 precedenti non mostrati" in html

    # A partnership's answers, with their notes, likewise (the newest).
    proposal = await a.publish(
        "partnership", {"partners": [a.id], "type": "joint_program", "title": {"it": "Rete"}}
    )
    for i in range(3):
        await a.publish(
            "partnership.accept", {"proposal": proposal.envelope.id, "note": {"it": f"Nota {i}"}}
        )
    status, _, html, _ = await get(f"{a.http_url}/items/{proposal.envelope.id}")
    assert status == 200 and "Nota 2" in html and "Nota 1" in html and "Nota 0" not in html
