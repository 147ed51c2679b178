"""Shared by the soak scripts: import the campaign modules and print figures last."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for extra in (HERE.parent / "reliability", HERE.parent / "net", HERE.parent, HERE.parents[1]):
    sys.path.insert(0, str(extra))


def report(figures: dict[str, Any], summary: str) -> None:
    """Figures as JSON, then one summary line: always the last two lines printed."""
    print(json.dumps(figures, sort_keys=True))
    print(summary)


async def on_bed(name: str, scenario: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """`scenario(bed, root, *args)` on a new network test bed (tests/net/bed.py), which is
    removed afterwards (its files stay in a temporary directory)."""
    from bed import Bed

    root = Path(tempfile.mkdtemp(prefix=f"citymesh-soak-{name}-"))
    with Bed(root) as bed:
        return await scenario(bed, root, *args)
