"""Hypothesis strategies for JSON values inside the protocol's value space."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from protocol import limits

#: Text in the languages of the test nodes, plus escapes and control characters.
SAMPLES = (
    "Câmara Municipal de Lisboa: integração e acolhimento",
    "Ajuntament de Barcelona · l'acollida, la ciutadania",
    "Senatsverwaltung für Integration – Grüße, Straße",
    "جمعية المهاجرين العرب في برشلونة",
    'quote " backslash \\ slash / tab \t newline \n nul \x00 del \x7f',
    "\u2028\u2029\ufeff\U0001f30d",
)

member_names = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=64
)
texts = st.sampled_from(SAMPLES) | st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
integers = st.sampled_from([limits.MAX_INT, -limits.MAX_INT, 0]) | st.integers(
    -limits.MAX_INT, limits.MAX_INT
)
leaves = st.none() | st.booleans() | integers | texts
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(member_names, inner, max_size=4),
    max_leaves=16,
)
bodies = st.dictionaries(member_names, values, max_size=5)


def depth(value: Any) -> int:
    """How many containers deep `value` goes (a scalar is 0)."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0
