"""Soak: flood a follower (a real process) with junk on its followed live subject.

python tests/soak/flood.py --messages 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from _common import report
from floodrun import flood  # noqa: E402
from helpers import new_node  # noqa: E402
from nodeproc import NodeProc  # noqa: E402


async def main(args: argparse.Namespace) -> int:
    root = Path(tempfile.mkdtemp(prefix="citymesh-soak-flood-"))
    peer = await new_node(root, "Peer")
    follower = NodeProc(root, "F")
    follower.start()
    try:
        status, _ = await asyncio.to_thread(
            follower.post, "/api/v1/admin/follow", {"url": peer.http_url}
        )
        assert status == 201
        figures = await flood(peer, follower, args.messages)
        figures["vm_hwm_mib"] = round(follower.vm_hwm_kib() / 1024, 1)
        figures["messages"] = args.messages
    finally:
        follower.stop()
        await peer.stop()
    ok = figures["failures"] == 0 and figures["slowest"] < 1.0
    report(
        figures,
        f"flood soak: {args.messages} junk messages, slowest healthz {figures['slowest']}s, "
        f"peak RSS {figures['vm_hwm_mib']} MiB",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--messages", type=int, default=1_000_000)
    raise SystemExit(asyncio.run(main(p.parse_args())))
