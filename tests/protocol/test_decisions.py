"""The cases SPEC.md decides that the code alone used to decide: whole-string ASCII patterns,
dates that exist, the pinned time zone list, the clock-skew boundary, deep nesting, every
event after a gap, `citymesh verify`'s output and the catch-up batch."""

from __future__ import annotations

import calendar
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from node.cli import main as cli
from node.net.replication import BATCH
from protocol import ProtocolError, SigningKey, build_event, decode_event
from protocol.envelope import Timestamp, _check, _envelope_step_by_step
from protocol.kinds import core, registry, types, zones
from protocol.kinds.core import CORE_KINDS
from protocol.schema import DIRECTORY as SCHEMAS
from protocol.vectors import load
from protocol.verify import verify_lines

SPEC = (Path(__file__).parents[2] / "protocol" / "SPEC.md").read_text(encoding="utf-8")
KEY = SigningKey(bytes([1]) * 32)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
#: A valid value of each pattern-checked type.
EXAMPLES: list[tuple[Any, str]] = [
    (types.LangTag, "pt-BR"),
    (types.EventId, "ab" * 32),
    (types.PublicId, KEY.public_id),
    (types.Date, "2024-02-29"),
    (types.PartialDate, "2024-02"),
    (types.LocalDateTime, "2025-03-20T18:00:30"),
    (types.Url, "https://www.lisboa.pt/a?b=1"),
    (types.Decimal, "-1250.5"),
    (types.Coordinate, "38.7223"),
    (types.CountryCode, "PT"),
    (Timestamp, "2025-03-01T09:37:00.007Z"),
]


def _ok(tp: Any, value: str) -> bool:
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError:
        return False
    return True


@pytest.mark.parametrize(("tp", "value"), EXAMPLES, ids=[v for _, v in EXAMPLES])
def test_patterns_match_the_whole_string_over_ascii(tp: Any, value: str) -> None:
    assert _ok(tp, value)
    assert not _ok(tp, value + "\n")
    assert not _ok(tp, "\n" + value)
    if any(c.isdigit() for c in value) and tp is not types.Url:
        assert not _ok(tp, value.translate(ARABIC))


