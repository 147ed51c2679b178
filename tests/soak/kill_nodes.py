"""Soak: kill -9 random nodes of a network while every node publishes, start them again;
nothing acknowledged may be lost, nothing stored twice, and every node must agree.

python tests/soak/kill_nodes.py --nodes 5 --kills 20 --publishes 2000

Needs root (network namespaces). The bounded variant is
tests/net/test_faults.py::test_kill_9_of_random_nodes_during_load_loses_nothing_acknowledged.
"""

from __future__ import annotations

import argparse
import asyncio

from _common import on_bed, report
from netnodes import kill_during_load


async def main(args: argparse.Namespace) -> int:
    figures = await on_bed(
        "kill-nodes", kill_during_load, *(args.nodes, args.kills, args.publishes),
        args.timeout, args.seed,
    )  # fmt: skip
    report(
        figures,
        f"{len(figures['kills'])} kill -9 of {figures['nodes']} nodes under load: all "
        f"{figures['acknowledged']} acknowledged events on every node, digests equal",
    )
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--nodes", type=int, default=5)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--publishes", type=int, default=2000, help="acknowledged events in all")
    p.add_argument("--timeout", type=float, default=900, help="seconds to publish, and to agree")
    p.add_argument("--seed", type=int, default=1)
    raise SystemExit(asyncio.run(main(p.parse_args())))
