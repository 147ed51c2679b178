"""Stopping background tasks reliably."""

from __future__ import annotations

import asyncio

__all__ = ["cancel_and_wait"]


async def cancel_and_wait(task: asyncio.Task[object] | None, seconds: float = 5.0) -> None:
    """Cancel `task` and wait until it has ended, cancelling again if it swallowed the
    cancellation (asyncio.wait_for inside libraries can, on Python 3.11)."""
    if task is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not task.done() and loop.time() < deadline:
        task.cancel()
        await asyncio.wait({task}, timeout=0.05)
    if task.done() and not task.cancelled():
        task.exception()  # retrieved, so it is not reported as never retrieved
