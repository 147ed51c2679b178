"""Soak: flood a node's nats-server with the public peer credentials, round after round
(issue #19, finding 5): every allowed connection asks for two large batches and never reads.

python tests/soak/peer_flood.py --rounds 50
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from _common import report
from helpers import new_node  # noqa: E402
from hostile_peer import peer_flood  # noqa: E402

from node.net.natsconf import PEER_LIMITS  # noqa: E402

NATS_BOUND_MIB = 256


async def main(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="citymesh-soak-peer-flood-"))
    a = await new_node(root, "A")
    b = await new_node(root, "B")
    try:
        await b.follow(a.http_url)
        figures = await peer_flood(a, b, int(PEER_LIMITS["max_connections"]), args.rounds)
    finally:
        await b.stop()
        await a.stop()
    ok = (
        figures["refused"]
        and figures["nats_hwm_mib"] < NATS_BOUND_MIB
        and figures["healthz_failures"] == 0
        and figures["healthz_slowest_s"] < 1.0
        and figures["event_seconds"] < 20
    )
    report(
        figures,
        f"peer flood soak: {args.rounds} rounds of {figures['flooders']} peers, nats-server "
        f"peak {figures['nats_hwm_mib']} MiB, slowest event {figures['event_seconds']}s",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rounds", type=int, default=50)
    raise SystemExit(asyncio.run(main(p.parse_args())))
