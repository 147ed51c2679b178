"""Time to the first full render in headless Chromium: the main page (until its script marks
the body ready, every section filled) and an item page (until its load event), against a node
home made by `bench/bootstrap.py --keep DIR`.

    python bench/render.py --home DIR [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import time
from pathlib import Path

from harness import report
from playwright.async_api import async_playwright
from procs import NodeProcess

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


async def measure(node: NodeProcess, repeat: int) -> dict[str, list[float]]:
    item = node.get("/api/v1/view/initiatives?limit=1")["items"][0]["id"]
    pages = {"main page": ("/", "body[data-ready]"), "item page": (f"/items/{item}", None)}
    out: dict[str, list[float]] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, (path, ready) in pages.items():
                times = []
                for _ in range(repeat):
                    # A fresh context each time: no cache, as a first visit.
                    context = await browser.new_context(locale="en-US")
                    page = await context.new_page()
                    start = time.perf_counter()
                    await page.goto(node.url + path, wait_until="load")
                    if ready:
                        await page.wait_for_selector(ready, state="attached", timeout=60_000)
                    times.append((time.perf_counter() - start) * 1000)
                    await context.close()
                out[name] = times
        finally:
            await browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", required=True, help="a node home from bootstrap.py --keep")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit("install Debian's chromium: apt-get install chromium")
    home = Path(args.home)
    conn = sqlite3.connect(home / "citymesh.db")
    (events,) = conn.execute("SELECT COUNT(*) FROM events").fetchone()
    conn.close()
    node = NodeProcess(home.parent, home.name)
    node.start(timeout=120)
    try:
        times = asyncio.run(measure(node, args.repeat))
    finally:
        node.stop()
    figures = {
        name: {"first_ms": round(t[0], 1), "median_ms": round(statistics.median(t), 1)}
        for name, t in times.items()
    }
    report(
        "render",
        {"events_in_view": events, "repeat": args.repeat, "pages": figures},
        "render: "
        + ", ".join(
            f"{n} {f['median_ms']:.0f} ms (first {f['first_ms']:.0f})" for n, f in figures.items()
        )
        + f" with {events} events held",
    )


if __name__ == "__main__":
    main()
