"""Soak: hostile HTTP clients against a node process: the OpenAPI-driven fuzzer with a long
profile, then half-open and never-reading stream floods under a 1,024 file limit.

python tests/soak/hostile_http.py --requests 20000 --half-open 3000 --streams 200
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from _common import report
from httpfuzz import Fuzzer, requests  # noqa: E402
from hypothesis import HealthCheck, given, settings
from nodeproc import NodeProc  # noqa: E402
from slowclients import (  # noqa: E402
    half_open_flood,
    publish_many,
    start_with_file_limit,
    stream_flood,  # noqa: E402
)


def main(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="citymesh-soak-http-"))
    node = NodeProc(root, "H")
    asyncio.run(publish_many(node.home, args.events, 6000))
    start_with_file_limit(node, 1024)
    figures: dict[str, object] = {}
    try:
        fuzzer = Fuzzer(node.url, node.token)
        document = fuzzer.document()
        started = time.monotonic()

        @settings(
            max_examples=args.requests,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(requests(document, node.token))
        def run(request) -> None:  # type: ignore[no-untyped-def]
            fuzzer.check(request)
            if fuzzer.sent % 200 == 0:
                assert fuzzer.healthy()

        run()
        figures["fuzz"] = {**fuzzer.figures(), "seconds": round(time.monotonic() - started, 1)}
        figures["half_open"] = half_open_flood(node, args.half_open)
        # Streams from many addresses: each within the per-client bound.
        figures["streams"] = stream_flood(node, args.streams, addresses=max(1, args.streams // 10))
        assert fuzzer.healthy()
    finally:
        node.stop()
    half, streams = figures["half_open"], figures["streams"]
    assert isinstance(half, dict) and isinstance(streams, dict)
    ok = (
        half["failures"] == 0
        and streams["failures"] == 0
        and max(half["slowest"], streams["slowest"]) < 1.0
        and max(half["vm_hwm_mib"], streams["vm_hwm_mib"]) < 300
    )
    report(
        figures,
        f"http soak: {args.requests} fuzzed requests, no 5xx; {half['connections']} half-open "
        f"and {streams['clients']} never-reading stream clients, slowest healthz "
        f"{max(half['slowest'], streams['slowest'])}s, peak RSS {streams['vm_hwm_mib']} MiB",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--requests", type=int, default=20_000)
    p.add_argument("--half-open", type=int, default=3000)
    p.add_argument("--streams", type=int, default=200)
    p.add_argument("--events", type=int, default=520)
    raise SystemExit(main(p.parse_args()))
