"""SPEC.md documents everything the code defines: kinds, fields, vocabularies, codes, limits."""

from __future__ import annotations

import typing
from pathlib import Path

import msgspec
import pytest

from protocol import CODES, limits
from protocol.kinds import core, types
from protocol.kinds.core import CORE_KINDS

SPEC = (Path(__file__).parents[2] / "protocol" / "SPEC.md").read_text(encoding="utf-8")
VOCABULARIES = {
    name: typing.get_args(value)
    for module in (types, core)
    for name, value in vars(module).items()
    if typing.get_origin(value) is typing.Literal
}


def _row(label: str) -> str:
    """The SPEC table row that starts with `label`."""
    rows = [line for line in SPEC.splitlines() if line.startswith(f"| {label} |")]
    assert len(rows) == 1, label
    return rows[0]


@pytest.mark.parametrize("spec", CORE_KINDS, ids=lambda s: s.name)
def test_every_core_kind_and_field_is_documented(spec: core.KindSpec) -> None:
    row = _row(f"`{spec.name}`")
    required, optional = row.split(" | ")[2:4]
    for field in msgspec.structs.fields(spec.body):
        assert f"`{field.name}`" in (required if field.required else optional), field.name


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_vocabulary_is_listed_closed(name: str) -> None:
    values = _row(name).split(" | ")[-1].rstrip(" |")
    assert values == ", ".join(f"`{v}`" for v in VOCABULARIES[name])


def test_every_error_code_is_in_the_table() -> None:
    for code, meaning in CODES.items():
        assert _row(f"`{code}`").endswith(f"| {meaning} |")


def test_limits_are_stated() -> None:
    for number in ("65,536", "16,384", "256 items", "| 12 |", "64 characters", "600 seconds"):
        assert number in SPEC
    assert (limits.MAX_EVENT_BYTES, limits.MAX_STRING_CHARS) == (65_536, 16_384)
    assert (limits.MAX_LIST_ITEMS, limits.MAX_DEPTH, limits.MAX_MEMBER_NAME) == (256, 12, 64)
    assert limits.MAX_CLOCK_SKEW_SECONDS == 600


def test_transport_section_is_last() -> None:
    assert SPEC.split("\n## ")[-1].startswith("Transport (NATS)")
