"""The event fuzzer, shared by the CI test and `tests/soak/fuzz.py`: mutations of valid signed
events through `decode_event` and a real Store's acceptance path."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from node.store import Store
from protocol import canonical_bytes, decode_event
from protocol.errors import ProtocolError
from protocol.vectors import load

VALID = [v["event"].encode() for v in load("valid.json")]
VALID_SET = set(VALID)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid event with one or more byte-level or JSON-level mutations."""
    raw = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["flip", "insert", "delete", "field", "drop", "retype"]))
        if how in ("flip", "insert", "delete"):
            i = draw(st.integers(0, len(raw) - 1))
            if how == "flip":
                raw[i] ^= 1 << draw(st.integers(0, 7))
            elif how == "insert":
                raw[i:i] = draw(st.binary(min_size=1, max_size=8))
            else:
                del raw[i : i + draw(st.integers(1, 16))]
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(obj, dict) or not obj:
            continue
        target = obj
        if isinstance(obj.get("body"), dict) and obj["body"] and draw(st.booleans()):
            target = obj["body"]
        key = draw(st.sampled_from(sorted(target)))
        if how == "drop":
            del target[key]
        elif how == "retype":
            target[key] = draw(json_values)
        else:
            value = target[key]
            if isinstance(value, int) and not isinstance(value, bool):
                target[key] = value + draw(st.sampled_from([-1, 1, 2**53]))
            elif isinstance(value, str):
                target[key] = value[:-1] + draw(st.characters()) if value else "x"
            else:
                target[key] = draw(json_values)
        encoded = None
        if draw(st.booleans()):
            try:
                encoded = canonical_bytes(obj)
            except UnicodeEncodeError:  # a lone surrogate has no UTF-8: JSON's escape instead
                pass
        raw = bytearray(encoded if encoded is not None else json.dumps(obj).encode())
    return bytes(raw)


class Harness:
    """A real Store on a temporary file, driven from a private event loop."""

    def __init__(self, path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.store = self.loop.run_until_complete(Store.open(path))
        self.now = datetime.now(UTC)
        self.examples = 0
        self.decoded = 0

    def check(self, raw: bytes) -> None:
        """Nothing but ProtocolError escapes; only byte-identical valid events get through."""
        self.examples += 1
        try:
            event = decode_event(raw, now=self.now)
        except ProtocolError:
            return
        assert raw in VALID_SET, f"a mutated event was accepted: {raw[:200]!r}"
        self.decoded += 1
        results = self.loop.run_until_complete(self.store.ingest([event]))[0]
        assert results[0] in ("accepted", "duplicate", "pending") or isinstance(
            results[0], ProtocolError
        ), results

    def close(self) -> dict[str, Any]:
        self.loop.run_until_complete(self.store.close())
        self.loop.close()
        return {"examples": self.examples, "decoded_identical": self.decoded}