def test_schema_patterns_mean_the_same_in_python_and_ecma262() -> None:
    """Each pattern is `^(?:…)$(?!\\n)` over explicit classes: no class escape whose meaning
    differs between Python's `re` and ECMA-262."""
    patterns = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            patterns.extend(v for k, v in node.items() if k == "pattern")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in sorted(SCHEMAS.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert patterns
    for pattern in patterns:
        assert pattern.startswith("^(?:") and pattern.endswith(")$(?!\\n)"), pattern
        assert not re.search(r"\\[dDwWsSbBZAz]", pattern), pattern
        re.compile(pattern)


def test_dates_must_exist() -> None:
    for year in (0, 4, 1900, 2000, 2024, 2025, 2100, 2400, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
                exists = (
                    1 <= month <= 12
                    and 1 <= day <= calendar.monthrange(2024 if leap else 2025, month)[1]
                )
                assert _ok(types.Date, text) == exists, text
                assert _ok(types.PartialDate, text) == exists, text
                assert _ok(types.LocalDateTime, f"{text}T10:00") == exists, text
                assert _ok(Timestamp, f"{text}T10:00:00.000Z") == exists, text


def test_time_zones_are_the_pinned_tz_database_names() -> None:
    assert f"IANA tz database release {zones.RELEASE}" in SPEC
    text = zones.FILE.read_text(encoding="ascii")
    assert text == zones.render(zones.RELEASE, zones.ZONES)
    for name in ("UTC", "EST5EDT", "Europe/Lisbon", "America/Argentina/Buenos_Aires", "Etc/GMT+5"):
        assert _ok(types.TimeZone, name), name
    for name in ("Mars/Olympus_Mons", "Factory", "utc", "Europe/Lisbon\n", ""):
        assert not _ok(types.TimeZone, name), name


def test_clock_skew_allows_exactly_600_seconds() -> None:
    created = datetime(2025, 5, 1, 12, 10, 0, 7000, tzinfo=UTC)
    event = build_event(
        KEY,
        seq=1,
        prev=None,
        kind="profile",
        body={"name": {"pt": "Lisboa"}, "node_type": "municipality"},
        lang="pt",
        created_at=created,
    )
    assert decode_event(event.raw, now=created - timedelta(seconds=600)) == event
    with pytest.raises(ProtocolError) as caught:
        decode_event(event.raw, now=created - timedelta(seconds=600, microseconds=1))
    assert caught.value.code == "clock_skew"


@pytest.mark.parametrize("levels", [1_000, 20_000])
def test_text_nested_too_deep_to_read_is_too_deep(levels: int) -> None:
    raw = b"[" * levels + b"]" * levels
    with pytest.raises(ProtocolError) as caught:
        decode_event(raw)
    assert caught.value.code == "too_deep"
    _, [problem] = verify_lines([raw])
    assert problem.error.code == "too_deep"


def test_integers_of_any_length_are_out_of_range_where_they_are() -> None:
    doc = json.loads(load("valid.json")[0]["event"])
    raw = json.dumps({**doc, "body": {"n": 0}}, sort_keys=True, separators=(",", ":"))
    raw = raw.replace('"n":0', '"n":-' + "9" * 5000).encode()
    with pytest.raises(ProtocolError) as caught:
        decode_event(raw)
    assert (caught.value.code, caught.value.path) == ("number_out_of_range", "$.body.n")


def _outcome(check: Any, raw: bytes) -> object:
    try:
        event = check(raw)
    except ProtocolError as exc:
        return (exc.code, exc.path)
    return event.raw


def test_one_pass_and_rule_by_rule_agree_on_every_vector() -> None:
    def rule_by_rule(raw: bytes) -> object:
        return _check(_envelope_step_by_step(raw), raw, None, registry, True)

    lines = [v["event"] for v in load("valid.json")]
    lines += [v["event"] for v in load("invalid.json") if "context" not in v]
    for line in lines:
        raw = line.encode()
        if len(raw) <= 65_536:
            assert _outcome(decode_event, raw) == _outcome(rule_by_rule, raw), line[:80]


def test_every_event_after_a_gap_is_reported() -> None:
    lisboa = [
        v["event"].encode()
        for v in load("valid.json")
        if v["label"].startswith("lisboa/") and v["form"] == "full"
    ]
    _, problems = verify_lines([lisboa[0], *lisboa[2:]])
    assert [(p.line, p.error.code) for p in problems] == [
        (n, "chain_gap") for n in range(2, len(lisboa))
    ]
    assert {p.error.detail for p in problems} == {"event 2 of this author is missing"}


def test_verify_prints_the_documented_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vectors = load("valid.json")
    path = tmp_path / "events.jsonl"
    path.write_text(f"{vectors[0]['event']}\n\nnot json\n{vectors[2]['event']}\n", encoding="utf-8")
    assert cli(["verify", str(path)]) == 1
    out, err = capsys.readouterr()
    event_3 = json.loads(vectors[2]["event"])["id"]
    assert out.splitlines() == [
        "line 3: -: bad_json: JSON is malformed: invalid character (byte 4)",
        f"line 4: {event_3}: chain_gap: event 2 of this author is missing (at $.seq)",
    ]
    assert err.strip().endswith("3 events, 1 valid, 2 invalid")


def test_catch_up_batch_is_the_one_specified() -> None:
    assert f'"batch": {BATCH},' in SPEC
    assert f"with up to {BATCH} messages" in SPEC


def _required_in_table(label: str) -> list[str]:
    [row] = [line for line in SPEC.splitlines() if line.startswith(f"| {label} ")]
    cells = row.split(" | ")
    required = cells[2] if label.startswith("`") else cells[1]
    return re.findall(r"`([a-z_]+)`", required)


def test_missing_members_are_named_in_the_order_the_spec_lists_them() -> None:
    """SPEC §5: the first missing member in the order of §8.2's and §8.3's required columns."""
    bodies = {f"`{spec.name}`": spec.body for spec in CORE_KINDS}
    for name in ("Geo", "Legal", "AgendaItem", "Decision", "ActionItem", "Commitment", "Metric"):
        bodies[name] = getattr(types, name, None) or getattr(core, name)
    for label, body in bodies.items():
        fields = [f.name for f in msgspec.structs.fields(body) if f.required]
        assert _required_in_table(label) == fields, label
        with pytest.raises(msgspec.ValidationError, match=f"`{fields[0]}`"):
            msgspec.convert({}, body)
