"""Screenshots of the page, an item page, the map and the calendar, per language and screen.

Run against the demo (`citymesh demo --base-port 18700`, then
`.venv/bin/python docs/screenshots/shoot.py http://127.0.0.1:18700 ITEM_ID 2026-03`), with
Debian's chromium. Files are named PAGE-LANG-SCREEN.png in this folder.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import ViewportSize, async_playwright

HERE = Path(__file__).parent
SCREENS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
LANGS = ("pt-BR", "ar")


async def shoot(base: str, item: str, month: str) -> None:
    pages = {
        "main": ("/", True),
        "item": (f"/items/{item}", False),
        "map": ("/map", True),
        "calendar": (f"/calendar?month={month}", False),
    }
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            for lang in LANGS:
                for screen, viewport in SCREENS.items():
                    context = await browser.new_context(locale=lang, viewport=viewport)
                    page = await context.new_page()
                    for name, (path, wait) in pages.items():
                        await page.goto(base + path)
                        if wait:
                            await page.wait_for_selector("body[data-ready]", timeout=20_000)
                        await page.wait_for_load_state("networkidle")
                        out = HERE / f"{name}-{lang}-{screen}.png"
                        await page.screenshot(path=str(out))
                        print(out.name, out.stat().st_size)
                    await context.close()
        finally:
            await browser.close()


if __name__ == "__main__":
    asyncio.run(shoot(*sys.argv[1:4]))
