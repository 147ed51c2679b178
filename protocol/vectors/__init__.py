"""Test vectors for protocol v1 (SPEC.md §Test vectors): `python -m protocol.vectors` rewrites them.

`keys.json` lists the test keys, `valid.json` the events every implementation MUST accept and
`invalid.json` those it MUST reject, each with the error code and the events it is checked after.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["FILES", "DIRECTORY", "load"]

DIRECTORY = Path(__file__).parent
FILES = ("keys.json", "valid.json", "invalid.json")


def load(name: str) -> list[dict[str, Any]]:
    """The objects of one committed vectors file."""
    data: list[dict[str, Any]] = json.loads((DIRECTORY / name).read_text(encoding="utf-8"))
    return data
