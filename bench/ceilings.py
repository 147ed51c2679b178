"""The machine's own limits, measured in the same run as the benchmark they stand beside.

- verify: events/s of a bare loop that only decodes, re-encodes, hashes and verifies (one
  core): what checking alone could reach.
- disk: latency of a small write + fsync (what each durable commit waits for) and the
  sequential write throughput of the file system the node writes to.

    python bench/ceilings.py [--dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import msgspec
import nacl.signing

from harness import percentile, report  # isort: skip
from protocol import canonical_bytes, parse_public_id  # noqa: E402
from protocol.keys import unb64u  # noqa: E402


def verify_ceiling(events: list[bytes]) -> float:
    """Events/s of decode + canonical re-encode + SHA-256 + Ed25519 verify on one core."""
    start = time.perf_counter()
    for raw in events:
        value = msgspec.json.decode(raw)
        sig = value.pop("sig")
        value.pop("id")
        salted = {"body": value.pop("body"), "salt": value.pop("salt")}
        value["body_digest"] = hashlib.sha256(canonical_bytes(salted)).hexdigest()
        digest = hashlib.sha256(canonical_bytes(value)).digest()
        key: nacl.signing.VerifyKey = parse_public_id(value["author"])
        key.verify(digest, unb64u(sig))
    return len(events) / (time.perf_counter() - start)


def fsync_ms(directory: Path, count: int = 200) -> dict[str, float]:
    """p50/p99 of `count` 4 KB appends each followed by fsync, in `directory`."""
    block = os.urandom(4096)
    times = []
    fd, name = tempfile.mkstemp(dir=directory, prefix=".fsync-probe-")
    try:
        for _ in range(count):
            start = time.perf_counter()
            os.write(fd, block)
            os.fsync(fd)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
        os.unlink(name)
    times.sort()
    return {
        "p50": round(statistics.median(times), 3),
        "p99": round(percentile(times, 0.99), 3),
    }


def sequential_mb_s(directory: Path, megabytes: int = 128) -> float:
    """MB/s of writing `megabytes` in 1 MB chunks and one fsync at the end."""
    chunk = os.urandom(1 << 20)
    fd, name = tempfile.mkstemp(dir=directory, prefix=".write-probe-")
    try:
        start = time.perf_counter()
        for _ in range(megabytes):
            os.write(fd, chunk)
        os.fsync(fd)
        elapsed = time.perf_counter() - start
    finally:
        os.close(fd)
        os.unlink(name)
    return round(megabytes / elapsed, 1)


def load() -> list[float]:
    """The 1, 5 and 15 minute load averages (2 cores: above 2, something else competes)."""
    return [round(x, 2) for x in os.getloadavg()]


def disk(directory: Path) -> dict[str, Any]:
    return {
        "fsync_4k_ms": fsync_ms(directory),
        "sequential_write_mb_s": sequential_mb_s(directory),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", default=tempfile.gettempdir())
    args = parser.parse_args()
    from corpus import cached

    figures = {
        "verify_events_per_s": round(verify_ceiling(cached(5_000, 200))),
        **disk(Path(args.dir)),
        "load": load(),
    }
    report(
        "ceilings",
        figures,
        f"ceilings: verify {figures['verify_events_per_s']}/s on one core; fsync p50 "
        f"{figures['fsync_4k_ms']['p50']} ms, p99 {figures['fsync_4k_ms']['p99']} ms; "
        f"sequential write {figures['sequential_write_mb_s']} MB/s; load {figures['load'][0]}",
    )


if __name__ == "__main__":
    main()
