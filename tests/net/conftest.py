"""The network test bed fixture: namespaces and a wire made for one test, always removed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bed import Bed


@pytest.fixture
def bed(tmp_path: Path) -> Iterator[Bed]:
    """A new, empty bed; every namespace and process it made is gone after the test."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.fail(
            "the network test bed needs root (network namespaces) and iproute2's `ip`: "
            "run as root with `apt-get install -y iproute2`",
            pytrace=False,
        )
    made = Bed(tmp_path)
    try:
        yield made
    finally:
        made.close()
