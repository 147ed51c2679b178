"""Soak: kill -9 a node (and its nats-server) at many points across a long publish burst.

python tests/soak/crash.py --points 50 --minutes 10
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from _common import report
from crashrun import async_wait_stream, check_chain, run_campaign  # noqa: E402
from nodeproc import NodeProc  # noqa: E402


async def main(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="citymesh-soak-crash-"))
    node = NodeProc(root, "A")
    node.start()
    deadline = time.monotonic() + args.minutes * 60
    totals = {"rounds": 0, "crash_points": 0, "acked": 0, "lost": 0, "stored": 0}
    acked: list[str] = []
    try:
        while totals["crash_points"] < args.points and time.monotonic() < deadline:
            points = min(10, args.points - totals["crash_points"])
            figures = await run_campaign(node, args.publishes, points, args.clients)
            acked += figures["acked"]
            totals["rounds"] += 1
            totals["crash_points"] += len(figures["kills"])
        chain = check_chain(node, acked)
        await async_wait_stream(node, chain["stored"], timeout=60)
        totals.update(acked=chain["acked"], lost=chain["lost"], stored=chain["stored"])
    finally:
        node.stop()
    report(
        totals,
        f"crash soak: {totals['crash_points']} crash points survived, "
        f"{totals['acked']} acknowledged events, {totals['lost']} lost",
    )
    return 1 if totals["lost"] else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--points", type=int, default=50)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--publishes", type=int, default=1000, help="per round of up to 10 kills")
    p.add_argument("--clients", type=int, default=4)
    raise SystemExit(asyncio.run(main(p.parse_args())))
