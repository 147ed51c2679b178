"""Fill a node's stream with signed events, as if it had relayed them: run inside the node's
namespace while the node runs (the bed starts it).

    loadstream.py HOME EVENTS.jsonl      prints `done N` once JetStream acknowledged all N
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import msgspec
import nats

from node.config import Home
from node.net import natsconf, subjects


class _Author(msgspec.Struct):
    author: str


async def main(home: Home, events: Path) -> None:
    config = home.load()
    nc = await nats.connect(
        f"nats://127.0.0.1:{config.nats.port}",
        nkeys_seed_str=natsconf.node_nkey_seed(home.key()),
    )
    js = nc.jetstream(publish_async_max_pending=2000)
    count, pending = 0, []
    with events.open("rb") as lines:
        for line in lines:
            raw = line.rstrip(b"\n")
            author = msgspec.json.decode(raw, type=_Author).author
            pending.append(await js.publish_async(subjects.event_subject(author), raw))
            count += 1
            if len(pending) >= 2000:
                await asyncio.gather(*pending)
                pending = []
    await asyncio.gather(*pending)
    await nc.close()
    print(f"done {count}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Home(Path(sys.argv[1])), Path(sys.argv[2])))
