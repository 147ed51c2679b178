"""The committed JSON Schemas equal a fresh generation from the Python types."""

from __future__ import annotations

import json
from pathlib import Path

from protocol.kinds import CORE_NAMES
from protocol.schema import DIRECTORY, build, write


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    names = write(tmp_path)
    assert sorted(p.name for p in DIRECTORY.glob("*.json")) == names
    for name in names:
        assert (DIRECTORY / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} is stale: run python -m protocol.schema"
        )


def test_one_schema_per_core_kind() -> None:
    files = build()
    assert set(files) == {"envelope.json"} | {f"{name}.json" for name in CORE_NAMES}
    initiative = json.loads(files["initiative.json"])
    assert initiative["x-citymesh-kind"] == "initiative" and initiative["x-citymesh-kv"] == 1
    body = initiative["$defs"]["Initiative"]
    assert set(body["required"]) == {"title", "summary", "category", "status"}
    assert "welcoming_rights" in body["properties"]["category"]["enum"]
    envelope = json.loads(files["envelope.json"])["$defs"]["Envelope"]
    assert envelope["additionalProperties"] is False
    assert envelope["properties"]["v"] == {"const": 1}
