"""The admin page in a real headless Chromium against a real node: the token is checked at
sign-in, a wrong body shows every problem at once in the reader's language (never a regular
expression), pickers offer only events of the right kind and state, and an axe-core audit.

The Chromium, the page helpers and the audit are those of `test_pages.py`.
"""

from __future__ import annotations

import re

import pytest
from helpers import eventually, initiative, view_has
from playwright.async_api import Page, expect
from test_pages import DESKTOP, audit, browser, devtools  # noqa: F401 - devtools is a fixture

from protocol import registry
from protocol.examples import example_body

pytestmark = [pytest.mark.browser, pytest.mark.slow]
#: What a regular expression would leave in a message: anchors, classes, groups, quantifiers.
REGEX = re.compile(r"\^|\\d|\[0-9\]|\(\?|\$'|\$\)|\{\d+(,\d*)?\}|\[a-z")


async def admin(b, url: str, locale: str) -> Page:
    # bypass_csp: the audit injects axe-core as a script, which the page's CSP would refuse.
    context = await b.new_context(locale=locale, viewport=DESKTOP, bypass_csp=True)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(url + "/admin")
    await expect(page.locator("body[data-ready]")).to_have_count(1)
    return page


async def sign_in(page: Page, token: str, label: str, button: str) -> None:
    await page.get_by_label(label).fill(token)
    await page.get_by_role("button", name=button, exact=True).click()


async def test_sign_in_checks_the_token_and_names_where_it_is(nodes, devtools):  # noqa: F811
    a = await nodes("Zaragoza", lang="es")
    async with browser(devtools) as b:
        page = await admin(b, a.http_url, "es-ES")
        await sign_in(page, "not-the-token", "Token de administración", "Entrar")
        error = page.locator("#login-error")
        await expect(error).to_be_visible()
        await expect(error).to_contain_text("no fue aceptado")
        await expect(error).to_contain_text("admin.token")
        await expect(error).to_contain_text("citymesh token")
        await expect(page.locator("#publish")).to_be_hidden()
        await expect(page.get_by_label("Token de administración")).to_have_attribute(
            "aria-invalid", "true"
        )
        await audit(page)
        await sign_in(page, a.token, "Token de administración", "Entrar")
        await expect(page.locator("#publish")).to_be_visible()
        await expect(error).to_be_hidden()


async def test_wrong_initiative_shows_every_problem_at_once_in_spanish(nodes, devtools):  # noqa: F811
    a = await nodes("Valencia", lang="es")
    async with browser(devtools) as b:
        page = await admin(b, a.http_url, "es-ES")
        await sign_in(page, a.token, "Token de administración", "Entrar")
        await page.get_by_label("¿Qué quiere publicar?").select_option("initiative")
        form = page.locator("#event-form")
        title = form.locator("fieldset.langmap[data-field=title]")
        await title.get_by_role("button", name="Añadir idioma").click()
        await title.locator(".lm-lang").nth(1).fill("en")
        await title.locator(".lm-text").nth(1).fill("Welcome office")
        await form.get_by_label("Inicio").fill("2026-13")
        await form.get_by_label("Avance (%)").fill("130")
        await form.get_by_label("Sitio web").fill("www.valencia.es")
        await form.get_by_role("button", name="Firmar y publicar").click()

        # Seven problems, each at its own field: none of the summary, the area and the status
        # (required), the title only in English, a month 13, 130 %, and an address without
        # https://.
        errors = form.locator(".field-error")
        await expect(errors).to_have_count(7)
        paths = {await e.get_attribute("data-path") for e in await errors.all()}
        assert paths == {
            f"$.body.{f}"
            for f in ("title", "summary", "category", "status", "start", "progress", "homepage")
        }
        summary = page.locator("#result [role=alert]")
        await expect(summary).to_contain_text("Problemas por corregir: 7")
        for field in ("Título", "Resumen", "Área", "Estado", "Inicio", "Avance (%)", "Sitio web"):
            await expect(summary).to_contain_text(f"Campo: {field}")
        said = await summary.inner_text() + await form.inner_text()
        assert "Este campo es obligatorio." in said
        assert "Escriba un año (AAAA), un mes (AAAA-MM) o una fecha (AAAA-MM-DD)." in said
        assert "Ejemplo: 2026-05-04" in said
        assert "Demasiado grande: como máximo 100." in said
        assert "Escriba una dirección web que empiece por https://" in said
        assert "idioma del nodo (es)" in said
        assert not REGEX.search(said), REGEX.search(said)
        assert "regex" not in said and "Expected" not in said
        await expect(form.get_by_label("Sitio web")).to_have_attribute("aria-invalid", "true")
        await expect(page.locator("#kind-description")).to_have_text(
            "Una política, programa, servicio, ley o compromiso."
        )
        await audit(page)

        # The title's text can be copied into Spanish, to be translated there.
        await title.get_by_role("button", name="Copiar el texto de en a es").click()
        await expect(title.get_by_label("Título (es)")).to_have_value("Welcome office")
        await title.get_by_label("Título (es)").fill("Oficina de acogida")
        await form.get_by_label("Resumen (es)").fill("Atención a personas recién llegadas")
        await form.get_by_role("combobox", name="Área").select_option("welcoming_rights")
        await form.get_by_role("combobox", name="Estado").select_option("active")
        await form.get_by_label("Inicio").fill("2026-03")
        await form.get_by_label("Avance (%)").fill("30")
        await form.get_by_label("Sitio web").fill("https://www.valencia.es")
        await form.get_by_role("button", name="Firmar y publicar").click()
        published = page.locator("#published-id")
        await expect(published).to_have_text(re.compile(r"^[0-9a-f]{64}$"), timeout=30_000)
        assert await view_has(a, await published.text_content() or "")
        assert page.errors == []  # type: ignore[attr-defined]


async def test_outcome_picker_offers_only_live_meetings(nodes, devtools):  # noqa: F811
    a = await nodes("Murcia", lang="es")
    meeting = example_body(registry.get("meeting"), "es", full=False)
    live = await a.publish("meeting", {**meeting, "title": {"es": "Pleno abierto"}})
    gone = await a.publish("meeting", {**meeting, "title": {"es": "Pleno suspendido"}})
    await a.publish("retraction", {"event": gone.envelope.id, "reason": "withdrawn"})
    other = await a.publish("initiative", initiative("Padrón sin barreras", lang="es"))
    for event in (live, gone, other):
        await eventually(lambda e=event: view_has(a, e.envelope.id))
    async with browser(devtools) as b:
        page = await admin(b, a.http_url, "es-ES")
        await sign_in(page, a.token, "Token de administración", "Entrar")
        await expect(page.locator("body[data-known]")).to_have_count(1)
        await page.get_by_label("¿Qué quiere publicar?").select_option("meeting.outcome")
        picker = page.locator("#event-form").get_by_label("Reunión")
        offered = await page.evaluate(
            "(input) => input.list && [...input.list.options].map((o) => [o.value, o.label])",
            await picker.element_handle(),
        )
        assert offered == [[live.envelope.id, "Reunión: Pleno abierto"]]
        await expect(picker).to_have_attribute(
            "placeholder", "Elija de la lista o pegue un identificador"
        )
