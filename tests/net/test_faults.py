"""Faults a real network has: a peer that black-holes packets, a slow link, kill -9.

Each test builds its own bed (see bed.py); every namespace and process goes with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bed import Bed
from netnodes import black_hole, kill_during_load, slow_bootstrap

pytestmark = pytest.mark.slow

#: Seconds within which a healthy peer's event reaches its follower while another peer of
#: the follower is black-holed (the link's round trip is 40 ms).
LIVE_BOUND = 3.0
#: How long the black hole lasts: longer than a follower's poll of a silent peer
#: (`replication.POLL_SECONDS`), so that a catch-up of the black-holed peer hangs in it.
BLACK_HOLE_SECONDS = 8.0
#: Seconds within which, once the black hole ends, the follower holds what it missed.
CATCH_UP_BOUND = 10.0


@pytest.mark.soak  # the bounded variant of tests/soak/black_hole.py
async def test_black_holed_peer_stalls_neither_the_others_nor_its_catch_up(
    bed: Bed, tmp_path: Path
):
    figures = await black_hole(bed, tmp_path, BLACK_HOLE_SECONDS, LIVE_BOUND, CATCH_UP_BOUND)
    assert figures["healthy_events"] >= 3


#: Events a new node behind a 1 Mbit/s link bootstraps in CI (tests/soak/slow_link.py: 100,000).
SLOW_LINK_EVENTS = 500


@pytest.mark.soak  # the bounded variant of tests/soak/slow_link.py
async def test_node_behind_a_1_mbit_link_bootstraps_within_the_links_time(bed: Bed, tmp_path: Path):
    figures = await slow_bootstrap(bed, tmp_path, SLOW_LINK_EVENTS, "1mbit", timeout=90)
    print(figures)
    # The link carries the events and little else: NATS headers and TCP/IP cost a fraction
    # of an event's size, and the catch-up keeps the link busy.
    assert figures["wire_bytes_per_event"] < 1.5 * figures["event_bytes_mean"], figures
    assert figures["seconds"] < 1.5 * figures["link_seconds"] + 10, figures


@pytest.mark.soak  # the bounded variant of tests/soak/kill_nodes.py
async def test_kill_9_of_random_nodes_during_load_loses_nothing_acknowledged(
    bed: Bed, tmp_path: Path
):
    figures = await kill_during_load(
        bed, tmp_path, nodes=3, kills=2, publishes=60, timeout=60, seed=23
    )
    print(figures)
    assert len(figures["kills"]) == 2 and figures["acknowledged"] >= 60
