"""Large batches are checked in worker processes, each its share: same results, stop when
idle, survive a worker's death."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from helpers import eventually

from node.ingest import Ingest
from node.ingest.verifier import Verifier
from node.store import Store
from node.store.accept import ACCEPTED, PENDING
from protocol import Event, SigningKey, build_event
from protocol.errors import IntegrityError

COUNT = Ingest.PROCESS_BATCH + 50
#: Worker processes of the verifiers tested here (the default on two cores or more).
WORKERS = 2


def chain(count: int, start: int = 1) -> list[bytes]:
    key = SigningKey(b"\x07" * 32)
    raws, prev = [], None
    for seq in range(1, start + count):
        event = build_event(
            key,
            seq=seq,
            prev=prev,
            kind="declaration",
            body={"title": {"en": f"Declaration {seq}"}, "text": {"en": "We welcome"}},
            lang="en",
            created_at="2026-01-01T00:00:00.000Z",
            salt=f"{seq:021d}A",  # fixed: a second call rebuilds the same chain
        )
        prev = event.envelope.id
        raws.append(event.raw)
    return raws[start - 1 :]


def tamper(raw: bytes) -> bytes:
    """Another valid-looking signature: canonical still, but it does not verify."""
    at = raw.index(b'"sig":"') + 7
    return raw[:at] + (b"B" if raw[at : at + 1] == b"A" else b"A") + raw[at + 1 :]


@pytest.fixture
async def ingest(tmp_path: Path) -> AsyncIterator[Ingest]:
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    ingest = Ingest(store, Verifier(idle_seconds=0.3, retry_seconds=0, processes=WORKERS))
    yield ingest
    await ingest.close()
    await store.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A worker that exited but is not reaped yet is a zombie: gone for our purposes.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:  # reaped since the signal found it
        return False


async def test_large_batch_is_checked_in_a_worker_with_the_same_results(ingest: Ingest) -> None:
    raws = chain(COUNT)
    bad = 100
    raws[bad] = tamper(raws[bad])
    results, _ = await ingest.receive(raws)
    assert ingest.verifier.started == WORKERS == len(ingest.verifier.pids())
    assert results[:bad] == [ACCEPTED] * bad
    assert isinstance(results[bad], IntegrityError) and results[bad].code == "bad_signature"
    assert results[bad + 1 :] == [PENDING] * (COUNT - bad - 1)  # waiting for the gap
    assert ingest.rejected["bad_signature"] == 1


async def test_each_worker_checks_its_share_and_the_answers_keep_the_batch_order(
    ingest: Ingest,
) -> None:
    verifier = ingest.verifier
    assert await verifier.check(chain(COUNT)) is not None  # started: no part checked here
    raws = chain(COUNT, start=COUNT + 1)
    bad = [3, COUNT // 2 + 3, COUNT - 1]  # in the first worker's share, in the second's
    for i in bad:
        raws[i] = tamper(raws[i])
    checked = await verifier.check(raws)
    assert checked is not None and verifier.started == WORKERS
    assert [i for i, e in enumerate(checked) if isinstance(e, IntegrityError)] == bad
    assert [e.raw for e in checked if isinstance(e, Event)] == [
        raw for i, raw in enumerate(raws) if i not in bad
    ]


async def test_worker_stops_when_idle_and_starts_again(ingest: Ingest) -> None:
    await ingest.receive(chain(COUNT))
    pids = ingest.verifier.pids()
    await eventually(lambda: not ingest.verifier.running, 10, "workers stopped")
    await eventually(lambda: not any(map(alive, pids)), 10, "worker processes exited")
    results, _ = await ingest.receive(chain(COUNT, start=COUNT + 1))
    assert results == [ACCEPTED] * COUNT and ingest.verifier.started == 2 * WORKERS


async def test_closing_waits_for_a_worker_stopped_when_idle(ingest: Ingest) -> None:
    await ingest.receive(chain(COUNT))
    pids = ingest.verifier.pids()
    await eventually(lambda: not ingest.verifier.running, 10, "workers stopped")
    await ingest.verifier.close()  # right after their stop, while they may still be exiting
    assert not any(map(alive, pids))


async def test_one_python_start_serves_every_worker(ingest: Ingest) -> None:
    await ingest.receive(chain(COUNT))
    first, forked = ingest.verifier.pids()
    # The second worker is forked by the first, once that one has imported the protocol.
    assert Path(f"/proc/{forked}/stat").read_text().split(") ")[1].split()[1] == str(first)
    assert ingest.verifier.started == WORKERS


async def test_a_worker_runs_this_citymesh_whatever_the_current_directory(
    ingest: Ingest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A node started from a directory that holds another `node` package (a checkout of an
    older citymesh, say) still runs its own worker."""
    stray = tmp_path / "node" / "ingest"
    stray.mkdir(parents=True)
    (tmp_path / "node" / "__init__.py").write_text("")
    (stray / "__init__.py").write_text("")
    (stray / "worker.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    assert await ingest.verifier.check(chain(COUNT)) is not None
    assert ingest.verifier.failures == 0


@pytest.mark.parametrize("killed", [0, 1], ids=["the first worker", "the forked worker"])
async def test_a_killed_worker_loses_nothing(ingest: Ingest, killed: int) -> None:
    await ingest.receive(chain(COUNT))
    pids = ingest.verifier.pids()
    pid, other = pids[killed], pids[1 - killed]
    os.kill(pid, signal.SIGKILL)
    await eventually(lambda: not alive(pid), 10, "worker killed")
    # The batch in flight when the worker is found dead is checked in this process instead,
    # and the other worker is stopped; the next batch starts new ones (no retry interval
    # here).
    results, _ = await ingest.receive(chain(COUNT, start=COUNT + 1))
    assert results == [ACCEPTED] * COUNT and not ingest.verifier.running
    await eventually(lambda: not alive(other), 10, "the other worker stopped")
    results, _ = await ingest.receive(chain(COUNT, start=2 * COUNT + 1))
    assert results == [ACCEPTED] * COUNT and ingest.accepted == 3 * COUNT
    assert ingest.verifier.started == 2 * WORKERS


async def test_a_worker_that_cannot_start_leaves_checking_here(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    ingest = Ingest(store, Verifier(executable=str(tmp_path / "no-such-python")))
    try:
        raws = chain(COUNT)
        raws[5] = tamper(raws[5])
        results, _ = await ingest.receive(raws)
        assert results[:5] == [ACCEPTED] * 5
        assert isinstance(results[5], IntegrityError) and results[5].code == "bad_signature"
        assert not ingest.verifier.running and ingest.verifier.failures == 1
        # Within the retry interval no start is tried again: one failure, not one per batch.
        results, _ = await ingest.receive(chain(COUNT, start=COUNT + 1))
        assert results == [PENDING] * COUNT  # after the rejected event 6: checked all the same
        assert ingest.verifier.failures == 1 and ingest.verifier.started == 0
    finally:
        await ingest.close()
        await store.close()


async def test_batches_in_flight_together_get_their_own_answers(ingest: Ingest) -> None:
    first, second = chain(COUNT), chain(COUNT, start=COUNT + 1)
    second[7] = tamper(second[7])
    verifier = ingest.verifier
    a, b = await asyncio.gather(verifier.check(first), verifier.check(second))
    assert verifier.started == WORKERS  # both went through the same workers' pipes
    assert a is not None and b is not None
    assert [e.raw for e in a if isinstance(e, Event)] == first
    assert [i for i, e in enumerate(b) if isinstance(e, IntegrityError)] == [7]
    assert [e.raw for e in b if isinstance(e, Event)] == second[:7] + second[8:]


async def test_a_cancelled_batch_leaves_the_pipe_in_step(ingest: Ingest) -> None:
    verifier = ingest.verifier
    first = asyncio.create_task(verifier.check(chain(COUNT)))
    await eventually(lambda: verifier.running, 10, "worker started")
    second = chain(COUNT, start=COUNT + 1)
    second[3] = tamper(second[3])
    pending = asyncio.create_task(verifier.check(second))
    first.cancel()
    answer = await pending
    assert answer is not None and verifier.started == WORKERS
    assert [i for i, e in enumerate(answer) if isinstance(e, IntegrityError)] == [3]
    assert [e.raw for e in answer if isinstance(e, Event)] == second[:3] + second[4:]
    # The dropped reply does not keep the worker from stopping once nobody waits.
    await eventually(lambda: not verifier.running, 10, "worker stopped when idle")


async def test_released_workers_stop_at_once_but_not_under_a_batch(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite", relay=False)
    # Only a release stops them within this test.
    verifier = Verifier(idle_seconds=3600, processes=WORKERS)
    ingest = Ingest(store, verifier)
    try:
        pending = asyncio.create_task(verifier.check(chain(COUNT)))
        await eventually(lambda: verifier.running, 10, "workers started")
        verifier.release()  # a batch waits for them: they stay
        assert await pending is not None and verifier.running
        pids = verifier.pids()
        verifier.release()
        assert not verifier.running
        await eventually(lambda: not any(map(alive, pids)), 10, "worker processes exited")
    finally:
        await ingest.close()
        await store.close()


def test_a_node_on_one_core_runs_one_worker() -> None:
    ask = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        "from node.ingest.verifier import Verifier; print(Verifier().processes)"
    )
    one_core = subprocess.run(
        [sys.executable, "-c", ask], capture_output=True, text=True, check=True
    )
    assert one_core.stdout.strip() == "1"
