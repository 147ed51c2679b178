"""Where an in-process node's ingest spends wall time and CPU time, stage by stage.

Timers wrap whole batches (a check, a store transaction, its commit, a notification), never
single events, so the measurement costs a few microseconds per batch. CPU time per thread
comes from /proc/self/task/<id>/stat; the verifier worker's from its own process.

A stage whose CPU time is close to its wall time is bound by CPU; one with much more wall than
CPU waits: on the disk, on the interpreter lock, or on another stage.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import cpu_seconds

_TICK = os.sysconf("SC_CLK_TCK")


def thread_cpu() -> dict[str, float]:
    """CPU seconds used so far by each named thread of this process."""
    out: dict[str, float] = {}
    for thread in threading.enumerate():
        tid = thread.native_id
        try:
            stat = Path(f"/proc/self/task/{tid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        name = thread.name.rsplit("_", 1)[0] if "_" in thread.name else thread.name
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / _TICK
    return out


def union(intervals: list[tuple[float, float]]) -> float:
    """Seconds covered by at least one interval."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


class Stages:
    """Installs timers on a running node's ingest; `table()` after the run."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.spans: dict[str, list[tuple[float, float]]] = {}
        self.cpu: dict[str, float] = {}
        self.first_checked: float | None = None
        #: Each worker process's CPU seconds, as last read while it ran (`sample_workers`).
        self.worker_cpu: dict[int, float] = {}
        self._lock = threading.Lock()
        ingest, store = node.ingest, node.store
        verifier = ingest.verifier
        self._wrap_async(verifier, "check", "verify")
        self._wrap_sync(store, "_transaction", "store transaction", cpu=True)
        self._wrap_sync(store._acceptor, "finish", "acceptor finish")
        self._wrap_sync(ingest, "notify", "notify", cpu=True)
        self._wrap_checkpoints(store._checkpointer)

    def _span(self, stage: str, start: float, end: float, cpu: float | None = None) -> None:
        with self._lock:
            self.spans.setdefault(stage, []).append((start, end))
            if cpu is not None:
                self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu

    def _wrap_async(self, obj: Any, name: str, stage: str) -> None:
        inner = getattr(obj, name)

        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await inner(*args, **kwargs)
            finally:
                end = time.perf_counter()
                self._span(stage, start, end)
                if self.first_checked is None:
                    self.first_checked = end

        setattr(obj, name, timed)

    def _wrap_sync(self, obj: Any, name: str, stage: str, cpu: bool = False) -> None:
        inner: Callable[..., Any] = getattr(obj, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start, c0 = time.perf_counter(), time.thread_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self._span(
                    stage, start, time.perf_counter(), time.thread_time() - c0 if cpu else None
                )

        setattr(obj, name, timed)

    def _wrap_checkpoints(self, checkpointer: Any) -> None:
        """The checkpoint thread clears its wake-up event, checkpoints (the only fsyncs of a
        catch-up: commits with synchronous = NORMAL do not sync), then waits again."""
        stages = self
        old = checkpointer._wake

        class Timed(threading.Event):
            began: float | None = None

            def clear(self) -> None:
                self.began = time.perf_counter()
                super().clear()

            def wait(self, timeout: float | None = None) -> bool:
                if self.began is not None:
                    stages._span("checkpoint (fsync)", self.began, time.perf_counter())
                    self.began = None
                return super().wait(timeout)

        checkpointer._wake = Timed()
        old.set()  # the thread wakes once on the old event, then waits on the timed one

    def gaps(self, start: float) -> dict[str, float]:
        """Seconds the worker had no batch: a batch sent after the previous one's answer came
        back (the worker's own start is in the first such gap)."""
        spans = sorted(self.spans.get("verify", []))
        idle, prev_end = spans[0][0] - start if spans else 0.0, None
        for a, b in spans:
            if prev_end is not None and a > prev_end:
                idle += a - prev_end
            prev_end = b if prev_end is None else max(prev_end, b)
        return {"worker_without_a_batch_s": round(idle, 3)}

    def timeline(self, start: float) -> dict[str, list[tuple[float, float]]]:
        return {
            k: [(round(a - start, 4), round(b - start, 4)) for a, b in sorted(v)]
            for k, v in self.spans.items()
        }

    def sample_workers(self) -> None:
        """Read each worker's CPU time while it runs: the workers stop as soon as the
        catch-up ends, and the time of a process that is gone can no longer be read."""
        for pid in self.node.ingest.verifier.pids():
            with contextlib.suppress(OSError):
                self.worker_cpu[pid] = cpu_seconds(pid)

    def table(self, elapsed: float, start: float, cpu_threads: dict[str, float]) -> dict[str, Any]:
        """Per stage: wall seconds busy (overlapping calls counted once), CPU seconds, calls."""
        self.sample_workers()
        worker_cpu = sum(self.worker_cpu.values())
        txn = self.spans.get("store transaction", [])
        finish = self.spans.get("acceptor finish", [])
        # The commit is what a transaction spends after its acceptor finished.
        commits = [(f[1], t[1]) for t, f in zip(txn, finish, strict=False) if f[1] <= t[1]]
        rows: dict[str, Any] = {
            "verify (worker process)": {
                "wall_s": union(self.spans.get("verify", [])),
                "cpu_s": worker_cpu,
                "calls": len(self.spans.get("verify", [])),
            },
            "store transaction (writer thread)": {
                "wall_s": union(txn),
                "cpu_s": self.cpu.get("store transaction", 0.0),
                "calls": len(txn),
            },
            "  of it, commit": {"wall_s": sum(b - a for a, b in commits), "calls": len(commits)},
            "checkpoint (fsync, own thread)": {
                "wall_s": union(self.spans.get("checkpoint (fsync)", [])),
                "cpu_s": cpu_threads.get("citymesh-checkpoint", 0.0),
                "calls": len(self.spans.get("checkpoint (fsync)", [])),
            },
            "notify (event loop)": {
                "wall_s": union(self.spans.get("notify", [])),
                "cpu_s": self.cpu.get("notify", 0.0),
                "calls": len(self.spans.get("notify", [])),
            },
            "event loop (all of it)": {"cpu_s": cpu_threads.get("MainThread", 0.0)},
        }
        for row in rows.values():
            for k in ("wall_s", "cpu_s"):
                if k in row:
                    row[k] = round(row[k], 3)
                    row[k.replace("_s", "_share")] = round(row[k] / elapsed, 2)
        rows["writer idle (waiting for checked batches)"] = {
            "wall_s": round(elapsed - union(txn), 3),
            "wall_share": round((elapsed - union(txn)) / elapsed, 2),
        }
        rows["worker without a batch"] = {"wall_s": self.gaps(start)["worker_without_a_batch_s"]}
        if self.first_checked is not None:
            rows["first batch checked after"] = {"wall_s": round(self.first_checked - start, 3)}
        return rows
