"""The pages people read, in a real headless Chromium: a page per item that works without
JavaScript, the trust panel, withdrawn items folded away, filters kept in the URL, the map and
the calendar, no sideways scrolling on a phone, an axe-core audit, co-signed outcomes, the
interface in the reader's language (European Portuguese, French, Arabic right to left), and an
overview that lays out only the cards in view, whose links still land on their sections.

One Chromium per module (started once, reached over the DevTools protocol by each test).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import eventually, initiative, view_has
from playwright.async_api import Browser, Page, async_playwright, expect

from node.http import limits

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parents[1] / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def devtools() -> Iterator[str]:
    """One headless Chromium for the module; yields its DevTools websocket URL."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail("install Debian's chromium: apt-get install chromium", pytrace=False)
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            # Its helper processes share its new process group: they end with it, before
            # the profile is removed (one still writing there failed the removal).
            start_new_session=True,
        )
        try:
            assert proc.stderr is not None
            deadline = time.monotonic() + 20
            url = None
            while url is None and time.monotonic() < deadline:
                line = proc.stderr.readline()
                if not line and proc.poll() is not None:
                    break
                found = re.search(r"DevTools listening on (ws://\S+)", line)
                url = found.group(1) if found else None
            if url is None:
                pytest.fail("chromium did not start (no DevTools address)", pytrace=False)
            yield url
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
            with contextlib.suppress(ProcessLookupError):  # no helper left behind
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.asynccontextmanager
async def browser(devtools: str) -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        b = await p.chromium.connect_over_cdp(devtools)
        try:
            yield b
        finally:
            for context in b.contexts:
                with contextlib.suppress(Exception):
                    await context.close()


