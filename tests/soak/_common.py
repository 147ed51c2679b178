"""Shared by the soak scripts: import the campaign modules and print figures last."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for extra in (HERE.parent / "reliability", HERE.parent, HERE.parents[1]):
    sys.path.insert(0, str(extra))


def report(figures: dict[str, Any], summary: str) -> None:
    """Figures as JSON, then one summary line: always the last two lines printed."""
    print(json.dumps(figures, sort_keys=True))
    print(summary)
