"""The web page and the admin page in a real headless Chromium against real nodes (issue: HTTP API).

Budget: about 1.5 s per browser launch plus a node or two per test; the module stays under 20 s.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from helpers import eventually, initiative, view_has
from playwright.async_api import Browser, Page, async_playwright, expect

from node.http import limits

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
expect.set_options(timeout=10_000)


@contextlib.asynccontextmanager
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium driven by Playwright (which never downloads a browser here)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail("install Debian's chromium: apt-get install chromium", pytrace=False)
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            await b.close()


async def open_page(b: Browser, url: str, locale: str = "en-US") -> Page:
    page = await (await b.new_context(locale=locale)).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(url)
    await expect(page.locator("body[data-ready]")).to_have_count(1)
    return page


def card(page: Page, title: str):
    return page.locator("#initiatives article.card", has_text=title)


async def test_follower_page_shows_peer_initiative_and_filters_narrow_it(nodes, tmp_path):
    a = await nodes("Lisboa", lang="pt-PT")
    b = await nodes("Bologna", lang="it")
    await b.follow(a.http_url)
    welcome = await a.publish("initiative", initiative("Centro de acolhimento", lang="pt-PT"))
    classes = await a.publish(
        "initiative",
        initiative("Aulas de português", lang="pt-PT", category="awareness_education"),
    )
    for event in (welcome, classes):
        await eventually(lambda e=event: view_has(b, e.envelope.id), what="A's initiative in B")

    async with browser() as br:
        page = await open_page(br, b.http_url + "/")
        shown = card(page, "Centro de acolhimento")
        await expect(shown).to_be_visible()
        await expect(shown.locator(".provenance")).to_contain_text("Signature verified")
        await expect(shown.locator(".provenance")).to_contain_text("Lisboa")
        link = shown.locator('.provenance a[type="application/json"]')
        assert await link.get_attribute("href") == f"/api/v1/events/{welcome.envelope.id}"
        await page.screenshot(path=str(tmp_path / "shared-view.png"), full_page=True)

        await page.get_by_role("combobox", name="Area").select_option("awareness_education")
        await expect(card(page, "Centro de acolhimento")).to_have_count(0)
        await expect(card(page, "Aulas de português")).to_be_visible()

        await page.get_by_role("button", name="Clear filters").click()
        await expect(card(page, "Centro de acolhimento")).to_be_visible()
        await page.get_by_label("Search").fill("acolhimento")
        await page.get_by_label("Search").press("Enter")
        await expect(card(page, "Aulas de português")).to_have_count(0)
        await expect(card(page, "Centro de acolhimento")).to_be_visible()
        assert page.errors == []  # type: ignore[attr-defined]
    assert (tmp_path / "shared-view.png").stat().st_size > 10_000


async def test_event_published_while_the_page_is_open_appears_without_reload(nodes):
    a = await nodes("Berlin", lang="de")
    async with browser() as br:
        page = await open_page(br, a.http_url + "/")
        await page.evaluate("window.__sameDocument = true")
        await expect(page.locator("#live[data-state=on]")).to_have_count(1)
        await a.publish("initiative", initiative("Willkommenszentrum", lang="de"))
        await expect(card(page, "Willkommenszentrum")).to_be_visible()
        assert await page.evaluate("window.__sameDocument === true")  # no reload happened


async def test_admin_form_publishes_and_shows_the_field_error(nodes):
    a = await nodes("Madrid", lang="es")
    async with browser() as br:
        page = await open_page(br, a.http_url + "/admin")
        await page.get_by_label("Admin token").fill(a.token)
        await page.get_by_role("button", name="Sign in").click()
        await page.get_by_label("What do you want to publish?").select_option("initiative")

        form = page.locator("#event-form")
        await form.get_by_label("Title (es)").fill("Oficina de acogida")
        await form.get_by_label("Summary (es)").fill("Atención a personas recién llegadas")
        await form.get_by_role("combobox", name="Area").select_option("welcoming_rights")
        await form.get_by_role("combobox", name="Status").select_option("active")
        await form.get_by_role("button", name="Sign and publish").click()
        published = page.locator("#published-id")
        await expect(published).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
        event_id = await published.text_content()
        assert event_id and await view_has(a, event_id)

        # No title at all: the node answers 422 naming $.body.title, shown at the title field.
        await form.get_by_label("Summary (es)").fill("Sin título")
        await form.get_by_role("combobox", name="Area").select_option("welcoming_rights")
        await form.get_by_role("combobox", name="Status").select_option("active")
        await form.get_by_role("button", name="Sign and publish").click()
        error = form.locator(".field-error")
        await expect(error).to_have_count(1)
        assert await error.get_attribute("data-path") == "$.body.title"
        title_field = form.locator("fieldset.langmap", has=page.get_by_label("Title (es)"))
        await expect(title_field.locator(".field-error")).to_contain_text("required")
        await expect(page.locator("#result [role=alert]")).to_contain_text("Title")
        await expect(page.get_by_label("Title (es)")).to_have_attribute("aria-invalid", "true")


async def test_script_in_a_title_is_shown_as_text_and_never_runs(nodes):
    a = await nodes("Karlsruhe", lang="de")
    hostile = "<script>alert(1)</script>"
    await a.publish("initiative", initiative(hostile, lang="de"))
    hostile_img = '<img src=x onerror="alert(2)">'
    await a.publish("initiative", initiative(hostile_img, lang="de"))
    async with browser() as br:
        context = await br.new_context(locale="en-US")
        page = await context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: dialogs.append(d.message))
        await page.goto(a.http_url + "/")
        await expect(page.locator("body[data-ready]")).to_have_count(1)
        await expect(page.get_by_role("heading", name=hostile)).to_be_visible()
        await expect(page.get_by_role("heading", name=hostile_img)).to_be_visible()
        assert await page.locator("main script, main img").count() == 0
        assert dialogs == []


async def test_language_switcher_translates_the_interface_and_marks_fallback_text(nodes):
    a = await nodes("Roma", lang="it")
    await a.publish("initiative", initiative("Sportello migranti", lang="it"))
    async with browser() as br:
        page = await open_page(br, a.http_url + "/")
        await expect(page.get_by_role("heading", name="Initiatives", exact=True)).to_be_visible()
        await page.get_by_label("Language", exact=True).select_option(label="Português (Brasil)")
        await expect(page.get_by_role("heading", name="Iniciativas", exact=True)).to_be_visible()
        await expect(page.get_by_role("link", name="Reuniões")).to_be_visible()
        assert await page.evaluate("document.documentElement.lang") == "pt-BR"
        # Only Italian text exists: shown with a visible (it) badge and lang="it".
        title = card(page, "Sportello migranti").get_by_role("heading")
        await expect(title.locator(".lang-badge")).to_have_text("(it)")
        await expect(title.locator("span[lang=it]")).to_have_text("Sportello migranti")


async def test_kinds_and_static_files_are_served_and_errors_are_problems(nodes):
    a = await nodes("Lyon", lang="fr")
    async with aiohttp.ClientSession() as http:
        async with http.get(a.http_url + "/api/v1/kinds") as r:
            kinds = {k["name"]: k for k in await r.json()}
        assert kinds["initiative"]["version"] == 1
        schema = kinds["meeting.outcome"]["schema"]
        assert schema["$defs"]["MeetingOutcome"]["required"] == ["meeting", "summary"]
        async with http.get(a.http_url + "/") as r:
            assert r.content_type == "text/html"
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
            assert 'data-after="' in await r.text()
        async with http.get(a.http_url + "/static/app.js") as r:
            assert r.status == 200 and r.content_type == "text/javascript"
        async with http.get(a.http_url + "/static/..%2Fpages.py") as r:
            assert r.status == 404
            assert r.content_type == "application/problem+json"
            assert (await r.json())["code"] == "not_found"


async def test_a_busy_node_says_so_in_the_readers_language_and_offers_to_try_again(
    nodes, monkeypatch
):
    a = await nodes("Lyon", lang="fr")
    await a.publish("initiative", initiative("Accueil des personnes migrantes", lang="fr"))
    monkeypatch.setattr(limits, "READ_SECONDS", 0.0)  # every read is past its budget
    async with browser() as br:
        page = await (await br.new_context(locale="fr-FR")).new_page()
        answer = await page.goto(a.http_url + "/")
        assert answer is not None and answer.status == 503
        assert answer.headers["retry-after"] == "5"
        await expect(page.get_by_role("alert")).to_have_text(re.compile("^Le nœud est occupé"))
        assert await page.evaluate("document.documentElement.lang") == "fr"
        # Once the node can read, its link to try again brings the page.
        monkeypatch.setattr(limits, "READ_SECONDS", 5.0)
        await page.get_by_role("link", name="Réessayer").click()
        await expect(page.locator("body[data-ready]")).to_have_count(1)
        await expect(card(page, "Accueil des personnes migrantes")).to_be_visible()
        # A section the page reloads while the node is busy says so too, in French.
        monkeypatch.setattr(limits, "READ_SECONDS", 0.0)
        await page.get_by_role("combobox", name="Domaine").select_option("awareness_education")
        await expect(page.locator("#initiatives .error-msg")).to_have_text(
            re.compile("^Impossible de charger cette rubrique : Le nœud est occupé")
        )
