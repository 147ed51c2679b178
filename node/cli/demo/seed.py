"""The demo federation's seed data (seed.json): four nodes and the events they publish.

Events are published in list order by the node each one names. Inside a body the string
`"@ref:<ref>"` stands for the id of the earlier step with that `ref`, and `"@node:<name>"`
for that node's public id; `resolve` substitutes both before the event is signed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SEED_PATH", "load_seed", "resolve"]

SEED_PATH = Path(__file__).with_name("seed.json")
_REF = "@ref:"
_NODE = "@node:"


def load_seed(path: Path = SEED_PATH) -> dict[str, Any]:
    """The parsed seed: `{"nodes": {name: {...}}, "events": [{node, kind, ref, body}, ...]}`."""
    return json.loads(path.read_text(encoding="utf-8"))


def resolve(value: Any, ids: dict[str, str], nodes: dict[str, str]) -> Any:
    """A deep copy of `value` with `@ref:` and `@node:` strings replaced.

    `ids` maps a step's `ref` to its event id, `nodes` a node's name to its public id.

    Raises:
        KeyError: a string names a step or node that is not (yet) known.
    """
    if isinstance(value, str):
        if value.startswith(_REF):
            return _lookup(ids, value[len(_REF) :], value)
        if value.startswith(_NODE):
            return _lookup(nodes, value[len(_NODE) :], value)
        return value
    if isinstance(value, dict):
        return {k: resolve(v, ids, nodes) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, ids, nodes) for v in value]
    return value


def _lookup(table: dict[str, str], name: str, text: str) -> str:
    try:
        return table[name]
    except KeyError:
        raise KeyError(f"{text!r} names no earlier step or node") from None
