"""Soak: three nodes on three continents (90 ms and 150 ms round trips, 2 % loss on the long
link), each in its own network namespace, reaching each other over the HTTP port only.

python tests/soak/three_continents.py --events 300

Needs root (network namespaces). The bounded variant is
tests/net/test_bed.py::test_three_continents_converge_over_one_port.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from _common import HERE, report

sys.path.insert(0, str(HERE.parent / "net"))
from bed import Bed  # noqa: E402
from netnodes import three_continents  # noqa: E402


async def main(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="citymesh-soak-continents-"))
    with Bed(root) as bed:
        figures = await three_continents(
            bed, root, per_node=args.events, timeout=args.timeout, publish_seconds=args.timeout
        )
    report(
        figures,
        f"three continents: {figures['events']} events agreed on by all three nodes after "
        f"{figures['converged_seconds']} s",
    )
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=300, help="events each node publishes")
    p.add_argument("--timeout", type=float, default=600, help="seconds to publish, and to agree")
    raise SystemExit(asyncio.run(main(p.parse_args())))
