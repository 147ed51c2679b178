"""Memory of an idle node: the Python process plus its nats-server, as separate figures.

python bench/idle.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from harness import report
from procs import NodeProcess

TARGET_MB = 80


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="citymesh-bench-") as tmp:
        node = NodeProcess(Path(tmp), "idle")
        node.start()
        try:
            samples = []
            end = time.monotonic() + 3  # idle for a few seconds; take the highest reading
            while time.monotonic() < end:
                samples.append(node.rss_mb())
                time.sleep(0.25)
        finally:
            node.stop()
    # A worker process would count here too; an idle node has none.
    python = max(s["python"] + s["workers"] for s in samples)
    nats = max(s["nats_server"] for s in samples)
    total = python + nats
    report(
        "idle",
        {
            "python_rss_mb": round(python, 1),
            "nats_server_rss_mb": round(nats, 1),
            "total_rss_mb": round(total, 1),
            "target_mb": TARGET_MB,
        },
        f"idle: {total:.1f} MB RSS (python {python:.1f} + nats-server {nats:.1f}), "
        f"target <= {TARGET_MB} MB",
    )


if __name__ == "__main__":
    main()
