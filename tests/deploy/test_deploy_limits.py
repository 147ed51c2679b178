"""The systemd units raise the open-files limit: systemd's default (1,024) runs out under a
few hundred followers of the live stream."""

from __future__ import annotations

from pathlib import Path

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"


def test_every_unit_sets_limit_nofile_with_its_reason():
    units = sorted(UNITS.glob("*.service"))
    assert {u.name for u in units} >= {"citymesh@.service", "citymesh-nats.service"}
    for unit in units:
        lines = unit.read_text().splitlines()
        [at] = [i for i, line in enumerate(lines) if line.startswith("LimitNOFILE=")]
        assert int(lines[at].split("=", 1)[1]) >= 65536, unit.name
        assert lines[at - 1].startswith("#"), f"{unit.name}: say why above LimitNOFILE"
