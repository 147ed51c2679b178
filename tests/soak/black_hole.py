"""Soak: a follower's peer black-holes its packets (no reset, no answer) for minutes while
another peer keeps publishing; then the hole ends.

python tests/soak/black_hole.py --seconds 90

Needs root (network namespaces). Fails unless every healthy peer's event arrived within
--live-bound seconds during the hole and the black-holed peer's events within
--catch-up-bound seconds after it. The bounded variant is
tests/net/test_faults.py::test_black_holed_peer_stalls_neither_the_others_nor_its_catch_up.
"""

from __future__ import annotations

import argparse
import asyncio

from _common import on_bed, report
from netnodes import black_hole


async def main(args: argparse.Namespace) -> int:
    figures = await on_bed(
        "black-hole", black_hole, args.seconds, args.live_bound, args.catch_up_bound
    )
    report(
        figures,
        f"black hole of {figures['hole_seconds']} s: {figures['healthy_events']} events of the "
        f"healthy peer, slowest {figures['healthy_slowest_seconds']} s; caught up "
        f"{figures['catch_up_seconds']} s after it ended",
    )
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--seconds", type=float, default=90, help="how long the hole lasts")
    p.add_argument("--live-bound", type=float, default=3, help="seconds per healthy event")
    p.add_argument("--catch-up-bound", type=float, default=20, help="seconds after the hole")
    raise SystemExit(asyncio.run(main(p.parse_args())))
