"""Query latency with a big view: every view query the API offers, with filters and full-text
search (including a word that appears in nearly every event), over HTTP from a loopback
client, against a node home made by `bench/bootstrap.py --keep DIR`.

    python bench/query.py --home DIR [--repeat 40]
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from harness import percentile, report
from procs import NodeProcess

TARGET_P99_MS = 50


def common_and_rare_words(node: NodeProcess) -> tuple[str, str]:
    """The most and a least frequent word in a sample of initiative titles and summaries."""
    words: Counter[str] = Counter()
    page = node.get("/api/v1/view/initiatives?limit=200")
    for item in page["items"]:
        for field in ("title", "summary"):
            for text in item["body"].get(field, {}).values():
                words.update(w.lower().strip(".,") for w in text.split() if len(w) > 3)
    ranked = [w for w, _ in words.most_common()]
    return ranked[0], ranked[-1]


def timed(url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as resp:
            resp.read()
            assert resp.status == 200
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", required=True, help="a node home from bootstrap.py --keep")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    home = Path(args.home)
    node = NodeProcess(home.parent, home.name)
    node.start(timeout=120)
    try:
        ids = node.get("/api/v1/view/nodes?limit=5")["items"]
        author = ids[-1]["id"]
        common, rare = common_and_rare_words(node)
        first = node.get("/api/v1/view/initiatives?limit=50")
        q = urllib.parse.quote
        paths = {
            "initiatives": "/api/v1/view/initiatives",
            "initiatives page 2": f"/api/v1/view/initiatives?after={q(first['next'] or '')}",
            "by category": "/api/v1/view/initiatives?category=durable_legislation",
            "by author": f"/api/v1/view/initiatives?author={q(author)}",
            "by status": "/api/v1/view/initiatives?status=active",
            "by language": "/api/v1/view/initiatives?lang=de",
            "by dates": "/api/v1/view/initiatives?from=2015&to=2018",
            "search rare word": f"/api/v1/view/initiatives?q={q(rare)}",
            "search common word": f"/api/v1/view/initiatives?q={q(common)}",
            "search common + category": f"/api/v1/view/initiatives?q={q(common)}"
            "&category=welcoming_rights",
            "search all kinds": f"/api/v1/view/meetings?q={q(common)}",
            "meetings": "/api/v1/view/meetings",
            "meetings by dates": "/api/v1/view/meetings?from=2026-03&to=2026-05",
            "outcomes": "/api/v1/view/outcomes",
            "declarations": "/api/v1/view/declarations",
            "partnerships": "/api/v1/view/partnerships",
            "nodes": "/api/v1/view/nodes",
            "events by kind": "/api/v1/events?kind=initiative&limit=100",
            "events by author": f"/api/v1/events?author={q(author)}&limit=100",
        }
        results = {}
        for name, path in paths.items():
            ms = timed(node.url + path, args.repeat)
            results[name] = {
                "p50_ms": round(statistics.median(ms), 2),
                "p99_ms": round(percentile(ms, 0.99), 2),
            }
        events = node.get("/api/v1/view/digest?author=" + q(author))
    finally:
        node.stop()
    worst = max(results.items(), key=lambda kv: kv[1]["p99_ms"])
    report(
        "query",
        {
            "queries": results,
            "repeat": args.repeat,
            "common_word": common,
            "rare_word": rare,
            "sample_author_events": events["events"],
            "worst": worst[0],
            "worst_p99_ms": worst[1]["p99_ms"],
            "target_p99_ms": TARGET_P99_MS,
        },
        f"query: worst p99 {worst[1]['p99_ms']:.1f} ms ({worst[0]}) over {len(results)} "
        f"queries x {args.repeat} (target <= {TARGET_P99_MS} ms)",
    )


if __name__ == "__main__":
    main()
