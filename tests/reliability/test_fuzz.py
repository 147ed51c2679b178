"""Fuzzing signed events: only ProtocolError escapes, and only exact valid bytes are accepted."""

from __future__ import annotations

from fuzzing import VALID, Harness, mutated
from hypothesis import HealthCheck, given, settings


def test_mutated_events_never_escape_or_pass(tmp_path):
    harness = Harness(tmp_path / "fuzz.db")
    for raw in VALID:  # the unmutated events go through (in chain order)
        harness.check(raw)

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(mutated())
    def run(raw: bytes) -> None:
        harness.check(raw)

    try:
        run()
    finally:
        figures = harness.close()
    assert figures["examples"] >= 300 + len(VALID)
