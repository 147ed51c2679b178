"""The committed vectors: every implementation MUST accept the valid ones and reject each
invalid one with its code; the files are reproducible and listed in SPEC.md."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from protocol import CODES, ProtocolError, decode_event
from protocol.kinds import CORE_NAMES
from protocol.vectors import DIRECTORY, FILES, load
from protocol.vectors.__main__ import build, write
from protocol.verify import verify_lines

SPEC = Path(__file__).parents[2] / "protocol" / "SPEC.md"
CITYMESH = Path(sys.executable).parent / "citymesh"
INVALID = load("invalid.json")
CHAINED = [v for v in INVALID if "context" in v]
ALONE = [v for v in INVALID if "context" not in v]


def _now() -> datetime:
    return datetime.now(UTC)


def _lines(vector: dict[str, Any]) -> list[bytes]:
    return [c.encode() for c in vector.get("context", [])] + [vector["event"].encode()]


def test_every_valid_vector_decodes_alone(valid_vectors: list[dict[str, Any]]) -> None:
    for vector in valid_vectors:
        event = decode_event(vector["event"].encode(), now=_now())
        assert event.envelope.kind == vector["kind"]
        assert event.raw == vector["event"].encode()


def test_valid_vectors_pass_as_chains(valid_vectors: list[dict[str, Any]]) -> None:
    count, problems = verify_lines([v["event"].encode() for v in valid_vectors], now=_now())
    assert (count, problems) == (len(valid_vectors), [])


def test_valid_vectors_cover_every_core_kind(valid_vectors: list[dict[str, Any]]) -> None:
    assert CORE_NAMES <= {v["kind"] for v in valid_vectors}


@pytest.mark.parametrize("vector", INVALID, ids=[v["comment"][:60] for v in INVALID])
def test_invalid_vector_fails_with_its_code(vector: dict[str, Any]) -> None:
    lines = _lines(vector)
    _, problems = verify_lines(lines, now=_now())
    assert [(p.line, p.error.code) for p in problems] == [(len(lines), vector["code"])]
    if "context" not in vector:
        with pytest.raises(ProtocolError) as caught:
            decode_event(lines[-1], now=_now())
        assert caught.value.code == vector["code"]


def test_context_events_are_valid() -> None:
    for vector in CHAINED:
        _, problems = verify_lines([c.encode() for c in vector["context"]], now=_now())
        assert problems == []


def test_invalid_vectors_cover_every_code() -> None:
    assert {v["code"] for v in INVALID} == set(CODES)


def test_generator_is_reproducible(tmp_path: Path) -> None:
    write(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DIRECTORY / name).read_bytes(), name


def test_spec_lists_each_file_checksum() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for name, data in build().items():
        assert f"{hashlib.sha256(data).hexdigest()}  {name}" in spec, name


def _verify(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CITYMESH), "verify", str(path)], capture_output=True, text=True, timeout=60
    )


def test_cli_accepts_all_valid_vectors(tmp_path: Path, valid_vectors: list[dict[str, Any]]) -> None:
    path = tmp_path / "valid.jsonl"
    path.write_text("".join(v["event"] + "\n" for v in valid_vectors), encoding="utf-8")
    result = _verify(path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert f"{len(valid_vectors)} events, {len(valid_vectors)} valid, 0 invalid" in result.stderr


def test_cli_names_the_code_of_each_bad_line(
    tmp_path: Path, valid_vectors: list[dict[str, Any]]
) -> None:
    lines = [v["event"] for v in valid_vectors]
    expected = {}
    for vector in ALONE:
        lines.append(vector["event"])
        expected[len(lines)] = vector["code"]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = _verify(path)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert len(out) == len(expected)
    for line, (number, code) in zip(out, sorted(expected.items()), strict=True):
        assert line.startswith(f"line {number}: ")
        assert f": {code}: " in line


@pytest.mark.parametrize("vector", CHAINED, ids=[v["comment"][:60] for v in CHAINED])
def test_cli_reports_chain_errors(tmp_path: Path, vector: dict[str, Any]) -> None:
    path = tmp_path / "chain.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in _lines(vector)))
    result = _verify(path)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"line {len(vector['context']) + 1}: ")
    assert f": {vector['code']}: " in line