async def new_page(
    b: Browser,
    *,
    js: bool = True,
    viewport: dict[str, int] = DESKTOP,
    audit: bool = False,
    locale: str = "en-US",
) -> Page:
    # An audit injects axe-core as a script: the pages' CSP would rightly refuse it.
    context = await b.new_context(
        locale=locale, java_script_enabled=js, viewport=viewport, bypass_csp=audit
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


async def ready(page: Page, url: str) -> None:
    await page.goto(url)
    await expect(page.locator("body[data-ready]")).to_have_count(1)


async def no_sideways_scroll(page: Page) -> None:
    widths = await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


async def audit(page: Page) -> None:
    """axe-core: no serious or critical violation on the page as it is now."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `.venv/bin/python tests/prepare.py`",
            pytrace=False,
        )
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{page.url}: {bad}"


PLACE = {
    "name": {"pt-PT": "Mouraria"},
    "address": {"locality": "Lisboa", "country": "PT"},
    "geo": {"lat": "38.7155", "lon": "-9.1359"},
}


async def test_item_pages_work_without_javascript_and_say_who_signed(nodes, devtools):
    a = await nodes("Lisboa", lang="pt-PT")
    b = await nodes("Bologna", lang="it")
    await a.follow(b.http_url)
    centre = await a.publish(
        "initiative", initiative("Centro de acolhimento", lang="pt-PT", places=[PLACE])
    )
    await a.publish(
        "progress.report",
        {
            "about": centre.envelope.id,
            "date": "2026-01-15",
            "status": "on_track",
            "metrics": [{"name": "services_delivered_2022", "value": "120"}],
        },
    )
    old = await a.publish("initiative", initiative("Balcão antigo", lang="pt-PT"))
    await a.publish("retraction", {"event": old.envelope.id, "reason": "superseded"})
    proposal = await a.publish(
        "partnership",
        {"partners": [b.id], "type": "technical_assistance", "title": {"pt-PT": "Intercâmbio"}},
    )
    answer = await b.publish(
        "partnership.accept",
        {"proposal": proposal.envelope.id, "note": {"it": "Volentieri, da marzo"}},
    )
    await eventually(lambda: view_has(a, answer.envelope.id), what="B's answer in A")

    async with browser(devtools) as br:
        page = await new_page(br, js=False)
        await page.goto(f"{a.http_url}/items/{centre.envelope.id}")
        assert await page.title() == "Centro de acolhimento · Lisboa"
        await expect(page.get_by_role("heading", level=1)).to_have_text("Centro de acolhimento")
        og = page.locator('meta[property="og:title"]')
        assert await og.get_attribute("content") == "Centro de acolhimento"
        await expect(page.locator("main")).to_contain_text("Mouraria, Lisboa, PT")
        await expect(page.locator("main")).to_contain_text("Services delivered 2022: 120")
        trust = page.locator("aside.trust")
        await expect(trust).to_contain_text("Signed by Lisboa")
        await expect(trust).to_contain_text(a.id)
        await expect(trust).to_contain_text("Event 3 of 7 in the chain of Lisboa")
        await expect(trust).to_contain_text("verified by this node, Lisboa")
        raw = trust.get_by_role("link", name="See the signed event (JSON)")
        assert await raw.get_attribute("href") == f"/api/v1/events/{centre.envelope.id}"

        await page.goto(f"{a.http_url}/items/{proposal.envelope.id}")
        await expect(page.locator("main")).to_contain_text("Volentieri, da marzo")
        await expect(page.locator("main")).to_contain_text("Accepted")

        page = await new_page(br)
        await ready(page, a.http_url + "/")
        assert await page.title() == "Lisboa · citymesh"
        link = page.locator("#initiatives a.item-link", has_text="Centro de acolhimento")
        assert await link.get_attribute("href") == f"/items/{centre.envelope.id}"
        folded = page.locator("#initiatives details.withdrawn")
        await expect(folded.locator("summary")).to_have_text("1 withdrawn or replaced items")
        await expect(folded.get_by_role("heading", name="Balcão antigo")).to_be_hidden()
        await folded.locator("summary").click()
        await expect(folded.get_by_role("heading", name="Balcão antigo")).to_be_visible()
        assert page.errors == []  # type: ignore[attr-defined]


def meeting(title: str, start: str, lang: str = "en", **extra: Any) -> dict[str, Any]:
    return {
        "title": {lang: title},
        "start": start,
        "timezone": "Europe/Lisbon",
        "status": "confirmed",
        **extra,
    }


async def test_search_covers_every_kind_and_filters_survive_a_reload(nodes, devtools):
    a = await nodes("Porto", lang="pt-PT")
    await a.publish("initiative", initiative("Centro de acolhimento", lang="pt-PT"))
    await a.publish(
        "initiative",
        initiative("Aulas de português", lang="pt-PT", category="awareness_education"),
    )
    await a.publish("meeting", meeting("Assembleia de bairro", "2026-03-02T18:00", "pt-PT"))
    await a.publish("meeting", meeting("Conselho municipal", "2026-03-09T18:00", "pt-PT"))
    async with browser(devtools) as br:
        page = await new_page(br)
        await ready(page, a.http_url + "/?category=awareness_education")
        cards = page.locator("#initiatives article.card")
        await expect(cards).to_have_count(1)
        await expect(cards).to_contain_text("Aulas de português")
        await page.reload()
        await expect(page.locator("body[data-ready]")).to_have_count(1)
        await expect(cards).to_have_count(1)
        await expect(page.get_by_role("combobox", name="Area")).to_have_value("awareness_education")

        await page.get_by_role("button", name="Clear filters").click()
        await expect(cards).to_have_count(2)
        await page.get_by_label("Search", exact=True).fill("assembleia")
        await page.get_by_label("Search", exact=True).press("Enter")
        meetings = page.locator("#meetings article.card")
        await expect(meetings).to_have_count(1)
        await expect(meetings).to_contain_text("Assembleia de bairro")
        await expect(cards).to_have_count(0)
        assert "q=assembleia" in page.url
        await page.reload()
        await expect(page.locator("body[data-ready]")).to_have_count(1)
        await expect(page.get_by_label("Search", exact=True)).to_have_value("assembleia")
        await expect(meetings).to_have_count(1)

        webcal = page.get_by_role("link", name="Add to your calendar (webcal)")
        host = a.http_url.split("://", 1)[1]
        assert await webcal.get_attribute("href") == f"webcal://{host}/feeds/meetings.ics?lang=en"
        atom = page.get_by_role("link", name="Atom feed of new and changed items")
        assert await atom.get_attribute("href") == "/feeds/initiatives.atom?lang=en"
        assert page.errors == []  # type: ignore[attr-defined]


async def test_map_calendar_phone_layout_and_accessibility(nodes, devtools):
    a = await nodes("Lisboa", lang="pt-PT")
    second = {**PLACE, "geo": {"lat": "38.7369", "lon": "-9.1426"}}
    centre = await a.publish(
        "initiative", initiative("Centro de acolhimento", lang="pt-PT", places=[PLACE, second])
    )
    held = await a.publish(
        "meeting",
        meeting(
            "Assembleia de bairro",
            "2026-03-02T18:00",
            "pt-PT",
            place=PLACE,
            status="held",
            # A long unbreakable address: it must wrap inside the card, not widen the page.
            online_url="https://videoconferencia.example.org/" + "sala-" * 30,
        ),
    )
    outcome = await a.publish(
        "meeting.outcome",
        {
            "meeting": held.envelope.id,
            "summary": {"pt-PT": "Decidido."},
            "action_items": [
                {
                    "text": {"pt-PT": "Publicar a chamada do mapeamento colaborativo de 2027."},
                    "owner": {"name": "Secretaria Municipal de Direitos Humanos (SMDHC)"},
                    "due": "2027-02-26",
                    "status": "in_progress",
                },
                {
                    "text": {"pt-PT": "Responder ao convite do Pacto."},
                    "owner": {"node": a.id},
                    "due": "2026-11-30",
                    "status": "done",
                },
            ],
        },
    )
    pages = [
        "/",
        f"/items/{centre.envelope.id}",
        f"/items/{held.envelope.id}",
        "/map",
        "/calendar?month=2026-03",
        "/calendar?view=list",
    ]
    async with browser(devtools) as br:
        for viewport in (PHONE, DESKTOP):
            page = await new_page(br, viewport=viewport, audit=True)
            for path in pages:
                await page.goto(a.http_url + path)
                if path in ("/", "/map"):
                    await expect(page.locator("body[data-ready]")).to_have_count(1)
                await no_sideways_scroll(page)
                await audit(page)
            assert page.errors == []  # type: ignore[attr-defined]

        page = await new_page(br)
        await page.goto(a.http_url + "/map")
        await expect(page.locator("path.marker-initiative")).to_have_count(2)
        await expect(page.locator("path.marker-meeting")).to_have_count(1)
        await expect(page.locator("#places")).to_contain_text("Centro de acolhimento")

        await page.goto(a.http_url + "/calendar?month=2026-03")
        day = page.locator("table.cal td.has")
        await expect(day).to_have_count(1)
        await expect(day.get_by_role("link")).to_have_attribute(
            "href", f"/items/{held.envelope.id}"
        )
        await page.goto(a.http_url + "/calendar?view=list")
        entry = page.locator(".cal-entry", has_text="Assembleia de bairro")
        await expect(entry.get_by_role("link", name="Outcome")).to_have_attribute(
            "href", f"/items/{outcome.envelope.id}"
        )


async def test_outcome_shows_who_attested_it_and_who_has_not(nodes, devtools):
    a = await nodes("Barcelona", lang="ca")
    b = await nodes("Movimento X", lang="pt-BR", node_type="social_movement")
    c = await nodes("Palermo", lang="it")
    for other in (b, c):
        await a.follow(other.http_url)
    held = await a.publish(
        "meeting",
        meeting(
            "Trobada de ciutats",
            "2026-04-20T10:00",
            "ca",
            status="held",
            organizers=[{"node": b.id}, {"node": c.id}],
        ),
    )
    outcome = await a.publish(
        "meeting.outcome", {"meeting": held.envelope.id, "summary": {"ca": "Acord comú."}}
    )
    mine = await a.publish("attestation", {"event": outcome.envelope.id})
    theirs = await b.publish("attestation", {"event": outcome.envelope.id})
    await eventually(lambda: view_has(a, theirs.envelope.id), what="B's attestation in A")
    assert await view_has(a, mine.envelope.id)

    async with browser(devtools) as br:
        page = await new_page(br, js=False)
        await page.goto(f"{a.http_url}/items/{outcome.envelope.id}")
        box = page.locator(".attestations")
        await expect(box.locator(".attested")).to_have_text("Attested by Barcelona, Movimento X")
        await expect(box.locator(".missing")).to_have_text("Not yet attested by Palermo")

        page = await new_page(br)
        await ready(page, a.http_url + "/")
        card = page.locator("#meetings article.card", has_text="Trobada de ciutats")
        await expect(card.locator(".attested")).to_contain_text("Barcelona")
        await expect(card.locator(".attested")).to_contain_text("Movimento X")
        await expect(card.locator(".missing")).to_contain_text("Palermo")

        # New content needs fresh attestations: the old ones apply to version 1.
        update = await a.publish(
            "update",
            {
                "event": outcome.envelope.id,
                "body": {"meeting": held.envelope.id, "summary": {"ca": "Acord comú, esmenat."}},
            },
        )
        again = await b.publish(
            "attestation", {"event": outcome.envelope.id, "version": update.envelope.id}
        )
        await eventually(lambda: view_has(a, again.envelope.id), what="B's new attestation")
        page = await new_page(br, js=False)
        await page.goto(f"{a.http_url}/items/{outcome.envelope.id}")
        box = page.locator(".attestations")
        await expect(box.locator(".attested")).to_have_text("Attested by Movimento X")
        await expect(box.locator(".missing")).to_have_text("Not yet attested by Barcelona, Palermo")
        await expect(box.locator(".earlier")).to_have_count(2)
        await expect(box.locator(".earlier").first).to_contain_text("attested version 1")


async def lisbon(nodes: Any) -> tuple[Any, str, str]:
    """A Lisbon node with an initiative and a meeting, both placed on the map."""
    a = await nodes("Lisboa", lang="pt-PT")
    centre = await a.publish(
        "initiative",
        initiative(
            "Centro de acolhimento",
            lang="pt-PT",
            places=[PLACE],
            homepage="https://www.lisboa.pt/acolhimento",
            start="2026-01-05",
        ),
    )
    held = await a.publish(
        "meeting", meeting("Assembleia de bairro", "2026-03-02T18:00", "pt-PT", place=PLACE)
    )
    return a, centre.envelope.id, held.envelope.id


async def test_arabic_interface_is_right_to_left_on_every_page(nodes, devtools):
    a, centre, held = await lisbon(nodes)
    pages = ["/", f"/items/{centre}", f"/items/{held}", "/map", "/calendar?month=2026-03"]
    async with browser(devtools) as br:
        for viewport in (PHONE, DESKTOP):
            page = await new_page(br, viewport=viewport, audit=True, locale="ar")
            for path in pages:
                await page.goto(a.http_url + path)
                if path in ("/", "/map"):
                    await expect(page.locator("body[data-ready]")).to_have_count(1)
                html = page.locator("html")
                await expect(html).to_have_attribute("dir", "rtl")
                await expect(html).to_have_attribute("lang", "ar")
                # The first section link sits at the right edge: the layout is mirrored.
                nav = page.locator("nav.sections li").first
                box = await nav.bounding_box()
                width = viewport["width"]
                assert box is not None and box["x"] + box["width"] > width / 2, (path, box)
                await no_sideways_scroll(page)
                await audit(page)
            assert page.errors == []  # type: ignore[attr-defined]

        page = await new_page(br, locale="ar")
        await ready(page, a.http_url + "/")
        await expect(page.locator("#initiatives-h")).to_have_text("المبادرات")
        await expect(page.locator("#initiatives .chip.cat-welcoming_rights")).to_have_text(
            "الاستقبال والحقوق"
        )
        page = await new_page(br, js=False, locale="ar")
        await page.goto(f"{a.http_url}/items/{centre}")
        await expect(page.locator("aside.trust h2")).to_have_text("من وقّعه، وكيف نعرف ذلك")
        await page.goto(a.http_url + "/calendar?month=2026-03")
        await expect(page.locator("table.cal caption")).to_have_text("مارس 2026")


async def test_european_portuguese_is_not_brazilian(nodes, devtools):
    a, centre, _ = await lisbon(nodes)
    async with browser(devtools) as br:
        for locale, team, website in (
            ("pt-PT", "equipa", "Sítio web"),
            ("pt-BR", "equipe", "Site"),
        ):
            page = await new_page(br, locale=locale)
            await ready(page, a.http_url + "/")
            await expect(page.locator("html")).to_have_attribute("lang", locale)
            await expect(page.locator("nav.sections .admin-link")).to_have_text(
                f"Publicar ({team})"
            )
            page = await new_page(br, js=False, locale=locale)
            await page.goto(f"{a.http_url}/items/{centre}")
            await expect(page.locator("html")).to_have_attribute("lang", locale)
            await expect(page.locator("dl.meta")).to_contain_text(website)


async def test_item_page_in_french_without_javascript(nodes, devtools):
    a, centre, held = await lisbon(nodes)
    async with browser(devtools) as br:
        page = await new_page(br, js=False)
        await page.goto(f"{a.http_url}/items/{centre}?lang=fr")
        await expect(page.locator("html")).to_have_attribute("lang", "fr")
        await expect(page.locator("p.kind")).to_have_text("Initiative")
        meta = page.locator("dl.meta")
        await expect(meta).to_contain_text("Période")
        await expect(meta).to_contain_text("Lieux")
        await expect(meta).to_contain_text("5 janvier 2026")
        await expect(page.locator(".chips")).to_contain_text("Accueil et droits")
        trust = page.locator("aside.trust")
        await expect(trust.locator("h2")).to_have_text("Qui l’a signé, et comment nous le savons")
        await expect(trust).to_contain_text("Signé par Lisboa avec sa clé")
        await expect(trust.get_by_role("link", name="Voir l’événement signé (JSON)")).to_have_count(
            1
        )
        await expect(page.get_by_role("link", name="Calendrier")).to_have_count(1)

        # Accept-Language alone is enough, and the map and calendar follow it too.
        page = await new_page(br, js=False, locale="fr-FR")
        await page.goto(f"{a.http_url}/items/{held}")
        await expect(page.locator("dl.meta")).to_contain_text("Quand")
        await page.goto(a.http_url + "/map")
        await expect(page.locator("h1")).to_have_text("Carte des initiatives et des réunions")
        await page.goto(a.http_url + "/calendar?month=2026-03")
        await expect(page.locator("table.cal thead th .wd-long").first).to_have_text("lun.")
        await expect(page.locator("h1")).to_have_text("Calendrier des réunions")
        # Without JavaScript, every language is one link away in the footer.
        await page.locator("footer").get_by_role("link", name="العربية").click()
        await expect(page.locator("html")).to_have_attribute("dir", "rtl")
        await expect(page.locator("h1")).to_have_text("تقويم الاجتماعات")


async def test_network_is_drawn_as_a_graph_with_names(nodes, devtools):
    a = await nodes("Lisboa", lang="pt-PT")
    b = await nodes("Bologna", lang="it")
    await a.follow(b.http_url)

    async def both_known() -> bool:
        rows = await a.store.read(
            lambda c: c.execute("SELECT COUNT(*) FROM objects WHERE kind = 'profile'").fetchone()
        )
        return rows[0] >= 2

    await eventually(both_known, what="B's profile in A")
    async with browser(devtools) as br:
        page = await new_page(br, locale="ar")
        await ready(page, a.http_url + "/")
        graph = page.locator("#network svg.graph")
        await expect(graph).to_have_attribute(
            "aria-label", "من يتابع مَن: يتجه سهم من كل عقدة إلى كل عقدة تتابعها."
        )
        for name in ("Lisboa", "Bologna"):
            await expect(graph.locator("text.graph-label", has_text=name)).to_have_count(1)
        # One arrow: Lisboa follows Bologna; each name links to the node's own page.
        await expect(graph.locator("line.graph-edge")).to_have_count(1)
        await expect(graph.locator(f'a[href="/items/{b.id}"]')).to_have_count(1)
        await no_sideways_scroll(page)


#: Whether a card's content is rendered (`content-visibility: auto` skips a card's content,
#: not its box); read after two animation frames, once the page's layout has run.
RENDERED = (
    "e => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>"
    " done(e.firstElementChild.checkVisibility({ contentVisibilityAuto: true })))))"
)

#: Whether a card's content is rendered within 120 frames. A card just scrolled to is laid out
#: a frame or two later than the scroll, as the cards above it take their real height.
RENDERED_WITHIN_FRAMES = (
    "e => new Promise((done) => { let frames = 0; const look = () =>"
    " e.firstElementChild.checkVisibility({ contentVisibilityAuto: true }) ? done(true)"
    " : ++frames > 120 ? done(false) : requestAnimationFrame(look);"
    " requestAnimationFrame(look); })"
)


async def test_the_overview_lays_out_only_the_cards_in_view(nodes, devtools):
    a = await nodes("Karlsruhe", lang="de")
    titles = [f"Willkommenszentrum {i}" for i in range(12)]
    for title in titles:
        await a.publish("initiative", initiative(title, lang="de"))
    async with browser(devtools) as br:
        page = await new_page(br, viewport=PHONE)
        await ready(page, a.http_url + "/")
        cards = page.locator("#initiatives article.card")
        await expect(cards).to_have_count(len(titles))
        assert await cards.first.evaluate(RENDERED)
        # Far below the fold: not laid out, yet its words are on the page (find-in-page, the
        # accessibility tree) ...
        assert not await cards.last.evaluate(RENDERED)
        await expect(cards.last).to_contain_text(titles[0])  # newest first
        # ... and laid out once scrolled to.
        await cards.last.scroll_into_view_if_needed()
        assert await cards.last.evaluate(RENDERED_WITHIN_FRAMES)
        await no_sideways_scroll(page)
        assert page.errors == []  # type: ignore[attr-defined]


#: Where the element with this id is from the top of the view once scrolling has stopped (the
#: same position over two frames, within 300 frames).
SETTLED_TOP = """id => new Promise((done) => {
  let last = null, frames = 0;
  const look = () => {
    const top = Math.round(document.getElementById(id).getBoundingClientRect().top);
    if (top === last || ++frames > 300) return done(top);
    last = top;
    requestAnimationFrame(() => requestAnimationFrame(look));
  };
  look();
})"""


async def test_a_link_to_a_section_lands_on_it_past_cards_not_yet_laid_out(nodes, devtools):
    a = await nodes("Bologna", lang="it")
    agenda = [{"title": {"it": f"Punto {i}: accoglienza e partecipazione"}} for i in range(12)]
    for day in range(10, 18):
        await a.publish(
            "meeting", meeting(f"Consulta {day}", f"2031-05-{day}T18:00", "it", agenda=agenda)
        )
    for i in range(8):
        body = {"title": {"it": f"Dichiarazione {i}"}, "text": {"it": "Bologna accoglie."}}
        await a.publish("declaration", body)
    async with browser(devtools) as br:
        page = await new_page(br, viewport=PHONE)
        await ready(page, a.http_url + "/")
        # The meetings' cards are far taller laid out than their placeholders: the jump to
        # the declarations below them must still end on the declarations.
        await page.get_by_role("navigation").get_by_role("link", name="Declarations").click()
        assert abs(await page.evaluate(SETTLED_TOP, "declarations")) < 40
        assert page.errors == []  # type: ignore[attr-defined]


async def test_the_busy_page_is_accessible_and_right_to_left_in_arabic(
    nodes, devtools, monkeypatch
):
    a = await nodes("Lisboa", lang="pt-PT")
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)  # every read is past its budget
    async with browser(devtools) as br:
        for viewport in (PHONE, DESKTOP):
            page = await new_page(br, viewport=viewport, audit=True, locale="ar")
            answer = await page.goto(a.http_url + "/")
            assert answer is not None and answer.status == 503
            await expect(page.get_by_role("alert")).to_have_text(re.compile("^العقدة مشغولة"))
            await expect(page.locator("html")).to_have_attribute("dir", "rtl")
            await no_sideways_scroll(page)
            await audit(page)
            assert page.errors == []  # type: ignore[attr-defined]


async def test_a_declaration_card_counts_every_endorsement_and_says_how_many_are_not_shown(
    nodes, devtools, monkeypatch
):
    from node.store import queries

    monkeypatch.setattr(queries, "MAX_REFERRING", 2)
    a = await nodes("Madrid", lang="en")
    decl = await a.publish(
        "declaration", {"title": {"en": "Welcoming city"}, "text": {"en": "All are welcome"}}
    )
    for i in range(3):
        await a.publish(
            "endorsement",
            {"event": decl.envelope.id, "stance": "sign", "statement": {"en": f"Yes {i}"}},
        )
    async with browser(devtools) as br:
        page = await new_page(br)
        await ready(page, a.http_url + "/")
        card = page.locator("#declarations article.card")
        await expect(card).to_contain_text("Endorsed by (3)")
        await expect(card).to_contain_text("1 earlier not shown")
        await expect(card).to_contain_text("Yes 2")
        await expect(card).not_to_contain_text("Yes 0")
        assert page.errors == []  # type: ignore[attr-defined]
