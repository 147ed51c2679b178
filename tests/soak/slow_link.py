"""Soak: a new node behind a 1 Mbit/s link bootstraps 100,000 events from its peer.

python tests/soak/slow_link.py --events 100000

Needs root (network namespaces). Prints the time against what the link needs for the
events' bytes alone, and the bytes on the wire per event against the events' mean size.
The bounded variant is
tests/net/test_faults.py::test_node_behind_a_1_mbit_link_bootstraps_within_the_links_time.
"""

from __future__ import annotations

import argparse
import asyncio

from _common import on_bed, report
from netnodes import slow_bootstrap


async def main(args: argparse.Namespace) -> int:
    figures = await on_bed("slow-link", slow_bootstrap, args.events, args.rate, args.timeout)
    report(
        figures,
        f"{figures['events']} events over {args.rate} in {figures['seconds']} s "
        f"(the events' bytes alone need {figures['link_seconds']} s); "
        f"{figures['wire_bytes_per_event']} bytes on the wire per event of "
        f"{figures['event_bytes_mean']} bytes",
    )
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--rate", default="1mbit", help="the new node's link, as tc writes it")
    p.add_argument("--timeout", type=float, default=3600, help="seconds to load, and to follow")
    raise SystemExit(asyncio.run(main(p.parse_args())))
