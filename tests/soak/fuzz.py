"""Soak: the event fuzzer with a long profile.

python tests/soak/fuzz.py --examples 100000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import report
from fuzzing import VALID, Harness, mutated  # noqa: E402
from hypothesis import HealthCheck, given, settings


def main(args: argparse.Namespace) -> int:
    harness = Harness(Path(tempfile.mkdtemp(prefix="citymesh-soak-fuzz-")) / "fuzz.db")
    for raw in VALID:
        harness.check(raw)
    started = time.monotonic()

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated())
    def run(raw: bytes) -> None:
        harness.check(raw)

    try:
        run()
    finally:
        figures = harness.close()
    figures["seconds"] = round(time.monotonic() - started, 1)
    report(figures, f"fuzz soak: {figures['examples']} examples, 0 escaped, 0 mutants accepted")
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--examples", type=int, default=100_000)
    raise SystemExit(main(p.parse_args()))
